/*
 * examples/c/device.c: a Huawei Cloud IoTDA device in C99.
 *
 *   libmosquitto (MQTT 3.1.1 over TLS, the server certificate verified against a CA file)
 * + libhuaweicloud (cbindings/huaweicloud.h: credentials, topics, JSON payloads).
 *
 * What it does, in the order a device does it:
 *   1. reads its configuration from the command line or the environment (see usage());
 *   2. computes the client id and password from the current UTC hour (hwc_timestamp,
 *      hwc_client_id, hwc_password) and connects with username = device id, keep-alive 120 s;
 *   3. subscribes to commands, properties set/get and events down (hwc_subscription);
 *   4. reports its properties (streaming JSON writer), its firmware version ($ota
 *      version_report) and asks the platform for the time ($time_sync time_sync_request);
 *   5. answers commands, properties set and properties get on the response topic of each request
 *      (hwc_response_topic), and time_sync_response / version_query events;
 *   6. on a lost connection waits hwc_backoff_ms() and connects again with FRESH credentials;
 *   7. stops after --requests answered requests or --seconds seconds (for tests), or on SIGINT.
 *
 * Everything lives in fixed-size buffers on the stack, sized with the HWC_* constants; no heap
 * use of our own (libmosquitto and OpenSSL allocate internally). Every hwc_result is checked and
 * printed with hwc_result_text(). The secret and the password are never printed.
 *
 * Build (see examples/c/README.md, or `make example-c`):
 *   cc -std=c99 -Wall -Wextra -Werror -I cbindings examples/c/device.c \
 *      target/release/libhuaweicloud.a -lmosquitto -o device
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, nanosleep, sigaction, unsetenv */

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mosquitto.h>

#include "huaweicloud.h"

/* ------------------------------------------------------------------------------------------ */
/* Product model of this example (what the device reports and accepts).                       */

#define SERVICE_ENVIRONMENT "Environment" /* temperature (decimal), humidity (int), voltage */
#define SERVICE_DEVICE "Device"           /* light_on (bool), label (string), report_interval */
#define SW_VERSION "example-1.0.0"
#define FW_VERSION "c-device-1.0"

#define PAYLOAD_MAX 1024 /* the largest document here is ~330 bytes; size yours with a measuring writer:
                          * hwc_json_writer_init(&w, NULL, 0), write, hwc_json_finish(&w, &needed) */
#define LABEL_MAX 64     /* bytes of Device.label, with its NUL */
#define TEXT_MAX 64      /* an unescaped service id / command name kept for printing */
#define QOS 1            /* IoTDA takes QoS 0 and 1, never 2 */
#define DRAIN_MS 5000    /* at the end, how long to wait for outstanding PUBACKs */
#define CONNACK_MS 30000 /* how long to wait for the CONNACK before trying again */

/* Exit codes. */
enum {
    EXIT_DONE = 0,        /* stopped by --requests, --seconds or a signal, after connecting */
    EXIT_FAILURE_RT = 1,  /* an unexpected library failure */
    EXIT_USAGE = 2,       /* bad configuration: nothing was sent */
    EXIT_REFUSED = 3,     /* CONNACK 1, 2, 4 or 5: retrying with the same settings cannot help */
    EXIT_NO_CONNECT = 4,  /* --seconds ran out before any connection was accepted */
};

/* `LIT("text")` expands to the (pointer, length) pair the C ABI takes. */
#define LIT(s) (s), (sizeof(s) - 1)

/* ------------------------------------------------------------------------------------------ */
/* Transcript, clock, small helpers.                                                          */

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Unix time in ms (UTC by definition). On a board: the RTC, SNTP, or the platform's time sync. */
static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t g_t0_ms; /* transcript time origin */

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static void say(const char *fmt, ...)
{
    va_list ap;
    int64_t t = mono_ms() - g_t0_ms;
    printf("[%4lld.%03lld] ", (long long)(t / 1000), (long long)(t % 1000));
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

/* Prints a failed (negative) result of `what`; returns it so call sites stay short. */
static hwc_result report(const char *what, hwc_result r)
{
    say("error: %s: %s (%d)", what, hwc_result_text(r), (int)r);
    return r;
}

/* Returns from the enclosing function (which returns hwc_result) when `call` fails. */
#define TRY(call)                                                                                  \
    do {                                                                                           \
        hwc_result try_r_ = (call);                                                                \
        if (try_r_ < 0) {                                                                          \
            return report(#call, try_r_);                                                          \
        }                                                                                          \
    } while (0)

/* memset that the optimiser may not drop: for the secret and the password. */
static void wipe(void *p, size_t n)
{
    volatile unsigned char *v = p;
    while (n--) {
        *v++ = 0;
    }
}

static volatile sig_atomic_t g_stop; /* set by SIGINT / SIGTERM */

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
}

/* ------------------------------------------------------------------------------------------ */
/* Configuration.                                                                             */

struct config {
    const char *host;
    int port;
    const char *cafile;
    const char *device_id;
    size_t device_id_len;
    char secret[HWC_SECRET_MAX_LEN + 2]; /* +1 for the NUL, +1 to notice a secret too long */
    size_t secret_len;
    uint32_t sign_type;
    uint32_t keepalive;
    unsigned long max_requests; /* 0: no limit */
    unsigned long max_seconds;  /* 0: no limit */
};

static void usage(FILE *to, const char *argv0)
{
    fprintf(to,
            "usage: %s [options]   (each option can also come from the environment)\n"
            "  --host HOST          IOTDA_HOST       broker host name or address (required)\n"
            "  --port PORT          IOTDA_PORT       MQTTS port (default 8883)\n"
            "  --cafile FILE        IOTDA_CAFILE     CA certificate(s) that sign the server's (required)\n"
            "  --device-id ID       IOTDA_DEVICE_ID  device id; also the MQTT username (required)\n"
            "  --secret-file FILE   IOTDA_SECRET     device secret: first line of FILE, or the variable\n"
            "                                        (never on the command line: `ps` shows it)\n"
            "  --sign-type 0|1      IOTDA_SIGN_TYPE  0: the platform does not check the hour (default)\n"
            "                                        1: the timestamp must be the platform's UTC hour\n"
            "  --keepalive S        IOTDA_KEEPALIVE  MQTT keep-alive, 30-1200 s (default %u)\n"
            "  --requests N         IOTDA_REQUESTS   exit after answering N platform requests (0: never)\n"
            "  --seconds N          IOTDA_SECONDS    exit after N seconds (0: never)\n"
            "exit codes: 0 done, 1 library failure, 2 bad configuration, 3 refused by the platform,\n"
            "            4 no connection within --seconds\n",
            argv0, (unsigned)HWC_KEEPALIVE_DEFAULT_SECONDS);
}

static bool parse_ulong(const char *name, const char *text, unsigned long max, unsigned long *out)
{
    char *end = NULL;
    unsigned long v;
    errno = 0;
    if (text[0] < '0' || text[0] > '9') {
        fprintf(stderr, "config: %s: '%s' is not a number\n", name, text);
        return false;
    }
    v = strtoul(text, &end, 10);
    if (errno != 0 || *end != '\0' || v > max) {
        fprintf(stderr, "config: %s: '%s' is not a number up to %lu\n", name, text, max);
        return false;
    }
    *out = v;
    return true;
}

static bool set_secret(struct config *cfg, const char *text, size_t len)
{
    if (len >= sizeof cfg->secret - 1) {
        fprintf(stderr, "config: secret: %s\n", hwc_result_text(HWC_RESULT_INVALID_SECRET));
        return false;
    }
    memcpy(cfg->secret, text, len);
    cfg->secret[len] = '\0';
    cfg->secret_len = len;
    return true;
}

static bool read_secret_file(struct config *cfg, const char *path)
{
    char line[HWC_SECRET_MAX_LEN + 3];
    size_t len;
    bool ok;
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "config: secret file %s: %s\n", path, strerror(errno));
        return false;
    }
    if (fgets(line, sizeof line, f) == NULL) {
        line[0] = '\0';
    }
    fclose(f);
    len = strlen(line);
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
        len--;
    }
    ok = set_secret(cfg, line, len);
    wipe(line, sizeof line);
    return ok;
}

/* Environment first, then the command line (which wins). Returns false on an error. */
static bool load_config(struct config *cfg, int argc, char **argv)
{
    const char *env;
    const char *secret_file = NULL;
    int i;

    memset(cfg, 0, sizeof *cfg);
    cfg->port = 8883;
    cfg->sign_type = HWC_SIGN_TYPE_NO_TIME_CHECK;
    cfg->keepalive = HWC_KEEPALIVE_DEFAULT_SECONDS;
    cfg->host = getenv("IOTDA_HOST");
    cfg->cafile = getenv("IOTDA_CAFILE");
    cfg->device_id = getenv("IOTDA_DEVICE_ID");

    /* Numeric options: a table of (name, environment variable, maximum, destination). */
    struct {
        const char *opt, *env;
        unsigned long max, value;
        bool set;
    } nums[] = {
        {"--port", "IOTDA_PORT", 65535, 0, false},
        {"--sign-type", "IOTDA_SIGN_TYPE", 1, 0, false},
        {"--keepalive", "IOTDA_KEEPALIVE", UINT32_MAX, 0, false},
        {"--requests", "IOTDA_REQUESTS", 1000000, 0, false},
        {"--seconds", "IOTDA_SECONDS", 86400 * 365, 0, false},
    };
    const size_t n_nums = sizeof nums / sizeof nums[0];
    for (size_t k = 0; k < n_nums; k++) {
        env = getenv(nums[k].env);
        if (env != NULL) {
            if (!parse_ulong(nums[k].env, env, nums[k].max, &nums[k].value)) {
                return false;
            }
            nums[k].set = true;
        }
    }
    env = getenv("IOTDA_SECRET");
    if (env != NULL) {
        if (!set_secret(cfg, env, strlen(env))) {
            return false;
        }
        unsetenv("IOTDA_SECRET"); /* child processes and /proc/self/environ need not see it */
    }

    for (i = 1; i < argc; i++) {
        const char *opt = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        const char **text = NULL; /* a text option's destination */
        size_t num = n_nums;      /* or a numeric option's index */
        if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0) {
            usage(stdout, argv[0]);
            exit(EXIT_DONE);
        }
        if (strcmp(opt, "--host") == 0) {
            text = &cfg->host;
        } else if (strcmp(opt, "--cafile") == 0) {
            text = &cfg->cafile;
        } else if (strcmp(opt, "--device-id") == 0) {
            text = &cfg->device_id;
        } else if (strcmp(opt, "--secret-file") == 0) {
            text = &secret_file;
        } else {
            for (num = 0; num < n_nums && strcmp(opt, nums[num].opt) != 0; num++) {
            }
        }
        if (text == NULL && num == n_nums) {
            fprintf(stderr, "config: unknown option %s (see --help)\n", opt);
            return false;
        }
        if (val == NULL) {
            fprintf(stderr, "config: %s needs a value\n", opt);
            return false;
        }
        if (text != NULL) {
            *text = val;
        } else if (parse_ulong(opt, val, nums[num].max, &nums[num].value)) {
            nums[num].set = true;
        } else {
            return false;
        }
        i++;
    }
    if (secret_file != NULL && !read_secret_file(cfg, secret_file)) {
        return false;
    }
    if (nums[0].set) {
        cfg->port = (int)nums[0].value;
    }
    if (nums[1].set) {
        cfg->sign_type = (uint32_t)nums[1].value;
    }
    if (nums[2].set) {
        cfg->keepalive = (uint32_t)nums[2].value;
    }
    cfg->max_requests = nums[3].value;
    cfg->max_seconds = nums[4].value;

    /* Check everything before the first connection attempt. */
    if (cfg->host == NULL || cfg->cafile == NULL || cfg->device_id == NULL) {
        fprintf(stderr, "config: --host, --cafile and --device-id are required (see --help)\n");
        return false;
    }
    if (cfg->secret_len == 0) {
        fprintf(stderr, "config: no secret: set IOTDA_SECRET or give --secret-file\n");
        return false;
    }
    cfg->device_id_len = strlen(cfg->device_id);
    hwc_result r = hwc_check_device_id(cfg->device_id, cfg->device_id_len);
    if (r != HWC_RESULT_OK) {
        fprintf(stderr, "config: device id: %s (%d)\n", hwc_result_text(r), (int)r);
        return false;
    }
    r = hwc_check_keepalive(cfg->keepalive);
    if (r != HWC_RESULT_OK) {
        fprintf(stderr, "config: keep-alive %lu s: %s (%d)\n", (unsigned long)cfg->keepalive,
                hwc_result_text(r), (int)r);
        return false;
    }
    if (cfg->port <= 0) {
        fprintf(stderr, "config: port 0\n");
        return false;
    }
    FILE *ca = fopen(cfg->cafile, "r"); /* libmosquitto would only say "invalid input" */
    if (ca == NULL) {
        fprintf(stderr, "config: CA file %s: %s\n", cfg->cafile, strerror(errno));
        return false;
    }
    fclose(ca);
    return true;
}

/* ------------------------------------------------------------------------------------------ */
/* The device: state, publishing.                                                             */

struct device_state {
    int64_t temperature_centi; /* Environment.temperature: 2345 is 23.45 (hwc_json_decimal) */
    int64_t humidity;          /* Environment.humidity, % */
    double voltage;            /* Environment.voltage, formatted by snprintf (hwc_json_number) */
    bool light_on;             /* Device.light_on: command ON_OFF, properties set */
    char label[LABEL_MAX];     /* Device.label: properties set */
    int64_t report_interval;   /* Device.report_interval, s: properties set */
};

struct app {
    const struct config *cfg;
    struct device_state dev;
    struct mosquitto *mosq; /* the current session, or NULL */
    int64_t t_start_ms;     /* monotonic */
    int64_t next_report_ms; /* monotonic; 0: not yet subscribed */
    int64_t clock_offset_ms; /* platform time - local time, from the last time sync */
    bool clock_synced;
    /* per session */
    bool accepted;  /* CONNACK 0 received */
    bool refused;   /* CONNACK refused: do not retry */
    int sub_mid;    /* message id of the SUBSCRIBE */
    unsigned inflight; /* QoS 1 PUBLISHes without PUBACK */
    /* totals for the summary */
    unsigned connects;
    unsigned long handled; /* platform requests answered */
    unsigned reports;
    unsigned failures;
};

/* Platform time in ms: the local clock corrected by the last time sync. */
static int64_t platform_ms(const struct app *app)
{
    return wall_ms() + app->clock_offset_ms;
}

/* Sensor readings: replace with the board's drivers. */
static void read_sensors(struct device_state *d)
{
    d->temperature_centi = 2345; /* 23.45 degrees */
    d->humidity = 61;
    d->voltage = 3.3;
}

/* `event_time` of now, compact form `yyyyMMddTHHmmssZ` (the one events accept). */
static hwc_result event_time_now(const struct app *app, char out[HWC_EVENT_TIME_COMPACT_LEN + 1])
{
    hwc_datetime t;
    int64_t ms = platform_ms(app);
    TRY(hwc_datetime_from_unix(ms / 1000, (uint16_t)(ms % 1000), &t));
    TRY(hwc_event_time(&t, HWC_EVENT_TIME_FORMAT_COMPACT, out, HWC_EVENT_TIME_COMPACT_LEN + 1, NULL));
    return HWC_RESULT_OK;
}

/* QoS 1 publish; counts the message as in flight until its PUBACK (on_publish). */
static bool publish(struct app *app, const char *topic, const char *payload, size_t len, const char *what)
{
    int mid = 0;
    int rc = mosquitto_publish(app->mosq, &mid, topic, (int)len, payload, QOS, false);
    if (rc != MOSQ_ERR_SUCCESS) {
        say("error: publish %s: %s", what, mosquitto_strerror(rc));
        app->failures++;
        return false;
    }
    app->inflight++;
    say("%s -> %s %.*s", what, topic, (int)len, payload);
    return true;
}

enum { ONLY_ENVIRONMENT = 1, ONLY_DEVICE = 2, ALL_SERVICES = 3 };

/* The services of `which`, in the shape of a properties report (also a get response). */
static hwc_result write_properties(hwc_json_writer *w, const struct app *app, unsigned which)
{
    const struct device_state *d = &app->dev;
    char when[HWC_EVENT_TIME_COMPACT_LEN + 1];
    char number[32];
    TRY(event_time_now(app, when));
    TRY(hwc_properties_report_begin(w));
    if (which & ONLY_ENVIRONMENT) {
        TRY(hwc_service_begin(w, LIT(SERVICE_ENVIRONMENT)));
        TRY(hwc_json_key(w, LIT("temperature")));
        TRY(hwc_json_decimal(w, d->temperature_centi, 2)); /* 23.45, no float formatting */
        TRY(hwc_json_key(w, LIT("humidity")));
        TRY(hwc_json_int(w, d->humidity));
        /* A float formatted by the C library; the writer checks it is a JSON number. */
        int n = snprintf(number, sizeof number, "%.4g", d->voltage);
        if (n < 0 || (size_t)n >= sizeof number) {
            return report("snprintf voltage", HWC_RESULT_INVALID_NUMBER);
        }
        TRY(hwc_json_key(w, LIT("voltage")));
        TRY(hwc_json_number(w, number, (size_t)n));
        TRY(hwc_service_end(w, when, strlen(when)));
    }
    if (which & ONLY_DEVICE) {
        TRY(hwc_service_begin(w, LIT(SERVICE_DEVICE)));
        TRY(hwc_json_key(w, LIT("light_on")));
        TRY(hwc_json_bool(w, d->light_on));
        TRY(hwc_json_key(w, LIT("label")));
        TRY(hwc_json_string(w, d->label, strlen(d->label))); /* quotes, \, \t, \n escaped */
        TRY(hwc_json_key(w, LIT("report_interval")));
        TRY(hwc_json_int(w, d->report_interval));
        TRY(hwc_json_key(w, LIT("uptime")));
        TRY(hwc_json_uint(w, (uint64_t)((mono_ms() - app->t_start_ms) / 1000)));
        TRY(hwc_service_end(w, when, strlen(when)));
    }
    TRY(hwc_properties_report_end(w));
    return HWC_RESULT_OK;
}

/* Builds the topic of an uplink `kind` that takes no request id. */
static hwc_result uplink_topic(const struct app *app, uint32_t kind, char topic[HWC_TOPIC_MAX_LEN + 1])
{
    TRY(hwc_topic(kind, app->cfg->device_id, app->cfg->device_id_len, NULL, 0, topic,
                  HWC_TOPIC_MAX_LEN + 1, NULL));
    return HWC_RESULT_OK;
}

static void send_properties_report(struct app *app)
{
    char topic[HWC_TOPIC_MAX_LEN + 1];
    char payload[PAYLOAD_MAX];
    size_t len = 0;
    hwc_json_writer w;
    hwc_result r;

    read_sensors(&app->dev);
    r = hwc_json_writer_init(&w, payload, sizeof payload);
    if (r == HWC_RESULT_OK) {
        r = write_properties(&w, app, ALL_SERVICES);
    }
    if (r == HWC_RESULT_OK) {
        r = hwc_json_finish(&w, &len); /* the first error of any call, or too small + size */
        if (r < 0) {
            report("properties report", r);
        }
    }
    if (r == HWC_RESULT_OK) {
        r = uplink_topic(app, HWC_TOPIC_KIND_PROPERTIES_REPORT, topic);
    }
    if (r != HWC_RESULT_OK) {
        app->failures++;
        return;
    }
    if (publish(app, topic, payload, len, "report: properties")) {
        app->reports++;
    }
}

/* Writes one system event's whole document; `when` is its event_time. */
typedef hwc_result (*event_writer)(hwc_json_writer *w, const char *when);

static hwc_result write_version_report(hwc_json_writer *w, const char *when)
{
    return hwc_ota_version_report(w, LIT(SW_VERSION), LIT(FW_VERSION), when, strlen(when));
}

static hwc_result write_time_sync_request(hwc_json_writer *w, const char *when)
{
    /* device_send_time is the LOCAL clock: the response gives it back unchanged */
    return hwc_time_sync_request(w, wall_ms(), when, strlen(when));
}

/* Encodes a system event stamped now and publishes it on events/up; `what` names it in the
   transcript when encoding fails, `published` when it goes out. */
static void send_event(struct app *app, event_writer write, const char *what, const char *published)
{
    char topic[HWC_TOPIC_MAX_LEN + 1];
    char payload[PAYLOAD_MAX];
    char when[HWC_EVENT_TIME_COMPACT_LEN + 1];
    size_t len = 0;
    hwc_json_writer w;
    hwc_result r = event_time_now(app, when);
    if (r == HWC_RESULT_OK) {
        r = hwc_json_writer_init(&w, payload, sizeof payload);
    }
    if (r == HWC_RESULT_OK) {
        r = write(&w, when);
    }
    if (r == HWC_RESULT_OK) {
        r = hwc_json_finish(&w, &len);
    }
    if (r != HWC_RESULT_OK) {
        report(what, r);
        app->failures++;
        return;
    }
    if (uplink_topic(app, HWC_TOPIC_KIND_EVENTS_UP, topic) == HWC_RESULT_OK) {
        publish(app, topic, payload, len, published);
    }
}

static void send_version_report(struct app *app)
{
    send_event(app, write_version_report, "$ota version_report", "report: $ota version_report");
}

static void send_time_sync_request(struct app *app)
{
    send_event(app, write_time_sync_request, "$time_sync time_sync_request", "time_sync: request");
}

/* Publishes `payload` on the response topic of `request_topic` (same request id). */
static bool respond(struct app *app, const char *request_topic, size_t request_topic_len,
                    const char *payload, size_t len, const char *what)
{
    char topic[HWC_TOPIC_MAX_LEN + 1];
    hwc_result r = hwc_response_topic(request_topic, request_topic_len, topic, sizeof topic, NULL);
    if (r != HWC_RESULT_OK) {
        report("hwc_response_topic", r);
        app->failures++;
        return false;
    }
    if (!publish(app, topic, payload, len, what)) {
        return false;
    }
    app->handled++;
    return true;
}

/* Unescapes a string value for printing; "-" when absent, "?" when it does not fit. */
static const char *text_of(const hwc_json_value *v, char out[TEXT_MAX])
{
    size_t len = 0;
    if (v->kind != HWC_JSON_KIND_STRING) {
        return "-";
    }
    if (hwc_json_unescape(v, out, TEXT_MAX, &len) != HWC_RESULT_OK) {
        return "?";
    }
    return out;
}

/* ------------------------------------------------------------------------------------------ */
/* Requests from the platform.                                                                */

/* {"result_code":0,"response_name":"COMMAND_RESPONSE","paras":{"result":"success",...}} */
static hwc_result write_command_response(hwc_json_writer *w, int64_t code, const char *result, bool light_changed,
                                         bool light_on)
{
    TRY(hwc_command_response_begin(w, code, LIT("COMMAND_RESPONSE")));
    TRY(hwc_command_response_paras_begin(w));
    TRY(hwc_json_key(w, LIT("result")));
    TRY(hwc_json_string(w, result, strlen(result)));
    if (light_changed) {
        TRY(hwc_json_key(w, LIT("light_on")));
        TRY(hwc_json_bool(w, light_on));
    }
    TRY(hwc_command_response_paras_end(w));
    TRY(hwc_command_response_end(w));
    return HWC_RESULT_OK;
}

/* Commands: ON_OFF {"value":"0"|"1"} switches the light; anything else is refused (code 1). */
static void on_command(struct app *app, const char *topic, size_t topic_len, const hwc_topic_match *m,
                       const char *payload, size_t len)
{
    hwc_command_request cmd;
    hwc_json_value value;
    char service[TEXT_MAX], name[TEXT_MAX];
    char out[PAYLOAD_MAX];
    size_t out_len = 0;
    hwc_json_writer w;
    int64_t code = 0;
    const char *result = "success";
    bool light_changed = false;

    hwc_result r = hwc_decode_command_request(payload, len, &cmd);
    if (r < 0) {
        report("hwc_decode_command_request", r);
        code = 1, result = "malformed command";
    } else if (!hwc_json_equals(&cmd.command_name, LIT("ON_OFF"))) {
        code = 1, result = "unknown command";
    } else if (cmd.paras.kind != HWC_JSON_KIND_OBJECT
               || hwc_json_get(cmd.paras.ptr, cmd.paras.len, LIT("value"), &value) != HWC_RESULT_OK
               || !(hwc_json_equals(&value, LIT("0")) || hwc_json_equals(&value, LIT("1")))) {
        code = 1, result = "paras.value must be \"0\" or \"1\"";
    } else {
        app->dev.light_on = hwc_json_equals(&value, LIT("1"));
        light_changed = true;
    }
    say("command: request_id=%.*s service=%s command=%s -> result_code %d (%s)",
        (int)m->request_id_len, m->request_id, r < 0 ? "?" : text_of(&cmd.service_id, service),
        r < 0 ? "?" : text_of(&cmd.command_name, name), (int)code, result);

    r = hwc_json_writer_init(&w, out, sizeof out);
    if (r == HWC_RESULT_OK) {
        r = write_command_response(&w, code, result, light_changed, app->dev.light_on);
    }
    if (r == HWC_RESULT_OK) {
        r = hwc_json_finish(&w, &out_len);
    }
    if (r != HWC_RESULT_OK) {
        report("command response", r);
        app->failures++;
        return;
    }
    respond(app, topic, topic_len, out, out_len, "command: response");
}

/* Applies the properties of one Device service to `staged`; returns the failure text or NULL. */
static const char *set_device_properties(const hwc_json_value *properties, struct device_state *staged)
{
    hwc_json_reader rd;
    hwc_json_value key, value;
    hwc_result r;
    char name[TEXT_MAX];

    r = hwc_json_reader_open(&rd, properties->ptr, properties->len, HWC_JSON_KIND_OBJECT);
    if (r != HWC_RESULT_OK) {
        report("properties", r);
        return "properties is not an object";
    }
    while ((r = hwc_json_next_member(&rd, &key, &value)) == HWC_RESULT_OK) {
        size_t name_len = 0;
        if (hwc_json_unescape(&key, name, sizeof name, &name_len) != HWC_RESULT_OK) {
            name[0] = '\0';
        }
        if (hwc_json_equals(&key, LIT("label"))) {
            size_t label_len = 0;
            if (value.kind != HWC_JSON_KIND_STRING) {
                return "label must be a string";
            }
            r = hwc_json_unescape(&value, staged->label, sizeof staged->label, &label_len);
            if (r == HWC_RESULT_BUFFER_TOO_SMALL) {
                return "label too long";
            }
            if (r != HWC_RESULT_OK) {
                report("label", r);
                return "bad label";
            }
            if (memchr(staged->label, '\0', label_len) != NULL) {
                return "label may not contain NUL";
            }
        } else if (hwc_json_equals(&key, LIT("light_on"))) {
            if (value.kind != HWC_JSON_KIND_TRUE && value.kind != HWC_JSON_KIND_FALSE) {
                return "light_on must be true or false";
            }
            staged->light_on = value.kind == HWC_JSON_KIND_TRUE;
        } else if (hwc_json_equals(&key, LIT("report_interval"))) {
            int64_t seconds = 0;
            r = value.kind == HWC_JSON_KIND_NUMBER ? hwc_json_to_i64(&value, &seconds) : HWC_RESULT_WRONG_TYPE;
            if (r != HWC_RESULT_OK || seconds < 10 || seconds > 86400) {
                return "report_interval must be an integer 10-86400";
            }
            staged->report_interval = seconds;
        } else {
            say("properties set: unknown property '%s'", name);
            return "unknown property";
        }
    }
    if (r < 0) {
        report("hwc_json_next_member", r);
        return "malformed properties";
    }
    return NULL;
}

/* Properties set: all or nothing, answered with {"result_code":n,"result_desc":"..."}. */
static void on_properties_set(struct app *app, const char *topic, size_t topic_len, const hwc_topic_match *m,
                              const char *payload, size_t len)
{
    hwc_properties_set_request req;
    hwc_json_reader rd;
    hwc_json_value item;
    hwc_service svc;
    struct device_state staged = app->dev; /* applied only if every property is acceptable */
    const char *failure = NULL;
    char out[PAYLOAD_MAX];
    size_t out_len = 0;
    hwc_json_writer w;
    unsigned services = 0;

    hwc_result r = hwc_decode_properties_set_request(payload, len, &req);
    if (r < 0) {
        report("hwc_decode_properties_set_request", r);
        failure = "malformed request";
    } else if ((r = hwc_json_reader_open(&rd, req.services.ptr, req.services.len, HWC_JSON_KIND_ARRAY)) < 0) {
        report("services", r);
        failure = "services is not an array";
    } else {
        while (failure == NULL && (r = hwc_json_next_value(&rd, &item)) == HWC_RESULT_OK) {
            services++;
            r = hwc_decode_service(item.ptr, item.len, &svc);
            if (r < 0) {
                report("hwc_decode_service", r);
                failure = "malformed service";
            } else if (hwc_json_equals(&svc.service_id, LIT(SERVICE_DEVICE))) {
                failure = set_device_properties(&svc.properties, &staged);
            } else {
                failure = "service not writable"; /* Environment is read-only */
            }
        }
        if (failure == NULL && r < 0) {
            report("hwc_json_next_value", r);
            failure = "malformed services";
        }
    }
    if (failure == NULL) {
        app->dev = staged;
    }
    say("properties set: request_id=%.*s services=%u -> result_code %d (%s)", (int)m->request_id_len,
        m->request_id, services, failure ? 1 : 0, failure ? failure : "success");

    r = hwc_json_writer_init(&w, out, sizeof out);
    if (r == HWC_RESULT_OK) {
        const char *desc = failure ? failure : "success";
        r = hwc_properties_set_response(&w, failure ? 1 : 0, desc, strlen(desc));
    }
    if (r == HWC_RESULT_OK) {
        r = hwc_json_finish(&w, &out_len);
    }
    if (r != HWC_RESULT_OK) {
        report("properties set response", r);
        app->failures++;
        return;
    }
    respond(app, topic, topic_len, out, out_len, "properties set: response");
}

/* Properties get: answered in the shape of a properties report. */
static void on_properties_get(struct app *app, const char *topic, size_t topic_len, const hwc_topic_match *m,
                              const char *payload, size_t len)
{
    hwc_properties_get_request req;
    char out[PAYLOAD_MAX];
    char service[TEXT_MAX];
    size_t out_len = 0;
    hwc_json_writer w;
    unsigned which = ALL_SERVICES;

    hwc_result r = hwc_decode_properties_get_request(payload, len, &req);
    if (r < 0) {
        report("hwc_decode_properties_get_request", r); /* still answer: with every service */
    } else if (hwc_json_equals(&req.service_id, LIT(SERVICE_ENVIRONMENT))) {
        which = ONLY_ENVIRONMENT;
    } else if (hwc_json_equals(&req.service_id, LIT(SERVICE_DEVICE))) {
        which = ONLY_DEVICE;
    }
    say("properties get: request_id=%.*s service=%s", (int)m->request_id_len, m->request_id,
        r < 0 ? "?" : req.service_id.kind == HWC_JSON_KIND_ABSENT ? "(all)" : text_of(&req.service_id, service));

    read_sensors(&app->dev);
    r = hwc_json_writer_init(&w, out, sizeof out);
    if (r == HWC_RESULT_OK) {
        r = write_properties(&w, app, which);
    }
    if (r == HWC_RESULT_OK) {
        r = hwc_json_finish(&w, &out_len);
    }
    if (r != HWC_RESULT_OK) {
        report("properties get response", r);
        app->failures++;
        return;
    }
    respond(app, topic, topic_len, out, out_len, "properties get: response");
}

/* Events down: time_sync_response sets the clock offset; version_query gets a version report. */
static void on_events(struct app *app, const char *payload, size_t len, int64_t received_ms)
{
    hwc_events evs;
    hwc_event ev;
    hwc_json_reader rd;
    hwc_json_value item;
    char a[TEXT_MAX], b[TEXT_MAX];

    hwc_result r = hwc_decode_events(payload, len, &evs);
    if (r < 0) {
        report("hwc_decode_events", r);
        return;
    }
    r = hwc_json_reader_open(&rd, evs.services.ptr, evs.services.len, HWC_JSON_KIND_ARRAY);
    if (r < 0) {
        report("events services", r);
        return;
    }
    while ((r = hwc_json_next_value(&rd, &item)) == HWC_RESULT_OK) {
        r = hwc_decode_event(item.ptr, item.len, &ev);
        if (r < 0) {
            report("hwc_decode_event", r);
            continue;
        }
        if (ev.kind == HWC_EVENT_KIND_TIME_SYNC_RESPONSE) {
            hwc_time_sync_response ts;
            int64_t now = 0;
            r = hwc_decode_time_sync_response(ev.paras.ptr, ev.paras.len, &ts);
            if (r == HWC_RESULT_OK) {
                r = hwc_time_sync_now(ts.device_send_time, ts.server_recv_time, ts.server_send_time,
                                      received_ms, &now);
            }
            if (r != HWC_RESULT_OK) {
                report("time_sync_response", r);
                continue;
            }
            app->clock_offset_ms = now - received_ms;
            app->clock_synced = true;
            say("time_sync: response: platform time %lld ms, local clock - platform = %+lld ms, round trip %lld ms",
                (long long)now, (long long)(received_ms - now), (long long)(received_ms - ts.device_send_time));
        } else if (ev.kind == HWC_EVENT_KIND_OTA_VERSION_QUERY) {
            say("event: $ota version_query");
            send_version_report(app);
        } else {
            say("event: %s/%s ignored", text_of(&ev.service_id, a), text_of(&ev.event_type, b));
        }
    }
    if (r < 0) {
        report("hwc_json_next_value", r);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* libmosquitto callbacks (called from mosquitto_loop in main's thread).                      */

static void on_connect(struct mosquitto *mosq, void *obj, int rc)
{
    struct app *app = obj;
    static const uint32_t kinds[] = {
        HWC_TOPIC_KIND_COMMAND_REQUEST,
        HWC_TOPIC_KIND_PROPERTIES_SET_REQUEST,
        HWC_TOPIC_KIND_PROPERTIES_GET_REQUEST,
        HWC_TOPIC_KIND_EVENTS_DOWN,
    };
    enum { N_SUBS = sizeof kinds / sizeof kinds[0] };
    char filters[N_SUBS][HWC_TOPIC_MAX_LEN + 1];
    char *subs[N_SUBS];

    if (rc != 0) {
        /* IoTDA: 1 protocol, 2 client id or keep-alive, 3 unavailable, 4 bad credentials,
         * 5 not authorised. Only 3 is worth retrying with the same configuration. */
        say("connack: refused, code %d: %s", rc, mosquitto_connack_string(rc));
        app->refused = rc != 3;
        return;
    }
    app->accepted = true;
    app->connects++;
    say("connack: accepted");
    for (size_t i = 0; i < N_SUBS; i++) {
        hwc_result r = hwc_subscription(kinds[i], app->cfg->device_id, app->cfg->device_id_len, filters[i],
                                        sizeof filters[i], NULL);
        if (r != HWC_RESULT_OK) {
            report("hwc_subscription", r);
            app->failures++;
            mosquitto_disconnect(mosq);
            return;
        }
        subs[i] = filters[i];
        say("subscribe: %s", filters[i]);
    }
    rc = mosquitto_subscribe_multiple(mosq, &app->sub_mid, N_SUBS, subs, QOS, 0, NULL);
    if (rc != MOSQ_ERR_SUCCESS) {
        say("error: subscribe: %s", mosquitto_strerror(rc));
        app->failures++;
        mosquitto_disconnect(mosq);
    }
}

static void on_subscribe(struct mosquitto *mosq, void *obj, int mid, int count, const int *granted)
{
    struct app *app = obj;
    int refused = 0;
    (void)mosq;
    if (mid != app->sub_mid) {
        return;
    }
    for (int i = 0; i < count; i++) {
        refused += granted[i] > QOS; /* 0x80: refused */
    }
    say("suback: %d filters, %d refused", count, refused);
    if (refused) {
        app->failures++;
    }
    /* Subscribed: now report state and version, and ask for the time. */
    send_properties_report(app);
    send_version_report(app);
    send_time_sync_request(app);
    app->next_report_ms = mono_ms() + app->dev.report_interval * 1000;
}

static void on_publish(struct mosquitto *mosq, void *obj, int mid)
{
    struct app *app = obj;
    (void)mosq, (void)mid;
    if (app->inflight > 0) {
        app->inflight--;
    }
}

static void on_message(struct mosquitto *mosq, void *obj, const struct mosquitto_message *msg)
{
    struct app *app = obj;
    int64_t received_ms = wall_ms(); /* for the time sync, first thing */
    const char *payload = msg->payload ? (const char *)msg->payload : "";
    size_t len = (size_t)msg->payloadlen;
    size_t topic_len = strlen(msg->topic);
    hwc_topic_match m;
    (void)mosq;

    hwc_result r = hwc_parse_topic(msg->topic, topic_len, &m);
    if (r == HWC_RESULT_NO_MATCH) {
        say("message: not an IoTDA topic, ignored: %s", msg->topic);
        return;
    }
    if (r < 0) {
        report("hwc_parse_topic", r);
        return;
    }
    if (m.device_id_len != app->cfg->device_id_len || memcmp(m.device_id, app->cfg->device_id, m.device_id_len) != 0) {
        say("message: for another device, ignored: %s", msg->topic);
        return;
    }
    switch (m.kind) {
    case HWC_TOPIC_KIND_COMMAND_REQUEST:
        on_command(app, msg->topic, topic_len, &m, payload, len);
        break;
    case HWC_TOPIC_KIND_PROPERTIES_SET_REQUEST:
        on_properties_set(app, msg->topic, topic_len, &m, payload, len);
        break;
    case HWC_TOPIC_KIND_PROPERTIES_GET_REQUEST:
        on_properties_get(app, msg->topic, topic_len, &m, payload, len);
        break;
    case HWC_TOPIC_KIND_EVENTS_DOWN:
        on_events(app, payload, len, received_ms);
        break;
    case HWC_TOPIC_KIND_COMMAND_RESPONSE:
    case HWC_TOPIC_KIND_PROPERTIES_SET_RESPONSE:
    case HWC_TOPIC_KIND_PROPERTIES_GET_RESPONSE:
        /* Our own response, echoed: `commands/#` also matches `commands/response/...`, and a
         * plain MQTT broker delivers a client's publications to its own matching filters. */
        break;
    default:
        say("message: topic kind %u not handled: %s", (unsigned)m.kind, msg->topic);
        break;
    }
}

static void on_disconnect(struct mosquitto *mosq, void *obj, int rc)
{
    (void)mosq, (void)obj;
    say("disconnected%s", rc == 0 ? "" : " (connection lost)");
}

static void on_log(struct mosquitto *mosq, void *obj, int level, const char *text)
{
    (void)mosq, (void)obj;
    if (level & (MOSQ_LOG_ERR | MOSQ_LOG_WARNING)) {
        say("mosquitto: %s", text); /* e.g. why a TLS handshake failed */
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Connection management.                                                                     */

static bool time_up(const struct app *app)
{
    return app->cfg->max_seconds > 0 && mono_ms() - app->t_start_ms >= (int64_t)app->cfg->max_seconds * 1000;
}

static bool finished(const struct app *app)
{
    return g_stop || time_up(app) || (app->cfg->max_requests > 0 && app->handled >= app->cfg->max_requests);
}

/* Client id and password for the current UTC hour: computed for EVERY connection attempt. */
struct credentials {
    char timestamp[HWC_TIMESTAMP_LEN + 1];
    char client_id[HWC_CLIENT_ID_MAX_LEN + 1];
    char password[HWC_PASSWORD_LEN + 1];
};

static hwc_result make_credentials(const struct app *app, struct credentials *c)
{
    const struct config *cfg = app->cfg;
    /* Sign type 1 needs the platform's hour: use the synced clock when there is one. */
    TRY(hwc_timestamp(platform_ms(app) / 1000, c->timestamp, sizeof c->timestamp, NULL));
    TRY(hwc_client_id(cfg->device_id, cfg->device_id_len, c->timestamp, HWC_TIMESTAMP_LEN, cfg->sign_type,
                      c->client_id, sizeof c->client_id, NULL));
    TRY(hwc_password(cfg->secret, cfg->secret_len, c->timestamp, HWC_TIMESTAMP_LEN, c->password,
                     sizeof c->password, NULL));
    return HWC_RESULT_OK;
}

/* Opens a session: fresh credentials, TLS with server verification, CONNECT sent.
 * Returns MOSQ_ERR_SUCCESS, a libmosquitto error, or -1 for a credentials failure (fatal). */
static int session_open(struct app *app)
{
    const struct config *cfg = app->cfg;
    struct credentials cred;
    int rc;

    hwc_result r = make_credentials(app, &cred);
    if (r != HWC_RESULT_OK) {
        wipe(&cred, sizeof cred);
        return -1;
    }
    say("connect: %s:%d client_id=%s username=%s keepalive=%lu (timestamp %s, sign type %lu)", cfg->host,
        cfg->port, cred.client_id, cfg->device_id, (unsigned long)cfg->keepalive, cred.timestamp,
        (unsigned long)cfg->sign_type);

    app->mosq = mosquitto_new(cred.client_id, true, app);
    if (app->mosq == NULL) {
        wipe(&cred, sizeof cred);
        say("error: mosquitto_new: %s", strerror(errno));
        return MOSQ_ERR_NOMEM;
    }
    mosquitto_connect_callback_set(app->mosq, on_connect);
    mosquitto_subscribe_callback_set(app->mosq, on_subscribe);
    mosquitto_publish_callback_set(app->mosq, on_publish);
    mosquitto_message_callback_set(app->mosq, on_message);
    mosquitto_disconnect_callback_set(app->mosq, on_disconnect);
    mosquitto_log_callback_set(app->mosq, on_log);

    rc = mosquitto_int_option(app->mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    if (rc == MOSQ_ERR_SUCCESS) {
        rc = mosquitto_username_pw_set(app->mosq, cfg->device_id, cred.password); /* copies both */
    }
    wipe(&cred, sizeof cred);
    if (rc == MOSQ_ERR_SUCCESS) {
        /* Verify the server: its certificate must chain to cafile and name the host we dial. */
        rc = mosquitto_tls_set(app->mosq, cfg->cafile, NULL, NULL, NULL, NULL);
    }
    if (rc == MOSQ_ERR_SUCCESS) {
        rc = mosquitto_tls_opts_set(app->mosq, 1 /* SSL_VERIFY_PEER */, NULL, NULL);
    }
    if (rc == MOSQ_ERR_SUCCESS) {
        rc = mosquitto_tls_insecure_set(app->mosq, false); /* keep the host name check on */
    }
    if (rc != MOSQ_ERR_SUCCESS) {
        say("error: mosquitto setup: %s", mosquitto_strerror(rc));
        return rc;
    }
    rc = mosquitto_connect(app->mosq, cfg->host, cfg->port, (int)cfg->keepalive); /* TCP + TLS */
    if (rc != MOSQ_ERR_SUCCESS) {
        say("connect: failed: %s%s%s", mosquitto_strerror(rc), rc == MOSQ_ERR_ERRNO ? ": " : "",
            rc == MOSQ_ERR_ERRNO ? strerror(errno) : "");
    }
    return rc;
}

/* Runs the session until it ends; returns after the connection is closed. */
static void session_run(struct app *app)
{
    int64_t drain_until = 0;
    int64_t connack_until = mono_ms() + CONNACK_MS;
    for (;;) {
        int rc = mosquitto_loop(app->mosq, 100, 1);
        if (rc != MOSQ_ERR_SUCCESS) {
            if (!app->refused && drain_until == 0) {
                say("connection: %s", mosquitto_strerror(rc));
            }
            return;
        }
        if (!app->accepted && mono_ms() >= connack_until) {
            say("connection: no CONNACK within %d s", CONNACK_MS / 1000);
            return;
        }
        if (app->next_report_ms != 0 && mono_ms() >= app->next_report_ms) {
            send_properties_report(app);
            app->next_report_ms = mono_ms() + app->dev.report_interval * 1000;
        }
        if (finished(app)) {
            /* Let the last responses get their PUBACK, then say goodbye. */
            if (drain_until == 0) {
                drain_until = mono_ms() + DRAIN_MS;
            }
            if (app->inflight == 0 || mono_ms() >= drain_until || !app->accepted) {
                mosquitto_disconnect(app->mosq);
                /* the next mosquitto_loop writes DISCONNECT and returns MOSQ_ERR_NO_CONN */
                drain_until = INT64_MAX;
            }
        }
    }
}

static void sleep_ms(int64_t ms)
{
    struct timespec ts;
    ts.tv_sec = (time_t)(ms / 1000);
    ts.tv_nsec = (long)(ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR && !g_stop) {
    }
}

/* Connect, run, and reconnect with backoff until finished. Returns the exit code. */
static int run(struct app *app)
{
    uint32_t attempt = 0; /* failed attempts since the last accepted connection */
    for (;;) {
        app->accepted = app->refused = false;
        app->sub_mid = -1;
        app->inflight = 0;
        app->next_report_ms = 0;
        int rc = session_open(app);
        if (rc == -1) {
            return EXIT_USAGE; /* the secret or device id cannot make credentials */
        }
        if (rc == MOSQ_ERR_SUCCESS) {
            session_run(app);
        }
        if (app->mosq != NULL) {
            mosquitto_destroy(app->mosq);
            app->mosq = NULL;
        }
        if (app->refused) {
            return EXIT_REFUSED;
        }
        if (finished(app)) {
            return app->connects > 0 ? EXIT_DONE : EXIT_NO_CONNECT;
        }
        if (app->accepted) {
            attempt = 0;
        }
        /* Backoff: 1 s + 2^attempt * (1.6-1.8 s), at most 30 s. Use the board's RNG. */
        uint32_t delay = hwc_backoff_ms(attempt, (uint32_t)rand());
        say("reconnect: retry %lu in %lu ms, with fresh credentials", (unsigned long)attempt + 1,
            (unsigned long)delay);
        if (attempt < 31) {
            attempt++;
        }
        for (int64_t until = mono_ms() + delay; mono_ms() < until && !finished(app);) {
            sleep_ms(50);
        }
        if (finished(app)) {
            return app->connects > 0 ? EXIT_DONE : EXIT_NO_CONNECT;
        }
    }
}

int main(int argc, char **argv)
{
    struct config cfg;
    struct app app;
    struct sigaction sa;
    int code;

    setvbuf(stdout, NULL, _IOLBF, 0); /* one transcript line at a time, also into a pipe */
    g_t0_ms = mono_ms();
    if (!load_config(&cfg, argc, argv)) {
        wipe(cfg.secret, sizeof cfg.secret);
        return EXIT_USAGE;
    }

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    memset(&app, 0, sizeof app);
    app.cfg = &cfg;
    app.t_start_ms = mono_ms();
    app.dev.light_on = false;
    app.dev.report_interval = 60;
    memcpy(app.dev.label, "Rack \"A\\3\"\tshelf 2", sizeof "Rack \"A\\3\"\tshelf 2");
    read_sensors(&app.dev);
    srand((unsigned)(wall_ms() ^ (int64_t)getpid()));

    say("config: host=%s port=%d cafile=%s device_id=%s secret=(%lu bytes, not shown) sign_type=%lu "
        "keepalive=%lu requests=%lu seconds=%lu",
        cfg.host, cfg.port, cfg.cafile, cfg.device_id, (unsigned long)cfg.secret_len,
        (unsigned long)cfg.sign_type, (unsigned long)cfg.keepalive, cfg.max_requests, cfg.max_seconds);

    mosquitto_lib_init();
    code = run(&app);
    mosquitto_lib_cleanup();
    wipe(cfg.secret, sizeof cfg.secret);

    say("done: exit %d, %lu requests answered, %u reports, %u connections, %u failures, clock %s", code,
        app.handled, app.reports, app.connects, app.failures, app.clock_synced ? "synced" : "not synced");
    if (code == EXIT_DONE && app.failures > 0) {
        code = EXIT_FAILURE_RT;
    }
    return code;
}

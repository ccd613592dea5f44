/*
 * iotda_auth.c - a mosquitto (>= 2.0, plugin API v5) plugin that makes a
 * local broker behave like Huawei Cloud IoTDA's device-side MQTT endpoint
 * for the connection and topic rules.  TEST USE ONLY.
 *
 * The password check is deliberately independent of the project's Rust
 * code: it uses OpenSSL's HMAC() (see docs/iotda-protocol.md section 1.3):
 *
 *   password == lowercase_hex(HMAC_SHA256(key = "YYYYMMDDHH", msg = secret))
 *
 * Rules enforced at CONNECT (MOSQ_EVT_BASIC_AUTH), in this order:
 *   1. client id is  {device_id}_0_{0|1}_{YYYYMMDDHH}
 *      device_id 1-128 chars of [A-Za-z0-9_-]; YYYYMMDDHH a real UTC hour,
 *      year 1970-9999;
 *   2. keep-alive within keepalive_min..keepalive_max (30..1200 s);
 *   3. username present and equal to the device id;
 *   4. device listed in the registry file (re-read on every CONNECT, so a
 *      test may add devices while the broker runs);
 *   5. sign type 1: the timestamp is within +-sign1_tolerance_hours of the
 *      broker's current UTC hour (default 1; 0 = exactly the current hour);
 *   6. password present and equal to the HMAC above.
 * A "platform" account (platform_username/platform_password) bypasses all
 * of that (any client id) and may publish/subscribe anything.
 *
 * Rules enforced per packet (MOSQ_EVT_ACL_CHECK) for devices:
 *   publish:   topic under "$oc/devices/{username}/", QoS <= 1, no retain;
 *   subscribe: filter starts literally with "$oc/devices/{username}/" (so
 *              any '+'/'#' after that prefix cannot escape it), QoS <= 1;
 *   delivery:  topic under "$oc/devices/{username}/";
 *   unsubscribe: always allowed.
 *
 * Every refusal is logged at NOTICE level in one greppable line:
 *   iotda: refused <client id>: <reason>           (CONNECT)
 *   iotda: denied <client id>: <action> '<topic>' <reason>   (ACL)
 * and every accepted CONNECT as
 *   iotda: accepted <client id>: device <id> sign_type <n>
 *
 * Options (plugin_opt_<name> in mosquitto.conf):
 *   registry               path of "device_id secret" lines (required)
 *   platform_username      platform account (optional; both or neither)
 *   platform_password
 *   sign1_tolerance_hours  0..8760, default 1
 *   utc_hour_override      YYYYMMDDHH used instead of the clock (tests)
 *   keepalive_min          default 30
 *   keepalive_max          default 1200
 *   allow_retain           "true" to accept retained publishes (default false)
 *
 * Build: gcc -shared -fPIC -O2 iotda_auth.c -o iotda_auth.so -lcrypto
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <mosquitto.h>
#include <mosquitto_broker.h>
#include <mosquitto_plugin.h>

#define DEVICE_ID_MAX 128
#define SECRET_MAX 256
#define TS_LEN 10
/* "_0_" + sign type + "_" + timestamp */
#define CID_SUFFIX_LEN (3 + 1 + 1 + TS_LEN)
#define LOG_FIELD_MAX 160

struct cfg {
	char *registry;
	char *platform_username;
	char *platform_password;
	long tolerance_hours;
	bool have_override;
	long long override_hour; /* hours since the epoch */
	long keepalive_min;
	long keepalive_max;
	bool allow_retain;
};

static mosquitto_plugin_id_t *g_id;
static struct cfg g_cfg;

/* ------------------------------------------------------------------ */
/* helpers                                                             */
/* ------------------------------------------------------------------ */

/* Copy s into out for logging: at most LOG_FIELD_MAX chars, control and
 * non-ASCII bytes replaced by '?', so one refusal is always one line. */
static const char *printable(const char *s, char out[LOG_FIELD_MAX + 4])
{
	size_t i = 0;
	if (!s) {
		strcpy(out, "(none)");
		return out;
	}
	for (; s[i] && i < LOG_FIELD_MAX; i++) {
		unsigned char c = (unsigned char)s[i];
		out[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	if (s[i]) {
		out[i++] = '.';
		out[i++] = '.';
		out[i++] = '.';
	}
	out[i] = '\0';
	return out;
}

static int refuse(const char *client_id, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int refuse(const char *client_id, const char *fmt, ...)
{
	char cid[LOG_FIELD_MAX + 4];
	char reason[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	mosquitto_log_printf(MOSQ_LOG_NOTICE, "iotda: refused %s: %s",
	                     printable(client_id, cid), reason);
	return MOSQ_ERR_AUTH;
}

static bool is_device_id_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return false;
		}
	}
	return true;
}

static long digits_value(const char *s, size_t n)
{
	long v = 0;
	for (size_t i = 0; i < n; i++) {
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), H. Hinnant's
 * days_from_civil. */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const long long era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

/* Parses "YYYYMMDDHH" (exactly 10 digits) into hours since the epoch.
 * Returns false if it is not a real UTC hour in years 1970..9999. */
static bool parse_utc_hour(const char *ts, size_t len, long long *hours)
{
	static const unsigned mdays[12] = {31, 28, 31, 30, 31, 30,
	                                   31, 31, 30, 31, 30, 31};
	if (len != TS_LEN || !all_digits(ts, TS_LEN)) {
		return false;
	}
	long y = digits_value(ts, 4);
	long m = digits_value(ts + 4, 2);
	long d = digits_value(ts + 6, 2);
	long h = digits_value(ts + 8, 2);
	if (y < 1970 || m < 1 || m > 12 || d < 1 || h > 23) {
		return false;
	}
	unsigned dim = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) {
		dim = 29;
	}
	if ((unsigned long)d > dim) {
		return false;
	}
	*hours = days_from_civil(y, (unsigned)m, (unsigned)d) * 24 + h;
	return true;
}

static void format_utc_hour(long long hours, char out[TS_LEN + 1])
{
	time_t t = (time_t)(hours * 3600);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, TS_LEN + 1, "%Y%m%d%H", &tm);
}

static long long broker_utc_hour(void)
{
	if (g_cfg.have_override) {
		return g_cfg.override_hour;
	}
	time_t now = time(NULL);
	return (long long)now / 3600;
}

/* Looks device_id up in the registry. Returns 1 found (secret copied),
 * 0 not found, -1 registry unreadable. */
static int registry_lookup(const char *device_id, char secret[SECRET_MAX + 1])
{
	FILE *f = fopen(g_cfg.registry, "r");
	if (!f) {
		return -1;
	}
	char line[1024];
	int found = 0;
	while (fgets(line, sizeof line, f)) {
		char *save = NULL;
		char *id = strtok_r(line, " \t\r\n", &save);
		if (!id || id[0] == '#') {
			continue;
		}
		char *sec = strtok_r(NULL, " \t\r\n", &save);
		if (!sec || strcmp(id, device_id) != 0) {
			continue;
		}
		if (strlen(sec) > SECRET_MAX) {
			continue;
		}
		strcpy(secret, sec);
		found = 1;
		break;
	}
	fclose(f);
	return found;
}

/* ------------------------------------------------------------------ */
/* CONNECT                                                             */
/* ------------------------------------------------------------------ */

static int on_basic_auth(int event, void *event_data, void *userdata)
{
	(void)event;
	(void)userdata;
	struct mosquitto_evt_basic_auth *ed = event_data;
	const char *cid = mosquitto_client_id(ed->client);
	const char *username = ed->username;
	const char *password = ed->password;
	char buf[LOG_FIELD_MAX + 4];
	char buf2[LOG_FIELD_MAX + 4];

	/* The platform account. */
	if (g_cfg.platform_username && username &&
	    strcmp(username, g_cfg.platform_username) == 0) {
		if (!password || strcmp(password, g_cfg.platform_password) != 0) {
			return refuse(cid, "bad platform password");
		}
		mosquitto_log_printf(MOSQ_LOG_NOTICE, "iotda: accepted %s: platform",
		                     printable(cid, buf));
		return MOSQ_ERR_SUCCESS;
	}

	/* 1. client id {device_id}_0_{sign}_{YYYYMMDDHH} */
	if (!cid) {
		return refuse(cid, "client id missing");
	}
	size_t cid_len = strlen(cid);
	if (cid_len < CID_SUFFIX_LEN + 1) {
		return refuse(cid, "client id format: too short for "
		                   "{device_id}_0_{sign_type}_{YYYYMMDDHH}");
	}
	const char *suffix = cid + cid_len - CID_SUFFIX_LEN;
	const char *ts = suffix + 5;
	if (suffix[0] != '_' || suffix[2] != '_' || suffix[4] != '_') {
		return refuse(cid, "client id format: not "
		                   "{device_id}_0_{sign_type}_{YYYYMMDDHH}");
	}
	if (!all_digits(ts, TS_LEN)) {
		return refuse(cid, "client id format: timestamp not 10 digits");
	}
	if (suffix[1] != '0') {
		return refuse(cid, "client id format: id type '%c' is not 0",
		              isprint((unsigned char)suffix[1]) ? suffix[1] : '?');
	}
	char sign = suffix[3];
	if (sign == '2') {
		return refuse(cid, "client id format: sign type 2 (HMAC-SM3) not "
		                   "supported");
	}
	if (sign != '0' && sign != '1') {
		return refuse(cid, "client id format: sign type '%c' not 0 or 1",
		              isprint((unsigned char)sign) ? sign : '?');
	}
	size_t id_len = cid_len - CID_SUFFIX_LEN;
	if (id_len > DEVICE_ID_MAX) {
		return refuse(cid, "client id format: device id length %zu > %d",
		              id_len, DEVICE_ID_MAX);
	}
	for (size_t i = 0; i < id_len; i++) {
		if (!is_device_id_char(cid[i])) {
			return refuse(cid, "client id format: device id has a character "
			                   "outside [A-Za-z0-9_-] at offset %zu", i);
		}
	}
	char device_id[DEVICE_ID_MAX + 1];
	memcpy(device_id, cid, id_len);
	device_id[id_len] = '\0';
	char timestamp[TS_LEN + 1];
	memcpy(timestamp, ts, TS_LEN);
	timestamp[TS_LEN] = '\0';
	long long ts_hour;
	if (!parse_utc_hour(timestamp, TS_LEN, &ts_hour)) {
		return refuse(cid, "client id format: timestamp %s is not a real UTC "
		                   "hour", timestamp);
	}

	/* 2. keep-alive */
	int keepalive = mosquitto_client_keepalive(ed->client);
	if (keepalive < g_cfg.keepalive_min || keepalive > g_cfg.keepalive_max) {
		return refuse(cid, "keepalive %d outside %ld-%ld", keepalive,
		              g_cfg.keepalive_min, g_cfg.keepalive_max);
	}

	/* 3. username */
	if (!username) {
		return refuse(cid, "no username");
	}
	if (strcmp(username, device_id) != 0) {
		return refuse(cid, "username '%s' != device id '%s'",
		              printable(username, buf), device_id);
	}

	/* 4. registry */
	char secret[SECRET_MAX + 1];
	int found = registry_lookup(device_id, secret);
	int lookup_errno = errno;
	if (found < 0) {
		return refuse(cid, "registry %s unreadable: %s",
		              printable(g_cfg.registry, buf), strerror(lookup_errno));
	}
	if (found == 0) {
		return refuse(cid, "unknown device '%s'", device_id);
	}

	/* 5. sign type 1: the timestamp must match the broker's UTC hour */
	if (sign == '1') {
		long long now_hour = broker_utc_hour();
		long long diff = ts_hour - now_hour;
		if (diff < -g_cfg.tolerance_hours || diff > g_cfg.tolerance_hours) {
			char now_s[TS_LEN + 1];
			format_utc_hour(now_hour, now_s);
			OPENSSL_cleanse(secret, sizeof secret);
			return refuse(cid, "sign type 1 timestamp %s is %lld h from broker "
			                   "UTC hour %s (tolerance %ld h)",
			              timestamp, diff, now_s, g_cfg.tolerance_hours);
		}
	}

	/* 6. password = lower hex HMAC-SHA256(key = timestamp, msg = secret) */
	if (!password) {
		OPENSSL_cleanse(secret, sizeof secret);
		return refuse(cid, "no password");
	}
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int mac_len = 0;
	if (!HMAC(EVP_sha256(), timestamp, TS_LEN, (const unsigned char *)secret,
	          strlen(secret), mac, &mac_len) || mac_len != 32) {
		OPENSSL_cleanse(secret, sizeof secret);
		return refuse(cid, "internal error: HMAC failed");
	}
	OPENSSL_cleanse(secret, sizeof secret);
	char expected[65];
	static const char hex[] = "0123456789abcdef";
	for (unsigned i = 0; i < 32; i++) {
		expected[2 * i] = hex[mac[i] >> 4];
		expected[2 * i + 1] = hex[mac[i] & 0x0f];
	}
	expected[64] = '\0';
	if (strlen(password) != 64 || CRYPTO_memcmp(password, expected, 64) != 0) {
		return refuse(cid, "bad password (want lowercase hex "
		                   "HMAC-SHA256(key=timestamp, msg=secret))");
	}
	mosquitto_log_printf(MOSQ_LOG_NOTICE,
	                     "iotda: accepted %s: device %s sign_type %c",
	                     printable(cid, buf2), device_id, sign);
	return MOSQ_ERR_SUCCESS;
}

/* ------------------------------------------------------------------ */
/* ACL                                                                 */
/* ------------------------------------------------------------------ */

static int deny(struct mosquitto *client, const char *action,
                const char *topic, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int deny(struct mosquitto *client, const char *action,
                const char *topic, const char *fmt, ...)
{
	char cid[LOG_FIELD_MAX + 4];
	char top[LOG_FIELD_MAX + 4];
	char reason[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	mosquitto_log_printf(MOSQ_LOG_NOTICE, "iotda: denied %s: %s '%s' %s",
	                     printable(mosquitto_client_id(client), cid), action,
	                     printable(topic, top), reason);
	return MOSQ_ERR_ACL_DENIED;
}

static bool under_prefix(const char *topic, const char *device_id)
{
	static const char head[] = "$oc/devices/";
	size_t hl = sizeof head - 1;
	size_t dl = strlen(device_id);
	return topic && strncmp(topic, head, hl) == 0 &&
	       strncmp(topic + hl, device_id, dl) == 0 && topic[hl + dl] == '/';
}

static int on_acl_check(int event, void *event_data, void *userdata)
{
	(void)event;
	(void)userdata;
	struct mosquitto_evt_acl_check *ed = event_data;
	const char *user = mosquitto_client_username(ed->client);

	if (g_cfg.platform_username && user &&
	    strcmp(user, g_cfg.platform_username) == 0) {
		return MOSQ_ERR_SUCCESS;
	}
	if (ed->access == MOSQ_ACL_UNSUBSCRIBE) {
		return MOSQ_ERR_SUCCESS;
	}
	const char *action = ed->access == MOSQ_ACL_WRITE       ? "publish"
	                     : ed->access == MOSQ_ACL_SUBSCRIBE ? "subscribe"
	                     : ed->access == MOSQ_ACL_READ      ? "deliver"
	                                                        : "access";
	if (!user) {
		return deny(ed->client, action, ed->topic, "no username");
	}
	if (!under_prefix(ed->topic, user)) {
		return deny(ed->client, action, ed->topic,
		            "outside '$oc/devices/%s/'", user);
	}
	if (ed->access == MOSQ_ACL_WRITE || ed->access == MOSQ_ACL_SUBSCRIBE) {
		if (ed->qos > 1) {
			return deny(ed->client, action, ed->topic,
			            "qos %u not supported (max 1)", (unsigned)ed->qos);
		}
	}
	if (ed->access == MOSQ_ACL_WRITE && ed->retain && !g_cfg.allow_retain) {
		return deny(ed->client, action, ed->topic, "retain not supported");
	}
	return MOSQ_ERR_SUCCESS;
}

/* ------------------------------------------------------------------ */
/* plugin entry points                                                 */
/* ------------------------------------------------------------------ */

static void free_cfg(void)
{
	mosquitto_free(g_cfg.registry);
	mosquitto_free(g_cfg.platform_username);
	mosquitto_free(g_cfg.platform_password);
	memset(&g_cfg, 0, sizeof g_cfg);
}

static bool parse_long(const char *s, long lo, long hi, long *out)
{
	char *end = NULL;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || !end || end == s || *end || v < lo || v > hi) {
		return false;
	}
	*out = v;
	return true;
}

int mosquitto_plugin_version(int supported_version_count,
                             const int *supported_versions)
{
	for (int i = 0; i < supported_version_count; i++) {
		if (supported_versions[i] == 5) {
			return 5;
		}
	}
	return -1;
}

int mosquitto_plugin_init(mosquitto_plugin_id_t *identifier, void **userdata,
                          struct mosquitto_opt *opts, int opt_count)
{
	(void)userdata;
	memset(&g_cfg, 0, sizeof g_cfg);
	g_cfg.tolerance_hours = 1;
	g_cfg.keepalive_min = 30;
	g_cfg.keepalive_max = 1200;

	for (int i = 0; i < opt_count; i++) {
		const char *k = opts[i].key;
		const char *v = opts[i].value ? opts[i].value : "";
		bool ok = true;
		if (!strcmp(k, "registry")) {
			g_cfg.registry = mosquitto_strdup(v);
		} else if (!strcmp(k, "platform_username")) {
			g_cfg.platform_username = mosquitto_strdup(v);
		} else if (!strcmp(k, "platform_password")) {
			g_cfg.platform_password = mosquitto_strdup(v);
		} else if (!strcmp(k, "sign1_tolerance_hours")) {
			ok = parse_long(v, 0, 8760, &g_cfg.tolerance_hours);
		} else if (!strcmp(k, "keepalive_min")) {
			ok = parse_long(v, 0, 65535, &g_cfg.keepalive_min);
		} else if (!strcmp(k, "keepalive_max")) {
			ok = parse_long(v, 0, 65535, &g_cfg.keepalive_max);
		} else if (!strcmp(k, "utc_hour_override")) {
			ok = parse_utc_hour(v, strlen(v), &g_cfg.override_hour);
			g_cfg.have_override = ok;
		} else if (!strcmp(k, "allow_retain")) {
			ok = !strcmp(v, "true") || !strcmp(v, "false");
			g_cfg.allow_retain = !strcmp(v, "true");
		} else {
			mosquitto_log_printf(MOSQ_LOG_ERR,
			                     "iotda: unknown option plugin_opt_%s", k);
			free_cfg();
			return MOSQ_ERR_INVAL;
		}
		if (!ok) {
			mosquitto_log_printf(MOSQ_LOG_ERR,
			                     "iotda: bad value '%s' for plugin_opt_%s", v, k);
			free_cfg();
			return MOSQ_ERR_INVAL;
		}
	}
	if (!g_cfg.registry || !g_cfg.registry[0]) {
		mosquitto_log_printf(MOSQ_LOG_ERR, "iotda: plugin_opt_registry missing");
		free_cfg();
		return MOSQ_ERR_INVAL;
	}
	if (!g_cfg.platform_username != !g_cfg.platform_password) {
		mosquitto_log_printf(MOSQ_LOG_ERR, "iotda: set both or neither of "
		                     "plugin_opt_platform_username/_password");
		free_cfg();
		return MOSQ_ERR_INVAL;
	}
	if (g_cfg.keepalive_min > g_cfg.keepalive_max) {
		mosquitto_log_printf(MOSQ_LOG_ERR, "iotda: keepalive_min > keepalive_max");
		free_cfg();
		return MOSQ_ERR_INVAL;
	}

	g_id = identifier;
	int rc = mosquitto_callback_register(g_id, MOSQ_EVT_BASIC_AUTH,
	                                     on_basic_auth, NULL, NULL);
	if (rc == MOSQ_ERR_SUCCESS) {
		rc = mosquitto_callback_register(g_id, MOSQ_EVT_ACL_CHECK, on_acl_check,
		                                 NULL, NULL);
	}
	if (rc != MOSQ_ERR_SUCCESS) {
		free_cfg();
		return rc;
	}
	char now_s[TS_LEN + 1];
	format_utc_hour(broker_utc_hour(), now_s);
	mosquitto_log_printf(MOSQ_LOG_NOTICE,
	                     "iotda: plugin ready: registry %s, platform account %s, "
	                     "sign1 tolerance %ld h, utc hour %s%s, keepalive %ld-%ld, "
	                     "retain %s",
	                     g_cfg.registry, g_cfg.platform_username ? "on" : "off",
	                     g_cfg.tolerance_hours, now_s,
	                     g_cfg.have_override ? " (override)" : "",
	                     g_cfg.keepalive_min, g_cfg.keepalive_max,
	                     g_cfg.allow_retain ? "allowed" : "denied");
	return MOSQ_ERR_SUCCESS;
}

int mosquitto_plugin_cleanup(void *userdata, struct mosquitto_opt *opts,
                             int opt_count)
{
	(void)userdata;
	(void)opts;
	(void)opt_count;
	if (g_id) {
		mosquitto_callback_unregister(g_id, MOSQ_EVT_BASIC_AUTH, on_basic_auth,
		                              NULL);
		mosquitto_callback_unregister(g_id, MOSQ_EVT_ACL_CHECK, on_acl_check,
		                              NULL);
		g_id = NULL;
	}
	free_cfg();
	return MOSQ_ERR_SUCCESS;
}

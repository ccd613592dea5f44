/* Peak stack and instructions of every entry point on the emulated Cortex-M4
 * (qemu-system-arm -M mps2-an386 -semihosting -icount shift=0). Bare metal only.
 *
 * Each case is (prepare once, restore before every call, run = one call). Prints
 *   calibration instructions_per_tick_x1000=N
 *   M <case> stack=<bytes> instructions=<n>
 *   done cases=<n>
 *
 * Stack: every word between the stack limit and the current SP is painted with a pattern, the
 * case runs once, and the lowest word no longer holding the pattern gives the depth below the
 * SP the caller had at the call instruction (read just before the call). Locals a function
 * reserves but never writes are not seen; everything it writes is.
 *
 * Instructions: SysTick runs on the processor clock; with -icount shift=0 every instruction
 * advances QEMU's virtual clock by 1 ns, so one 25 MHz tick is 40 instructions (measured below
 * against a loop of known length, not assumed). A case's cost is (ticks of R rounds of
 * restore+call) minus (ticks of R rounds of restore+empty call), times instructions per tick,
 * divided by R: loop, restore and call-site overhead cancel out, and the 1-tick quantisation
 * becomes about 40/R instructions (R rounds are run twice and summed). */
#include "huaweicloud.h"
#include "out.h"
#include "platform.h"
#include "samples.h"

#define PATTERN 0xC5A3E17Bu

static volatile uintptr_t call_sp;
static volatile int32_t result;

#define RUN(expr)                                            \
    do {                                                     \
        uintptr_t sp_;                                       \
        __asm__ volatile("mov %0, sp" : "=r"(sp_));          \
        call_sp = sp_;                                       \
        result = (int32_t)(expr);                            \
    } while (0)

/* ----------------------------------------------------------------------------------------- */
/* Inputs and states. */

#define S(lit) (lit), (sizeof(lit) - 1)

static const char dev[] = "5fbbb784b4ec2202e982e643_868540050954037"; /* 40 chars */
static const char secret32[] = "0123456789abcdef0123456789abcdef";    /* IoTDA secrets are 8-32 chars */
static const char secret128[] =
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
static const char ts[] = "2022010507";
static const char req_id[] = "7a1b5f4c-2e3d-4c5b-9a8f-0e1d2c3b4a59"; /* the platform's 36-char form */
static const char cmd_topic[] =
    "$oc/devices/5fbbb784b4ec2202e982e643_868540050954037/sys/commands/request_id=7a1b5f4c-2e3d-4c5b-9a8f-0e1d2c3b4a59";
static const char event_time_c[] = "20151212T121212Z";
static const char event_time_ms[] = "2020-08-12T12:12:12.333Z";
static const char json_text[] = "T:15c,  H: 85% \"quoted\" \xe5\xaf\x86\xe9\x92\xa5\n";

static char out[512];
static size_t out_len;
static char doc[1024];
static hwc_datetime dt;
static int64_t i64;
static uint8_t mac[32];
static hwc_topic_match match;
static hwc_json_value jv, jk;
static union {
    hwc_command_request command;
    hwc_properties_set_request set;
    hwc_properties_get_request get;
    hwc_service service;
    hwc_message_down message;
    hwc_shadow_response shadow;
    hwc_shadow_entry shadow_entry;
    hwc_shadow_properties shadow_properties;
    hwc_events events;
    hwc_event event;
    hwc_version_query version_query;
    hwc_upgrade upgrade;
    hwc_time_sync_response time_sync;
    hwc_sub_device_notify notify;
    hwc_sub_device_response response;
    hwc_device_info device_info;
    hwc_failed_device failed_device;
    hwc_bootstrap bootstrap;
} decoded;

/* Writer states: w is restored from a template before each call. */
static hwc_json_writer w;
enum {
    W_EMPTY, W_OBJ, W_OBJ_KEY, W_ARR, W_DONE, W_REPORT, W_SERVICE, W_GATEWAY, W_GW_DEVICE, W_CMD, W_CMD_PARAS,
    W_MESSAGE, W_EVENTS, W_EVENT, W_SYSEVENT, W_SUB_ADD, W_SUB_DEL, W_SUB_STATUS, W_SUB_DEL_ITEM, W_COUNT
};
static hwc_json_writer wt[W_COUNT];

static void prepare_writers(void) {
    for (int i = 0; i < W_COUNT; i++) {
        hwc_json_writer_init(&w, doc, sizeof doc);
        switch (i) {
        case W_EMPTY: break;
        case W_OBJ: hwc_json_begin_object(&w); break;
        case W_OBJ_KEY: hwc_json_begin_object(&w); hwc_json_key(&w, S("temperature")); break;
        case W_ARR: hwc_json_begin_array(&w); break;
        case W_DONE:
        case W_REPORT:
        case W_SERVICE:
            hwc_properties_report_begin(&w);
            if (i == W_REPORT) break;
            hwc_service_begin(&w, S("WaterMeterControl"));
            hwc_json_key(&w, S("state"));
            hwc_json_string(&w, S("T:15c,  H: 85% "));
            if (i == W_SERVICE) break;
            hwc_service_end(&w, 0, 0);
            hwc_properties_report_end(&w);
            break;
        case W_GATEWAY: hwc_gateway_report_begin(&w); break;
        case W_GW_DEVICE: hwc_gateway_report_begin(&w); hwc_gateway_device_begin(&w, S("child-1")); break;
        case W_CMD: hwc_command_response_begin(&w, 0, S("COMMAND_RESPONSE")); break;
        case W_CMD_PARAS:
            hwc_command_response_begin(&w, 0, S("COMMAND_RESPONSE"));
            hwc_command_response_paras_begin(&w);
            hwc_json_key(&w, S("result"));
            hwc_json_string(&w, S("success"));
            break;
        case W_MESSAGE: hwc_message_begin(&w, 0, 0, 0, 0, S("id-1")); hwc_json_string(&w, S("hello!")); break;
        case W_EVENTS: hwc_events_begin(&w, 0, 0); break;
        case W_EVENT: hwc_events_begin(&w, 0, 0); hwc_event_begin(&w, S("$ota"), S("version_report"), 0, 0, 0, 0); break;
        case W_SYSEVENT: hwc_system_event_begin(&w, HWC_EVENT_KIND_OTA_VERSION_REPORT, 0, 0, 0, 0); break;
        case W_SUB_ADD: hwc_sub_devices_begin(&w, HWC_EVENT_KIND_ADD_SUB_DEVICE_REQUEST, 0, 0, 0, 0); break;
        case W_SUB_DEL:
        case W_SUB_DEL_ITEM:
            hwc_sub_devices_begin(&w, HWC_EVENT_KIND_DELETE_SUB_DEVICE_REQUEST, 0, 0, 0, 0);
            if (i == W_SUB_DEL_ITEM) hwc_sub_device_delete_item(&w, S("dev1"));
            break;
        case W_SUB_STATUS: hwc_sub_devices_begin(&w, HWC_EVENT_KIND_SUB_DEVICE_UPDATE_STATUS, 0, 0, 0, 0); break;
        }
        wt[i] = w;
    }
}

/* Reader states. */
static hwc_json_reader r;
enum { R_TOKEN, R_ARRAY, R_OBJECT, R_COUNT };
static hwc_json_reader rt[R_COUNT];
static const char arr[] = "[1, \"two\", {\"3\":[4],\"x\":\"\\u00e9\"}, [5,[6]], null]";

static void prepare_readers(void) {
    hwc_json_reader_init(&r, S(sample));
    for (int i = 0; i < 8; i++) hwc_json_next_token(&r, &jv); /* next: the escaped string */
    rt[R_TOKEN] = r;
    hwc_json_reader_open(&r, S(arr), HWC_JSON_KIND_ARRAY);
    hwc_json_next_value(&r, &jv);
    hwc_json_next_value(&r, &jv); /* next: the object */
    rt[R_ARRAY] = r;
    hwc_json_reader_open(&r, S(sample), HWC_JSON_KIND_OBJECT); /* next: "a" and its array */
    rt[R_OBJECT] = r;
}

static hwc_json_value escaped, key_ka, big_negative;

static void prepare(void) {
    prepare_writers();
    prepare_readers();
    hwc_json_get(S(sample), S("k\\u0041"), &key_ka);
    hwc_json_reader_open(&r, S(sample), HWC_JSON_KIND_OBJECT);
    hwc_json_next_member(&r, &jk, &jv);
    hwc_json_reader_open(&r, jv.ptr, jv.len, HWC_JSON_KIND_ARRAY);
    for (int i = 0; i < 6; i++) hwc_json_next_value(&r, &escaped);
    hwc_json_get(S(sample), S("f"), &big_negative);
    hwc_json_reader_open(&r, S(sample), HWC_JSON_KIND_OBJECT);
    while (hwc_json_next_member(&r, &jk, &jv) == 0) {
        if (hwc_json_equals(&jk, S("kA"))) key_ka = jk;
    }
    for (int i = 0; i < 32; i++) mac[i] = (uint8_t)(i * 37 + 11);
    hwc_datetime_from_unix(1709251199, 999, &dt);
}

/* ----------------------------------------------------------------------------------------- */
/* The cases: one per exported function (the names must be the function names; the report checks
 * that every function of the header has a row), plus a few informational variants. */

typedef struct {
    const char *name;
    int restore; /* -1: none, else a writer (0..W_COUNT-1) or 100 + a reader template */
    void (*run)(void);
    int reps;
} mcase;

#define W(state) (state)
#define R(state) (100 + (state))
#define NONE (-1)

#define VARIANT(id, label, restore, reps, expr) static void run_##id(void) { RUN(expr); }
#define CASE(fn, restore, reps, expr) VARIANT(fn, #fn, restore, reps, expr)
#define DECODER(fn, payload, field) CASE(fn, NONE, 32, fn(payload, sizeof(payload) - 1, &decoded.field))
#include "measure_cases.h"
#undef VARIANT

static void run_empty(void) { RUN(0); }

static const mcase cases[] = {
#define VARIANT(id, label, restore, reps, expr) {label, restore, run_##id, reps},
#include "measure_cases.h"
#undef VARIANT
};

static void restore(int which) {
    if (which < 0) return;
    if (which >= 100)
        r = rt[which - 100];
    else
        w = wt[which];
}

/* ----------------------------------------------------------------------------------------- */
/* Measurement. */

static void spin(uint32_t n) {
    __asm__ volatile("1: subs %0, %0, #1\n\tbne 1b" : "+r"(n)::"cc");
}

static uint32_t elapsed(uint32_t t0, uint32_t t1) { return (t0 - t1) & 0x00FFFFFFu; }

static uint32_t per_tick_x1000;

static void calibrate(void) {
    /* spin(n) runs 2n instructions plus a constant; the difference of two lengths cancels it. */
    uint32_t t0 = plat_ticks();
    spin(100000);
    uint32_t t1 = plat_ticks();
    spin(300000);
    uint32_t t2 = plat_ticks();
    uint32_t a = elapsed(t0, t1), b = elapsed(t1, t2);
    per_tick_x1000 = (uint32_t)((400000ull * 1000u) / (b - a));
    out_str("calibration instructions_per_tick_x1000=");
    out_u64(per_tick_x1000);
    out_str(" ticks_200k=");
    out_u64(a);
    out_str(" ticks_600k=");
    out_u64(b);
    out_nl();
}

__attribute__((noinline)) static uint32_t ticks_of(const mcase *c, void (*run)(void)) {
    uint32_t t0 = plat_ticks();
    for (int i = 0; i < c->reps; i++) {
        restore(c->restore);
        run();
    }
    return elapsed(t0, plat_ticks());
}

__attribute__((noinline)) static uint32_t stack_of(const mcase *c) {
    restore(c->restore);
    uintptr_t sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    uint32_t *lo = (uint32_t *)plat_stack_limit();
    uint32_t *hi = (uint32_t *)(sp & ~(uintptr_t)3); /* nothing below SP is live: no interrupts */
    for (volatile uint32_t *p = lo; p < hi; p++) *p = PATTERN;
    c->run();
    uint32_t *p = lo;
    while (p < hi && *p == PATTERN) p++;
    if (p == lo) {
        out_str("FATAL stack overflowed the painted area in ");
        out_str(c->name);
        out_nl();
        plat_exit(4);
    }
    return call_sp > (uintptr_t)p ? (uint32_t)(call_sp - (uintptr_t)p) : 0;
}

int main(void) {
    plat_ticks_start();
    calibrate();
    prepare();
    int n = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const mcase *c = &cases[i];
        uint32_t stack = stack_of(c);
        int32_t rc = result;
        /* Two rounds of each, summed: halves the tick quantisation again. */
        uint32_t with = ticks_of(c, c->run) + ticks_of(c, c->run);
        uint32_t without = ticks_of(c, run_empty) + ticks_of(c, run_empty);
        uint64_t rounds = 2u * (uint64_t)c->reps;
        uint64_t delta = with > without ? with - without : 0;
        uint64_t instr = (delta * per_tick_x1000 + rounds * 500u) / (rounds * 1000u);
        out_str("M ");
        out_str(c->name);
        out_str(" stack=");
        out_u64(stack);
        out_str(" instructions=");
        out_u64(instr);
        out_str(" rc=");
        out_i64(rc);
        out_nl();
        n++;
    }
    out_str("done cases=");
    out_i64(n);
    out_nl();
    return 0;
}

/* Size entry (b): what the classic QuecPython Huawei Cloud script does (connect credentials,
 * one properties report, answer one command). Linked, never run (`make size`). */
#include "huaweicloud.h"

static char client_id[HWC_CLIENT_ID_MAX_LEN + 1], password[HWC_PASSWORD_LEN + 1];
static char report_topic[HWC_TOPIC_MAX_LEN + 1], command_filter[HWC_TOPIC_MAX_LEN + 1];
static char response_topic[HWC_TOPIC_MAX_LEN + 1], payload[512];
static size_t len;
static hwc_json_writer w;
static hwc_topic_match match;
static hwc_command_request command;

int main(void) {
    static const char *volatile device_id = "5fbbb784b4ec2202e982e643_868540050954037";
    static const char *volatile secret = "ac4263b86eaf6442997a";
    static const char *volatile ts = "2022010507";
    static const char *volatile topic = "$oc/devices/d/sys/commands/request_id=1";
    static const char *volatile body = "{\"paras\":{}}";
    static const char *volatile number = "-12.5";
    int r = 0;
    /* CONNECT */
    r |= hwc_client_id(device_id, 40, ts, 10, HWC_SIGN_TYPE_NO_TIME_CHECK, client_id, sizeof client_id, &len);
    r |= hwc_password(secret, 20, ts, 10, password, sizeof password, &len);
    /* SUBSCRIBE to commands, PUBLISH a report */
    r |= hwc_subscription(HWC_TOPIC_KIND_COMMAND_REQUEST, device_id, 40, command_filter, sizeof command_filter, &len);
    r |= hwc_topic(HWC_TOPIC_KIND_PROPERTIES_REPORT, device_id, 40, 0, 0, report_topic, sizeof report_topic, &len);
    r |= hwc_json_writer_init(&w, payload, sizeof payload);
    r |= hwc_properties_report_begin(&w);
    r |= hwc_service_begin(&w, "WaterMeterControl", 17);
    r |= hwc_json_key(&w, "state", 5);
    r |= hwc_json_string(&w, "T:15c,  H: 85% ", 15);
    r |= hwc_json_key(&w, "count", 5);
    r |= hwc_json_int(&w, 42);
    r |= hwc_json_key(&w, "level", 5);
    r |= hwc_json_number(&w, number, 5);
    r |= hwc_service_end(&w, 0, 0);
    r |= hwc_properties_report_end(&w);
    r |= hwc_json_finish(&w, &len);
    /* A command arrives: recognise it, decode it, answer it */
    r |= hwc_parse_topic(topic, 39, &match);
    r |= hwc_decode_command_request(body, 12, &command);
    r |= hwc_response_topic(topic, 39, response_topic, sizeof response_topic, &len);
    r |= hwc_json_writer_init(&w, payload, sizeof payload);
    r |= hwc_command_response_begin(&w, 0, "COMMAND_RESPONSE", 16);
    r |= hwc_command_response_end(&w);
    r |= hwc_json_finish(&w, &len);
    return r;
}

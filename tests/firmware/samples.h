/* Sample payloads shared by vectors.c and measure.c (IoTDA documentation examples, see
 * iotda-protocol.md section 3). */
#ifndef HWC_FW_SAMPLES_H
#define HWC_FW_SAMPLES_H

#define UNUSED __attribute__((unused))

static const char cmd[] UNUSED =
    "{\"object_device_id\":\"child\",\"command_name\":\"ON_OFF\",\"service_id\":\"WaterMeter\",\"paras\":{\"value\":\"1\"}}";
static const char set_req[] UNUSED =
    "{\"object_device_id\":\"dev\",\"services\":[{\"service_id\":\"Temperature\",\"properties\":{\"value\":57}}]}";
static const char get_req[] UNUSED = "{\"object_device_id\":\"dev\",\"service_id\":\"Temperature\"}";
static const char service[] UNUSED =
    "{\"service_id\":\"Temperature\",\"properties\":{\"value\":57,\"value2\":60},\"event_time\":\"20151212T121212Z\"}";
static const char msg_sys[] UNUSED = "{\"object_device_id\":\"x\",\"name\":null,\"id\":\"aca6a906\",\"content\":\"hello!\"}";
static const char msg_obj[] UNUSED = "{\"content\":{\"a\":1}}";
static const char msg_raw[] UNUSED = "{\"foo\":1}";
static const char msg_text[] UNUSED = "hello!";
static const char shadow[] UNUSED =
    "{\"object_device_id\":\"d\",\"shadow\":[{\"service_id\":\"WaterMeter\",\"desired\":{\"properties\":{\"temperature\":"
    "\"60\"},\"event_time\":\"20151212T121212Z\"},\"reported\":{\"properties\":{\"temperature\":\"60\"},\"event_time\":"
    "\"20151212T121212Z\"},\"version\":1}]}";
static const char shadow_entry[] UNUSED =
    "{\"service_id\":\"WaterMeter\",\"desired\":{\"properties\":{\"t\":\"60\"},\"event_time\":\"20151212T121212Z\"},"
    "\"version\":3}";
static const char shadow_props[] UNUSED = "{\"properties\":{\"t\":\"60\"},\"event_time\":\"20151212T121212Z\"}";
static const char events_doc[] UNUSED =
    "{\"object_device_id\":\"d\",\"services\":[{\"service_id\":\"$ota\",\"event_type\":\"version_query\","
    "\"event_time\":\"20151212T121212Z\",\"event_id\":\"40cc9ab1\",\"paras\":{}}]}";
static const char *const event_docs[] UNUSED = {
    "{\"service_id\":\"$ota\",\"event_type\":\"version_query\",\"paras\":{}}",
    "{\"service_id\":\"$ota\",\"event_type\":\"firmware_upgrade\",\"event_time\":\"20151212T121212Z\",\"paras\":{}}",
    "{\"service_id\":\"$ota\",\"event_type\":\"software_upgrade_v2\",\"paras\":{}}",
    "{\"service_id\":\"$time_sync\",\"event_type\":\"time_sync_response\",\"paras\":{}}",
    "{\"service_id\":\"$sub_device_manager\",\"event_type\":\"add_sub_device_notify\",\"paras\":{}}",
    "{\"service_id\":\"$sub_device_manager\",\"event_type\":\"delete_sub_device_response\",\"paras\":{}}",
    "{\"service_id\":\"$log\",\"event_type\":\"log_config\",\"paras\":{\"switch\":\"on\"}}",
    "{\"event_type\":\"version_query\",\"paras\":{}}",
};
static const char version_query[] UNUSED = "{\"task_id\":\"t1\",\"sub_device_count\":2,\"task_ext_info\":{\"k\":\"v\"}}";
static const char upgrade[] UNUSED =
    "{\"version\":\"v1.2\",\"url\":\"https://10.1.1.1:8943/iodm/inner/v1.3.0/firmwarefiles/x\",\"file_size\":81920,"
    "\"file_name\":\"fw.bin\",\"access_token\":\"tok\",\"expires\":86400,\"sign\":"
    "\"3a2d6a9f0f3c4b1f9d5e7c8b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f\",\"custom_info\":\"ci\","
    "\"task_id\":\"t\",\"sub_device_count\":1,\"task_ext_info\":{}}";
static const char time_sync[] UNUSED =
    "{\"device_send_time\":1582685678789,\"server_recv_time\":1582685696152,\"server_send_time\":1582685708109}";
static const char notify[] UNUSED =
    "{\"devices\":[{\"parent_device_id\":\"gw\",\"node_id\":\"n1\",\"device_id\":\"d1\",\"status\":\"ONLINE\"}],"
    "\"version\":1618211651946}";
static const char sub_response[] UNUSED =
    "{\"successful_devices\":[{\"device_id\":\"d1\",\"status\":\"ONLINE\"}],\"failed_devices\":[{\"device_id\":\"d2\","
    "\"error_code\":\"E1\",\"error_msg\":\"no\"}]}";
static const char device_info[] UNUSED =
    "{\"parent_device_id\":\"gw\",\"node_id\":\"n1\",\"device_id\":\"d1\",\"name\":\"nm\",\"description\":\"ds\","
    "\"manufacturer_id\":\"m\",\"model\":\"md\",\"product_id\":\"p\",\"fw_version\":\"f\",\"sw_version\":\"s\","
    "\"status\":\"ONLINE\",\"extension_info\":{\"x\":1}}";
static const char failed_device[] UNUSED =
    "{\"device_id\":\"d2\",\"node_id\":\"n2\",\"product_id\":\"p\",\"error_code\":\"E1\",\"error_msg\":\"no\"}";
static const char bootstrap[] UNUSED = "{\"address\":\"iot-mqtts.cn-north-4.myhuaweicloud.com:8883\",\"deviceSecret\":\"s3cr3t\"}";

static const char sample[] UNUSED =
    "{\"a\":[1,-2.5e3,true,false,null,\"s\\u00e9\\n\\\"q\\ud83d\\ude00\"],\"b\":{\"c\":{}},\"d\":[],"
    " \"e\" : 9223372036854775807, \"f\":-9223372036854775808, \"g\":9223372036854775808, \"h\":1.0,"
    " \"k\\u0041\":\"x\", \"a\":\"last\"}";

#endif

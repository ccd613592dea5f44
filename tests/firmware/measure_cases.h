/* The measured calls of measure.c (an X-macro list, included twice). One CASE per exported
 * function, named exactly like it; VARIANTs are extra, informational rows.
 *   CASE(function, state restored before each call, rounds, the call)
 *   VARIANT(identifier, "label", state, rounds, the call)
 *   DECODER(function, sample payload, member of `decoded`)
 * Inputs are representative of a real device (40-character device id, 32-character secret,
 * 36-character request ids, documentation payloads), not minimal. */

/* Results, time, credentials. */
CASE(hwc_result_text, NONE, 64, (intptr_t)hwc_result_text(HWC_RESULT_INVALID_REQUEST_ID) != 0)
CASE(hwc_datetime_from_unix, NONE, 64, hwc_datetime_from_unix(1709251199, 999, &dt))
CASE(hwc_datetime_to_unix, NONE, 64, hwc_datetime_to_unix(&dt, &i64))
CASE(hwc_timestamp, NONE, 64, hwc_timestamp(1709251199, out, sizeof out, &out_len))
CASE(hwc_timestamp_from_datetime, NONE, 64, hwc_timestamp_from_datetime(&dt, out, sizeof out, &out_len))
CASE(hwc_event_time, NONE, 64, hwc_event_time(&dt, HWC_EVENT_TIME_FORMAT_MILLIS, out, sizeof out, &out_len))
CASE(hwc_check_timestamp, NONE, 64, hwc_check_timestamp(S("2024022923")))
CASE(hwc_check_event_time, NONE, 64, hwc_check_event_time(S(event_time_ms)))
CASE(hwc_check_device_id, NONE, 64, hwc_check_device_id(S(dev)))
CASE(hwc_client_id, NONE, 64, hwc_client_id(S(dev), S(ts), HWC_SIGN_TYPE_NO_TIME_CHECK, out, sizeof out, &out_len))
CASE(hwc_password, NONE, 8, hwc_password(S(secret32), S(ts), out, sizeof out, &out_len))
VARIANT(password_short, "hwc_password[secret=8B]", NONE, 8, hwc_password(S("12345678"), S(ts), out, sizeof out, &out_len))
VARIANT(password_max, "hwc_password[secret=128B]", NONE, 8, hwc_password(S(secret128), S(ts), out, sizeof out, &out_len))
CASE(hwc_password_from_mac, NONE, 64, hwc_password_from_mac(mac, out, sizeof out, &out_len))
CASE(hwc_check_keepalive, NONE, 64, hwc_check_keepalive(120))
CASE(hwc_backoff_ms, NONE, 64, hwc_backoff_ms(5, 12345))
CASE(hwc_time_sync_now, NONE, 64,
     hwc_time_sync_now(1582685678789LL, 1582685696152LL, 1582685708109LL, 1582685680000LL, &i64))

/* Topics. */
CASE(hwc_topic, NONE, 64,
     hwc_topic(HWC_TOPIC_KIND_COMMAND_RESPONSE, S(dev), S(req_id), out, sizeof out, &out_len))
VARIANT(topic_report, "hwc_topic[properties/report]", NONE, 64,
        hwc_topic(HWC_TOPIC_KIND_PROPERTIES_REPORT, S(dev), 0, 0, out, sizeof out, &out_len))
CASE(hwc_subscription, NONE, 64, hwc_subscription(HWC_TOPIC_KIND_COMMAND_REQUEST, S(dev), out, sizeof out, &out_len))
CASE(hwc_device_subscription_count, NONE, 64, hwc_device_subscription_count())
CASE(hwc_device_subscription, NONE, 64, hwc_device_subscription(2))
CASE(hwc_parse_topic, NONE, 64, hwc_parse_topic(S(cmd_topic), &match))
CASE(hwc_response_topic, NONE, 64, hwc_response_topic(S(cmd_topic), out, sizeof out, &out_len))

/* JSON writer. */
CASE(hwc_json_writer_init, NONE, 64, hwc_json_writer_init(&w, doc, sizeof doc))
CASE(hwc_json_finish, W(W_DONE), 64, hwc_json_finish(&w, &out_len))
CASE(hwc_json_begin_object, W(W_EMPTY), 64, hwc_json_begin_object(&w))
CASE(hwc_json_end_object, W(W_OBJ), 64, hwc_json_end_object(&w))
CASE(hwc_json_begin_array, W(W_EMPTY), 64, hwc_json_begin_array(&w))
CASE(hwc_json_end_array, W(W_ARR), 64, hwc_json_end_array(&w))
CASE(hwc_json_key, W(W_OBJ), 64, hwc_json_key(&w, S("temperature")))
CASE(hwc_json_string, W(W_OBJ_KEY), 64, hwc_json_string(&w, S(json_text)))
CASE(hwc_json_int, W(W_OBJ_KEY), 64, hwc_json_int(&w, -1234567890123LL))
VARIANT(json_int_small, "hwc_json_int[57]", W(W_OBJ_KEY), 64, hwc_json_int(&w, 57))
CASE(hwc_json_uint, W(W_OBJ_KEY), 64, hwc_json_uint(&w, 0xFFFFFFFFFFFFFFFFULL))
CASE(hwc_json_number, W(W_OBJ_KEY), 64, hwc_json_number(&w, S("-12.5e-3")))
CASE(hwc_json_decimal, W(W_OBJ_KEY), 64, hwc_json_decimal(&w, -123456789012345LL, 6))
CASE(hwc_json_bool, W(W_OBJ_KEY), 64, hwc_json_bool(&w, 1))
CASE(hwc_json_null, W(W_OBJ_KEY), 64, hwc_json_null(&w))

/* Uplink payloads. */
CASE(hwc_properties_report_begin, W(W_EMPTY), 64, hwc_properties_report_begin(&w))
CASE(hwc_properties_report_end, W(W_REPORT), 64, hwc_properties_report_end(&w))
CASE(hwc_service_begin, W(W_REPORT), 64, hwc_service_begin(&w, S("WaterMeterControl")))
CASE(hwc_service_end, W(W_SERVICE), 64, hwc_service_end(&w, S(event_time_c)))
CASE(hwc_gateway_report_begin, W(W_EMPTY), 64, hwc_gateway_report_begin(&w))
CASE(hwc_gateway_report_end, W(W_GATEWAY), 64, hwc_gateway_report_end(&w))
CASE(hwc_gateway_device_begin, W(W_GATEWAY), 64, hwc_gateway_device_begin(&w, S(dev)))
CASE(hwc_gateway_device_end, W(W_GW_DEVICE), 64, hwc_gateway_device_end(&w))
CASE(hwc_properties_set_response, W(W_EMPTY), 64, hwc_properties_set_response(&w, 0, S("success")))
CASE(hwc_command_response_begin, W(W_EMPTY), 64, hwc_command_response_begin(&w, 0, S("COMMAND_RESPONSE")))
CASE(hwc_command_response_paras_begin, W(W_CMD), 64, hwc_command_response_paras_begin(&w))
CASE(hwc_command_response_paras_end, W(W_CMD_PARAS), 64, hwc_command_response_paras_end(&w))
CASE(hwc_command_response_end, W(W_CMD), 64, hwc_command_response_end(&w))
CASE(hwc_message_begin, W(W_EMPTY), 64, hwc_message_begin(&w, S("child"), S("name"), S(req_id)))
CASE(hwc_message_end, W(W_MESSAGE), 64, hwc_message_end(&w))
CASE(hwc_shadow_get_request, W(W_EMPTY), 64, hwc_shadow_get_request(&w, S(dev), S("WaterMeter")))
CASE(hwc_events_begin, W(W_EMPTY), 64, hwc_events_begin(&w, S("child")))
CASE(hwc_events_end, W(W_EVENTS), 64, hwc_events_end(&w))
CASE(hwc_event_begin, W(W_EVENTS), 64,
     hwc_event_begin(&w, S("$ota"), S("version_report"), S(event_time_c), S(req_id)))
CASE(hwc_event_end, W(W_EVENT), 64, hwc_event_end(&w))
CASE(hwc_system_event_begin, W(W_EMPTY), 64,
     hwc_system_event_begin(&w, HWC_EVENT_KIND_OTA_VERSION_REPORT, S(event_time_c), S(req_id)))
CASE(hwc_system_event_end, W(W_SYSEVENT), 64, hwc_system_event_end(&w))
CASE(hwc_ota_version_report, W(W_EMPTY), 64, hwc_ota_version_report(&w, S("v1.0.3"), S("fw-2.1"), S(event_time_c)))
CASE(hwc_ota_progress_report, W(W_EMPTY), 64,
     hwc_ota_progress_report(&w, 0, 55, S("v1.0.3"), S("downloading"), S(event_time_c)))
CASE(hwc_time_sync_request, W(W_EMPTY), 64, hwc_time_sync_request(&w, 1582685678789LL, S(event_time_c)))
CASE(hwc_sdk_info_report, W(W_EMPTY), 64,
     hwc_sdk_info_report(&w, S("C_v0.5.0"), S("v1.0.3"), S("fw-2.1"), S("10.0.0.1"), S(event_time_c)))
CASE(hwc_sub_device_sync_request, W(W_EMPTY), 64, hwc_sub_device_sync_request(&w, 1618211651946LL, S(event_time_c)))
CASE(hwc_sub_devices_begin, W(W_EMPTY), 64,
     hwc_sub_devices_begin(&w, HWC_EVENT_KIND_ADD_SUB_DEVICE_REQUEST, S(event_time_c), S(req_id)))
CASE(hwc_sub_devices_end, W(W_SUB_DEL_ITEM), 64, hwc_sub_devices_end(&w))
CASE(hwc_sub_device_add_item, W(W_SUB_ADD), 64,
     hwc_sub_device_add_item(&w, S("node-1"), S("5fbbb784b4ec2202e982e643"), S(dev), S("meter"), S("water meter"), S(dev)))
CASE(hwc_sub_device_delete_item, W(W_SUB_DEL), 64, hwc_sub_device_delete_item(&w, S(dev)))
CASE(hwc_sub_device_status_item, W(W_SUB_STATUS), 64, hwc_sub_device_status_item(&w, S(dev), 1))

/* JSON reader. */
CASE(hwc_json_reader_init, NONE, 64, hwc_json_reader_init(&r, S(sample)))
CASE(hwc_json_reader_open, NONE, 64, hwc_json_reader_open(&r, S(sample), HWC_JSON_KIND_OBJECT))
CASE(hwc_json_next_token, R(R_TOKEN), 64, hwc_json_next_token(&r, &jv))
CASE(hwc_json_next_value, R(R_ARRAY), 64, hwc_json_next_value(&r, &jv))
CASE(hwc_json_next_member, R(R_OBJECT), 64, hwc_json_next_member(&r, &jk, &jv))
CASE(hwc_json_get, NONE, 16, hwc_json_get(S(sample), S("e"), &jv))
CASE(hwc_json_unescape, NONE, 64, hwc_json_unescape(&escaped, out, sizeof out, &out_len))
CASE(hwc_json_equals, NONE, 64, hwc_json_equals(&key_ka, S("kA")))
CASE(hwc_json_to_i64, NONE, 64, hwc_json_to_i64(&big_negative, &i64))

/* Downlink decoders, on the documentation's sample payloads (samples.h). */
DECODER(hwc_decode_command_request, cmd, command)
DECODER(hwc_decode_properties_set_request, set_req, set)
DECODER(hwc_decode_properties_get_request, get_req, get)
DECODER(hwc_decode_service, service, service)
DECODER(hwc_decode_message_down, msg_sys, message)
DECODER(hwc_decode_shadow_response, shadow, shadow)
DECODER(hwc_decode_shadow_entry, shadow_entry, shadow_entry)
DECODER(hwc_decode_shadow_properties, shadow_props, shadow_properties)
DECODER(hwc_decode_events, events_doc, events)
CASE(hwc_decode_event, NONE, 32, hwc_decode_event(event_docs[1], cstrlen(event_docs[1]), &decoded.event))
DECODER(hwc_decode_version_query, version_query, version_query)
DECODER(hwc_decode_upgrade, upgrade, upgrade)
DECODER(hwc_decode_time_sync_response, time_sync, time_sync)
DECODER(hwc_decode_sub_device_notify, notify, notify)
DECODER(hwc_decode_sub_device_response, sub_response, response)
DECODER(hwc_decode_device_info, device_info, device_info)
DECODER(hwc_decode_failed_device, failed_device, failed_device)
DECODER(hwc_decode_bootstrap, bootstrap, bootstrap)

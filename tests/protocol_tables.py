"""IoTDA facts the Python test oracles share, written from the protocol reference
(shared/docs/iotda-protocol.md §4), never from the library: the system events per
`hwc_event_kind` name (values come from the header)."""

EVENTS = {  # hwc_event_kind name -> (service_id, event_type)
    "OTA_VERSION_QUERY": ("$ota", "version_query"),
    "OTA_VERSION_REPORT": ("$ota", "version_report"),
    "OTA_FIRMWARE_UPGRADE": ("$ota", "firmware_upgrade"),
    "OTA_SOFTWARE_UPGRADE": ("$ota", "software_upgrade"),
    "OTA_FIRMWARE_UPGRADE_V2": ("$ota", "firmware_upgrade_v2"),
    "OTA_SOFTWARE_UPGRADE_V2": ("$ota", "software_upgrade_v2"),
    "OTA_UPGRADE_PROGRESS_REPORT": ("$ota", "upgrade_progress_report"),
    "TIME_SYNC_REQUEST": ("$time_sync", "time_sync_request"),
    "TIME_SYNC_RESPONSE": ("$time_sync", "time_sync_response"),
    "SDK_INFO_REPORT": ("$sdk_info", "sdk_info_report"),
    "ADD_SUB_DEVICE_NOTIFY": ("$sub_device_manager", "add_sub_device_notify"),
    "DELETE_SUB_DEVICE_NOTIFY": ("$sub_device_manager", "delete_sub_device_notify"),
    "SUB_DEVICE_UPDATE_STATUS": ("$sub_device_manager", "sub_device_update_status"),
    "SUB_DEVICE_UPDATE_STATUS_RESPONSE": ("$sub_device_manager", "sub_device_update_status_response"),
    "ADD_SUB_DEVICE_REQUEST": ("$sub_device_manager", "add_sub_device_request"),
    "ADD_SUB_DEVICE_RESPONSE": ("$sub_device_manager", "add_sub_device_response"),
    "DELETE_SUB_DEVICE_REQUEST": ("$sub_device_manager", "delete_sub_device_request"),
    "DELETE_SUB_DEVICE_RESPONSE": ("$sub_device_manager", "delete_sub_device_response"),
    "SUB_DEVICE_SYNC_REQUEST": ("$sub_device_manager", "sub_device_sync_request"),
}

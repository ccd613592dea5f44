//! The message encoders ignore the results of all but their last writer call (see
//! `message/mod.rs`), which is exact only while the writer's errors are sticky: once a writer has
//! failed, every writer call and every encoder must return that first error and write nothing.

use huaweicloud::error::Status;
use huaweicloud::json::writer::JsonWriter;
use huaweicloud::message::events::{self, EventKind, NewSubDevice};
use huaweicloud::message::{command, messages, properties, shadow};

type Call = fn(&mut JsonWriter) -> Result<(), Status>;

const TIME: &[u8] = b"20151212T121212Z";

/// Every writer operation and encoder, with valid arguments (the two calls that fail by design,
/// `reject` and `check_with(Err)`, must still return the error recorded before them).
const CALLS: &[(&str, Call)] = &[
    ("key", |w| w.key(b"k")),
    ("string", |w| w.string(b"s")),
    ("number_text", |w| w.number_text(b"1.5")),
    ("int", |w| w.int(-3)),
    ("uint", |w| w.uint(3)),
    ("decimal", |w| w.decimal(2345, 2)),
    ("bool", |w| w.bool(true)),
    ("null", |w| w.null()),
    ("begin_object", |w| w.begin_object()),
    ("begin_array", |w| w.begin_array()),
    ("end_object", |w| w.end_object()),
    ("end_array", |w| w.end_array()),
    ("string_field", |w| w.string_field(b"k", b"v")),
    ("optional_string_field Some", |w| w.optional_string_field(b"k", Some(b"v"))),
    ("optional_string_field None", |w| w.optional_string_field(b"k", None)),
    ("int_field", |w| w.int_field(b"k", 1)),
    ("check_with Ok", |w| w.check_with(Ok(()))),
    ("check_with Err", |w| w.check_with(Err(Status::InvalidArgument))),
    ("reject", |w| w.reject(Status::InvalidArgument)),
    ("properties::report_begin", properties::report_begin),
    ("properties::report_end", properties::report_end),
    ("properties::service_begin", |w| properties::service_begin(w, b"svc")),
    ("properties::service_end", |w| properties::service_end(w, Some(TIME))),
    ("properties::gateway_report_begin", properties::gateway_report_begin),
    ("properties::gateway_device_begin", |w| properties::gateway_device_begin(w, b"dev_1")),
    ("properties::gateway_device_end", properties::gateway_device_end),
    ("properties::gateway_report_end", properties::gateway_report_end),
    ("properties::set_response", |w| properties::set_response(w, 0, Some(b"ok"))),
    ("command::response_begin", |w| command::response_begin(w, 0, Some(b"r"))),
    ("command::response_begin None", |w| command::response_begin(w, 0, None)),
    ("command::paras_begin", command::paras_begin),
    ("command::paras_end", command::paras_end),
    ("command::response_end", command::response_end),
    ("messages::message_begin", |w| messages::message_begin(w, Some(b"d"), Some(b"n"), Some(b"i"))),
    ("messages::message_end", messages::message_end),
    ("shadow::get_request", |w| shadow::get_request(w, Some(b"d"), Some(b"s"))),
    ("events::begin", |w| events::begin(w, Some(b"d"))),
    ("events::end", events::end),
    ("events::event_begin", |w| events::event_begin(w, b"svc", b"type", Some(TIME), Some(b"e"))),
    ("events::event_end", events::event_end),
    ("events::system_begin", |w| events::system_begin(w, EventKind::OtaVersionQuery, Some(TIME), Some(b"e"))),
    ("events::system_end", events::system_end),
    ("events::ota_version_report", |w| events::ota_version_report(w, Some(b"1"), Some(b"2"), Some(TIME))),
    ("events::ota_progress_report", |w| events::ota_progress_report(w, 0, Some(50), b"v1", Some(b"d"), Some(TIME))),
    ("events::time_sync_request", |w| events::time_sync_request(w, 1, Some(TIME))),
    ("events::sdk_info_report", |w| events::sdk_info_report(w, Some(b"a"), Some(b"b"), Some(b"c"), Some(b"d"), Some(TIME))),
    ("events::sub_device_sync_request", |w| events::sub_device_sync_request(w, 1, Some(TIME))),
    ("events::sub_devices_begin", |w| events::sub_devices_begin(w, EventKind::AddSubDeviceRequest, Some(TIME), None)),
    ("events::sub_devices_end", events::sub_devices_end),
    ("events::sub_device_add_item", |w| {
        let device = NewSubDevice {
            node_id: b"n",
            product_id: b"p",
            device_id: Some(b"d"),
            name: Some(b"m"),
            description: Some(b"x"),
            parent_device_id: Some(b"q"),
        };
        events::sub_device_add_item(w, &device)
    }),
    ("events::sub_device_delete_item", |w| events::sub_device_delete_item(w, b"dev_1")),
    ("events::sub_device_status_item", |w| events::sub_device_status_item(w, b"dev_1", true)),
];

/// Ways to make a writer fail, each in a different state (top level, inside an object, after a
/// key, inside an array), with the status each must record.
fn failed_writers(buf: &mut [u8]) -> Vec<(JsonWriter<'_>, Status)> {
    let setups: [(Call, Status); 4] = [
        (|w| w.key(b"k"), Status::JsonState),
        (|w| w.begin_object().and_then(|_| w.string(b"no key")), Status::JsonState),
        (|w| w.begin_object().and_then(|_| w.key(b"k")).and_then(|_| w.string(b"\xff")), Status::InvalidUtf8),
        (|w| w.begin_array().and_then(|_| w.reject(Status::InvalidEventTime)), Status::InvalidEventTime),
    ];
    let len = buf.len() / setups.len();
    buf.chunks_mut(len)
        .zip(setups)
        .map(|(chunk, (setup, status))| {
            let mut w = JsonWriter::new(chunk);
            assert_eq!(setup(&mut w), Err(status));
            (w, status)
        })
        .collect()
}

#[test]
fn every_call_after_a_failure_returns_it_and_writes_nothing() {
    for (name, call) in CALLS {
        let mut buf = vec![0u8; 4 * 256];
        for (mut w, status) in failed_writers(&mut buf) {
            let len = w.len();
            assert_eq!(call(&mut w), Err(status), "{name} after {status:?}");
            assert_eq!(w.len(), len, "{name} wrote after {status:?}");
            assert_eq!(w.finish(), Err(status), "{name}: finish after {status:?}");
        }
    }
}

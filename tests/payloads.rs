//! Encoders against the protocol's example documents (compared as parsed JSON with serde_json),
//! and decoders on those examples.

use huaweicloud::error::Status;
use huaweicloud::json::reader::Kind;
use huaweicloud::json::writer::JsonWriter;
use huaweicloud::message::events::{self, EventKind, NewSubDevice};
use huaweicloud::message::{command, messages, properties, shadow};
use serde_json::{json, Value};

fn encode(write: impl FnOnce(&mut JsonWriter) -> Result<(), Status>) -> Result<Value, Status> {
    let mut buf = vec![0u8; 4096];
    let mut w = JsonWriter::new(&mut buf);
    write(&mut w)?;
    let len = w.finish()?;
    Ok(serde_json::from_slice(&buf[..len]).expect("our output is JSON"))
}

#[test]
fn properties_report_with_two_services() {
    let doc = encode(|w| {
        properties::report_begin(w)?;
        properties::service_begin(w, b"Temperature")?;
        w.key(b"value")?;
        w.int(57)?;
        w.key(b"value2")?;
        w.int(60)?;
        properties::service_end(w, Some(b"20151212T121212Z"))?;
        properties::service_begin(w, b"Battery")?;
        w.key(b"level")?;
        w.int(80)?;
        properties::service_end(w, Some(b"2020-08-12T12:12:12.333Z"))?;
        properties::report_end(w)
    })
    .unwrap();
    assert_eq!(
        doc,
        json!({"services":[
            {"service_id":"Temperature","properties":{"value":57,"value2":60},"event_time":"20151212T121212Z"},
            {"service_id":"Battery","properties":{"level":80},"event_time":"2020-08-12T12:12:12.333Z"}]})
    );
}

#[test]
fn gateway_report() {
    let doc = encode(|w| {
        properties::gateway_report_begin(w)?;
        properties::gateway_device_begin(w, b"child-1")?;
        properties::service_begin(w, b"analog")?;
        w.key(b"PhV_phsA")?;
        w.string(b"1")?;
        properties::service_end(w, Some(b"20190606T121212Z"))?;
        properties::gateway_device_end(w)?;
        properties::gateway_report_end(w)
    })
    .unwrap();
    assert_eq!(
        doc,
        json!({"devices":[{"device_id":"child-1","services":[
            {"service_id":"analog","properties":{"PhV_phsA":"1"},"event_time":"20190606T121212Z"}]}]})
    );
}

#[test]
fn responses() {
    let set = encode(|w| properties::set_response(w, 0, Some(b"success"))).unwrap();
    assert_eq!(set, json!({"result_code":0,"result_desc":"success"}));
    let cmd = encode(|w| {
        command::response_begin(w, 0, Some(b"COMMAND_RESPONSE"))?;
        command::paras_begin(w)?;
        w.key(b"result")?;
        w.string(b"success")?;
        command::paras_end(w)?;
        command::response_end(w)
    })
    .unwrap();
    assert_eq!(cmd, json!({"result_code":0,"response_name":"COMMAND_RESPONSE","paras":{"result":"success"}}));
    let bare = encode(|w| {
        command::response_begin(w, 1, None)?;
        command::response_end(w)
    })
    .unwrap();
    assert_eq!(bare, json!({"result_code":1}));
    let get = encode(|w| shadow::get_request(w, None, Some(b"WaterMeter"))).unwrap();
    assert_eq!(get, json!({"service_id":"WaterMeter"}));
}

#[test]
fn message_up_system_format() {
    let doc = encode(|w| {
        messages::message_begin(w, Some(b"dev"), None, Some(b"aca6a906"))?;
        w.string(b"hello!")?;
        messages::message_end(w)
    })
    .unwrap();
    assert_eq!(doc, json!({"object_device_id":"dev","id":"aca6a906","content":"hello!"}));
}

#[test]
fn system_events() {
    let report = encode(|w| events::ota_version_report(w, Some(b"v1.0"), Some(b"v2.0"), Some(b"20151212T121212Z"))).unwrap();
    assert_eq!(
        report,
        json!({"services":[{"service_id":"$ota","event_type":"version_report","event_time":"20151212T121212Z",
            "paras":{"sw_version":"v1.0","fw_version":"v2.0"}}]})
    );
    let progress = encode(|w| events::ota_progress_report(w, 0, Some(100), b"v2.0", Some(b"done"), None)).unwrap();
    assert_eq!(
        progress,
        json!({"services":[{"service_id":"$ota","event_type":"upgrade_progress_report",
            "paras":{"result_code":0,"progress":100,"version":"v2.0","description":"done"}}]})
    );
    let sync = encode(|w| events::time_sync_request(w, 1582685678789, Some(b"20151212T121212Z"))).unwrap();
    assert_eq!(
        sync,
        json!({"services":[{"service_id":"$time_sync","event_type":"time_sync_request","event_time":"20151212T121212Z",
            "paras":{"device_send_time":1582685678789i64}}]})
    );
    let info = encode(|w| events::sdk_info_report(w, Some(b"huaweicloud-0.1"), None, None, Some(b"10.0.0.2"), None)).unwrap();
    assert_eq!(
        info,
        json!({"services":[{"service_id":"$sdk_info","event_type":"sdk_info_report",
            "paras":{"device_sdk_version":"huaweicloud-0.1","device_ip":"10.0.0.2"}}]})
    );
    let statuses = encode(|w| {
        events::sub_devices_begin(w, EventKind::SubDeviceUpdateStatus, None, Some(b"e1"))?;
        events::sub_device_status_item(w, b"c1", true)?;
        events::sub_device_status_item(w, b"c2", false)?;
        events::sub_devices_end(w)
    })
    .unwrap();
    assert_eq!(
        statuses,
        json!({"services":[{"service_id":"$sub_device_manager","event_type":"sub_device_update_status","event_id":"e1",
            "paras":{"device_statuses":[{"device_id":"c1","status":"ONLINE"},{"device_id":"c2","status":"OFFLINE"}]}}]})
    );
    let add = encode(|w| {
        events::sub_devices_begin(w, EventKind::AddSubDeviceRequest, None, None)?;
        let child = NewSubDevice {
            node_id: b"n1",
            product_id: b"p1",
            device_id: None,
            name: Some(b"child"),
            description: None,
            parent_device_id: None,
        };
        events::sub_device_add_item(w, &child)?;
        events::sub_devices_end(w)
    })
    .unwrap();
    assert_eq!(add["services"][0]["paras"], json!({"devices":[{"node_id":"n1","name":"child","product_id":"p1"}]}));
    // Events accept only the compact time form; progress is 0-100.
    assert_eq!(encode(|w| events::time_sync_request(w, 1, Some(b"2020-08-12T12:12:12.333Z"))), Err(Status::InvalidEventTime));
    assert_eq!(encode(|w| events::ota_progress_report(w, 0, Some(101), b"v", None, None)), Err(Status::InvalidArgument));
}

#[test]
fn decoders_on_documented_examples() {
    let cmd = br#"{"object_device_id":"d1","command_name":"ON_OFF","service_id":"WaterMeter","paras":{"value":"1"}}"#;
    let [object_device_id, service_id, command_name, paras] = command::decode_request(cmd).unwrap();
    assert_eq!((object_device_id.raw, service_id.raw, command_name.raw), (&b"d1"[..], &b"WaterMeter"[..], &b"ON_OFF"[..]));
    assert_eq!((paras.kind, paras.raw), (Kind::Object, &br#"{"value":"1"}"#[..]));

    let set = br#"{"object_device_id":"d1","services":[{"service_id":"Temperature","properties":{"value":57}}]}"#;
    let [_, services] = properties::decode_set_request(set).unwrap();
    assert_eq!(services.kind, Kind::Array);

    let shadow_doc = br#"{"object_device_id":"d1","shadow":[{"service_id":"WaterMeter",
      "desired":{"properties":{"temperature":"60"},"event_time":"20151212T121212Z"},
      "reported":{"properties":{"temperature":"60"},"event_time":"20151212T121212Z"},"version":1}]}"#;
    let [_, entries] = shadow::decode_response(shadow_doc).unwrap();
    assert_eq!(entries.kind, Kind::Array);

    let sync = br#"{"object_device_id":"d1","services":[{"service_id":"$time_sync","event_type":"time_sync_response",
      "event_time":"20151212T121212Z","paras":{"device_send_time":1582685678789,"server_recv_time":1582685696152,
      "server_send_time":1582685708109}}]}"#;
    let [_, list] = events::decode_envelope(sync).unwrap();
    let mut reader = huaweicloud::json::reader::JsonReader::open(list.raw, Kind::Array).unwrap();
    let event = reader.next_value().unwrap().unwrap();
    let (kind, [_, _, _, _, paras]) = events::decode_event(event.raw).unwrap();
    assert_eq!(kind, EventKind::TimeSyncResponse);
    assert_eq!(events::time_sync_now(paras.raw, 1582685680000), Ok(1582685702736));

    // System-format message vs raw message.
    assert!(messages::decode_down(br#"{"name":null,"id":"x","content":"hello!"}"#).is_ok());
    assert_eq!(messages::decode_down(br#"{"temperature":1}"#), Err(Status::NoMatch));
    assert_eq!(messages::decode_down(b"hello!"), Err(Status::NoMatch));

    // Errors.
    assert_eq!(command::decode_request(br#"{"paras":[]}"#), Err(Status::WrongType));
    assert_eq!(properties::decode_set_request(br#"{"object_device_id":"d"}"#), Err(Status::MissingField));
    assert_eq!(command::decode_request(br#"{"paras":{},}"#), Err(Status::MalformedJson));
    assert_eq!(command::decode_request(br#"{"paras":{}} x"#), Err(Status::MalformedJson));
    assert_eq!(command::decode_request(b"[]"), Err(Status::WrongType));
}

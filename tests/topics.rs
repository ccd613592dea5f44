//! Every topic kind built and parsed back; templates checked against protocol §2 as spelled there.

use huaweicloud::error::Status;
use huaweicloud::sink::Sink;
use huaweicloud::topic::{self, TopicKind};

const DEVICE: &str = "5fbbb784b4ec2202e982e643_868540050954037";

fn build(kind: TopicKind, device: &str, extra: Option<&str>) -> Result<String, Status> {
    let mut buf = [0u8; topic::TOPIC_MAX_LEN + 1];
    let mut sink = Sink::new(&mut buf);
    topic::write_topic(&mut sink, kind, device.as_bytes(), extra.map(str::as_bytes))?;
    let len = sink.finish().unwrap();
    Ok(String::from_utf8(buf[..len].to_vec()).unwrap())
}

fn subscription(kind: TopicKind, device: &str) -> Result<String, Status> {
    let mut buf = [0u8; topic::TOPIC_MAX_LEN + 1];
    let mut sink = Sink::new(&mut buf);
    topic::write_subscription(&mut sink, kind, device.as_bytes())?;
    let len = sink.finish().unwrap();
    Ok(String::from_utf8(buf[..len].to_vec()).unwrap())
}

/// Protocol §2 rows 1-17, with `{device_id}` and `{request_id}`/`{custom}` as written there.
const TABLE: [(TopicKind, &str); 17] = [
    (TopicKind::MessagesUp, "$oc/devices/{device_id}/sys/messages/up"),
    (TopicKind::MessagesDown, "$oc/devices/{device_id}/sys/messages/down"),
    (TopicKind::CommandRequest, "$oc/devices/{device_id}/sys/commands/request_id={request_id}"),
    (TopicKind::CommandResponse, "$oc/devices/{device_id}/sys/commands/response/request_id={request_id}"),
    (TopicKind::PropertiesReport, "$oc/devices/{device_id}/sys/properties/report"),
    (TopicKind::GatewayPropertiesReport, "$oc/devices/{device_id}/sys/gateway/sub_devices/properties/report"),
    (TopicKind::PropertiesSetRequest, "$oc/devices/{device_id}/sys/properties/set/request_id={request_id}"),
    (TopicKind::PropertiesSetResponse, "$oc/devices/{device_id}/sys/properties/set/response/request_id={request_id}"),
    (TopicKind::PropertiesGetRequest, "$oc/devices/{device_id}/sys/properties/get/request_id={request_id}"),
    (TopicKind::PropertiesGetResponse, "$oc/devices/{device_id}/sys/properties/get/response/request_id={request_id}"),
    (TopicKind::ShadowGetRequest, "$oc/devices/{device_id}/sys/shadow/get/request_id={request_id}"),
    (TopicKind::ShadowGetResponse, "$oc/devices/{device_id}/sys/shadow/get/response/request_id={request_id}"),
    (TopicKind::EventsUp, "$oc/devices/{device_id}/sys/events/up"),
    (TopicKind::EventsDown, "$oc/devices/{device_id}/sys/events/down"),
    (TopicKind::BootstrapUp, "$oc/devices/{device_id}/sys/bootstrap/up"),
    (TopicKind::BootstrapDown, "$oc/devices/{device_id}/sys/bootstrap/down"),
    (TopicKind::User, "$oc/devices/{device_id}/user/{request_id}"),
];

#[test]
fn every_kind_builds_as_documented_and_parses_back() {
    for (kind, template) in TABLE {
        let extra = if template.contains("{request_id}") {
            Some(if kind == TopicKind::User { "telemetry/raw" } else { "abc-123" })
        } else {
            None
        };
        let expected = template.replace("{device_id}", DEVICE).replace("{request_id}", extra.unwrap_or(""));
        let built = build(kind, DEVICE, extra).unwrap();
        assert_eq!(built, expected, "{kind:?}");
        let parsed = topic::parse_topic(built.as_bytes()).unwrap().unwrap();
        assert_eq!(parsed.kind, kind);
        assert_eq!(parsed.device_id, DEVICE.as_bytes());
        let tail = if kind == TopicKind::User { parsed.name } else { parsed.request_id };
        assert_eq!(tail, extra.map(str::as_bytes));
        // Zero-copy: the slices point into the input.
        assert!(built.as_bytes().as_ptr_range().contains(&parsed.device_id.as_ptr()));
        assert_eq!(TopicKind::from_u32(kind as u32), Ok(kind));
    }
}

#[test]
fn report_topics_take_an_optional_request_id() {
    let topic = build(TopicKind::PropertiesReport, "d1", Some("123")).unwrap();
    assert_eq!(topic, "$oc/devices/d1/sys/properties/report?request_id=123");
    let parsed = topic::parse_topic(topic.as_bytes()).unwrap().unwrap();
    assert_eq!((parsed.kind, parsed.request_id), (TopicKind::PropertiesReport, Some(&b"123"[..])));
    assert_eq!(build(TopicKind::MessagesUp, "d1", Some("7")).unwrap(), "$oc/devices/d1/sys/messages/up?request_id=7");
    // events/up acceptance of ?request_id= is UNCONFIRMED: refused.
    assert_eq!(build(TopicKind::EventsUp, "d1", Some("7")), Err(Status::InvalidRequestId));
}

#[test]
fn subscriptions_and_response_topics() {
    assert_eq!(subscription(TopicKind::CommandRequest, DEVICE).unwrap(), format!("$oc/devices/{DEVICE}/sys/commands/#"));
    assert_eq!(subscription(TopicKind::PropertiesSetRequest, "d").unwrap(), "$oc/devices/d/sys/properties/set/#");
    assert_eq!(subscription(TopicKind::PropertiesGetRequest, "d").unwrap(), "$oc/devices/d/sys/properties/get/#");
    assert_eq!(subscription(TopicKind::ShadowGetResponse, "d").unwrap(), "$oc/devices/d/sys/shadow/get/response/#");
    assert_eq!(subscription(TopicKind::MessagesDown, "d").unwrap(), "$oc/devices/d/sys/messages/down");
    assert_eq!(subscription(TopicKind::EventsDown, "d").unwrap(), "$oc/devices/d/sys/events/down");
    assert_eq!(subscription(TopicKind::User, "d").unwrap(), "$oc/devices/d/user/#");
    assert_eq!(subscription(TopicKind::PropertiesReport, "d"), Err(Status::InvalidTopicKind));

    let mut buf = [0u8; 128];
    let mut sink = Sink::new(&mut buf);
    topic::write_response_topic(&mut sink, b"$oc/devices/d1/sys/commands/request_id=abc-123").unwrap();
    let len = sink.finish().unwrap();
    assert_eq!(&buf[..len], b"$oc/devices/d1/sys/commands/response/request_id=abc-123");
    let mut sink = Sink::new(&mut buf);
    assert_eq!(topic::write_response_topic(&mut sink, b"$oc/devices/d1/sys/events/down"), Err(Status::NotARequest));
}

#[test]
fn foreign_and_malformed_topics_do_not_match() {
    for topic in [
        "",
        "$oc/devices/",
        "$oc/devices/d1",
        "$oc/devices/d1/sys/commands/",
        "$oc/devices/d1/sys/commands/request_id=",
        "$oc/devices/d1/sys/commands/request_id=a/b",
        "$oc/devices/d1/sys/commands/response/request_id=",
        "$oc/devices/d1/sys/events/down/extra",
        "$oc/devices/d 1/sys/events/down",
        "$oc/devices/d1/user/",
        "$oc/devices/d1/user//x",
        "/huawei/v1/devices/d1/command/json",
        "$oc/devices/d1/sys/properties/report?request_id=",
    ] {
        assert_eq!(topic::parse_topic(topic.as_bytes()), Ok(None), "{topic}");
    }
}

#[test]
fn bad_arguments_are_refused() {
    assert_eq!(build(TopicKind::CommandRequest, "d1", None), Err(Status::InvalidRequestId));
    assert_eq!(build(TopicKind::CommandResponse, "d1", Some("a/b")), Err(Status::InvalidRequestId));
    assert_eq!(build(TopicKind::CommandResponse, "d1", Some(&"r".repeat(129))), Err(Status::InvalidRequestId));
    assert_eq!(build(TopicKind::MessagesDown, "d1", Some("x")), Err(Status::InvalidRequestId));
    // Control characters, C1 included (U+0085 NEL), are refused; other Unicode is echoed as is.
    assert_eq!(build(TopicKind::CommandResponse, "d1", Some("a\u{85}b")), Err(Status::InvalidRequestId));
    assert_eq!(build(TopicKind::CommandResponse, "d1", Some("a\tb")), Err(Status::InvalidRequestId));
    assert!(build(TopicKind::CommandResponse, "d1", Some("请求-1")).is_ok());
    assert_eq!(build(TopicKind::EventsUp, "", None), Err(Status::InvalidDeviceId));
    assert_eq!(build(TopicKind::EventsUp, &"d".repeat(129), None), Err(Status::InvalidDeviceId));
    assert_eq!(build(TopicKind::EventsUp, "dé", None), Err(Status::InvalidDeviceId));
    assert_eq!(build(TopicKind::User, "d1", Some("/x")), Err(Status::InvalidArgument));
    assert_eq!(TopicKind::from_u32(0), Err(Status::InvalidTopicKind));
    assert_eq!(TopicKind::from_u32(18), Err(Status::InvalidTopicKind));
    // The longest topic fits the advertised maximum.
    let longest = build(TopicKind::PropertiesSetResponse, &"d".repeat(128), Some(&"r".repeat(128))).unwrap();
    assert!(longest.len() <= topic::TOPIC_MAX_LEN);
}

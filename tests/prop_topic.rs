//! Property tests of topics (protocol §2): every kind round-trips through `write_topic` and
//! `parse_topic`; random and damaged topic strings never confuse the parser; subscription
//! filters match the topics they are for.

mod prop_common;

use huaweicloud::error::Status;
use huaweicloud::sink::Sink;
use huaweicloud::topic::{self, TopicKind};
use prop_common::oracle::{build_topic, check_topic, check_topic_build, is_request_id, offset_of, TOPICS, TOPIC_EXAMPLES};
use prop_common::*;
use proptest::prelude::*;

fn device_id() -> impl Strategy<Value = String> {
    let chars: Vec<char> = ('A'..='Z').chain('a'..='z').chain('0'..='9').chain(['_', '-']).collect();
    let one = prop::sample::select(chars);
    prop_oneof![
        3 => prop::collection::vec(one.clone(), 1..=24),
        1 => prop::collection::vec(one, 1..=128),
    ]
    .prop_map(|v| v.into_iter().collect())
}

/// 1-128 bytes of UTF-8 without `/ + # ?` or control characters (C0, DEL, C1; any other Unicode is fine).
fn request_id() -> impl Strategy<Value = String> {
    let allowed = any_char().prop_filter("forbidden in request ids", |c| !matches!(*c, '/' | '+' | '#' | '?') && !c.is_control());
    prop_oneof![
        3 => prop::collection::vec(allowed, 1..48).prop_map(|v| v.into_iter().collect::<String>()),
        1 => (1usize..=128).prop_map(|n| "r".repeat(n)),
        1 => Just("aca6a906-0d2b-4f6b-8f3e-1d8a5c3f0f21=x&y".to_owned()),
    ]
    .prop_map(|mut s| {
        while s.len() > 128 {
            s.pop();
        }
        s
    })
}

/// 1-64 bytes of `[A-Za-z0-9_.-]` segments joined by single `/`.
fn user_name() -> impl Strategy<Value = String> {
    let chars: Vec<char> = ('a'..='z').chain('A'..='Z').chain('0'..='9').chain(['_', '-', '.']).collect();
    let segment = prop::collection::vec(prop::sample::select(chars), 1..12).prop_map(|v| v.into_iter().collect::<String>());
    prop::collection::vec(segment, 1..8).prop_map(|segments| {
        let mut name = segments.join("/");
        name.truncate(64);
        name.trim_end_matches('/').to_owned()
    })
}

fn kind_index() -> impl Strategy<Value = usize> {
    0..TOPICS.len()
}

/// MQTT 3.1.1 §4.7 filter matching (`+` one level, `#` the rest, including none).
fn mqtt_matches(filter: &str, topic: &str) -> bool {
    let mut f = filter.split('/');
    let mut t = topic.split('/');
    loop {
        match (f.next(), t.next()) {
            (Some("#"), _) => return true,
            (Some("+"), Some(_)) => {}
            (Some(a), Some(b)) if a == b => {}
            (None, None) => return true,
            _ => return false,
        }
    }
}

/// Pieces of near-miss topics.
const PIECES: &[&str] = &[
    "$oc/devices/",
    "$oc/device/",
    "$OC/devices/",
    "$oc/devices",
    "dev-1",
    "d",
    "",
    "/",
    "//",
    "/sys/",
    "sys",
    "/sys/commands/",
    "/sys/commands/response/",
    "request_id=",
    "request_id",
    "?request_id=",
    "?",
    "#",
    "+",
    "=",
    "/sys/messages/up",
    "/sys/messages/down",
    "/sys/properties/report",
    "/sys/properties/set/",
    "/sys/properties/get/response/",
    "/sys/shadow/get/",
    "/sys/shadow/get/response/",
    "/sys/events/up",
    "/sys/events/down",
    "/sys/bootstrap/down",
    "/sys/gateway/sub_devices/properties/report",
    "/user/",
    "user",
    "a.b",
    "x",
    "42",
    "é",
    "\u{0}",
    "\u{1f}",
    "\u{7f}",
    " ",
    "😀",
    "\u{2028}",
    "response/",
    "?encoding=gzip",
];

fn near_miss_topic() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        2 => prop::collection::vec(prop::sample::select(PIECES), 0..10).prop_map(|p| p.concat().into_bytes()),
        2 => (prop::sample::select(TOPIC_EXAMPLES), prop::collection::vec(mutation(), 1..4)).prop_map(|(t, ms)| {
            let mut bytes = t.as_bytes().to_vec();
            for m in &ms {
                mutate(&mut bytes, m);
            }
            bytes
        }),
        1 => prop::collection::vec(any::<u8>(), 0..64),
        1 => (prop::collection::vec(any::<u8>(), 0..16), prop::sample::select(TOPIC_EXAMPLES)).prop_map(|(junk, t)| {
            let mut bytes = t.as_bytes().to_vec();
            bytes.extend_from_slice(&junk);
            bytes
        }),
    ]
}

proptest! {
    #![proptest_config(config(2000))]

    /// Every kind, random device ids (1-128 of `[A-Za-z0-9_-]`) and request ids (any UTF-8
    /// allowed) or custom names: the topic is the template of protocol §2 filled in, it parses
    /// back to the same kind, device id and request id as slices of the topic, and the C ABI
    /// and the response-topic derivation agree (`check_topic`).
    #[test]
    fn topics_round_trip(k in kind_index(), device in device_id(), id in request_id(), name in user_name(), with_id in any::<bool>()) {
        let (kind, template) = TOPICS[k];
        let optional_id = matches!(kind, TopicKind::MessagesUp | TopicKind::PropertiesReport);
        let (extra, expected) = if template.contains("{name}") {
            (Some(name.as_str()), template.replace("{name}", &name))
        } else if template.contains("{id}") {
            (Some(id.as_str()), template.replace("{id}", &id))
        } else if optional_id && with_id {
            (Some(id.as_str()), format!("{template}?request_id={id}"))
        } else {
            (None, template.to_owned())
        };
        let expected = format!("$oc/devices/{device}{expected}");
        let built = build_topic(kind, device.as_bytes(), extra.map(str::as_bytes)).unwrap();
        prop_assert_eq!(String::from_utf8(built.clone()).unwrap(), expected);
        prop_assert!(built.len() <= topic::TOPIC_MAX_LEN);

        let m = topic::parse_topic(&built).unwrap().expect("a built topic parses");
        prop_assert_eq!(m.kind, kind);
        prop_assert_eq!(m.device_id, device.as_bytes());
        prop_assert_eq!(offset_of(&built, m.device_id), 12);
        let got_extra = if kind == TopicKind::User { m.name } else { m.request_id };
        prop_assert_eq!(got_extra, extra.map(str::as_bytes));
        if let Some(part) = got_extra {
            prop_assert_eq!(offset_of(&built, part) + part.len(), built.len());
        }
        check_topic(&built);

        // The measured size equals the length, and a buffer one byte short is refused.
        let mut sink = Sink::new(&mut []);
        topic::write_topic(&mut sink, kind, device.as_bytes(), extra.map(str::as_bytes)).unwrap();
        prop_assert_eq!(sink.finish(), Err(built.len()));
        let mut short = vec![0u8; built.len() - 1];
        let mut sink = Sink::new(&mut short);
        topic::write_topic(&mut sink, kind, device.as_bytes(), extra.map(str::as_bytes)).unwrap();
        prop_assert_eq!(sink.finish(), Err(built.len()));
    }

    /// The wrong extra for a kind, a bad device id, a bad request id or name: refused.
    #[test]
    fn topic_arguments_are_checked(k in kind_index(), device in device_id(), id in request_id(), junk in any_text(8), bad_byte in any::<u8>()) {
        let (kind, template) = TOPICS[k];
        let takes_id = template.contains("{id}");
        let optional_id = matches!(kind, TopicKind::MessagesUp | TopicKind::PropertiesReport);
        let none = build_topic(kind, device.as_bytes(), None);
        match kind {
            TopicKind::User => prop_assert_eq!(none, Err(Status::InvalidArgument)),
            _ if takes_id => prop_assert_eq!(none, Err(Status::InvalidRequestId)),
            _ => prop_assert!(none.is_ok()),
        }
        if !takes_id && !optional_id && kind != TopicKind::User {
            prop_assert_eq!(build_topic(kind, device.as_bytes(), Some(id.as_bytes())), Err(Status::InvalidRequestId));
        }
        // A device id with a byte outside [A-Za-z0-9_-], empty, or too long.
        let mut bad_device = device.clone().into_bytes();
        let bad = if bad_byte.is_ascii_alphanumeric() || bad_byte == b'_' || bad_byte == b'-' { b'/' } else { bad_byte };
        bad_device.insert(bad_device.len() / 2, bad);
        let extra = if kind == TopicKind::User { Some(&b"n"[..]) } else { Some(id.as_bytes()) };
        for device in [bad_device, Vec::new(), vec![b'a'; 129]] {
            prop_assert_eq!(build_topic(kind, &device, extra), Err(Status::InvalidDeviceId));
        }
        // A request id with a forbidden character.
        if takes_id || optional_id {
            let c = ['/', '+', '#', '?', '\u{0}', '\n', '\u{7f}'][usize::from(bad_byte) % 7];
            let bad_id = format!("{junk}{c}{id}");
            prop_assert!(!is_request_id(bad_id.as_bytes()));
            prop_assert_eq!(build_topic(kind, device.as_bytes(), Some(bad_id.as_bytes())), Err(Status::InvalidRequestId));
            prop_assert_eq!(build_topic(kind, device.as_bytes(), Some(&[b'r'; 129][..])), Err(Status::InvalidRequestId));
        }
    }

    /// Near-miss and random topics: `parse_topic` never panics or fails, and whatever it
    /// accepts rebuilds to the identical topic (`check_topic`).
    #[test]
    fn parse_topic_on_near_misses(bytes in near_miss_topic()) {
        check_topic(&bytes);
    }

    /// Topics built through the C ABI from any kind number (0-19), valid or damaged device ids
    /// and any extra: exactly the documented errors, and built topics parse back to their parts.
    #[test]
    fn topic_build_from_parts(
        kind in 0u8..20,
        device in prop_oneof![3 => device_id().prop_map(String::into_bytes), 1 => prop::collection::vec(any::<u8>(), 0..12)],
        extra in prop::option::of(prop_oneof![
            2 => request_id().prop_map(String::into_bytes),
            2 => user_name().prop_map(String::into_bytes),
            1 => prop::collection::vec(any::<u8>(), 0..12),
        ]),
    ) {
        let mut data = vec![kind];
        data.extend(device.iter().map(|b| if *b == 0xff { 0xfe } else { *b }));
        if let Some(extra) = extra {
            data.push(0xff);
            data.extend_from_slice(&extra);
        }
        check_topic_build(&data);
    }

    /// The subscription filter of each downlink kind matches every topic of that kind; uplink
    /// kinds have none; the standard subscriptions are all downlink kinds.
    #[test]
    fn subscriptions_match_their_topics(k in kind_index(), device in device_id(), id in request_id(), name in user_name()) {
        let (kind, template) = TOPICS[k];
        let downlink = matches!(
            kind,
            TopicKind::MessagesDown
                | TopicKind::CommandRequest
                | TopicKind::PropertiesSetRequest
                | TopicKind::PropertiesGetRequest
                | TopicKind::ShadowGetResponse
                | TopicKind::EventsDown
                | TopicKind::BootstrapDown
                | TopicKind::User
        );
        let mut buf = [0u8; topic::TOPIC_MAX_LEN + 1];
        let mut sink = Sink::new(&mut buf);
        let result = topic::write_subscription(&mut sink, kind, device.as_bytes());
        if !downlink {
            prop_assert_eq!(result, Err(Status::InvalidTopicKind));
            return Ok(());
        }
        result.unwrap();
        let len = sink.finish().unwrap();
        let filter = String::from_utf8(buf[..len].to_vec()).unwrap();
        let extra = if kind == TopicKind::User { Some(name.as_str()) } else if template.contains("{id}") { Some(id.as_str()) } else { None };
        let built = String::from_utf8(build_topic(kind, device.as_bytes(), extra.map(str::as_bytes)).unwrap()).unwrap();
        prop_assert!(mqtt_matches(&filter, &built), "{} does not match {}", filter, built);
        prop_assert!(!filter[..filter.len() - 1].contains(['#', '+']), "wildcard inside {}", filter);
        let other = format!("$oc/devices/{device}x{}", &built[12 + device.len()..]);
        prop_assert!(!mqtt_matches(&filter, &other), "{} matches another device's {}", filter, other);
    }
}

#[test]
fn standard_subscriptions_are_downlink() {
    for kind in topic::DEVICE_SUBSCRIPTIONS {
        let mut sink = Sink::new(&mut []);
        assert!(topic::write_subscription(&mut sink, kind, b"d").is_ok(), "{kind:?}");
    }
}

#[test]
fn documented_topic_examples() {
    for t in TOPIC_EXAMPLES {
        check_topic(t.as_bytes());
    }
    // Not IoTDA device topics this library builds: M2M, wildcards, gzip variants.
    for t in [
        "$oc/m2m/to/dev-1/from/dev-2/request_id=9",
        "$oc/devices/dev-1/sys/commands/#",
        "$oc/devices/dev-1/sys/messages/up?encoding=gzip",
    ] {
        assert_eq!(topic::parse_topic(t.as_bytes()), Ok(None), "{t}");
    }
}

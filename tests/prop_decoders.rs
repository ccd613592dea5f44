//! Property tests of every downlink decoder (protocol §3-4: command, properties set/get,
//! service, message down, shadow response/entry/properties, events/event, version query,
//! upgrade, time sync, sub-device notify/response, device info, failed device, bootstrap) and
//! their C ABI twins: no panic on random or damaged input, and payloads built with serde_json
//! (fields in random order, unknown fields, escaped keys, nulls, wrong types, repeats) decode
//! to the right values or the right error.

mod prop_common;

use huaweicloud::error::Status;
use huaweicloud::json::reader::{Kind, Value as Tok};
use huaweicloud::message::{events, schema};
use prop_common::oracle::{
    self, check_decoders, event_kind_of, unescaped, value_of, Decoder, FieldSpec, Ty, DECODERS, EVENT_KINDS, PAYLOAD_EXAMPLES,
};
use prop_common::*;
use proptest::prelude::*;
use serde_json::{Map, Value};

/// serde values: scalars (integers, floats, strings, booleans, null) and nested containers.
fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e12..1e12f64).prop_map(Value::from),
        any_text(8).prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key_text(), inner), 0..4).prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn any_object() -> impl Strategy<Value = Value> {
    prop::collection::vec((key_text(), any_value()), 0..4).prop_map(|m| Value::Object(m.into_iter().collect()))
}

fn any_array() -> impl Strategy<Value = Value> {
    prop::collection::vec(any_value(), 0..4).prop_map(Value::Array)
}

/// What the generator meant a member to be.
#[derive(Clone, Debug, PartialEq)]
enum Intent {
    Good,
    Null,
    /// Decoding must fail with this status when this member is the first bad one.
    Bad(Status),
}

fn good_value(ty: Ty) -> BoxedStrategy<Value> {
    match ty {
        Ty::Str => prop_oneof![
            3 => any_text(16).prop_map(Value::String),
            1 => prop::sample::select(vec!["$ota", "version_query", "firmware_upgrade", "$time_sync", "ONLINE", "20151212T121212Z"])
                .prop_map(|s| Value::String(s.to_owned())),
        ]
        .boxed(),
        Ty::Int => prop_oneof![any::<i64>(), -5i64..5, Just(i64::MIN), Just(i64::MAX)].prop_map(Value::from).boxed(),
        Ty::Obj => any_object().boxed(),
        Ty::Arr => any_array().boxed(),
        Ty::Any => any_value().boxed(),
    }
}

/// A value of the wrong type for `ty`, with the status it must cause.
fn bad_value(ty: Ty) -> BoxedStrategy<(Value, Status)> {
    let wrong = |v: BoxedStrategy<Value>| v.prop_map(|v| (v, Status::WrongType)).boxed();
    match ty {
        Ty::Str => wrong(
            prop_oneof![any_array(), any_object(), any::<i64>().prop_map(Value::from), any::<bool>().prop_map(Value::Bool)]
                .boxed(),
        ),
        Ty::Int => prop_oneof![
            2 => wrong(prop_oneof![
                any_text(6).prop_map(Value::String),
                (-1e9..1e9f64).prop_filter("not integral", |x| x.fract() != 0.0).prop_map(Value::from),
                any::<bool>().prop_map(Value::Bool),
                any_array(),
            ].boxed()),
            1 => ((i64::MAX as u64 + 1)..=u64::MAX).prop_map(|v| (Value::from(v), Status::OutOfRange)),
        ]
        .boxed(),
        Ty::Obj => {
            wrong(prop_oneof![any_array(), any_text(6).prop_map(Value::String), any::<i64>().prop_map(Value::from)].boxed())
        }
        Ty::Arr => wrong(prop_oneof![any_object(), any_text(6).prop_map(Value::String), Just(Value::Bool(true))].boxed()),
        Ty::Any => good_value(Ty::Any).prop_map(|v| (v, Status::Ok)).boxed(),
    }
}

/// One member for field `f`: mostly good, sometimes null, sometimes of the wrong type.
fn member(f: FieldSpec) -> BoxedStrategy<(String, Value, Intent)> {
    let key = f.key.to_owned();
    let k2 = key.clone();
    let k3 = key.clone();
    prop_oneof![
        8 => good_value(f.ty).prop_map(move |v| (key.clone(), v, Intent::Good)),
        1 => Just((k2, Value::Null, if f.required { Intent::Bad(Status::WrongType) } else { Intent::Null })),
        1 => bad_value(f.ty).prop_map(move |(v, s)| (k3.clone(), v, if s == Status::Ok { Intent::Good } else { Intent::Bad(s) })),
    ]
    .boxed()
}

/// A payload for decoder `d`: each field present (0-2 times) or absent, unknown members, any
/// order. Returns the members in order.
fn payload(d: &'static Decoder) -> BoxedStrategy<Vec<(String, Value, Intent)>> {
    let fields: Vec<BoxedStrategy<Vec<(String, Value, Intent)>>> = d
        .fields
        .iter()
        .map(|f| {
            let m = member(*f);
            if f.required {
                prop_oneof![
                    1 => prop::collection::vec(m.clone(), 0..=0),
                    12 => prop::collection::vec(m.clone(), 1..=1),
                    1 => prop::collection::vec(m, 2..=2),
                ]
                .boxed()
            } else {
                prop::collection::vec(m, 0..=2).boxed()
            }
        })
        .collect();
    let unknown = prop::collection::vec((key_text(), any_value()), 0..3).prop_map(move |v| {
        v.into_iter().filter(|(k, _)| !d.fields.iter().any(|f| f.key == k)).map(|(k, v)| (k, v, Intent::Good)).collect::<Vec<_>>()
    });
    (fields, unknown)
        .prop_map(|(fields, unknown)| fields.into_iter().flatten().chain(unknown).collect::<Vec<_>>())
        .prop_shuffle()
        .boxed()
}

/// `{"k":v,...}` with random whitespace and random escapes in keys and strings.
fn render(members: &[(String, Value, Intent)], style: &[u8]) -> String {
    let mut out = String::from("{");
    let mut i = 0usize;
    for (n, (k, v, _)) in members.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        spell_string(k, style, &mut i, &mut out);
        out.push(':');
        let mut text = String::new();
        spell(v, &style[i % style.len()..], &mut text);
        i += 1;
        out.push_str(&text);
    }
    out.push('}');
    out
}

/// Expected outcome from the generator's intent alone: the first member of a known field with a
/// wrong type decides the error; then a missing required field; otherwise each field's last value.
fn expected(d: &Decoder, members: &[(String, Value, Intent)]) -> Result<Vec<Option<Value>>, Status> {
    let mut last = vec![None; d.fields.len()];
    for (k, v, intent) in members {
        let Some(i) = d.fields.iter().position(|f| f.key == k) else { continue };
        if let Intent::Bad(status) = intent {
            return Err(*status);
        }
        last[i] = Some(v.clone());
    }
    if d.fields.iter().zip(&last).any(|(f, v)| f.required && v.is_none()) {
        return Err(Status::MissingField);
    }
    Ok(last)
}

fn check_generated(d: &'static Decoder, members: &[(String, Value, Intent)], style: &[u8]) {
    let text = render(members, style);
    let json = text.as_bytes();
    let mut want = expected(d, members);
    if d.name == "message_down" {
        // System format only with envelope keys alone and a string or object content.
        let only_envelope = members.iter().all(|(k, _, _)| d.fields.iter().any(|f| f.key == k));
        let content_ok = matches!(&want, Ok(v) if matches!(v[3], Some(Value::String(_) | Value::Object(_))));
        if !(only_envelope && content_ok) {
            want = Err(Status::NoMatch);
        }
    }
    let got = (d.rust)(json);
    match (&got, &want) {
        (Ok(values), Ok(want)) => {
            for ((field, v), w) in d.fields.iter().zip(values).zip(want) {
                match w {
                    None => assert_eq!(v.kind, Kind::Absent, "{}.{} in {text}", d.name, field.key),
                    Some(w) => check_field(field, v, w, &text),
                }
            }
            if d.name == "event" {
                let kind = events::decode_event(json).unwrap().0 as u32;
                let (s, t) = (unescaped(values[0].raw), unescaped(values[1].raw));
                assert_eq!(kind, event_kind_of(&s, &t), "{text}");
            }
        }
        (Err(e), Err(w)) => assert_eq!(e, w, "{} on {text}", d.name),
        _ => panic!("{}: got {got:?}, expected {want:?} on {text}", d.name),
    }
    // The general model, every other decoder and the C ABI on the same text.
    check_decoders(json);
}

/// A decoded field is the value that was written.
fn check_field(field: &FieldSpec, v: &Tok, want: &Value, text: &str) {
    let what = format!("{}: {v:?} for {want} in {text}", field.key);
    match want {
        Value::Null => assert_eq!(v.kind, Kind::Null, "{what}"),
        Value::String(s) => {
            assert_eq!(v.kind, Kind::String, "{what}");
            assert_eq!(&unescaped(v.raw), s, "{what}");
        }
        _ if field.ty == Ty::Int => assert_eq!(Some(v.as_i64().unwrap()), want.as_i64(), "{what}"),
        _ => assert!(values_close(&value_of(v).unwrap(), want), "{what}"),
    }
}

/// A decoder and a payload for it (strategies built once per test, not per case).
fn any_payload() -> impl Strategy<Value = (&'static Decoder, Vec<(String, Value, Intent)>)> {
    proptest::strategy::Union::new(DECODERS.iter().map(|d| payload(d).prop_map(move |m| (d, m)).boxed()))
}

proptest! {
    #![proptest_config(config(1000))]

    /// Payloads built from each decoder's field table (protocol §3-4) decode to the values
    /// written, or to the documented error.
    #[test]
    fn generated_payloads_decode(
        (d, members) in any_payload(),
        style in prop::collection::vec(any::<u8>(), 1..24),
    ) {
        check_generated(d, &members, &style);
    }

    /// Events naming a system event (possibly escaped) are classified as it.
    #[test]
    fn events_are_classified(k in 0..EVENT_KINDS.len(), style in prop::collection::vec(any::<u8>(), 1..24), mangle in any::<bool>()) {
        let extra = Value::Object(Map::new());
        let (service, event_type, kind) = EVENT_KINDS[k];
        let event_type = if mangle { format!("{event_type}_") } else { event_type.to_owned() };
        let members = vec![
            ("paras".to_owned(), extra, Intent::Good),
            ("event_type".to_owned(), Value::String(event_type), Intent::Good),
            ("service_id".to_owned(), Value::String(service.to_owned()), Intent::Good),
        ];
        let text = render(&members, &style);
        let (got, _) = events::decode_event(text.as_bytes()).unwrap();
        prop_assert_eq!(got as u32, if mangle { 0 } else { kind });
        check_decoders(text.as_bytes());
    }

    /// Damaged documented examples: no panic, and the model, serde_json and the C ABI agree.
    #[test]
    fn damaged_examples(e in 0..PAYLOAD_EXAMPLES.len(), mutations in prop::collection::vec(mutation(), 1..5)) {
        let mut bytes = PAYLOAD_EXAMPLES[e].as_bytes().to_vec();
        for m in &mutations {
            mutate(&mut bytes, m);
        }
        check_decoders(&bytes);
    }
}

proptest! {
    #![proptest_config(config(512))]

    /// Damaged generated payloads: same.
    #[test]
    fn damaged_generated_payloads(
        (_d, members) in any_payload(),
        style in prop::collection::vec(any::<u8>(), 1..24),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let mut bytes = render(&members, &style).into_bytes();
        for m in &mutations {
            mutate(&mut bytes, m);
        }
        check_decoders(&bytes);
    }
}

proptest! {
    #![proptest_config(config(2000))]

    /// Random bytes: no decoder panics or accepts what is not JSON.
    #[test]
    fn random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        check_decoders(&bytes);
    }

    /// The time-sync formula over realistic and extreme clocks.
    #[test]
    fn time_sync_now(send in any::<i64>(), recv in any::<i64>(), sent in any::<i64>(), device_recv in any::<i64>(), near in 0i64..1 << 45) {
        oracle::check_time_sync(send, recv, sent, device_recv, huaweicloud::time::time_sync_now(send, recv, sent, device_recv));
        let base = 1_582_685_678_789i64;
        let (a, b, c, d) = (base, base + near % 20_000, base + near % 30_000, base + near);
        oracle::check_time_sync(a, b, c, d, huaweicloud::time::time_sync_now(a, b, c, d));
        let json = format!("{{\"server_send_time\":{c},\"device_send_time\":{a},\"server_recv_time\":{b}}}");
        oracle::check_time_sync(a, b, c, d, events::time_sync_now(json.as_bytes(), d));
    }
}

#[test]
fn every_example_decodes_somewhere() {
    for example in PAYLOAD_EXAMPLES {
        let accepted = check_decoders(example.as_bytes());
        assert!(!accepted.is_empty(), "no decoder accepts {example}");
    }
    // Protocol §4.2 worked example.
    let paras = br#"{"device_send_time":1582685678789,"server_recv_time":1582685696152,"server_send_time":1582685708109}"#;
    assert_eq!(events::time_sync_now(paras, 1_582_685_680_000), Ok(1_582_685_702_736));
}

#[test]
fn generators_reach_every_outcome() {
    // Guards the generators: each decoder sees successes, wrong types and missing fields.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    for d in &DECODERS {
        let mut outcomes = std::collections::BTreeSet::new();
        let strategy = payload(d);
        for _ in 0..80 {
            let members = strategy.new_tree(&mut runner).unwrap().current();
            outcomes.insert(match expected(d, &members) {
                Ok(_) => "ok",
                Err(Status::MissingField) => "missing",
                Err(_) => "bad",
            });
        }
        let required = d.fields.iter().any(|f| f.required);
        assert!(outcomes.contains("ok") && outcomes.contains("bad"), "{}: {outcomes:?}", d.name);
        assert_eq!(outcomes.contains("missing"), required, "{}: {outcomes:?}", d.name);
    }
}

/// Regression: a fraction or exponent is WrongType even when its integer digits overflow i64.
#[test]
fn fraction_with_huge_integer_part_is_wrong_type() {
    for raw in [&b"99999999999999999999.5"[..], b"-9223372036854775809e0", b"9223372036854775808E-1"] {
        let v = Tok { kind: Kind::Number, raw };
        assert_eq!(v.as_i64(), Err(Status::WrongType), "{}", String::from_utf8_lossy(raw));
    }
    let json = br#"{"device_send_time":1,"server_recv_time":2,"server_send_time":99999999999999999999.5}"#;
    assert_eq!(schema::decode(json, &events::TIME_SYNC_RESPONSE).err(), Some(Status::WrongType));
}

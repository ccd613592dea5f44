//! Every IoTDA device topic, from one table (protocol §2): build into a buffer, parse a received
//! topic without copying, derive the response topic of a platform request and the subscription
//! filters a device uses. No other file spells a topic.

use crate::credentials::{check_device_id, is_device_id_byte, DEVICE_ID_MAX_LEN};
use crate::error::{Result, Status};
use crate::packing::{find, head};
use crate::sink::Sink;

/// Topic kinds, numbered as the rows of the protocol table (`hwc_topic_kind` in C).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TopicKind {
    MessagesUp = 1,
    MessagesDown = 2,
    CommandRequest = 3,
    CommandResponse = 4,
    PropertiesReport = 5,
    GatewayPropertiesReport = 6,
    PropertiesSetRequest = 7,
    PropertiesSetResponse = 8,
    PropertiesGetRequest = 9,
    PropertiesGetResponse = 10,
    ShadowGetRequest = 11,
    ShadowGetResponse = 12,
    EventsUp = 13,
    EventsDown = 14,
    BootstrapUp = 15,
    BootstrapDown = 16,
    /// `$oc/devices/{device_id}/user/{name}`: custom topics in the device's namespace.
    User = 17,
}

/// What follows a template's fixed suffix.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Tail {
    /// Nothing.
    Nothing = 0,
    /// `request_id={id}`, always.
    RequestId = 1,
    /// Optionally `?request_id={id}`: the id the platform records for a report (docs 3010, 3016).
    /// Only on the two report topics documented to accept it.
    OptionalRequestId = 2,
    /// A custom name (`User`).
    Name = 3,
}

struct Template {
    kind: TopicKind,
    /// Between `$oc/devices/{device_id}` and the tail.
    suffix: &'static str,
    tail: Tail,
    /// Whether the device receives it (and so may subscribe to it).
    downlink: bool,
}

const PREFIX: &str = "$oc/devices/";
/// `request_id=` is the tail of `?request_id=`: one string in the firmware.
const QUERY_REQUEST_ID: &[u8] = b"?request_id=";
const REQUEST_ID: &[u8] = QUERY_REQUEST_ID.split_at(1).1;
const WILDCARD: &[u8] = b"#";

const fn t(kind: TopicKind, suffix: &'static str, tail: Tail, downlink: bool) -> Template {
    Template { kind, suffix, tail, downlink }
}

/// THE table, row n-1 for kind n (checked at compile time); parsing tries every row in this order.
/// The firmware stores it packed (`ROWS`, `SUFFIXES`), derived from it at compile time.
const TEMPLATES: [Template; 17] = [
    t(TopicKind::MessagesUp, "/sys/messages/up", Tail::OptionalRequestId, false),
    t(TopicKind::MessagesDown, "/sys/messages/down", Tail::Nothing, true),
    t(TopicKind::CommandRequest, "/sys/commands/", Tail::RequestId, true),
    t(TopicKind::CommandResponse, "/sys/commands/response/", Tail::RequestId, false),
    t(TopicKind::PropertiesReport, "/sys/properties/report", Tail::OptionalRequestId, false),
    t(TopicKind::GatewayPropertiesReport, "/sys/gateway/sub_devices/properties/report", Tail::Nothing, false),
    t(TopicKind::PropertiesSetRequest, "/sys/properties/set/", Tail::RequestId, true),
    t(TopicKind::PropertiesSetResponse, "/sys/properties/set/response/", Tail::RequestId, false),
    t(TopicKind::PropertiesGetRequest, "/sys/properties/get/", Tail::RequestId, true),
    t(TopicKind::PropertiesGetResponse, "/sys/properties/get/response/", Tail::RequestId, false),
    t(TopicKind::ShadowGetRequest, "/sys/shadow/get/", Tail::RequestId, false),
    t(TopicKind::ShadowGetResponse, "/sys/shadow/get/response/", Tail::RequestId, true),
    t(TopicKind::EventsUp, "/sys/events/up", Tail::Nothing, false),
    t(TopicKind::EventsDown, "/sys/events/down", Tail::Nothing, true),
    t(TopicKind::BootstrapUp, "/sys/bootstrap/up", Tail::Nothing, false),
    t(TopicKind::BootstrapDown, "/sys/bootstrap/down", Tail::Nothing, true),
    t(TopicKind::User, "/user/", Tail::Name, true),
];

/// Request ids are chosen by the platform (commands: the application's command id) or the device;
/// no maximum is documented, 128 matches the application API's id fields.
pub const REQUEST_ID_MAX_LEN: usize = 128;
pub const USER_NAME_MAX_LEN: usize = 64;

const fn longest_suffix() -> usize {
    let mut i = 0;
    let mut max = 0;
    while i < TEMPLATES.len() {
        if TEMPLATES[i].suffix.len() > max {
            max = TEMPLATES[i].suffix.len();
        }
        i += 1;
    }
    max
}

/// Longest topic any call here can produce (without the NUL).
pub const TOPIC_MAX_LEN: usize =
    PREFIX.len() + DEVICE_ID_MAX_LEN + longest_suffix() + QUERY_REQUEST_ID.len() + REQUEST_ID_MAX_LEN;

/// A row of `TEMPLATES` as the firmware stores it: the suffix as a range of `SUFFIXES`, tail
/// and downlink in one byte, no kind (row n-1 is kind n): 4 bytes instead of a 16-byte `Template`.
#[derive(Clone, Copy)]
struct Row {
    start: u16,
    len: u8,
    /// `Tail` in bits 0-1, `downlink` in bit 2.
    flags: u8,
}

const DOWNLINK: u8 = 4;

/// Every suffix once, longest first; a suffix found inside an earlier one is not repeated
/// (`/sys/commands/` is the start of `/sys/commands/response/`). Built from `TEMPLATES` at
/// compile time, which also checks that row n-1 holds kind n and agrees with `from_u32`.
struct Packed {
    bytes: [u8; SUFFIXES_MAX],
    used: usize,
    rows: [Row; TEMPLATES.len()],
}

const SUFFIXES_MAX: usize = {
    let mut i = 0;
    let mut total = 0;
    while i < TEMPLATES.len() {
        total += TEMPLATES[i].suffix.len();
        i += 1;
    }
    total
};

const PACKED: Packed = {
    let mut packed = Packed { bytes: [0; SUFFIXES_MAX], used: 0, rows: [Row { start: 0, len: 0, flags: 0 }; TEMPLATES.len()] };
    let mut len = longest_suffix();
    while len > 0 {
        let mut i = 0;
        while i < TEMPLATES.len() {
            let suffix = TEMPLATES[i].suffix.as_bytes();
            if suffix.len() == len && find(&packed.bytes, packed.used, suffix) == usize::MAX {
                let mut j = 0;
                while j < len {
                    packed.bytes[packed.used + j] = suffix[j];
                    j += 1;
                }
                packed.used += len;
            }
            i += 1;
        }
        len -= 1;
    }
    let mut i = 0;
    while i < TEMPLATES.len() {
        let template = &TEMPLATES[i];
        assert!(template.kind as usize == i + 1);
        assert!(matches!(TopicKind::from_u32(i as u32 + 1), Ok(kind) if kind as u32 == template.kind as u32));
        let start = find(&packed.bytes, packed.used, template.suffix.as_bytes());
        assert!(start <= u16::MAX as usize && template.suffix.len() <= u8::MAX as usize);
        let flags = template.tail as u8 | if template.downlink { DOWNLINK } else { 0 };
        packed.rows[i] = Row { start: start as u16, len: template.suffix.len() as u8, flags };
        i += 1;
    }
    assert!(TopicKind::from_u32(0).is_err() && TopicKind::from_u32(TEMPLATES.len() as u32 + 1).is_err());
    packed
};

static SUFFIXES: [u8; PACKED.used] = head(&PACKED.bytes);
static ROWS: [Row; TEMPLATES.len()] = PACKED.rows;

impl Row {
    fn tail(self) -> Tail {
        match self.flags & 3 {
            0 => Tail::Nothing,
            1 => Tail::RequestId,
            2 => Tail::OptionalRequestId,
            _ => Tail::Name,
        }
    }

    fn downlink(self) -> bool {
        self.flags & DOWNLINK != 0
    }

    fn suffix(self) -> &'static [u8] {
        let start = usize::from(self.start);
        SUFFIXES.get(start..start + usize::from(self.len)).unwrap_or(&[])
    }
}

impl TopicKind {
    /// Spelled out rather than searched in the table: a range check in the firmware. The table's
    /// packing checks that the two agree.
    pub const fn from_u32(value: u32) -> Result<TopicKind> {
        use TopicKind::*;
        Ok(match value {
            1 => MessagesUp,
            2 => MessagesDown,
            3 => CommandRequest,
            4 => CommandResponse,
            5 => PropertiesReport,
            6 => GatewayPropertiesReport,
            7 => PropertiesSetRequest,
            8 => PropertiesSetResponse,
            9 => PropertiesGetRequest,
            10 => PropertiesGetResponse,
            11 => ShadowGetRequest,
            12 => ShadowGetResponse,
            13 => EventsUp,
            14 => EventsDown,
            15 => BootstrapUp,
            16 => BootstrapDown,
            17 => User,
            _ => return Err(Status::InvalidTopicKind),
        })
    }

    #[inline(never)]
    fn row(self) -> Row {
        // Row n-1 holds kind n (asserted by the packing); `get` keeps this free of index panics.
        match ROWS.get((self as usize).wrapping_sub(1)) {
            Some(row) => *row,
            None => ROWS[0],
        }
    }

    /// The response kind of a platform request, if it is one.
    pub fn response(self) -> Option<TopicKind> {
        match self {
            TopicKind::CommandRequest => Some(TopicKind::CommandResponse),
            TopicKind::PropertiesSetRequest => Some(TopicKind::PropertiesSetResponse),
            TopicKind::PropertiesGetRequest => Some(TopicKind::PropertiesGetResponse),
            _ => None,
        }
    }
}

pub fn check_request_id(id: &[u8]) -> Result<()> {
    let forbidden = |b: &u8| matches!(*b, b'/' | b'+' | b'#' | b'?') || *b < 0x20 || *b == 0x7f;
    // C1 controls U+0080-U+009F are UTF-8 C2 80 - C2 9F (MQTT 3.1.1 §1.5.3 advises against them).
    let c1_control = |pair: &[u8]| matches!(pair, [0xc2, 0x80..=0x9f]);
    // Ids are almost always ASCII (UUIDs, numbers): one pass; the UTF-8 checks only otherwise.
    let text_ok =
        !id.iter().any(forbidden) && (id.is_ascii() || (!id.windows(2).any(c1_control) && crate::json::utf8::is_utf8(id)));
    if !id.is_empty() && id.len() <= REQUEST_ID_MAX_LEN && text_ok {
        Ok(())
    } else {
        Err(Status::InvalidRequestId)
    }
}

/// Custom topic names: 1-64 bytes of `[A-Za-z0-9_-./]`, not starting or ending with `/`, no `//`.
pub fn check_user_name(name: &[u8]) -> Result<()> {
    // One pass: a `/` must follow something other than `/`, counting the start as one.
    let mut previous = b'/';
    let ok = !name.is_empty()
        && name.len() <= USER_NAME_MAX_LEN
        && name.iter().all(|b| {
            let ok = is_device_id_byte(*b) || *b == b'.' || (*b == b'/' && previous != b'/');
            previous = *b;
            ok
        })
        && previous != b'/';
    if ok {
        Ok(())
    } else {
        Err(Status::InvalidArgument)
    }
}

/// Builds a topic. `extra` is the request id (required for request/response kinds, optional for
/// the two report kinds, refused elsewhere) or, for `User`, the custom name.
// Always inlined: otherwise a 24-byte thunk that only moves arguments.
#[inline(always)]
pub fn write_topic(out: &mut Sink, kind: TopicKind, device_id: &[u8], extra: Option<&[u8]>) -> Result<()> {
    write(out, kind, device_id, extra, false)
}

/// The subscription filter for a downlink kind: request kinds end in `#` where the request id
/// would stand (`$oc/devices/{id}/sys/commands/#`), `User` subscribes to `user/#`, the rest are exact.
pub fn write_subscription(out: &mut Sink, kind: TopicKind, device_id: &[u8]) -> Result<()> {
    write(out, kind, device_id, None, true)
}

/// Topics and subscription filters in one body, so the prefix, device id and suffix are
/// written by one piece of code.
#[inline(never)]
fn write(out: &mut Sink, kind: TopicKind, device_id: &[u8], extra: Option<&[u8]>, filter: bool) -> Result<()> {
    check_device_id(device_id)?;
    let template = kind.row();
    // What follows the suffix: a key (`request_id=`, `?request_id=` or the wildcard) and a value.
    let (key, value): (&[u8], &[u8]) = match (template.tail(), extra) {
        _ if filter && !template.downlink() => return Err(Status::InvalidTopicKind),
        (Tail::RequestId | Tail::Name, _) if filter => (WILDCARD, &[]),
        _ if filter => (&[], &[]),
        (Tail::Nothing | Tail::OptionalRequestId, None) => (&[], &[]),
        (tail @ (Tail::RequestId | Tail::OptionalRequestId), Some(id)) => {
            check_request_id(id)?;
            (if tail == Tail::RequestId { REQUEST_ID } else { QUERY_REQUEST_ID }, id)
        }
        (Tail::Name, Some(name)) => check_user_name(name).map(|_| (&[][..], name))?,
        (Tail::RequestId, None) | (Tail::Nothing, Some(_)) => return Err(Status::InvalidRequestId),
        (Tail::Name, None) => return Err(Status::InvalidArgument),
    };
    out.bytes(PREFIX.as_bytes());
    out.bytes(device_id);
    out.bytes(template.suffix());
    out.bytes(key);
    out.bytes(value);
    Ok(())
}

/// The kinds a device subscribes to after connecting, in a fixed order (bootstrap excluded: it
/// is only for the provisioning service).
pub const DEVICE_SUBSCRIPTIONS: [TopicKind; 6] = [
    TopicKind::MessagesDown,
    TopicKind::CommandRequest,
    TopicKind::PropertiesSetRequest,
    TopicKind::PropertiesGetRequest,
    TopicKind::ShadowGetResponse,
    TopicKind::EventsDown,
];

/// A received topic, as slices of the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TopicMatch<'a> {
    pub kind: TopicKind,
    pub device_id: &'a [u8],
    /// The request id, when the topic carries one.
    pub request_id: Option<&'a [u8]>,
    /// The custom name of a `User` topic.
    pub name: Option<&'a [u8]>,
}

/// `text` after `prefix`, if it starts with it. Not `<[u8]>::strip_prefix`: at opt-level "z" it
/// calls an out-of-line `split_at` whose bounds-check panic stays linked.
fn after<'a>(text: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    let (head, tail) = text.split_at_checked(prefix.len())?;
    (head == prefix).then_some(tail)
}

/// Recognises any topic of the table. `Ok(None)` means "not an IoTDA device topic" (no error).
pub fn parse_topic(topic: &[u8]) -> Result<Option<TopicMatch<'_>>> {
    let Some(rest) = after(topic, PREFIX.as_bytes()) else {
        return Ok(None);
    };
    let id_len = rest.iter().position(|b| *b == b'/').unwrap_or(rest.len());
    let Some((device_id, rest)) = rest.split_at_checked(id_len) else {
        return Ok(None);
    };
    if check_device_id(device_id).is_err() {
        return Ok(None);
    }
    // Kind by kind: `from_u32` failing past the last one ends the walk.
    let mut value = 1;
    while let Ok(kind) = TopicKind::from_u32(value) {
        value += 1;
        let template = kind.row();
        let Some(tail) = after(rest, template.suffix()) else {
            continue;
        };
        let mut found = TopicMatch { kind, device_id, request_id: None, name: None };
        let matched = match template.tail() {
            Tail::Nothing => tail.is_empty(),
            Tail::OptionalRequestId if tail.is_empty() => true,
            Tail::RequestId | Tail::OptionalRequestId => {
                let key = if template.tail() == Tail::RequestId { REQUEST_ID } else { QUERY_REQUEST_ID };
                found.request_id = after(tail, key);
                found.request_id.is_some_and(|id| check_request_id(id).is_ok())
            }
            Tail::Name => {
                found.name = Some(tail);
                check_user_name(tail).is_ok()
            }
        };
        if matched {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

/// The response topic for a platform request topic (command, properties set, properties get).
pub fn write_response_topic(out: &mut Sink, request_topic: &[u8]) -> Result<()> {
    let found = parse_topic(request_topic)?.ok_or(Status::NotARequest)?;
    let response = found.kind.response().ok_or(Status::NotARequest)?;
    write_topic(out, response, found.device_id, found.request_id)
}

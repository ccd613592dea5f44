//! The one result type of the library, shared by Rust and C (`hwc_result`).

/// Outcome of every fallible call. `Ok` and `NoMatch` are not failures; every negative value is.
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Success.
    Ok = 0,
    /// The input is well formed but is not what was asked for (a topic that is not an IoTDA
    /// topic, a key that is absent, the end of a list). Not an error.
    NoMatch = 1,
    /// A required pointer argument was NULL.
    NullArgument = -1,
    /// The output buffer is too small; `out_len` holds the size needed (without the NUL).
    BufferTooSmall = -2,
    /// Device id is not 1-128 characters of `[A-Za-z0-9_-]`.
    InvalidDeviceId = -3,
    /// Timestamp is not 10 digits `YYYYMMDDHH` naming a real UTC hour in years 1970-9999.
    InvalidTimestamp = -4,
    /// Secret is empty, longer than 128 bytes, or contains a NUL byte.
    InvalidSecret = -5,
    /// Sign type is not 0 (no time check) or 1 (time checked).
    InvalidSignType = -6,
    /// Request id is not 1-128 bytes of UTF-8 without `/`, `+`, `#`, `?` or control characters (C0, DEL, C1).
    InvalidRequestId = -7,
    /// Topic kind is unknown, or cannot be used for this call.
    InvalidTopicKind = -8,
    /// Date/time fields out of range (year 1970-9999, real calendar day, 24 h clock, millis < 1000).
    InvalidDateTime = -9,
    /// MQTT keep-alive outside the 30-1200 s IoTDA accepts.
    InvalidKeepAlive = -10,
    /// Text is not valid UTF-8.
    InvalidUtf8 = -11,
    /// Number text does not follow the JSON number grammar (NaN, inf, `1.`, `+1`, ...).
    InvalidNumber = -12,
    /// JSON nesting deeper than `HWC_JSON_MAX_DEPTH`.
    NestingTooDeep = -13,
    /// JSON writer call in the wrong place (a value where a key is due, unbalanced end, ...).
    JsonState = -14,
    /// Received JSON is malformed.
    MalformedJson = -15,
    /// Received JSON lacks a field the message requires.
    MissingField = -16,
    /// Received JSON has a field of the wrong type.
    WrongType = -17,
    /// An argument is out of range (enum value, empty name, custom topic name, ...).
    InvalidArgument = -18,
    /// The topic is not a platform request that takes a response.
    NotARequest = -19,
    /// An integer does not fit the range (JSON integer beyond i64, arithmetic overflow).
    OutOfRange = -20,
    /// `event_time` is neither `yyyyMMddTHHmmssZ` nor `yyyy-MM-ddTHH:mm:ss.SSSZ` of a real UTC time.
    InvalidEventTime = -21,
}

/// Internal result: `Err` never carries `Ok`.
pub type Result<T> = core::result::Result<T, Status>;

/// Every status, for mapping codes back (a stored writer error, tests).
pub const ALL: [Status; 23] = [
    Status::Ok,
    Status::NoMatch,
    Status::NullArgument,
    Status::BufferTooSmall,
    Status::InvalidDeviceId,
    Status::InvalidTimestamp,
    Status::InvalidSecret,
    Status::InvalidSignType,
    Status::InvalidRequestId,
    Status::InvalidTopicKind,
    Status::InvalidDateTime,
    Status::InvalidKeepAlive,
    Status::InvalidUtf8,
    Status::InvalidNumber,
    Status::NestingTooDeep,
    Status::JsonState,
    Status::MalformedJson,
    Status::MissingField,
    Status::WrongType,
    Status::InvalidArgument,
    Status::NotARequest,
    Status::OutOfRange,
    Status::InvalidEventTime,
];

impl Status {
    pub fn from_code(code: i32) -> Option<Status> {
        ALL.iter().copied().find(|s| *s as i32 == code)
    }

    /// A short English sentence for logs, NUL-terminated for C. Never contains caller data,
    /// so never a secret.
    pub const fn text_with_nul(self) -> &'static str {
        match self {
            Status::Ok => "ok\0",
            Status::NoMatch => "no match\0",
            Status::NullArgument => "a required pointer argument is NULL\0",
            Status::BufferTooSmall => "output buffer too small\0",
            Status::InvalidDeviceId => "device id must be 1-128 characters of A-Z a-z 0-9 _ -\0",
            Status::InvalidTimestamp => "timestamp must be 10 digits YYYYMMDDHH of a real UTC hour (1970-9999)\0",
            Status::InvalidSecret => "secret must be 1-128 bytes without NUL\0",
            Status::InvalidSignType => "sign type must be 0 or 1\0",
            Status::InvalidRequestId => "request id must be 1-128 bytes of UTF-8 without / + # ? or control characters\0",
            Status::InvalidTopicKind => "unknown topic kind, or the kind cannot be used here\0",
            Status::InvalidDateTime => "date/time out of range\0",
            Status::InvalidKeepAlive => "keep-alive must be 30-1200 seconds\0",
            Status::InvalidUtf8 => "text is not valid UTF-8\0",
            Status::InvalidNumber => "not a finite JSON number\0",
            Status::NestingTooDeep => "JSON nested too deeply\0",
            Status::JsonState => "JSON writer call out of order\0",
            Status::MalformedJson => "malformed JSON\0",
            Status::MissingField => "required JSON field missing\0",
            Status::WrongType => "JSON field has the wrong type\0",
            Status::InvalidArgument => "argument out of range\0",
            Status::NotARequest => "topic is not a platform request\0",
            Status::OutOfRange => "integer out of range\0",
            Status::InvalidEventTime => "event_time must be yyyyMMddTHHmmssZ or yyyy-MM-ddTHH:mm:ss.SSSZ (UTC)\0",
        }
    }

    /// `text_with_nul` without the NUL.
    pub fn text(self) -> &'static str {
        let text = self.text_with_nul();
        text.strip_suffix('\0').unwrap_or(text)
    }
}

//! Table-driven decoding of received JSON objects: each message names its fields once (key,
//! expected type, required) and gets back zero-copy values in the same order.

use crate::error::{Result, Status};
use crate::json::reader::{raw_eq, JsonReader, Kind, Value};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Str,
    Int,
    Obj,
    Arr,
    /// Anything (for fields whose type varies between platform versions).
    Any,
}

pub struct Field {
    pub key: &'static [u8],
    pub expect: Expect,
    pub required: bool,
}

pub const fn req(key: &'static [u8], expect: Expect) -> Field {
    Field { key, expect, required: true }
}

pub const fn opt(key: &'static [u8], expect: Expect) -> Field {
    Field { key, expect, required: false }
}

fn type_ok(value: &Value, expect: Expect) -> bool {
    match expect {
        Expect::Str => value.kind == Kind::String,
        Expect::Int => value.as_i64().is_ok(),
        Expect::Obj => value.kind == Kind::Object,
        Expect::Arr => value.kind == Kind::Array,
        Expect::Any => true,
    }
}

/// Decodes the object `json` against `fields`. Unknown keys are skipped (after a full grammar
/// check); for a repeated key the last one wins, as in most JSON parsers. An optional field
/// that is `null` reads as `Null`; a required one must have its type.
pub fn decode<'a, const N: usize>(json: &'a [u8], fields: &[Field; N]) -> Result<[Value<'a>; N]> {
    let mut values = [Value::ABSENT; N];
    decode_slice(json, fields, &mut values, UnknownKeys::Skip)?;
    Ok(values)
}

/// What a key outside the table means.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum UnknownKeys {
    /// Skipped: newer platform versions add fields.
    Skip,
    /// The object is not this message: `NoMatch`.
    NoMatch,
}

/// The body of `decode`, kept out of line and free of `N` so that it exists once, not once per
/// message type (code size), and its reader state is on the stack once (stack depth).
#[inline(never)]
pub fn decode_slice<'a>(json: &'a [u8], fields: &[Field], values: &mut [Value<'a>], unknown: UnknownKeys) -> Result<()> {
    let mut reader = JsonReader::open(json, Kind::Object)?;
    while let Some((key, value)) = reader.next_member()? {
        let known = values.iter_mut().zip(fields).find(|(_, f)| raw_eq(key, f.key));
        if known.is_none() && unknown == UnknownKeys::NoMatch {
            return Err(Status::NoMatch);
        }
        if let Some((slot, field)) = known {
            let null_allowed = !field.required && value.kind == Kind::Null;
            if !null_allowed && !type_ok(&value, field.expect) {
                let too_big = field.expect == Expect::Int && value.as_i64() == Err(Status::OutOfRange);
                return Err(if too_big { Status::OutOfRange } else { Status::WrongType });
            }
            *slot = value;
        }
    }
    reader.close_document()?;
    if values.iter().zip(fields).any(|(v, f)| f.required && v.kind == Kind::Absent) {
        return Err(Status::MissingField);
    }
    Ok(())
}

//! Table-driven decoding of received JSON objects: each message names its fields once (key,
//! expected type, required) and gets back zero-copy values in the same order.

use crate::error::{Result, Status};
use crate::json::reader::{raw_eq, JsonReader, Kind, Value};

/// A field's expected type, as the set of value kinds it accepts (bit `k` for `Kind` k, 0-7).
#[repr(u8)]
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Str = bit(Kind::String),
    /// A number that fits `i64`; told from `Any` by not accepting `true`.
    Int = bit(Kind::Number),
    Obj = bit(Kind::Object),
    Arr = bit(Kind::Array),
    /// Anything (for fields whose type varies between platform versions).
    Any = bit(Kind::Null)
        | bit(Kind::False)
        | bit(Kind::True)
        | bit(Kind::Number)
        | bit(Kind::String)
        | bit(Kind::Object)
        | bit(Kind::Array),
}

const fn bit(kind: Kind) -> u8 {
    1 << kind as u32
}

/// One field: its key and the kinds its slot may hold once decoded (`Absent` and `Null` too when
/// it is optional). Packed: 9 bytes instead of 12, for ~70 fields in rodata; only read by value.
#[repr(C, packed)]
#[derive(Clone, Copy)]
pub struct Field {
    key: &'static [u8],
    accepts: u8,
}

pub const fn req(key: &'static [u8], expect: Expect) -> Field {
    Field { key, accepts: expect as u8 }
}

pub const fn opt(key: &'static [u8], expect: Expect) -> Field {
    Field { key, accepts: expect as u8 | bit(Kind::Absent) | bit(Kind::Null) }
}

impl Field {
    pub fn key(&self) -> &'static [u8] {
        self.key
    }

    pub fn required(&self) -> bool {
        !self.accepts(Kind::Absent)
    }

    fn accepts(&self, kind: Kind) -> bool {
        // Kinds past `Array` (tokens only) shift out of the byte: refused.
        u32::from(self.accepts) & 1u32.wrapping_shl(kind as u32) != 0
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
        match values.iter_mut().zip(fields).find(|(_, f)| raw_eq(key, f.key())) {
            Some((slot, field)) => {
                if !field.accepts(value.kind) {
                    return Err(Status::WrongType);
                }
                // `Int`: a number must also fit (WrongType for a fraction, OutOfRange beyond i64).
                if value.kind == Kind::Number && !field.accepts(Kind::True) {
                    value.as_i64()?;
                }
                *slot = value;
            }
            None if unknown == UnknownKeys::NoMatch => return Err(Status::NoMatch),
            None => {}
        }
    }
    reader.close_document()?;
    // Every slot holds an accepted kind now, except a required field's `Absent`.
    if values.iter().zip(fields).any(|(v, f)| !f.accepts(v.kind)) {
        return Err(Status::MissingField);
    }
    Ok(())
}

//! Payloads of every message family: encoders write through the JSON writer, decoders read
//! through `schema::decode`. Each family knows its keys only via `keys`.

pub mod command;
pub mod events;
pub mod keys;
pub mod messages;
pub mod properties;
pub mod schema;
pub mod shadow;

use crate::error::{Result, Status};
use crate::json::writer::JsonWriter;

/// Service ids, event types and names must not be empty.
pub(crate) fn non_empty(w: &mut JsonWriter, text: &[u8]) -> Result<()> {
    if text.is_empty() {
        return w.reject(Status::InvalidArgument);
    }
    Ok(())
}

/// Closes a `{"list":[ ... ]}` envelope.
pub(crate) fn close_list(w: &mut JsonWriter) -> Result<()> {
    w.end_array()?;
    w.end_object()
}

//! Payloads of every message family: encoders write through the JSON writer, decoders read
//! through `schema::decode`. Each family knows its keys only via `keys`.
//!
//! Encoders drop the results of all but their last writer call (`let _ =`): the writer's errors
//! are sticky (every call first returns the error already recorded, and writes nothing), so the
//! last call reports the first failure exactly as `?` after each call would, without a branch
//! per call (code size).

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
    let _ = w.end_array();
    w.end_object()
}

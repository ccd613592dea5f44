//! Shared by the fuzz targets: the invariants of `tests/prop_common/oracle.rs` (the same file
//! the property tests use), so a fuzz crash and a failing property mean the same thing.

#[path = "../../tests/prop_common/oracle.rs"]
pub mod oracle;

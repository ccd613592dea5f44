//! Decoders of bootstrap results: never a panic; on JSON both parsers accept, the values the field-table
//! model predicts; never a success on anything else; the C decoders agree.
#![no_main]

use huaweicloud_fuzz::oracle;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    oracle::check_decoders_of(data, Some("bootstrap"));
});

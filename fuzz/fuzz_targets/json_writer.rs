//! JSON writer, differential: fuzz bytes are a list of writer calls; every call must do what the
//! independent model says, a finished document must be exactly the model's text and parse with
//! serde_json and our reader, and measured/exact/short buffers and the C ABI must agree.
#![no_main]

use huaweicloud_fuzz::oracle;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let small = data.iter().fold(data.len(), |acc, b| acc.wrapping_mul(31).wrapping_add(usize::from(*b)));
    oracle::check_writer_ops(&oracle::ops_from_bytes(data), small);
});

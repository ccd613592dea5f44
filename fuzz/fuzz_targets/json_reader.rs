//! JSON reader token stream against serde_json: the same verdict on any bytes (except nesting
//! past 32 and numbers outside f64), the same value rebuilt from tokens, whole values and
//! members, and the same tokens through the C ABI.
#![no_main]

use huaweicloud_fuzz::oracle;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    oracle::check_reader(data);
});

//! Topics: `parse_topic` on any bytes (never fails; accepted topics rebuild identically; the
//! response topic and the C ABI agree), and `hwc_topic` on any kind number and parts.
#![no_main]

use huaweicloud_fuzz::oracle;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    oracle::check_topic(data);
    oracle::check_topic_build(data);
});

//! `time_sync_now` (halved by shifting in `src/time.rs`) against Rust's own 128-bit division,
//! which rounds toward zero, for values near the ends of i64 and odd sums of either sign.

mod prop_common;

use huaweicloud::error::Status;
use huaweicloud::ffi;
use huaweicloud::time::time_sync_now;
use prop_common::config;
use proptest::prelude::*;

fn oracle(device_send: i64, server_recv: i64, server_send: i64, device_recv: i64) -> Result<i64, Status> {
    let sum = i128::from(server_recv) + i128::from(server_send) + i128::from(device_recv) - i128::from(device_send);
    i64::try_from(sum / 2).map_err(|_| Status::OutOfRange)
}

/// Any i64, with both ends and small values (odd sums of either sign) over-represented.
fn ms() -> impl Strategy<Value = i64> {
    prop_oneof![
        3 => any::<i64>(),
        2 => -5i64..5,
        2 => prop_oneof![(i64::MIN..i64::MIN + 5), (i64::MAX - 5)..=i64::MAX],
        1 => prop_oneof![(i64::MIN / 2 - 3)..(i64::MIN / 2 + 3), (i64::MAX / 2 - 3)..(i64::MAX / 2 + 3)],
    ]
}

proptest! {
    #![proptest_config(config(4000))]

    #[test]
    fn agrees_with_i128_division(a in ms(), b in ms(), c in ms(), d in ms()) {
        let want = oracle(a, b, c, d);
        prop_assert_eq!(time_sync_now(a, b, c, d), want);
        let mut out = 7i64;
        let status = unsafe { ffi::hwc_time_sync_now(a, b, c, d, &mut out) };
        prop_assert_eq!(status, want.err().unwrap_or(Status::Ok));
        if let Ok(now) = want {
            prop_assert_eq!(out, now);
        }
    }
}

#[test]
fn edges() {
    // -1 / 2 and 1 / 2 are 0; -3 / 2 is -1.
    assert_eq!(time_sync_now(1, 0, 0, 0), Ok(0));
    assert_eq!(time_sync_now(0, 1, 0, 0), Ok(0));
    assert_eq!(time_sync_now(3, 0, 0, 0), Ok(-1));
    // The largest sums whose halves still fit, and the first that do not.
    assert_eq!(time_sync_now(0, i64::MAX, i64::MAX, 1), Ok(i64::MAX));
    assert_eq!(time_sync_now(-1, i64::MAX, i64::MAX, 1), Err(Status::OutOfRange));
    assert_eq!(time_sync_now(1, i64::MIN, i64::MIN, 0), Ok(i64::MIN));
    assert_eq!(time_sync_now(2, i64::MIN, i64::MIN, 0), Err(Status::OutOfRange));
    assert_eq!(time_sync_now(i64::MIN, i64::MAX, i64::MAX, i64::MAX), Err(Status::OutOfRange));
    assert_eq!(time_sync_now(i64::MAX, i64::MIN, i64::MIN, i64::MIN), Err(Status::OutOfRange));
}

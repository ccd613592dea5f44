//! Property tests of the UTC calendar (`src/time.rs`) against a naive year-by-year, month-by-month
//! count written here: Unix seconds to civil time and back, the `YYYYMMDDHH` timestamp and both
//! `event_time` forms, for every second of 1970-9999 reachable by random choice and every day.

mod prop_common;

use huaweicloud::error::Status;
use huaweicloud::ffi;
use huaweicloud::sink::Sink;
use huaweicloud::time::{self, DateTime, EventTimeFormat, MAX_UNIX_SECONDS};
use prop_common::config;
use proptest::prelude::*;

fn leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn month_len(y: i64, m: i64) -> i64 {
    [31, if leap(y) { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][(m - 1) as usize]
}

/// Civil time of Unix seconds by counting whole years, then whole months, from 1970-01-01.
fn naive_civil(secs: i64, millis: u16) -> DateTime {
    let mut days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    let mut year = 1970;
    while days >= if leap(year) { 366 } else { 365 } {
        days -= if leap(year) { 366 } else { 365 };
        year += 1;
    }
    let mut month = 1;
    while days >= month_len(year, month) {
        days -= month_len(year, month);
        month += 1;
    }
    DateTime {
        year: year as u16,
        month: month as u8,
        day: (days + 1) as u8,
        hour: (rest / 3600) as u8,
        minute: (rest / 60 % 60) as u8,
        second: (rest % 60) as u8,
        millis,
    }
}

fn naive_valid(t: &DateTime) -> bool {
    (1970..=9999).contains(&t.year)
        && (1..=12).contains(&t.month)
        && t.day >= 1
        && i64::from(t.day) <= month_len(t.year.into(), t.month.into())
        && t.hour < 24
        && t.minute < 60
        && t.second < 60
        && t.millis < 1000
}

/// Unix seconds of a valid civil time by the same counting.
fn naive_unix(t: &DateTime) -> i64 {
    let mut days = 0;
    for y in 1970..i64::from(t.year) {
        days += if leap(y) { 366 } else { 365 };
    }
    for m in 1..i64::from(t.month) {
        days += month_len(t.year.into(), m);
    }
    days += i64::from(t.day) - 1;
    days * 86_400 + i64::from(t.hour) * 3600 + i64::from(t.minute) * 60 + i64::from(t.second)
}

fn text(write: impl FnOnce(&mut Sink) -> Result<(), Status>) -> Result<String, Status> {
    let mut buf = [0u8; 64];
    let mut sink = Sink::new(&mut buf);
    write(&mut sink)?;
    let len = sink.finish().map_err(|_| Status::BufferTooSmall)?;
    Ok(String::from_utf8(buf[..len].to_vec()).unwrap())
}

/// Seconds anywhere in 1970-9999, with year starts, leap days and both ends over-represented.
fn unix_seconds() -> impl Strategy<Value = i64> {
    let near = |anchor: DateTime| {
        let at = naive_unix(&anchor);
        (-200_000i64..200_000).prop_map(move |d| (at + d).clamp(0, MAX_UNIX_SECONDS))
    };
    prop_oneof![
        4 => 0..=MAX_UNIX_SECONDS,
        1 => (1970u16..=9999).prop_flat_map(move |year| near(DateTime { year, month: 1, day: 1, ..DateTime::default() })),
        1 => (0u16..=2007).prop_flat_map(move |n| near(DateTime { year: 1972 + 4 * n, month: 2, day: 28, ..DateTime::default() })),
        1 => prop_oneof![Just(0i64), Just(MAX_UNIX_SECONDS), 0i64..100_000, (MAX_UNIX_SECONDS - 100_000)..=MAX_UNIX_SECONDS],
    ]
}

fn compact(t: &DateTime) -> String {
    format!("{:04}{:02}{:02}T{:02}{:02}{:02}Z", t.year, t.month, t.day, t.hour, t.minute, t.second)
}

fn with_millis(t: &DateTime) -> String {
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", t.year, t.month, t.day, t.hour, t.minute, t.second, t.millis)
}

proptest! {
    #![proptest_config(config(2000))]

    /// `from_unix` agrees with the naive count, `to_unix` inverts it, and the timestamp and
    /// both event_time forms are the fields zero-padded and parse back; the C ABI agrees.
    #[test]
    fn unix_seconds_to_civil_and_back(secs in unix_seconds(), millis in 0u16..1000) {
        let t = DateTime::from_unix(secs, millis).unwrap();
        prop_assert_eq!(t, naive_civil(secs, millis));
        prop_assert_eq!(t.validate(), Ok(()));
        prop_assert_eq!(t.to_unix(), Ok(secs));

        let ts = text(|s| time::write_timestamp(s, &t)).unwrap();
        prop_assert_eq!(&ts, &format!("{:04}{:02}{:02}{:02}", t.year, t.month, t.day, t.hour));
        prop_assert_eq!(time::parse_timestamp(ts.as_bytes()), Ok(DateTime { minute: 0, second: 0, millis: 0, ..t }));

        let c = text(|s| time::write_event_time(s, &t, EventTimeFormat::Compact)).unwrap();
        prop_assert_eq!(&c, &compact(&t));
        prop_assert_eq!(time::parse_event_time(c.as_bytes()), Ok(DateTime { millis: 0, ..t }));
        let m = text(|s| time::write_event_time(s, &t, EventTimeFormat::Millis)).unwrap();
        prop_assert_eq!(&m, &with_millis(&t));
        prop_assert_eq!(time::parse_event_time(m.as_bytes()), Ok(t));

        let mut out = DateTime::default();
        prop_assert_eq!(unsafe { ffi::hwc_datetime_from_unix(secs, millis, &mut out) }, Status::Ok);
        prop_assert_eq!(out, t);
        let mut back = -1i64;
        prop_assert_eq!(unsafe { ffi::hwc_datetime_to_unix(&t, &mut back) }, Status::Ok);
        prop_assert_eq!(back, secs);
        let mut buf = [0xAAu8; 11];
        let mut len = 0usize;
        prop_assert_eq!(unsafe { ffi::hwc_timestamp(secs, buf.as_mut_ptr().cast(), buf.len(), &mut len) }, Status::Ok);
        prop_assert_eq!(&buf[..len], ts.as_bytes());
        prop_assert_eq!(buf[10], 0);
    }

    /// Any field values: valid exactly when the naive calendar says so; valid ones convert to
    /// the naive count of seconds and back (milliseconds kept).
    #[test]
    fn datetime_fields(year in 1960u16..10010, month in 0u8..14, day in 0u8..33, hour in 0u8..25, minute in 0u8..61, second in 0u8..61, millis in 0u16..1002) {
        let t = DateTime { year, month, day, hour, minute, second, millis };
        if naive_valid(&t) {
            prop_assert_eq!(t.validate(), Ok(()));
            let secs = t.to_unix().unwrap();
            prop_assert_eq!(secs, naive_unix(&t));
            prop_assert_eq!(DateTime::from_unix(secs, millis), Ok(t));
        } else {
            prop_assert_eq!(t.validate(), Err(Status::InvalidDateTime));
            prop_assert_eq!(t.to_unix(), Err(Status::InvalidDateTime));
            prop_assert_eq!(text(|s| time::write_timestamp(s, &t)), Err(Status::InvalidDateTime));
            prop_assert_eq!(text(|s| time::write_event_time(s, &t, EventTimeFormat::Millis)), Err(Status::InvalidDateTime));
        }
    }

    /// Seconds outside 1970-9999 and milliseconds past 999 are refused (also by the C ABI).
    #[test]
    fn out_of_range_seconds(secs in prop_oneof![i64::MIN..0, (MAX_UNIX_SECONDS + 1)..=i64::MAX], ok_secs in 0..=MAX_UNIX_SECONDS, millis in 1000u16..) {
        prop_assert_eq!(DateTime::from_unix(secs, 0), Err(Status::InvalidDateTime));
        prop_assert_eq!(DateTime::from_unix(ok_secs, millis), Err(Status::InvalidDateTime));
        let mut len = 7usize;
        prop_assert_eq!(unsafe { ffi::hwc_timestamp(secs, std::ptr::null_mut(), 0, &mut len) }, Status::InvalidDateTime);
        prop_assert_eq!(len, 0);
    }

    /// Ten-character strings (mostly digits): a timestamp exactly when they are digits naming a
    /// real UTC hour of 1970-9999.
    #[test]
    fn timestamp_strings(chars in prop::collection::vec(prop_oneof![10 => prop::char::range('0', '9'), 1 => any::<char>()], 8..=12)) {
        let s: String = chars.into_iter().collect();
        let b = s.as_bytes();
        let want = if b.len() == 10 && b.iter().all(u8::is_ascii_digit) {
            let n = |r: std::ops::Range<usize>| s[r].parse::<u16>().unwrap();
            let t = DateTime { year: n(0..4), month: n(4..6) as u8, day: n(6..8) as u8, hour: n(8..10) as u8, ..DateTime::default() };
            naive_valid(&t).then_some(t)
        } else {
            None
        };
        prop_assert_eq!(time::parse_timestamp(b).ok(), want);
        if want.is_none() {
            prop_assert_eq!(time::parse_timestamp(b), Err(Status::InvalidTimestamp));
        }
        let status = unsafe { ffi::hwc_check_timestamp(b.as_ptr().cast(), b.len()) };
        prop_assert_eq!(status, if want.is_some() { Status::Ok } else { Status::InvalidTimestamp });
    }

    /// Event-time strings built on either form with random digits and the odd wrong character.
    #[test]
    fn event_time_strings(
        millis_form in any::<bool>(),
        digits in prop::collection::vec(0u8..10, 17),
        damage in prop::option::weighted(0.3, (0usize..24, any::<char>())),
    ) {
        let mut d = digits.iter().map(|x| char::from(b'0' + x));
        let mut take = |n: usize| (&mut d).take(n).collect::<String>();
        let (y, mo, da, h, mi, se, ms) = (take(4), take(2), take(2), take(2), take(2), take(2), take(3));
        let mut s = if millis_form { format!("{y}-{mo}-{da}T{h}:{mi}:{se}.{ms}Z") } else { format!("{y}{mo}{da}T{h}{mi}{se}Z") };
        if let Some((at, c)) = damage {
            let at = at % s.len();
            s.replace_range(at..at + 1, &c.to_string());
        }
        let want = {
            let pattern = if millis_form { "dddd-dd-ddTdd:dd:dd.dddZ" } else { "ddddddddTddddddZ" };
            let shape_ok = s.len() == pattern.len()
                && s.bytes().zip(pattern.bytes()).all(|(c, p)| if p == b'd' { c.is_ascii_digit() } else { c == p });
            let n = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u16>().ok()).unwrap_or(0);
            let t = if millis_form {
                DateTime { year: n(0..4), month: n(5..7) as u8, day: n(8..10) as u8, hour: n(11..13) as u8, minute: n(14..16) as u8, second: n(17..19) as u8, millis: n(20..23) }
            } else {
                DateTime { year: n(0..4), month: n(4..6) as u8, day: n(6..8) as u8, hour: n(9..11) as u8, minute: n(11..13) as u8, second: n(13..15) as u8, millis: 0 }
            };
            (shape_ok && naive_valid(&t)).then_some(t)
        };
        prop_assert_eq!(time::parse_event_time(s.as_bytes()).ok(), want, "{}", s);
        if want.is_none() {
            prop_assert_eq!(time::parse_event_time(s.as_bytes()), Err(Status::InvalidEventTime));
        }
    }
}

/// Every day of 1970-01-01 .. 9999-12-31, against a calendar advanced one day at a time.
#[test]
fn every_day_of_the_range() {
    let (mut y, mut m, mut d) = (1970i64, 1i64, 1i64);
    let mut day = 0i64;
    loop {
        let secs = day * 86_400 + (day * 7919) % 86_400;
        let t = DateTime::from_unix(secs, 0).unwrap();
        assert_eq!((i64::from(t.year), i64::from(t.month), i64::from(t.day)), (y, m, d), "day {day}");
        assert_eq!(t.to_unix(), Ok(secs));
        if (y, m, d) == (9999, 12, 31) {
            break;
        }
        d += 1;
        if d > month_len(y, m) {
            d = 1;
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
        day += 1;
    }
    assert_eq!(day * 86_400 + 86_399, MAX_UNIX_SECONDS);
    assert_eq!(DateTime::from_unix(MAX_UNIX_SECONDS + 1, 0), Err(Status::InvalidDateTime));
}

//! UTC calendar arithmetic: Unix seconds to civil time, IoTDA's `YYYYMMDDHH` timestamp and the
//! two `event_time` forms. Years are limited to 1970-9999 so every field has a fixed width.

use crate::error::{Result, Status};
use crate::sink::Sink;

/// A broken-down UTC time (`hwc_datetime` in C).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DateTime {
    /// 1970-9999.
    pub year: u16,
    /// 1-12.
    pub month: u8,
    /// 1-31, within the month.
    pub day: u8,
    /// 0-23.
    pub hour: u8,
    /// 0-59.
    pub minute: u8,
    /// 0-59 (leap seconds are not representable in Unix time).
    pub second: u8,
    /// 0-999.
    pub millis: u16,
}

pub const MIN_YEAR: u16 = 1970;
pub const MAX_YEAR: u16 = 9999;
/// 9999-12-31T23:59:59Z.
pub const MAX_UNIX_SECONDS: i64 = 253_402_300_799;
/// Length of `YYYYMMDDHH`.
pub const TIMESTAMP_LEN: usize = 10;

/// Which `event_time` form to write.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventTimeFormat {
    /// `yyyyMMddTHHmmssZ`, e.g. `20151212T121212Z` (the form events accept).
    Compact = 0,
    /// `yyyy-MM-ddTHH:mm:ss.SSSZ`, e.g. `2020-08-12T12:12:12.333Z`.
    Millis = 1,
}

pub const EVENT_TIME_COMPACT_LEN: usize = 16;
pub const EVENT_TIME_MILLIS_LEN: usize = 24;

/// Year, month, day, hour, minute, second and millis: what the letters `a`..=`g` of a layout name.
type Fields = [u32; 7];

impl DateTime {
    fn fields(&self) -> Fields {
        let t = self;
        [t.year.into(), t.month.into(), t.day.into(), t.hour.into(), t.minute.into(), t.second.into(), t.millis.into()]
    }

    fn from_fields(fields: Fields) -> DateTime {
        let [year, month, day, hour, minute, second, millis] = fields;
        DateTime {
            year: year as u16,
            month: month as u8,
            day: day as u8,
            hour: hour as u8,
            minute: minute as u8,
            second: second as u8,
            millis: millis as u16,
        }
    }

    pub fn validate(&self) -> Result<()> {
        let year = self.year;
        // A century year is a multiple of 400 exactly when it is also one of 16.
        let leap = year & if year.is_multiple_of(100) { 15 } else { 3 } == 0;
        // Bit m of 0x15AA is set when month m has 31 days.
        let month_len =
            if self.month == 2 { 28 + u8::from(leap) } else { 30 + (0x15AAu32.wrapping_shr(self.month.into()) & 1) as u8 };
        let ok = (MIN_YEAR..=MAX_YEAR).contains(&year)
            && (1..=12).contains(&self.month)
            && (1..=month_len).contains(&self.day)
            && self.hour < 24
            && self.minute < 60
            && self.second < 60
            && self.millis < 1000;
        if ok {
            Ok(())
        } else {
            Err(Status::InvalidDateTime)
        }
    }

    /// Civil UTC time of `unix_seconds` (1970-01-01T00:00:00Z .. 9999-12-31T23:59:59Z).
    pub fn from_unix(unix_seconds: i64, millis: u16) -> Result<DateTime> {
        if !(0..=MAX_UNIX_SECONDS).contains(&unix_seconds) || millis >= 1000 {
            return Err(Status::InvalidDateTime);
        }
        // 86400 = 128 * 675: shifting first keeps every division 32-bit (no u64 divide helper).
        let secs = unix_seconds as u64;
        let high = (secs >> 7) as u32;
        let days = high / 675;
        let second_of_day = ((high % 675) << 7) | (secs & 127) as u32;
        let (year, month, day) = civil_from_days(days);
        Ok(DateTime {
            year: year as u16,
            month: month as u8,
            day: day as u8,
            hour: (second_of_day / 3600) as u8,
            minute: (second_of_day / 60 % 60) as u8,
            second: (second_of_day % 60) as u8,
            millis,
        })
    }

    /// Unix seconds of this (validated) time.
    pub fn to_unix(&self) -> Result<i64> {
        self.validate()?;
        let days = days_from_civil(self.year.into(), self.month.into(), self.day.into());
        let seconds = u32::from(self.hour) * 3600 + u32::from(self.minute) * 60 + u32::from(self.second);
        Ok(i64::from(days) * 86_400 + i64::from(seconds))
    }
}

/// Days since 1970-01-01 to (year, month, day) by Neri and Schneider's Euclidean affine functions
/// ("Euclidean affine functions and their application to calendar algorithms", 2022): years
/// start on 1 March, and multiplications and shifts replace most divisions.
fn civil_from_days(days: u32) -> (u32, u32, u32) {
    // 719468 days from 0000-03-01 to 1970-01-01; the range stays far below 2^30.
    let n1 = 4 * (days + 719_468) + 3;
    let century = n1 / 146_097;
    let n2 = (n1 % 146_097) | 3;
    let p2 = 2_939_745 * u64::from(n2);
    let year_of_century = (p2 >> 32) as u32;
    let day_of_year = p2 as u32 / 2_939_745 / 4;
    let n3 = 2141 * day_of_year + 197_913;
    let (month, day) = (n3 >> 16, (n3 & 0xffff) / 2141 + 1);
    // January and February (day_of_year 306 on) belong to the next civil year.
    let january = day_of_year >= 306;
    (100 * century + year_of_century + u32::from(january), if january { month - 12 } else { month }, day)
}

/// Days since 1970-01-01 of a valid date (same source as `civil_from_days`).
fn days_from_civil(year: u32, month: u32, day: u32) -> u32 {
    let january = month <= 2;
    let (y, m) = if january { (year - 1, month + 12) } else { (year, month) };
    let century = y / 100;
    1461 * y / 4 - century + century / 4 + (979 * m - 2919) / 32 + day - 1 - 719_468
}

/// Writes `YYYYMMDDHH`.
pub fn write_timestamp(out: &mut Sink, t: &DateTime) -> Result<()> {
    write(out, t, TIMESTAMP_LAYOUT)
}

pub fn write_event_time(out: &mut Sink, t: &DateTime, format: EventTimeFormat) -> Result<()> {
    write(out, t, if format == EventTimeFormat::Millis { MILLIS_LAYOUT } else { COMPACT_LAYOUT })
}

/// Writes a valid `t` laid out as `layout` (see `TIMESTAMP_LAYOUT`).
fn write(out: &mut Sink, t: &DateTime, layout: &[u8]) -> Result<()> {
    t.validate()?;
    let mut fields = t.fields();
    // Filled from the end, so each field gives up its least significant digit first.
    let mut text = [0u8; EVENT_TIME_MILLIS_LEN];
    for (slot, &spec) in text.iter_mut().zip(layout).rev() {
        *slot = match fields.get_mut(usize::from(spec.wrapping_sub(b'a'))) {
            Some(field) => {
                let digit = *field % 10;
                *field /= 10;
                b'0' + digit as u8
            }
            None => spec,
        };
    }
    out.bytes(text.get(..layout.len()).unwrap_or(&[]));
    Ok(())
}

/// Text layouts: each letter `a`..=`g` is one digit (most significant first) of the year, month,
/// day, hour, minute, second or millis; any other byte must appear as is.
const TIMESTAMP_LAYOUT: &[u8; TIMESTAMP_LEN] = b"aaaabbccdd";
const COMPACT_LAYOUT: &[u8; EVENT_TIME_COMPACT_LEN] = b"aaaabbccTddeeffZ";
const MILLIS_LAYOUT: &[u8; EVENT_TIME_MILLIS_LEN] = b"aaaa-bb-ccTdd:ee:ff.gggZ";

/// Reads `text` laid out as `layout` and checks the time it names; every failure is `error`.
fn parse(text: &[u8], layout: &[u8], error: Status) -> Result<DateTime> {
    if text.len() != layout.len() {
        return Err(error);
    }
    let mut fields: Fields = [0; 7];
    for (&byte, &spec) in text.iter().zip(layout) {
        match fields.get_mut(usize::from(spec.wrapping_sub(b'a'))) {
            // At most four digits per field: no overflow, wrapping only spares the check.
            Some(field) if byte.is_ascii_digit() => *field = field.wrapping_mul(10).wrapping_add(u32::from(byte - b'0')),
            None if byte == spec => {}
            _ => return Err(error),
        }
    }
    let t = DateTime::from_fields(fields);
    t.validate().map_err(|_| error)?;
    Ok(t)
}

/// Checks a `YYYYMMDDHH` timestamp and returns it as a time (minutes and seconds zero).
pub fn parse_timestamp(text: &[u8]) -> Result<DateTime> {
    parse(text, TIMESTAMP_LAYOUT, Status::InvalidTimestamp)
}

/// Checks an `event_time` in either documented form.
pub fn parse_event_time(text: &[u8]) -> Result<DateTime> {
    let layout: &[u8] = if text.len() == EVENT_TIME_COMPACT_LEN { COMPACT_LAYOUT } else { MILLIS_LAYOUT };
    parse(text, layout, Status::InvalidEventTime)
}

/// Platform time at the moment the time-sync response arrived (IoTDA doc 3041):
/// `(server_recv + server_send + device_recv - device_send) / 2`, all in Unix milliseconds.
/// Computed in 128 bits, so only a result outside i64 is `OutOfRange`.
pub fn time_sync_now(device_send: i64, server_recv: i64, server_send: i64, device_recv: i64) -> Result<i64> {
    let sum = i128::from(server_recv) + i128::from(server_send) + i128::from(device_recv) - i128::from(device_send);
    // Halved by shifting, rounding toward zero like integer division (an i128 divide would pull
    // in a compiler_builtins helper): a negative sum gets 1 added first.
    let half = (sum - (sum >> 127)) >> 1;
    i64::try_from(half).map_err(|_| Status::OutOfRange)
}

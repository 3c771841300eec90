//! HTTP-dates (RFC 9110 §5.6.7) and the civil-calendar arithmetic behind them.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// The three HTTP-date formats, which a recipient must all accept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateFormat {
    /// `Tue, 14 Jul 2026 03:33:20 GMT`, the preferred one.
    ImfFixdate,
    /// `Tuesday, 14-Jul-26 03:33:20 GMT` (obsolete).
    Rfc850,
    /// `Tue Jul 14 03:33:20 2026` (obsolete).
    Asctime,
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// `(year, month, day)` of a count of days since 1970-01-01 (H. Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Days since 1970-01-01 of a civil date; the inverse of [`civil_from_days`].
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `ms` (since the epoch) as an HTTP-date in `format`, whole seconds.
pub fn http_date_ms(ms: i64, format: DateFormat) -> String {
    const DAYS: [&str; 7] = [
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
    ];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = ms.div_euclid(DAY_MS);
    let (year, month, day) = civil_from_days(days);
    let t = ms.rem_euclid(DAY_MS) / 1000;
    let weekday = DAYS[days.rem_euclid(7) as usize];
    let mon = MONTHS[(month - 1).clamp(0, 11) as usize];
    let time = format!("{:02}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60);
    match format {
        DateFormat::ImfFixdate => format!("{}, {day:02} {mon} {year} {time} GMT", &weekday[..3]),
        DateFormat::Rfc850 => format!("{weekday}, {day:02}-{mon}-{:02} {time} GMT", year % 100),
        DateFormat::Asctime => format!("{} {mon} {day:>2} {time} {year}", &weekday[..3]),
    }
}

/// `t` as an HTTP-date in `format`, whole seconds.
pub fn http_date_as(t: SystemTime, format: DateFormat) -> String {
    let ms = match t.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_millis() as i64,
        Err(before) => -(before.duration().as_millis() as i64),
    };
    http_date_ms(ms, format)
}

/// `t` as an IMF-fixdate, the preferred HTTP-date format.
pub fn http_date(t: SystemTime) -> String {
    http_date_as(t, DateFormat::ImfFixdate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn http_date_helper() {
        let t = UNIX_EPOCH + secs(1_784_000_000);
        assert_eq!(http_date(t), "Tue, 14 Jul 2026 03:33:20 GMT");
        assert_eq!(http_date(UNIX_EPOCH), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(
            http_date(UNIX_EPOCH + secs(951_782_400)),
            "Tue, 29 Feb 2000 00:00:00 GMT"
        );
        // RFC 9110's own examples.
        let t = UNIX_EPOCH + secs(784_111_777);
        assert_eq!(http_date(t), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(
            http_date_as(t, DateFormat::Rfc850),
            "Sunday, 06-Nov-94 08:49:37 GMT"
        );
        assert_eq!(
            http_date_as(t, DateFormat::Asctime),
            "Sun Nov  6 08:49:37 1994"
        );
    }

    #[test]
    fn civil_dates_round_trip() {
        for days in [-719_468, -1, 0, 1, 10_957, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}

//! Retry policy: what is retried, how long to wait, and the idempotency key.
//!
//! medusa-js (through retry-axios) retries when there was no response, on 409 and on 501–599, never
//! on 500, POST included, with the same `Idempotency-Key` on every attempt, waiting 0.5 s, 1.5 s,
//! 3.5 s… with no jitter and no cap. This crate keeps what is retried and the key, and adds: 429 is
//! retried too; waits grow exponentially with full jitter and a cap; `Retry-After` (seconds or an
//! HTTP date) is honoured up to a ceiling, past which the call stops and returns the error carrying
//! the value. `@medusajs/js-sdk` (v2) has no retries and sends no `Idempotency-Key`: a v2 client
//! of this crate follows medusa-js's rules too.
//!
//! [`decide`] is a pure function: the transport loop asks it "stop, or wait how long?".

use std::time::{Duration, SystemTime};

/// Retry settings of a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RetryPolicy {
    /// Retries after the first attempt (medusa-js `maxRetries`, default 0).
    pub max_retries: u32,
    /// The first backoff step; step n is `base × 2^n`, capped.
    pub base_delay: Duration,
    /// The largest backoff step.
    pub max_delay: Duration,
    /// The longest `Retry-After` honoured; a longer one stops the retries.
    pub retry_after_max: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 0,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(15),
            retry_after_max: Duration::from_secs(60),
        }
    }
}

/// What went wrong with one attempt, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// No (complete) response: connect refused, reset, closed, timed out, body broke off.
    NoResponse,
    /// A response with this status.
    Status(u16),
}

/// The answer of [`decide`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Return the error.
    Stop,
    /// Sleep this long, then send the same request again.
    Retry(Duration),
}

/// Whether a status is worth retrying: 409, 429 and 501–599 (never 500).
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 409 | 429 | 501..=599)
}

/// Decides whether to retry after a failed attempt.
///
/// `retries_done` is the number of retries already made (0 after the first attempt);
/// `retry_after` is the parsed `Retry-After` of the response, if any; `jitter` is a number in
/// `[0, 1)` from the random source.
pub(crate) fn decide(
    policy: &RetryPolicy,
    retries_done: u32,
    failure: Failure,
    retry_after: Option<Duration>,
    jitter: f64,
) -> Decision {
    if retries_done >= policy.max_retries {
        return Decision::Stop;
    }
    let retryable = match failure {
        Failure::NoResponse => true,
        Failure::Status(s) => is_retryable_status(s),
    };
    if !retryable {
        return Decision::Stop;
    }
    if let Some(wait) = retry_after {
        return if wait > policy.retry_after_max {
            Decision::Stop
        } else {
            Decision::Retry(wait)
        };
    }
    Decision::Retry(backoff(policy, retries_done, jitter))
}

/// Full jitter: `jitter × min(max_delay, base_delay × 2^retries_done)`.
pub(crate) fn backoff(policy: &RetryPolicy, retries_done: u32, jitter: f64) -> Duration {
    let factor = 2u32.saturating_pow(retries_done.min(31));
    let step = policy
        .base_delay
        .checked_mul(factor)
        .unwrap_or(policy.max_delay)
        .min(policy.max_delay);
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    step.mul_f64(jitter)
}

/// The longest a call can take: `(max_retries + 1) × timeout` plus the longest possible waits
/// (each at most the larger of `max_delay` and `retry_after_max`).
pub(crate) fn worst_case(policy: &RetryPolicy, timeout: Duration) -> Duration {
    let attempts = policy.max_retries.saturating_add(1);
    let longest_wait = policy.max_delay.max(policy.retry_after_max);
    timeout
        .saturating_mul(attempts)
        .saturating_add(longest_wait.saturating_mul(policy.max_retries))
}

/// Parses `Retry-After`: a number of seconds, or an HTTP date (relative to `now`; a date in the
/// past means "now").
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<u64>().ok().map(Duration::from_secs);
    }
    let target =
        match time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc2822) {
            Ok(date) => SystemTime::from(date),
            Err(_) => obsolete_http_date(value, now)?,
        };
    Some(target.duration_since(now).unwrap_or(Duration::ZERO))
}

/// An HTTP date (`Date`, `Retry-After`): the IMF-fixdate, or one of the two obsolete forms.
pub(crate) fn parse_http_date(value: &str) -> Option<SystemTime> {
    let value = value.trim();
    match time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc2822) {
        Ok(date) => Some(SystemTime::from(date)),
        Err(_) => obsolete_http_date(value, SystemTime::now()),
    }
}

/// The two obsolete HTTP-date forms a recipient must still accept (RFC 9110 §5.6.7):
/// RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT` and asctime `Sun Nov  6 08:49:37 1994`.
fn obsolete_http_date(value: &str, now: SystemTime) -> Option<SystemTime> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let mut month = None;
    let mut numbers: Vec<&str> = Vec::new();
    let mut clock = None;
    for token in value.split([' ', ',', '-']).filter(|t| !t.is_empty()) {
        if token.contains(':') {
            clock = Some(token);
        } else if token.bytes().all(|b| b.is_ascii_digit()) {
            numbers.push(token);
        } else if let Some(m) = MONTHS.iter().position(|m| token.eq_ignore_ascii_case(m)) {
            month = Some(m as u8 + 1);
        }
    }
    let [day, year] = numbers[..] else {
        return None;
    };
    let day: u8 = day.parse().ok()?;
    let mut year: i32 = year.parse().ok()?;
    if year < 100 {
        // A two-digit year more than 50 years ahead is in the past century.
        let this_year = time::OffsetDateTime::from(now).year();
        year += this_year - this_year.rem_euclid(100);
        if year > this_year + 50 {
            year -= 100;
        }
    }
    let mut hms = clock?.split(':').map(|p| p.parse::<u8>().ok());
    let (h, m, sec) = (hms.next()??, hms.next()??, hms.next()??);
    let month = time::Month::try_from(month?).ok()?;
    let date = time::Date::from_calendar_date(year, month, day).ok()?;
    let time = time::Time::from_hms(h, m, sec).ok()?;
    Some(SystemTime::from(
        time::PrimitiveDateTime::new(date, time).assume_utc(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(max_retries: u32) -> RetryPolicy {
        RetryPolicy {
            max_retries,
            ..RetryPolicy::default()
        }
    }

    #[test]
    fn decision_table() {
        use Decision::*;
        use Failure::*;
        let ms = Duration::from_millis;
        let secs = Duration::from_secs;
        let p3 = policy(3);
        // (policy, retries done, failure, retry-after, jitter) -> decision
        type Case = (RetryPolicy, u32, Failure, Option<Duration>, f64, Decision);
        let cases: &[Case] = &[
            // default: no retries at all, as medusa-js
            (policy(0), 0, NoResponse, None, 0.5, Stop),
            (policy(0), 0, Status(503), None, 0.5, Stop),
            // what is retried
            (p3, 0, NoResponse, None, 1.0, Retry(ms(500))),
            (p3, 0, Status(409), None, 1.0, Retry(ms(500))),
            (p3, 0, Status(429), None, 1.0, Retry(ms(500))),
            (p3, 0, Status(501), None, 1.0, Retry(ms(500))),
            (p3, 0, Status(502), None, 1.0, Retry(ms(500))),
            (p3, 0, Status(503), None, 1.0, Retry(ms(500))),
            (p3, 0, Status(504), None, 1.0, Retry(ms(500))),
            (p3, 0, Status(599), None, 1.0, Retry(ms(500))),
            // what is not
            (p3, 0, Status(500), None, 1.0, Stop),
            (p3, 0, Status(400), None, 1.0, Stop),
            (p3, 0, Status(401), None, 1.0, Stop),
            (p3, 0, Status(404), None, 1.0, Stop),
            (p3, 0, Status(422), None, 1.0, Stop),
            (p3, 0, Status(600), None, 1.0, Stop),
            // exponential growth, full jitter
            (p3, 1, Status(503), None, 1.0, Retry(ms(1000))),
            (p3, 2, Status(503), None, 1.0, Retry(ms(2000))),
            (p3, 2, Status(503), None, 0.5, Retry(ms(1000))),
            (p3, 2, Status(503), None, 0.0, Retry(ms(0))),
            // budget exhausted
            (p3, 3, Status(503), None, 1.0, Stop),
            (p3, 3, NoResponse, None, 1.0, Stop),
            // Retry-After wins over the backoff, up to the ceiling
            (p3, 0, Status(429), Some(secs(1)), 0.0, Retry(secs(1))),
            (p3, 0, Status(503), Some(secs(60)), 0.0, Retry(secs(60))),
            (p3, 0, Status(503), Some(secs(61)), 0.0, Stop),
            (p3, 0, Status(429), Some(secs(0)), 0.9, Retry(secs(0))),
            // Retry-After on a status that is not retried changes nothing
            (p3, 0, Status(400), Some(secs(1)), 0.0, Stop),
        ];
        for (i, (p, done, failure, ra, jitter, want)) in cases.iter().enumerate() {
            assert_eq!(
                decide(p, *done, *failure, *ra, *jitter),
                *want,
                "case {i}: {failure:?} after {done} retries"
            );
        }
    }

    #[test]
    fn backoff_is_capped_and_never_overflows() {
        let p = policy(100);
        assert_eq!(backoff(&p, 5, 1.0), Duration::from_secs(15));
        assert_eq!(backoff(&p, 64, 1.0), Duration::from_secs(15));
        assert_eq!(backoff(&p, u32::MAX, 1.0), Duration::from_secs(15));
        assert_eq!(backoff(&p, 3, f64::NAN), Duration::ZERO);
        assert_eq!(backoff(&p, 0, 7.0), Duration::from_millis(500));
    }

    #[test]
    fn worst_case_budget() {
        let p = RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
            retry_after_max: Duration::from_secs(5),
        };
        assert_eq!(
            worst_case(&p, Duration::from_secs(10)),
            Duration::from_secs(30 + 10)
        );
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_784_000_000);
        assert_eq!(parse_retry_after("1", now), Some(Duration::from_secs(1)));
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after("", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("99999999999999999999999", now), None);
        // 1_784_000_000 is Tue, 14 Jul 2026 03:33:20 GMT
        assert_eq!(
            parse_retry_after("Tue, 14 Jul 2026 03:33:50 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Tue, 14 Jul 2026 03:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        // the obsolete forms
        assert_eq!(
            parse_retry_after("Tuesday, 14-Jul-26 03:33:50 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Tue Jul 14 03:33:50 2026", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Tue Jul  4 03:33:50 2026", now),
            Some(Duration::ZERO)
        );
        // two-digit years more than 50 years ahead are in the past
        assert_eq!(
            parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("Sun Nov 31 08:49:37 1994", now), None);
    }

    #[test]
    fn a_two_digit_year_exactly_50_years_ahead_is_in_the_future() {
        // RFC 9110 §5.6.7: only a year *more* than 50 years ahead is in the past century.
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_784_000_000); // 14 Jul 2026 03:33:20
        let at = |year| {
            SystemTime::from(
                time::PrimitiveDateTime::new(
                    time::Date::from_calendar_date(year, time::Month::July, 14).unwrap(),
                    time::Time::from_hms(3, 33, 20).unwrap(),
                )
                .assume_utc(),
            )
            .duration_since(now)
            .unwrap()
        };
        // 2076 is exactly 50 years ahead: kept.
        assert_eq!(
            parse_retry_after("Tuesday, 14-Jul-76 03:33:20 GMT", now),
            Some(at(2076))
        );
        assert_eq!(
            parse_retry_after("Tuesday, 14-Jul-75 03:33:20 GMT", now),
            Some(at(2075))
        );
        // 2077 is more than 50 years ahead: 1977, in the past.
        assert_eq!(
            parse_retry_after("Wednesday, 14-Jul-77 03:33:20 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("Sun Nov 6 25:49:37 1994", now), None);
        assert_eq!(parse_retry_after("Sun Nov 6 1994", now), None);
    }
}

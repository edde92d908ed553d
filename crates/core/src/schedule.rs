//! When to refresh a token, when to stop handing it out, and how long to wait after a failure.
//! All times are milliseconds since the epoch, passed in; random draws are passed in too.

use crate::Error;

/// How a token's lifetime is divided. The defaults follow the peers: refresh at 75% of the lifetime,
/// give or take 1% so that no two sources refresh in step, and never hand out a token within
/// 30 s (or 10% of a short lifetime) of its expiry, so that it cannot expire between our hand-out
/// and the server's check.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SchedulePolicy {
    /// Fraction of the lifetime after which a refresh starts, in (0, 1).
    pub refresh_fraction: f64,
    /// Half-width of the refresh jitter as a fraction of the lifetime, in [0, 0.5).
    pub jitter_fraction: f64,
    /// Milliseconds before expiry after which the token is never handed out; `None`: the smaller of
    /// 30 s and 10% of the lifetime.
    pub margin_ms: Option<f64>,
}

impl Default for SchedulePolicy {
    fn default() -> Self {
        SchedulePolicy {
            refresh_fraction: 0.75,
            jitter_fraction: 0.01,
            margin_ms: None,
        }
    }
}

impl SchedulePolicy {
    /// Checks the ranges, so a bad option fails when configured rather than at the first token.
    pub fn validated(self) -> Result<Self, Error> {
        let in_range = |v: f64, lo: f64, hi: f64| v.is_finite() && v > lo && v < hi;
        if !in_range(self.refresh_fraction, 0.0, 1.0) {
            return Err(Error::InvalidOption {
                option: "refreshAt",
                expected: "a number between 0 and 1 (exclusive)",
            });
        }
        if !(self.jitter_fraction >= 0.0 && self.jitter_fraction < 0.5) {
            return Err(Error::InvalidOption {
                option: "jitter",
                expected: "a number from 0 up to (not including) 0.5",
            });
        }
        if let Some(m) = self.margin_ms {
            if !(m.is_finite() && m >= 0.0) {
                return Err(Error::InvalidOption {
                    option: "marginMs",
                    expected: "a non-negative number of milliseconds",
                });
            }
        }
        Ok(self)
    }
}

impl SchedulePolicy {
    /// The policy for a cache's first token: its refresh point is drawn uniformly from one whole
    /// refresh interval ending at the usual latest (1-76% of the lifetime with the defaults). Each
    /// later refresh comes about one interval after the one before, so a source's refreshes keep
    /// the phase this draw gives them; drawn over a whole interval, the phases of a fleet deployed
    /// together are uniform, and its refreshes as even as independent nodes can make them (in the
    /// fleet model, the busiest minute at most 2.7× the mean where independent random refresh
    /// times give up to 3.6×). No jitter means no randomness, here too.
    pub fn for_first_token(&self) -> SchedulePolicy {
        if self.jitter_fraction == 0.0 {
            return *self;
        }
        let latest = self.refresh_fraction + self.jitter_fraction;
        let earliest =
            (latest - self.refresh_fraction).min(self.refresh_fraction - self.jitter_fraction);
        SchedulePolicy {
            refresh_fraction: (earliest + latest) / 2.0,
            jitter_fraction: (latest - earliest) / 2.0,
            ..*self
        }
    }
}

/// The plan for one token.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Schedule {
    /// When the token arrived.
    pub obtained_at: f64,
    /// When it expires.
    pub expires_at: f64,
    /// From when a background refresh should start.
    pub refresh_at: f64,
    /// From when the token is never handed out.
    pub hard_deadline: f64,
}

/// The last instant a JavaScript `Date` can hold (±100,000,000 days from the epoch). An expiry
/// past it is no time at all, most likely one in micro- or nanoseconds.
pub(crate) const MAX_TIME_MS: f64 = 8.64e15;

/// Plans a token that arrived at `now` and expires at `expires_at`. `refresh_after` is the
/// credential's own hint (MSAL's `refreshAfterTimestamp`); `jitter` is a uniform draw in [0, 1).
pub fn schedule(
    policy: &SchedulePolicy,
    now: f64,
    expires_at: f64,
    refresh_after: Option<f64>,
    jitter: f64,
) -> Result<Schedule, Error> {
    if !(expires_at.abs() <= MAX_TIME_MS && now.is_finite()) {
        return Err(Error::NoUsableExpiry);
    }
    // In the future as seconds, and nearer the epoch than now by a factor of over 100 as
    // milliseconds: no real expiry in milliseconds looks like that.
    if expires_at * 1000.0 > now && expires_at * 100.0 < now {
        return Err(Error::ExpiryInSeconds);
    }
    let lifetime = expires_at - now;
    let margin = policy.margin_ms.unwrap_or((lifetime * 0.1).min(30_000.0));
    let hard_deadline = expires_at - margin;
    if hard_deadline <= now {
        return Err(Error::ExpiredOnArrival {
            late_by_ms: now - hard_deadline,
        });
    }
    let spread = (unit(jitter) * 2.0 - 1.0) * policy.jitter_fraction * lifetime;
    let planned = now + policy.refresh_fraction * lifetime + spread;
    let hinted = refresh_after
        .filter(|t| t.is_finite())
        .map_or(planned, |t| t.min(planned));
    Ok(Schedule {
        obtained_at: now,
        expires_at,
        // now < hard_deadline here; `clamp` would cost a fifth of the wasm module (see `unit`).
        #[allow(clippy::manual_clamp)]
        refresh_at: hinted.max(now).min(hard_deadline),
        hard_deadline,
    })
}

/// A random draw forced into [0, 1]. Not `f64::clamp`: that returns NaN for NaN, and its panic
/// message formats floats, which alone would add a fifth to the size of the wasm module.
#[allow(clippy::manual_clamp)]
fn unit(draw: f64) -> f64 {
    draw.max(0.0).min(1.0)
}

/// The first retry waits up to this long.
pub const RETRY_BASE_MS: f64 = 1_000.0;
/// Retries never wait longer than this.
pub const RETRY_CAP_MS: f64 = 30_000.0;

/// Exponential backoff with full jitter: after the `failures`-th failure in a row, wait a uniform
/// `jitter` share of `min(cap, base × 2^(failures-1))`.
pub fn retry_delay(failures: u32, jitter: f64) -> f64 {
    let exponent = failures.saturating_sub(1).min(16);
    let ceiling = (RETRY_BASE_MS * f64::from(1u32 << exponent)).min(RETRY_CAP_MS);
    ceiling * unit(jitter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const HOUR: f64 = 3_600_000.0;

    #[test]
    fn an_hour_token_refreshes_at_three_quarters_and_stops_thirty_seconds_early() {
        let s = schedule(&SchedulePolicy::default(), 0.0, HOUR, None, 0.5).unwrap();
        assert_eq!(s.refresh_at, 0.75 * HOUR);
        assert_eq!(s.hard_deadline, HOUR - 30_000.0);
        let early = schedule(&SchedulePolicy::default(), 0.0, HOUR, None, 0.0).unwrap();
        let late = schedule(&SchedulePolicy::default(), 0.0, HOUR, None, 1.0).unwrap();
        assert_eq!(
            (early.refresh_at, late.refresh_at),
            (0.74 * HOUR, 0.76 * HOUR)
        );
    }

    #[test]
    fn a_first_token_refreshes_anywhere_in_one_whole_refresh_interval_up_to_the_usual_latest() {
        let first = SchedulePolicy::default().for_first_token();
        let earliest = schedule(&first, 0.0, HOUR, None, 0.0).unwrap();
        let latest = schedule(&first, 0.0, HOUR, None, 1.0).unwrap();
        assert!((earliest.refresh_at - 0.01 * HOUR).abs() < 1e-6);
        assert!((latest.refresh_at - 0.76 * HOUR).abs() < 1e-6);
        let early = SchedulePolicy {
            refresh_fraction: 0.2,
            jitter_fraction: 0.3,
            ..Default::default()
        };
        let window = early.for_first_token();
        assert!(
            (window.refresh_fraction - 0.2).abs() < 1e-12,
            "a jitter wider than the interval is kept"
        );
        assert!((window.jitter_fraction - 0.3).abs() < 1e-12);
        let fixed = SchedulePolicy {
            jitter_fraction: 0.0,
            ..Default::default()
        };
        assert_eq!(fixed.for_first_token(), fixed);
    }

    #[test]
    fn a_short_token_keeps_a_tenth_of_its_life_as_margin() {
        let s = schedule(&SchedulePolicy::default(), 1000.0, 11_000.0, None, 0.5).unwrap();
        assert_eq!(s.hard_deadline, 10_000.0);
        assert_eq!(s.refresh_at, 1000.0 + 7_500.0);
    }

    #[test]
    fn the_credentials_refresh_hint_brings_the_refresh_forward_only() {
        let p = SchedulePolicy::default();
        assert_eq!(
            schedule(&p, 0.0, HOUR, Some(HOUR / 2.0), 0.5)
                .unwrap()
                .refresh_at,
            HOUR / 2.0
        );
        assert_eq!(
            schedule(&p, 0.0, HOUR, Some(HOUR), 0.5).unwrap().refresh_at,
            0.75 * HOUR
        );
        assert_eq!(
            schedule(&p, 0.0, HOUR, Some(-5.0), 0.5).unwrap().refresh_at,
            0.0
        );
    }

    #[test]
    fn tokens_without_a_usable_expiry_are_refused() {
        let p = SchedulePolicy::default();
        assert_eq!(
            schedule(&p, 0.0, f64::NAN, None, 0.5),
            Err(Error::NoUsableExpiry)
        );
        assert_eq!(
            schedule(&p, 0.0, f64::INFINITY, None, 0.5),
            Err(Error::NoUsableExpiry)
        );
        let in_nanoseconds = 1.7e18;
        assert_eq!(
            schedule(&p, 1.7e12, in_nanoseconds, None, 0.5),
            Err(Error::NoUsableExpiry)
        );
        assert!(schedule(&p, 1.7e12, MAX_TIME_MS, None, 0.5).is_ok());
        let now = 1.7e12;
        let in_seconds = schedule(&p, now, now / 1000.0 + 3600.0, None, 0.5);
        assert_eq!(in_seconds, Err(Error::ExpiryInSeconds));
        let past = schedule(&p, HOUR, 0.0, None, 0.5).unwrap_err();
        assert_eq!(past.code(), "TOKEN_EXPIRED");
        let within_margin = schedule(&p, 0.0, 20_000.0, None, 0.5);
        assert!(within_margin.is_ok(), "a 20 s token keeps a 2 s margin");
        let custom = SchedulePolicy {
            margin_ms: Some(60_000.0),
            ..p
        };
        assert!(matches!(
            schedule(&custom, 0.0, 50_000.0, None, 0.5),
            Err(Error::ExpiredOnArrival { .. })
        ));
    }

    #[test]
    fn bad_options_are_refused_by_name() {
        let bad = [
            SchedulePolicy {
                refresh_fraction: 1.0,
                ..Default::default()
            },
            SchedulePolicy {
                refresh_fraction: f64::NAN,
                ..Default::default()
            },
            SchedulePolicy {
                jitter_fraction: 0.5,
                ..Default::default()
            },
            SchedulePolicy {
                jitter_fraction: -0.1,
                ..Default::default()
            },
            SchedulePolicy {
                margin_ms: Some(-1.0),
                ..Default::default()
            },
        ];
        for policy in bad {
            assert_eq!(policy.validated().unwrap_err().code(), "INVALID_ARGUMENT");
        }
    }

    #[test]
    fn backoff_doubles_from_one_second_to_thirty() {
        let ceilings: Vec<f64> = (1..=7).map(|n| retry_delay(n, 1.0)).collect();
        assert_eq!(ceilings, [1e3, 2e3, 4e3, 8e3, 16e3, 30e3, 30e3]);
        assert_eq!(retry_delay(u32::MAX, 0.5), 15_000.0);
        assert_eq!(retry_delay(3, 0.0), 0.0);
    }

    proptest! {
        #[test]
        fn refresh_comes_before_the_hard_deadline_which_comes_before_expiry(
            now in 0.0..1e13f64,
            lifetime in 1.0..1e8f64,
            hint in proptest::option::of(-1e13..1e14f64),
            jitter in 0.0..1.0f64,
        ) {
            if let Ok(s) = schedule(&SchedulePolicy::default(), now, now + lifetime, hint, jitter) {
                prop_assert!(now <= s.refresh_at && s.refresh_at <= s.hard_deadline);
                prop_assert!(s.hard_deadline < s.expires_at);
            }
        }
    }
}

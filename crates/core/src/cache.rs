//! The token cache state machine, one per (credential, scope).
//!
//! The cache never sees the token string: the caller keeps it and asks only for a [`Decision`].
//! Time and random draws come in as arguments, so the same inputs always give the same outputs.

use crate::schedule::{retry_delay, schedule, Schedule, SchedulePolicy};
use crate::{Claims, Error};

/// A forced refresh after the server rejected a token happens at most this often, so that a
/// misconfigured role does not turn every connection attempt into an identity request.
pub const MIN_INVALIDATION_INTERVAL_MS: f64 = 30_000.0;

/// With no usable token, a caller may start a new attempt this long after the last failure,
/// neither sooner nor later whatever the backoff: at most one request per second per source, and
/// the first call after an outage ends gets a token.
pub const NO_TOKEN_RETRY_MS: f64 = 1_000.0;

/// What the shim's timer should do when it fires ([`TokenCache::wake`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// Nothing to do: set the timer for [`TokenCache::next_wakeup`] again.
    Nothing,
    /// Start refresh [`TokenCache::attempt`] in the background; nobody waits for it.
    Refresh,
}

/// What a caller asking for a token should do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Hand out the held token.
    Use,
    /// Hand out the held token and start refresh [`TokenCache::attempt`] in the background.
    UseAndRefresh,
    /// No usable token: start refresh [`TokenCache::attempt`] and wait for it.
    Fetch,
    /// No usable token; a refresh is in flight: wait for it.
    Wait,
    /// No usable token, and the last refresh failed less than a retry interval ago: fail now with
    /// that failure rather than pile up.
    Fail,
}

#[derive(Debug)]
struct Held {
    generation: u32,
    schedule: Schedule,
    claims: Result<Claims, Error>,
}

/// The state of one token source.
#[derive(Debug)]
pub struct TokenCache {
    policy: SchedulePolicy,
    held: Option<Held>,
    generations: u32,
    attempts: u32,
    in_flight: Option<u32>,
    failures: u32,
    failed_at: f64,
    retry_at: f64,
    invalidated_at: Option<f64>,
    /// Refresh in the background whether or not anyone uses the token (`keepFresh()`).
    keep_fresh: bool,
    /// When a caller last asked for a token, as far as the cache was told.
    last_used: f64,
    /// The lifetime of the last token accepted: how long a source stays in use after its last caller.
    lifetime: f64,
}

impl TokenCache {
    /// An empty cache.
    pub fn new(policy: SchedulePolicy) -> Result<Self, Error> {
        Ok(TokenCache {
            policy: policy.validated()?,
            held: None,
            generations: 0,
            attempts: 0,
            in_flight: None,
            failures: 0,
            failed_at: f64::NEG_INFINITY,
            retry_at: f64::NEG_INFINITY,
            invalidated_at: None,
            keep_fresh: false,
            last_used: f64::NEG_INFINITY,
            lifetime: 0.0,
        })
    }

    /// What to do for a caller that wants a token at `now`. Starts at most one refresh; calling it
    /// again at the same `now` then answers `Use` or `Wait`. The caller counts as a use
    /// ([`TokenCache::in_use`]).
    pub fn decide(&mut self, now: f64) -> Decision {
        self.used(now);
        let usable = self.usable(now);
        let may_start = self.may_start(now, usable.is_some());
        match usable {
            Some(s) if now < s.refresh_at => Decision::Use,
            Some(_) if may_start => {
                self.start();
                Decision::UseAndRefresh
            }
            Some(_) => Decision::Use,
            None if may_start => {
                self.start();
                Decision::Fetch
            }
            None if self.in_flight.is_some() => Decision::Wait,
            None => Decision::Fail,
        }
    }

    /// The shim's timer fired at `now`; `used` says whether callers took the token since the last
    /// wake-up without asking ([`TokenCache::use_until`]). A source in use, or kept fresh, starts a
    /// background refresh once its refresh point or retry time has come; one nobody used for a
    /// whole token lifetime does nothing, so an idle app makes no identity requests. Once no token is
    /// usable, only a source kept fresh fetches unasked: for the others, callers' requests retry.
    pub fn wake(&mut self, now: f64, used: bool) -> Wake {
        if used {
            self.used(now);
        }
        let usable = self.usable(now);
        let due = match usable {
            Some(s) => now >= s.refresh_at,
            // With no usable token the callers' own requests retry, once a second at most; only a
            // source kept fresh fetches unasked (its first token too).
            None => self.keep_fresh,
        };
        if due && self.may_start(now, usable.is_some()) && self.in_use(now) {
            self.start();
            Wake::Refresh
        } else {
            Wake::Nothing
        }
    }

    /// Keep the token fresh whether or not anyone uses it, until [`TokenCache::clear`].
    pub fn set_keep_fresh(&mut self, keep_fresh: bool) {
        self.keep_fresh = keep_fresh;
    }

    /// Whether the source counts as in use at `now`: kept fresh, or a caller asked within the last
    /// token lifetime.
    pub fn in_use(&self, now: f64) -> bool {
        self.keep_fresh || now - self.last_used < self.lifetime
    }

    /// Until when, seen from `now`, every [`TokenCache::decide`] would answer `Use` and change
    /// nothing: the shim may hand out the token without asking until then (or until a token
    /// arrives, or it is invalidated). `None` when there is no token to hand out.
    pub fn use_until(&self, now: f64) -> Option<f64> {
        let s = self.usable(now)?;
        if self.in_flight.is_some() {
            return Some(s.hard_deadline);
        }
        Some(
            s.refresh_at
                .max(self.retry_from(now, true))
                .min(s.hard_deadline),
        )
    }

    /// The refresh in flight, if any.
    pub fn attempt(&self) -> Option<u32> {
        self.in_flight
    }

    /// The generation of the held token; each accepted token gets a new one.
    pub fn generation(&self) -> Option<u32> {
        self.held.as_ref().map(|h| h.generation)
    }

    /// The plan for the held token.
    pub fn schedule(&self) -> Option<&Schedule> {
        self.held.as_ref().map(|h| &h.schedule)
    }

    /// The held token's claims, or why they could not be read.
    pub fn claims(&self) -> Option<Result<&Claims, &Error>> {
        self.held.as_ref().map(|h| h.claims.as_ref())
    }

    /// Refresh failures in a row.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// After a failure, no refresh starts before this time, for a caller at `now`.
    pub fn retry_at(&self, now: f64) -> Option<f64> {
        (self.failures > 0).then(|| self.gate(self.usable(now).is_some()))
    }

    /// A token arrived for `attempt`. Returns its generation, `None` if the attempt had been
    /// abandoned (the token is then ignored), or why it cannot be used (which counts as a failure):
    /// no usable expiry, expired on arrival, or too large to be a password. A token whose claims
    /// cannot be read otherwise is kept: it still works as a password.
    pub fn on_token(
        &mut self,
        attempt: u32,
        now: f64,
        expires_at: f64,
        refresh_after: Option<f64>,
        jitter: f64,
        claims: Result<Claims, Error>,
    ) -> Result<Option<u32>, Error> {
        if self.in_flight != Some(attempt) {
            return Ok(None);
        }
        self.in_flight = None;
        // No server reads a password that long (PostgreSQL stops at 64 KB): fail now, not at login.
        if let Err(e @ Error::TokenTooLarge { .. }) = claims {
            self.record_failure(now, jitter);
            return Err(e);
        }
        let policy = if self.generations == 0 {
            self.policy.for_first_token()
        } else {
            self.policy
        };
        match schedule(&policy, now, expires_at, refresh_after, jitter) {
            Ok(schedule) => {
                // A success ends the backoff: the new token's refresh is not held back by it.
                self.failures = 0;
                self.failed_at = f64::NEG_INFINITY;
                self.retry_at = f64::NEG_INFINITY;
                self.generations = self.generations.wrapping_add(1);
                self.lifetime = schedule.expires_at - schedule.obtained_at;
                self.held = Some(Held {
                    generation: self.generations,
                    schedule,
                    claims,
                });
                Ok(Some(self.generations))
            }
            Err(e) => {
                self.record_failure(now, jitter);
                Err(e)
            }
        }
    }

    /// `attempt` failed or was abandoned at `now`. The held token stays while it is valid; the next
    /// attempt may start after a backoff drawn with `jitter`. Returns whether `attempt` was current.
    pub fn on_failure(&mut self, attempt: u32, now: f64, jitter: f64) -> bool {
        if self.in_flight != Some(attempt) {
            return false;
        }
        self.in_flight = None;
        self.record_failure(now, jitter);
        true
    }

    /// The server rejected the token of `generation`: drop it so that the next caller fetches a new
    /// one. Ignored for an older generation, and at most once per [`MIN_INVALIDATION_INTERVAL_MS`].
    pub fn invalidate(&mut self, generation: u32, now: f64) -> bool {
        let recent = self
            .invalidated_at
            .is_some_and(|t| now >= t && now - t < MIN_INVALIDATION_INTERVAL_MS);
        if self.generation() != Some(generation) || recent {
            return false;
        }
        self.held = None;
        self.invalidated_at = Some(now);
        true
    }

    /// Forgets the held token and the refresh in flight, and stops keeping fresh, unconditionally
    /// (the source is being closed).
    pub fn clear(&mut self) {
        self.held = None;
        self.in_flight = None;
        self.keep_fresh = false;
        self.last_used = f64::NEG_INFINITY;
    }

    /// When, seen from `now`, the shim's timer should call [`TokenCache::wake`] (a time already past
    /// means now); `None` when nothing can change before a caller asks or a refresh ends: a refresh
    /// is in flight, or no token may be handed out and the source is not kept fresh (or has nothing
    /// to retry), or the source is not in use and its token may no longer be handed out unasked.
    /// For a source in use: its refresh point, the retry time after a failure, or the hard deadline
    /// (and, kept fresh, the retry time after it). For one not in use: [`TokenCache::use_until`],
    /// where the shim stops handing the token out unasked. It takes `now` because a timer that fired
    /// late, past the hard deadline, must not be told the time the token had, or it would fire
    /// again at once until the retry gate opens.
    pub fn next_wakeup(&self, now: f64) -> Option<f64> {
        if self.in_flight.is_some() {
            return None;
        }
        if !self.in_use(now) {
            return self.use_until(now).filter(|&t| t > now);
        }
        match self.usable(now) {
            Some(s) => {
                let with_token = s.refresh_at.max(self.gate(true));
                Some(if with_token < s.hard_deadline {
                    with_token
                } else if self.keep_fresh {
                    s.hard_deadline.max(self.gate(false))
                } else {
                    s.hard_deadline
                })
            }
            None if self.keep_fresh && (self.held.is_some() || self.failures > 0) => {
                Some(self.gate(false).max(now))
            }
            None => None,
        }
    }

    fn used(&mut self, now: f64) {
        // NaN and a clock that went back leave the last use where it was.
        if now > self.last_used {
            self.last_used = now;
        }
    }

    fn usable(&self, now: f64) -> Option<Schedule> {
        self.schedule().filter(|s| now < s.hard_deadline).copied()
    }

    /// Whether a refresh may start at `now`: none is in flight, and the retry gate is open.
    fn may_start(&self, now: f64, has_usable_token: bool) -> bool {
        self.in_flight.is_none() && now >= self.retry_from(now, has_usable_token)
    }

    /// The retry gate as seen from `now`: a clock that went back past the failure lifts it rather
    /// than extend the backoff.
    fn retry_from(&self, now: f64, has_usable_token: bool) -> f64 {
        if now < self.failed_at {
            f64::NEG_INFINITY
        } else {
            self.gate(has_usable_token)
        }
    }

    /// From when a new attempt may start after the last failure: the backoff while callers have a
    /// usable token; [`NO_TOKEN_RETRY_MS`] after the failure when they have none, whatever the
    /// backoff, so that the first call after an outage ends succeeds. `-∞` after a success.
    fn gate(&self, has_usable_token: bool) -> f64 {
        if has_usable_token {
            self.retry_at
        } else {
            self.failed_at + NO_TOKEN_RETRY_MS
        }
    }

    fn start(&mut self) {
        self.attempts = self.attempts.wrapping_add(1);
        self.in_flight = Some(self.attempts);
    }

    /// While a token is usable, a retry never waits past half the time left before its hard
    /// deadline, so short-lived tokens get several tries however far the backoff has grown.
    fn record_failure(&mut self, now: f64, jitter: f64) {
        self.failures = self.failures.saturating_add(1);
        self.failed_at = now;
        let mut delay = retry_delay(self.failures, jitter);
        if let Some(s) = self.usable(now) {
            delay = delay.min((s.hard_deadline - now) / 2.0);
        }
        self.retry_at = now + delay;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: f64 = 60_000.0;

    /// No jitter: refreshes at exactly 75% of the lifetime, first token or not.
    fn cache() -> TokenCache {
        let policy = SchedulePolicy {
            jitter_fraction: 0.0,
            ..Default::default()
        };
        TokenCache::new(policy).unwrap()
    }

    #[test]
    fn the_first_token_refreshes_in_a_wider_window_than_the_ones_after() {
        let mut c = TokenCache::new(SchedulePolicy::default()).unwrap();
        c.decide(0.0);
        c.on_token(
            c.attempt().unwrap(),
            0.0,
            60.0 * MIN,
            None,
            0.0,
            Ok(Claims::default()),
        )
        .unwrap();
        assert!(
            (c.schedule().unwrap().refresh_at - 0.6 * MIN).abs() < 1e-6,
            "the earliest of 1-76%"
        );
        c.decide(30.0 * MIN);
        let second = c.on_token(
            c.attempt().unwrap(),
            30.0 * MIN,
            90.0 * MIN,
            None,
            0.0,
            Ok(Claims::default()),
        );
        assert!(second.unwrap().is_some());
        assert!(
            (c.schedule().unwrap().refresh_at - (30.0 * MIN + 44.4 * MIN)).abs() < 1e-6,
            "the earliest of 74-76%"
        );
    }

    fn arrive(c: &mut TokenCache, now: f64, lifetime: f64) -> u32 {
        let attempt = c.attempt().unwrap();
        c.on_token(
            attempt,
            now,
            now + lifetime,
            None,
            0.5,
            Ok(Claims::default()),
        )
        .unwrap()
        .unwrap()
    }

    #[test]
    fn a_source_in_use_refreshes_at_its_refresh_point_and_an_idle_one_does_not() {
        let mut c = cache();
        c.decide(0.0);
        arrive(&mut c, 0.0, 60.0 * MIN);
        assert_eq!(c.use_until(1.0), Some(45.0 * MIN));
        assert_eq!(c.next_wakeup(1.0), Some(45.0 * MIN));
        assert_eq!(
            c.wake(45.0 * MIN, false),
            Wake::Refresh,
            "used at 0, within a lifetime"
        );
        arrive(&mut c, 45.0 * MIN, 60.0 * MIN);
        assert_eq!(c.next_wakeup(46.0 * MIN), Some(90.0 * MIN));
        assert_eq!(
            c.wake(90.0 * MIN, false),
            Wake::Nothing,
            "unused for 90 min"
        );
        assert_eq!(c.next_wakeup(90.0 * MIN), None, "idle: no timer");
        assert_eq!(
            c.decide(91.0 * MIN),
            Decision::UseAndRefresh,
            "a caller wakes it"
        );
    }

    #[test]
    fn keep_fresh_refreshes_a_source_nobody_uses() {
        let mut c = cache();
        c.set_keep_fresh(true);
        c.decide(0.0);
        let mut t = 0.0;
        for _ in 0..10 {
            arrive(&mut c, t, 60.0 * MIN);
            t = c.next_wakeup(t).unwrap();
            assert_eq!(c.wake(t, false), Wake::Refresh);
        }
        c.clear();
        assert_eq!(c.next_wakeup(t), None, "close() stops it");
    }

    #[test]
    fn the_first_caller_fetches_and_the_rest_wait() {
        let mut c = cache();
        assert_eq!(c.decide(0.0), Decision::Fetch);
        assert_eq!(c.decide(0.0), Decision::Wait);
        assert_eq!(c.decide(5.0), Decision::Wait);
        arrive(&mut c, 10.0, 60.0 * MIN);
        assert_eq!(c.decide(10.0), Decision::Use);
    }

    #[test]
    fn past_the_refresh_point_one_caller_starts_a_refresh_and_everyone_keeps_using_the_token() {
        let mut c = cache();
        c.decide(0.0);
        arrive(&mut c, 0.0, 60.0 * MIN);
        assert_eq!(c.decide(44.0 * MIN), Decision::Use);
        assert_eq!(c.decide(45.0 * MIN), Decision::UseAndRefresh);
        assert_eq!(c.decide(45.0 * MIN), Decision::Use);
        assert_eq!(c.decide(59.0 * MIN), Decision::Use);
        assert_eq!(
            c.decide(59.5 * MIN),
            Decision::Wait,
            "past the hard deadline"
        );
    }

    #[test]
    fn a_failed_refresh_keeps_the_token_and_backs_off() {
        let mut c = cache();
        c.decide(0.0);
        arrive(&mut c, 0.0, 60.0 * MIN);
        let t = 46.0 * MIN;
        assert_eq!(c.decide(t), Decision::UseAndRefresh);
        assert!(c.on_failure(c.attempt().unwrap(), t, 1.0));
        assert_eq!(c.decide(t + 999.0), Decision::Use, "within the 1 s backoff");
        assert_eq!(c.decide(t + 1000.0), Decision::UseAndRefresh);
        c.on_failure(c.attempt().unwrap(), t + 1000.0, 1.0);
        assert_eq!(
            c.decide(t + 2999.0),
            Decision::Use,
            "within the 2 s backoff"
        );
        assert_eq!(c.decide(t + 3000.0), Decision::UseAndRefresh);
        assert_eq!(c.failures(), 2);
    }

    #[test]
    fn with_no_valid_token_callers_fail_fast_during_backoff_then_retry() {
        let mut c = cache();
        c.decide(0.0);
        c.on_failure(c.attempt().unwrap(), 0.0, 1.0);
        assert_eq!(c.decide(10.0), Decision::Fail);
        assert_eq!(c.decide(1000.0), Decision::Fetch);
    }

    #[test]
    fn with_no_valid_token_retries_are_allowed_every_second_however_long_the_backoff() {
        let mut c = cache();
        let mut t = 0.0;
        for _ in 0..6 {
            assert_eq!(c.decide(t), Decision::Fetch);
            c.on_failure(c.attempt().unwrap(), t, 1.0);
            t += 1000.0;
        }
        assert_eq!(c.failures(), 6);
        assert_eq!(
            c.decide(t - 1.0),
            Decision::Fail,
            "the backoff is 30 s, the floor 1 s"
        );
        assert_eq!(c.decide(t), Decision::Fetch);
    }

    #[test]
    fn retries_for_a_valid_token_never_wait_past_half_the_time_to_its_deadline() {
        let mut c = cache();
        c.decide(0.0);
        arrive(&mut c, 0.0, 60_000.0); // hard deadline 54 s, refresh from 45 s
        let mut t = 45_000.0;
        let mut attempts = 0;
        while c.decide(t) != Decision::Fetch {
            if let Some(attempt) = c.attempt() {
                attempts += 1;
                c.on_failure(attempt, t, 1.0);
            }
            t += 10.0;
        }
        assert!(t >= 54_000.0, "fetching only past the hard deadline");
        assert!(
            attempts >= 6,
            "{attempts} tries in the 9 s before the deadline"
        );
    }

    #[test]
    fn a_success_ends_the_backoff_so_a_short_token_still_refreshes_in_the_background() {
        let mut c = cache();
        let mut t = 0.0;
        for _ in 0..6 {
            assert_eq!(c.decide(t), Decision::Fetch);
            c.on_failure(c.attempt().unwrap(), t, 1.0);
            t += NO_TOKEN_RETRY_MS;
        }
        assert_eq!(c.retry_at(t - 1.0), Some(t));
        assert_eq!(c.decide(t), Decision::Fetch);
        arrive(&mut c, t, 20_000.0); // refresh from 15 s, hard deadline 18 s
        assert_eq!(c.retry_at(t), None);
        assert_eq!(c.next_wakeup(t), Some(t + 15_000.0));
        assert_eq!(c.decide(t + 15_000.0), Decision::UseAndRefresh);
    }

    #[test]
    fn a_token_that_cannot_be_scheduled_counts_as_a_failure() {
        let mut c = cache();
        c.decide(0.0);
        let attempt = c.attempt().unwrap();
        let err = c
            .on_token(attempt, 0.0, f64::NAN, None, 0.5, Ok(Claims::default()))
            .unwrap_err();
        assert_eq!(err, Error::NoUsableExpiry);
        assert_eq!((c.failures(), c.attempt()), (1, None));
    }

    #[test]
    fn a_token_too_large_to_be_a_password_counts_as_a_failure_and_keeps_the_held_one() {
        let mut c = cache();
        c.decide(0.0);
        let held = arrive(&mut c, 0.0, 60.0 * MIN);
        assert_eq!(c.decide(50.0 * MIN), Decision::UseAndRefresh);
        let too_large = Error::TokenTooLarge {
            len: 1 << 20,
            max: crate::MAX_TOKEN_LEN,
        };
        let attempt = c.attempt().unwrap();
        let err = c
            .on_token(
                attempt,
                50.0 * MIN,
                110.0 * MIN,
                None,
                0.5,
                Err(too_large.clone()),
            )
            .unwrap_err();
        assert_eq!(err.code(), "INVALID_TOKEN");
        assert_eq!(err, too_large);
        assert_eq!(
            (c.generation(), c.failures(), c.attempt()),
            (Some(held), 1, None)
        );
        assert_eq!(c.decide(50.0 * MIN), Decision::Use);
    }

    #[test]
    fn an_abandoned_attempt_is_ignored_when_it_finally_answers() {
        let mut c = cache();
        c.decide(0.0);
        let hung = c.attempt().unwrap();
        c.on_failure(hung, 30_000.0, 0.0);
        assert_eq!(
            c.decide(30_000.0),
            Decision::Fail,
            "a second after the failure, not sooner"
        );
        assert_eq!(c.decide(31_000.0), Decision::Fetch);
        let late = c.on_token(
            hung,
            31_500.0,
            100.0 * MIN,
            None,
            0.5,
            Ok(Claims::default()),
        );
        assert_eq!(late, Ok(None));
        assert!(!c.on_failure(hung, 31_500.0, 0.0));
        assert_eq!(c.decide(31_500.0), Decision::Wait);
    }

    #[test]
    fn invalidation_drops_only_the_current_token_and_at_most_every_thirty_seconds() {
        let mut c = cache();
        c.decide(0.0);
        let first = arrive(&mut c, 0.0, 60.0 * MIN);
        assert!(c.invalidate(first, 1000.0));
        assert_eq!(c.decide(1000.0), Decision::Fetch);
        let second = arrive(&mut c, 1000.0, 60.0 * MIN);
        assert!(!c.invalidate(first, 2000.0), "an older generation");
        assert!(!c.invalidate(second, 2000.0), "within 30 s of the last one");
        assert!(c.invalidate(second, 31_000.0));
    }

    #[test]
    fn a_clock_jump_forward_never_hands_out_the_stale_token() {
        let mut c = cache();
        c.decide(0.0);
        arrive(&mut c, 0.0, 60.0 * MIN);
        assert_eq!(c.decide(3.0 * 60.0 * MIN), Decision::Fetch);
    }

    #[test]
    fn a_clock_jump_back_does_not_stretch_the_backoff() {
        let mut c = cache();
        c.decide(100.0 * MIN);
        c.on_failure(c.attempt().unwrap(), 100.0 * MIN, 1.0);
        assert_eq!(c.decide(40.0 * MIN), Decision::Fetch);
    }

    #[test]
    fn next_wakeup_is_the_refresh_point_or_the_retry_time() {
        let mut c = cache();
        assert_eq!(c.next_wakeup(0.0), None);
        c.decide(0.0);
        assert_eq!(c.next_wakeup(0.0), None, "in flight");
        arrive(&mut c, 0.0, 60.0 * MIN);
        assert_eq!(c.next_wakeup(0.0), Some(45.0 * MIN));
        c.decide(45.0 * MIN);
        c.on_failure(c.attempt().unwrap(), 45.0 * MIN, 1.0);
        assert_eq!(c.next_wakeup(45.0 * MIN), Some(45.0 * MIN + 1000.0));
    }

    #[test]
    fn a_kept_fresh_timer_that_fires_past_the_hard_deadline_is_told_when_the_retry_gate_opens() {
        let mut c = cache();
        c.set_keep_fresh(true);
        c.decide(0.0);
        arrive(&mut c, 0.0, 60.0 * MIN); // hard deadline 59.5 min
        c.decide(45.0 * MIN);
        let failed_at = 59.5 * MIN - 600.0;
        c.on_failure(c.attempt().unwrap(), failed_at, 1.0);
        let late = 59.5 * MIN + 200.0;
        assert_eq!(
            c.decide(late),
            Decision::Fail,
            "within a second of the failure"
        );
        assert_eq!(c.next_wakeup(late), Some(failed_at + NO_TOKEN_RETRY_MS));
        assert_eq!(c.wake(failed_at + NO_TOKEN_RETRY_MS, false), Wake::Refresh);
    }

    #[test]
    fn with_no_usable_token_a_source_not_kept_fresh_leaves_retries_to_its_callers() {
        let mut c = cache();
        c.decide(0.0);
        arrive(&mut c, 0.0, 60.0 * MIN);
        c.decide(45.0 * MIN);
        c.on_failure(c.attempt().unwrap(), 59.0 * MIN, 1.0);
        let mut last = 59.0 * MIN;
        while let Some(at) = c.next_wakeup(last) {
            last = at;
            if c.wake(at, true) == Wake::Refresh {
                c.on_failure(c.attempt().unwrap(), at, 1.0);
            }
        }
        assert_eq!(
            last,
            59.5 * MIN,
            "no background retries past the hard deadline"
        );
        assert_eq!(c.decide(60.1 * MIN), Decision::Fetch, "a caller retries");
    }
}

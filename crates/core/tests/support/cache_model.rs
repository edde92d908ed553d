//! A [`TokenCache`] driven by arbitrary events, with what callers rely on checked after each one:
//! no token handed out at or past its hard deadline, at most one refresh in flight, no refresh
//! before its backoff ends and no caller failed once it has, late answers for abandoned attempts
//! ignored, `next_wakeup()` agreeing with `wake()`, `use_until()` with `decide()`, and no panic, whatever the times (NaN and ±∞
//! included). Shared by the property test in `tests/simulated_time.rs` and the fuzz target
//! `fuzz/fuzz_targets/cache.rs`, so both check the same things. Random draws (`jitter`) stay in
//! [0, 1], as the core's contract says and the shim's `Math.random()` gives.

// A broken invariant is a failed test, or a crash the fuzzer reports.
#![allow(clippy::expect_used, clippy::panic)]

use entra_db_auth_core::{
    retry_delay, Claims, Decision, Error, Schedule, TokenCache, Wake, MIN_INVALIDATION_INTERVAL_MS,
    NO_TOKEN_RETRY_MS, RETRY_CAP_MS,
};

/// One thing that happens to a token source. Times are relative to the simulated clock.
#[derive(Debug, Clone)]
pub(crate) enum Event {
    /// A caller wants a token now; a second one asks at the same instant.
    Call,
    /// A caller passes a time that is no time at all (NaN, ±∞); the clock is not moved.
    CallAt(f64),
    /// The shim's timer fires at `next_wakeup()`, or now if that has passed; `used`: callers took
    /// the token unasked since the last wake-up.
    Wakeup { used: bool },
    /// `keepFresh()` (true) or back to refreshing only while in use (false).
    KeepFresh(bool),
    /// The refresh in flight answers with a token living `lifetime_ms` (which may be zero, negative
    /// or not finite), with MSAL's refresh hint `refresh_after_ms` from now.
    Token {
        lifetime_ms: f64,
        refresh_after_ms: Option<f64>,
        jitter: f64,
        claims_ok: bool,
    },
    /// The refresh in flight fails or is abandoned.
    Failure { jitter: f64 },
    /// A token and a failure arrive for the attempt `back` attempts before the last one, unless
    /// that one is in flight (an abandoned attempt, or one from before `clear()`).
    Late { back: u32 },
    /// The server rejects the token `older` generations back from the current one.
    Invalidate { older: u32 },
    /// The source is closed.
    Clear,
    /// The wall clock jumps by `ms`, forward or back.
    Jump { ms: f64 },
}

/// The cache and the little the model needs to know to check it.
pub(crate) struct Model {
    cache: TokenCache,
    now: f64,
    /// When the last failure was recorded; a clock back before it lifts the backoff.
    failed_at: Option<f64>,
    /// Failures in a row, as the model counts them.
    failures: u32,
    /// When the backoff after the last failure ends for a caller with a usable token, worked out
    /// here from the failure count, its random draw and the held token's hard deadline.
    backoff_until: f64,
    invalidated_at: Option<f64>,
    /// The last attempt id handed out: a refresh always gets a new one.
    last_attempt: Option<u32>,
    /// `keepFresh()` is on (until `clear()`).
    keep_fresh: bool,
}

impl Model {
    pub(crate) fn new(cache: TokenCache, now: f64) -> Model {
        Model {
            cache,
            now,
            failed_at: None,
            failures: 0,
            backoff_until: f64::NEG_INFINITY,
            invalidated_at: None,
            last_attempt: None,
            keep_fresh: false,
        }
    }

    pub(crate) fn apply(&mut self, event: &Event) {
        match *event {
            Event::Call => {
                let first = self.call(self.now);
                let second = self.call(self.now);
                let expected = match first {
                    Decision::Use | Decision::UseAndRefresh => Decision::Use,
                    Decision::Fetch | Decision::Wait => Decision::Wait,
                    Decision::Fail => Decision::Fail,
                };
                assert_eq!(
                    second, expected,
                    "a second call at the same instant changed course"
                );
            }
            Event::CallAt(at) => {
                self.call(at);
            }
            Event::Wakeup { used } => self.wakeup(used),
            Event::KeepFresh(on) => {
                self.cache.set_keep_fresh(on);
                self.keep_fresh = on;
            }
            Event::Token {
                lifetime_ms,
                refresh_after_ms,
                jitter,
                claims_ok,
            } => self.token(lifetime_ms, refresh_after_ms, jitter, claims_ok),
            Event::Failure { jitter } => {
                if let Some(attempt) = self.cache.attempt() {
                    let generation = self.cache.generation();
                    assert!(self.cache.on_failure(attempt, self.now, jitter));
                    assert_eq!(
                        self.cache.generation(),
                        generation,
                        "a failure dropped the token"
                    );
                    self.failed(jitter);
                }
            }
            Event::Late { back } => self.late(back),
            Event::Invalidate { older } => self.invalidate(older),
            Event::Clear => {
                self.cache.clear();
                self.keep_fresh = false;
                assert_eq!(
                    (self.cache.attempt(), self.cache.generation()),
                    (None, None)
                );
            }
            Event::Jump { ms } => {
                if (self.now + ms).is_finite() {
                    self.now += ms;
                }
            }
        }
    }

    fn usable(&self, now: f64) -> Option<Schedule> {
        self.cache
            .schedule()
            .filter(|s| now < s.hard_deadline)
            .copied()
    }

    /// The retry gate after the last failure for a caller with or without a usable token, which
    /// the core's `retry_at(now)` must name; `None` before any failure.
    fn gate(&self, now: f64, has_token: bool) -> Option<f64> {
        let failed_at = self.failed_at?;
        let gate = if has_token {
            self.backoff_until
        } else {
            failed_at + NO_TOKEN_RETRY_MS
        };
        assert_eq!(
            self.cache.retry_at(now),
            Some(gate),
            "retry_at({now}) is not the gate callers meet"
        );
        Some(gate)
    }

    /// Whether the backoff after the last failure has ended at `now` (for a caller with or
    /// without a usable token).
    fn backoff_over(&self, now: f64, has_token: bool) -> bool {
        let Some(gate) = self.gate(now, has_token) else {
            return true;
        };
        now >= gate || self.failed_at.is_some_and(|failed_at| now < failed_at)
    }

    /// A refresh started at `now` (by a call or a wake-up): none was in flight, its backoff had
    /// ended, and it has an attempt id of its own.
    fn refresh_started(&mut self, now: f64, was_in_flight: bool, has_token: bool) {
        assert!(
            !was_in_flight,
            "a second refresh started while one was in flight"
        );
        assert!(
            self.backoff_over(now, has_token),
            "a refresh started before its backoff ended"
        );
        let attempt = self
            .cache
            .attempt()
            .expect("a refresh started without an attempt id");
        assert_ne!(Some(attempt), self.last_attempt, "an attempt id was reused");
        self.last_attempt = Some(attempt);
    }

    fn call(&mut self, now: f64) -> Decision {
        let in_flight = self.cache.attempt();
        let usable = self.usable(now);
        let until = self.cache.use_until(now);
        let decision = self.cache.decide(now);
        if until.is_some_and(|t| now < t) {
            assert_eq!(
                decision,
                Decision::Use,
                "decide() changed course before use_until()"
            );
        }
        match decision {
            Decision::Use | Decision::UseAndRefresh => {
                let s =
                    usable.expect("handed out a token with none held, or past its hard deadline");
                assert!(now < s.hard_deadline);
            }
            Decision::Fetch | Decision::Wait | Decision::Fail => {
                assert!(
                    usable.is_none(),
                    "a caller waited or failed while a valid token was held"
                );
            }
        }
        match decision {
            Decision::UseAndRefresh | Decision::Fetch => {
                self.refresh_started(now, in_flight.is_some(), usable.is_some());
            }
            Decision::Wait => {
                assert!(in_flight.is_some(), "waiting with nothing in flight");
                assert_eq!(self.cache.attempt(), in_flight);
            }
            Decision::Use => {
                assert_eq!(self.cache.attempt(), in_flight);
                let due = usable.is_some_and(|s| now >= s.refresh_at);
                if due && in_flight.is_none() && now.is_finite() {
                    assert!(
                        !self.backoff_over(now, true),
                        "past the refresh point, idle, and no refresh started"
                    );
                }
            }
            Decision::Fail => {
                assert_eq!(
                    in_flight, None,
                    "failed a caller instead of letting it wait"
                );
                if now.is_finite() {
                    assert!(
                        !self.backoff_over(now, false),
                        "failed a caller after the backoff ended"
                    );
                }
            }
        }
        decision
    }

    /// For a source in use, `next_wakeup()` is `None` exactly when there is nothing to wake up for,
    /// and a timer set for it starts a refresh when it fires. For one not in use, it is the end of
    /// `use_until()`, where the wake-up starts nothing and the token stops being handed out unasked.
    fn wakeup(&mut self, used: bool) {
        let wakeup = self.cache.next_wakeup(self.now);
        let in_flight = self.cache.attempt().is_some();
        let in_use = self.cache.in_use(self.now);
        if in_use {
            let nothing_to_retry = self.cache.generation().is_none() && self.cache.failures() == 0;
            let idle = in_flight
                || (self.usable(self.now).is_none() && (!self.keep_fresh || nothing_to_retry));
            assert_eq!(
                wakeup.is_none(),
                idle,
                "next_wakeup {wakeup:?} with idle = {idle}"
            );
        } else if !in_flight {
            let until = self.cache.use_until(self.now).filter(|&t| t > self.now);
            assert_eq!(
                wakeup, until,
                "a source not in use wakes only to stop handing out"
            );
        }
        let Some(at) = wakeup.filter(|t| t.is_finite()) else {
            return;
        };
        let fires = self.now.max(at);
        self.now = fires;
        let usable = self.usable(fires);
        let woke = self.cache.wake(fires, used);
        if woke == Wake::Refresh {
            self.refresh_started(fires, in_flight, usable.is_some());
        } else if in_use && self.cache.in_use(fires) && (self.keep_fresh || usable.is_some()) {
            panic!("the wake-up at {at} of a source in use found nothing to do");
        } else if !self.cache.in_use(fires) {
            // The fast path ends at this wake-up, unless a clock that went back before a failure
            // lifted the retry gate when the timer was set: then it holds until the gate, and the
            // next wake-up is set for that later time, never for now again.
            if let Some(until) = self.cache.use_until(fires).filter(|&t| t > fires) {
                assert_eq!(
                    self.cache.next_wakeup(fires),
                    Some(until),
                    "a source not in use hands out its token unasked with no wake-up to end it"
                );
            }
        }
    }

    fn token(
        &mut self,
        lifetime_ms: f64,
        refresh_after_ms: Option<f64>,
        jitter: f64,
        claims_ok: bool,
    ) {
        let Some(attempt) = self.cache.attempt() else {
            return;
        };
        let claims = if claims_ok {
            Ok(Claims::default())
        } else {
            Err(Error::NotAJwt { parts: 1 })
        };
        let generation = self.cache.generation();
        let expires_at = self.now + lifetime_ms;
        let refresh_after = refresh_after_ms.map(|ms| self.now + ms);
        let result =
            self.cache
                .on_token(attempt, self.now, expires_at, refresh_after, jitter, claims);
        assert_eq!(
            self.cache.attempt(),
            None,
            "the answered attempt is still in flight"
        );
        match result {
            Ok(Some(new)) => {
                assert_ne!(Some(new), generation, "a new token kept the old generation");
                assert_eq!(self.cache.generation(), Some(new));
                assert_eq!(self.cache.failures(), 0);
                let s = self
                    .cache
                    .schedule()
                    .expect("an accepted token has a schedule");
                assert!(self.now.is_finite() && expires_at.is_finite());
                assert!(s.obtained_at <= s.refresh_at && s.refresh_at <= s.hard_deadline);
                assert!(s.obtained_at < s.hard_deadline && s.hard_deadline <= s.expires_at);
                self.failed_at = None;
                self.failures = 0;
            }
            Ok(None) => panic!("the attempt in flight was ignored"),
            Err(e) => {
                assert!(
                    matches!(
                        e,
                        Error::NoUsableExpiry
                            | Error::ExpiryInSeconds
                            | Error::ExpiredOnArrival { .. }
                    ),
                    "{e:?}"
                );
                assert_eq!(
                    self.cache.generation(),
                    generation,
                    "a refused token replaced the held one"
                );
                self.failed(jitter);
            }
        }
    }

    /// After any failure, with the random draw `jitter` it came with: counted, and the backoff is
    /// exponential with full jitter, capped at half the time left to a usable token's hard deadline.
    fn failed(&mut self, jitter: f64) {
        self.failed_at = Some(self.now);
        self.failures = self.failures.saturating_add(1);
        assert_eq!(self.cache.failures(), self.failures, "failures in a row");
        let mut delay = retry_delay(self.failures, jitter);
        assert!((0.0..=RETRY_CAP_MS).contains(&delay));
        let usable = self.usable(self.now);
        if let Some(s) = usable {
            delay = delay.min((s.hard_deadline - self.now) / 2.0);
        }
        self.backoff_until = self.now + delay;
        self.gate(self.now, usable.is_some());
    }

    /// An answer for an attempt that is not in flight changes nothing.
    fn late(&mut self, back: u32) {
        let attempt = self.last_attempt.unwrap_or(0).wrapping_sub(back);
        if self.cache.attempt() == Some(attempt) {
            return;
        }
        let before = self.snapshot();
        let token = self.cache.on_token(
            attempt,
            self.now,
            self.now + 3_600_000.0,
            None,
            0.5,
            Ok(Claims::default()),
        );
        assert_eq!(token, Ok(None), "a late token was taken");
        assert!(
            !self.cache.on_failure(attempt, self.now, 0.5),
            "a late failure was counted"
        );
        assert_eq!(self.snapshot(), before, "a late answer changed the state");
    }

    fn invalidate(&mut self, older: u32) {
        let Some(current) = self.cache.generation() else {
            return;
        };
        let target = current.wrapping_sub(older);
        let recent = self
            .invalidated_at
            .is_some_and(|t| self.now >= t && self.now - t < MIN_INVALIDATION_INTERVAL_MS);
        let dropped = self.cache.invalidate(target, self.now);
        assert_eq!(
            dropped,
            older == 0 && !recent,
            "invalidate({older} back, recent = {recent})"
        );
        if dropped {
            assert_eq!(self.cache.generation(), None);
            self.invalidated_at = Some(self.now);
        } else {
            assert_eq!(self.cache.generation(), Some(current));
        }
    }

    fn snapshot(&self) -> (Option<u32>, Option<u32>, u32, Option<f64>, Option<Schedule>) {
        (
            self.cache.attempt(),
            self.cache.generation(),
            self.cache.failures(),
            self.cache.retry_at(self.now),
            self.cache.schedule().copied(),
        )
    }
}

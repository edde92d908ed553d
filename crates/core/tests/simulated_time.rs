//! The cache driven through simulated days: callers arrive, a credential answers after a delay,
//! and time jumps to the next event. No sleeps and no clocks, so a day takes milliseconds.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use entra_db_auth_core::{
    retry_delay, Claims, Decision, SchedulePolicy, TokenCache, Wake, NO_TOKEN_RETRY_MS,
};
use proptest::prelude::*;

#[path = "support/cache_model.rs"]
mod cache_model;
use cache_model::{Event, Model};

const SECOND: f64 = 1_000.0;
const HOUR: f64 = 3_600_000.0;
const DAY: f64 = 24.0 * HOUR;

/// A small deterministic random source (SplitMix64), so that a failing run can be replayed.
struct Draws(u64);

impl Draws {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) as f64 / u64::MAX as f64
    }
}

struct Sim {
    now: f64,
    cache: TokenCache,
    draws: Draws,
    lifetime: f64,
    latency: f64,
    /// Chance that the credential fails a request.
    failure_rate: f64,
    /// The refresh in flight: its attempt id and when the credential answers.
    pending: Option<(u32, f64)>,
    requests: u32,
    tokens: u32,
    /// Callers that found no usable token after the first token had arrived.
    waits: u32,
    /// After a failure, no new request may start before this.
    earliest_retry: f64,
    /// As the shim does: callers before this get the token without asking the cache.
    ready_until: f64,
    /// Callers got the token without asking since the last wake-up.
    used_since_wake: bool,
    /// The shim's one timer.
    timer: Option<f64>,
}

impl Sim {
    fn new(lifetime: f64, latency: f64, failure_rate: f64, seed: u64) -> Sim {
        Sim {
            now: 0.0,
            cache: TokenCache::new(SchedulePolicy::default()).unwrap(),
            draws: Draws(seed),
            lifetime,
            latency,
            failure_rate,
            pending: None,
            requests: 0,
            tokens: 0,
            waits: 0,
            earliest_retry: 0.0,
            ready_until: f64::NEG_INFINITY,
            used_since_wake: false,
            timer: None,
        }
    }

    /// One caller wants a token now: from the shim's fast path while it holds, else from the cache.
    fn call(&mut self) {
        if self.now < self.ready_until {
            self.used_since_wake = true;
            return;
        }
        let had_flight = self.cache.attempt().is_some();
        let decision = self.cache.decide(self.now);
        match decision {
            Decision::Use | Decision::UseAndRefresh => {
                let s = self.cache.schedule().unwrap();
                assert!(
                    self.now < s.hard_deadline,
                    "handed out a token past its hard deadline"
                );
            }
            Decision::Fetch | Decision::Wait | Decision::Fail if self.tokens > 0 => self.waits += 1,
            Decision::Fetch | Decision::Wait | Decision::Fail => {}
        }
        if matches!(decision, Decision::UseAndRefresh | Decision::Fetch) {
            assert!(
                !had_flight,
                "a second refresh started while one was in flight"
            );
            self.request();
        }
        self.after_change();
    }

    fn request(&mut self) {
        assert!(
            self.now >= self.earliest_retry,
            "a retry started before its backoff ended"
        );
        self.requests += 1;
        self.pending = Some((self.cache.attempt().unwrap(), self.now + self.latency));
    }

    /// The shim's timer fires.
    fn wake(&mut self) {
        let used = std::mem::take(&mut self.used_since_wake);
        if self.cache.wake(self.now, used) == Wake::Refresh {
            self.request();
        }
        self.after_change();
    }

    /// As the shim does after every decision, token, failure and wake-up: the fast path holds until
    /// `use_until`, and the one timer is set for `next_wakeup`.
    fn after_change(&mut self) {
        self.ready_until = self.cache.use_until(self.now).unwrap_or(f64::NEG_INFINITY);
        self.timer = self.cache.next_wakeup(self.now).map(|t| t.max(self.now));
    }

    /// The credential answers the refresh in flight.
    fn answer(&mut self) {
        let (attempt, _) = self.pending.take().unwrap();
        let jitter = self.draws.next();
        if self.draws.next() < self.failure_rate {
            let valid_for = self
                .cache
                .schedule()
                .map_or(0.0, |s| s.hard_deadline - self.now);
            self.cache.on_failure(attempt, self.now, jitter);
            // The backoff, but never past half the valid token's remaining time; a second when
            // there is no valid token.
            let backoff = retry_delay(self.cache.failures(), jitter);
            let wait = if valid_for > 0.0 {
                backoff.min(valid_for / 2.0)
            } else {
                NO_TOKEN_RETRY_MS
            };
            self.earliest_retry = self.now + wait;
        } else {
            let expires = self.now + self.lifetime;
            let generation = self.cache.on_token(
                attempt,
                self.now,
                expires,
                None,
                jitter,
                Ok(Claims::default()),
            );
            assert!(generation.unwrap().is_some());
            self.tokens += 1;
        }
        self.after_change();
    }

    /// Callers every `interval` until `end`, answering refreshes as they complete.
    fn run(&mut self, interval: f64, end: f64) {
        self.run_bursts(interval, 1, end);
    }

    /// `size` callers every `spacing` until `end`, with refreshes answered and the shim's timer
    /// firing as their times come.
    fn run_bursts(&mut self, spacing: f64, size: u32, end: f64) {
        let mut next_call = self.now;
        while self.now < end {
            let answer_at = self.pending.map_or(f64::INFINITY, |(_, at)| at);
            let timer_at = self.timer.unwrap_or(f64::INFINITY);
            if answer_at <= next_call && answer_at <= timer_at {
                self.now = answer_at;
                self.answer();
            } else if timer_at < next_call {
                self.now = timer_at;
                self.wake();
            } else {
                self.now = next_call;
                for _ in 0..size {
                    self.call();
                }
                next_call += spacing;
            }
        }
    }
}

#[test]
fn a_steady_day_makes_one_identity_request_per_token_and_no_caller_waits_after_the_first() {
    let mut sim = Sim::new(HOUR, 200.0, 0.0, 7);
    sim.run(SECOND, DAY);
    assert_eq!(
        sim.requests, sim.tokens,
        "every request yields a token that is used"
    );
    assert_eq!(sim.waits, 0, "no caller waits once the first token is in");
    assert_about_one_request_per_refresh_interval(&sim);
}

/// A day of 1-hour tokens takes about one request per refresh interval: refreshes land at 74-76%
/// of each lifetime (the first token's anywhere in its first 76%), within 70-80% with room.
fn assert_about_one_request_per_refresh_interval(sim: &Sim) {
    let (fewest, most) = (DAY / (0.80 * HOUR), DAY / (0.70 * HOUR) + 1.0);
    assert!(
        (fewest..=most).contains(&f64::from(sim.requests)),
        "{} requests in a day of 1-hour tokens",
        sim.requests
    );
}

#[test]
fn bursts_further_apart_than_the_refresh_window_wait_once_in_a_day_and_refresh_once_per_interval() {
    // Pools that fill within a minute and recycle every 20 minutes: with 1-hour tokens the refresh
    // window (75% to the hard deadline at 59.5 min) is under 15 minutes, so no burst falls in it;
    // the source refreshes at its refresh point on its own because it was used within a lifetime.
    let mut sim = Sim::new(HOUR, 200.0, 0.0, 5);
    sim.run_bursts(20.0 * 60.0 * SECOND, 30, DAY);
    assert_eq!(sim.waits, 0, "no caller waits after the first token");
    assert_eq!(sim.requests, sim.tokens);
    assert_about_one_request_per_refresh_interval(&sim);
}

#[test]
fn a_source_nobody_uses_for_a_lifetime_stops_refreshing() {
    let mut sim = Sim::new(HOUR, 200.0, 0.0, 9);
    sim.run_bursts(DAY, 1, 10.0 * HOUR);
    // The first caller at 0 fetches; the source stays in use for one lifetime after it, so it
    // refreshes at most twice more (at the first token's refresh point, and the second's if it
    // falls within the hour), then never again.
    assert!(
        (1..=3).contains(&sim.requests),
        "{} requests in ten idle hours",
        sim.requests
    );
    assert_eq!(sim.timer, None, "no timer left once idle");
}

#[test]
fn a_flaky_credential_still_serves_every_caller_from_cache_while_retrying_with_backoff() {
    let mut sim = Sim::new(HOUR, 500.0, 0.3, 11);
    sim.run(SECOND, DAY);
    assert!(sim.tokens > 0);
    assert_eq!(
        sim.waits, 0,
        "callers never wait while a valid token exists"
    );
}

#[test]
fn a_long_outage_is_retried_at_most_once_a_second_not_per_caller() {
    let mut sim = Sim::new(HOUR, 50.0, 1.0, 3);
    sim.run(100.0, HOUR);
    // The Sim checks each retry against its backoff: with no valid token, one request a second
    // at most, where callers every 100 ms would make 36,000.
    assert_eq!(sim.tokens, 0);
    assert!(
        (2_500..=3_600).contains(&sim.requests),
        "{} requests in an hour-long outage",
        sim.requests
    );
}

/// Token lifetimes a credential can answer with: mostly up to two hours, sometimes already over,
/// sometimes no time at all.
fn lifetime() -> impl Strategy<Value = f64> {
    prop_oneof![
        8 => 0.0..7_200_000.0f64,
        2 => -7_200_000.0..0.0f64,
        1 => prop_oneof![Just(f64::NAN), Just(f64::INFINITY), Just(f64::NEG_INFINITY), Just(1e300)],
    ]
}

fn event() -> impl Strategy<Value = Event> {
    let jitter = || 0.0..=1.0f64;
    prop_oneof![
        6 => Just(Event::Call),
        1 => prop_oneof![Just(f64::NAN), Just(f64::INFINITY), Just(f64::NEG_INFINITY)].prop_map(Event::CallAt),
        2 => any::<bool>().prop_map(|used| Event::Wakeup { used }),
        1 => any::<bool>().prop_map(Event::KeepFresh),
        3 => (lifetime(), proptest::option::of(-7_200_000.0..7_200_000.0f64), jitter(), any::<bool>())
            .prop_map(|(lifetime_ms, refresh_after_ms, jitter, claims_ok)| Event::Token {
                lifetime_ms,
                refresh_after_ms,
                jitter,
                claims_ok,
            }),
        2 => jitter().prop_map(|jitter| Event::Failure { jitter }),
        1 => (0..4u32).prop_map(|back| Event::Late { back }),
        1 => (0..3u32).prop_map(|older| Event::Invalidate { older }),
        1 => Just(Event::Clear),
        3 => prop_oneof![-7_200_000.0..7_200_000.0f64, -1_000.0..60_000.0f64].prop_map(|ms| Event::Jump { ms }),
    ]
}

fn policy() -> impl Strategy<Value = SchedulePolicy> {
    prop_oneof![
        Just(SchedulePolicy::default()),
        (
            0.01..0.99f64,
            0.0..0.49f64,
            proptest::option::of(0.0..120_000.0f64)
        )
            .prop_map(
                |(refresh_fraction, jitter_fraction, margin_ms)| SchedulePolicy {
                    refresh_fraction,
                    jitter_fraction,
                    margin_ms,
                }
            ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Tokens arriving (valid, short, expired, with no usable expiry), refreshes failing, late
    /// answers for abandoned attempts, invalidation, close, keepFresh wake-ups, and the clock
    /// jumping both ways: `Model` checks after each event that no token is handed out past its hard
    /// deadline, no second refresh starts, backoffs hold, and nothing panics.
    #[test]
    fn no_sequence_of_events_hands_out_an_expired_token_or_starts_two_refreshes(
        policy in policy(),
        events in proptest::collection::vec(event(), 1..300),
        start in prop_oneof![Just(0.0), 1.7e12..1.8e12f64],
    ) {
        let mut model = Model::new(TokenCache::new(policy).unwrap(), start);
        for event in &events {
            model.apply(event);
        }
    }
}

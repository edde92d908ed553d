//! The cache state machine under any policy and any sequence of events, checked after each event
//! by the same model as the property test in `crates/core/tests/simulated_time.rs`.
#![no_main]

use entra_db_auth_core::{SchedulePolicy, TokenCache};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

#[path = "../../crates/core/tests/support/cache_model.rs"]
mod cache_model;
use cache_model::{Event, Model};

const MAX_EVENTS: usize = 1_000;

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});

fn run(u: &mut Unstructured<'_>) -> Result<()> {
    let Ok(cache) = TokenCache::new(policy(u)?) else {
        return Ok(());
    };
    let start = if u.arbitrary()? {
        0.0
    } else {
        1.7e12 + f64::from(u.arbitrary::<u32>()?)
    };
    let mut model = Model::new(cache, start);
    for _ in 0..MAX_EVENTS {
        if u.is_empty() {
            break;
        }
        model.apply(&event(u)?);
    }
    Ok(())
}

/// Mostly valid policies; now and then raw numbers, which the cache must refuse or survive.
fn policy(u: &mut Unstructured<'_>) -> Result<SchedulePolicy> {
    Ok(match u.int_in_range(0..=7u8)? {
        0 => SchedulePolicy::default(),
        1 => SchedulePolicy {
            refresh_fraction: u.arbitrary()?,
            jitter_fraction: u.arbitrary()?,
            margin_ms: u.arbitrary()?,
        },
        _ => SchedulePolicy {
            refresh_fraction: (f64::from(u.arbitrary::<u8>()?) + 1.0) / 257.0,
            jitter_fraction: f64::from(u.arbitrary::<u8>()?) / 521.0,
            margin_ms: u
                .arbitrary::<Option<u32>>()?
                .map(|m| f64::from(m % 200_000)),
        },
    })
}

/// A duration in ms: mostly within a token's life, sometimes huge, negative or no number at all.
fn duration(u: &mut Unstructured<'_>) -> Result<f64> {
    Ok(match u.int_in_range(0..=10u8)? {
        0..=3 => f64::from(u.arbitrary::<u16>()?),
        4..=6 => f64::from(u.arbitrary::<u32>()? % 7_200_000),
        7 => -f64::from(u.arbitrary::<u32>()? % 7_200_000),
        8 => u.arbitrary()?,
        _ => *u.choose(&[f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e300, -0.0])?,
    })
}

/// A random draw in [0, 1], as the shim's Math.random() gives.
fn draw(u: &mut Unstructured<'_>) -> Result<f64> {
    Ok(f64::from(u.arbitrary::<u16>()?) / f64::from(u16::MAX))
}

fn event(u: &mut Unstructured<'_>) -> Result<Event> {
    Ok(match u.int_in_range(0..=10u8)? {
        0 | 1 => Event::Call,
        2 => Event::CallAt(*u.choose(&[f64::NAN, f64::INFINITY, f64::NEG_INFINITY])?),
        3 => Event::Wakeup {
            used: u.arbitrary()?,
        },
        10 => Event::KeepFresh(u.arbitrary()?),
        4 => Event::Token {
            lifetime_ms: duration(u)?,
            refresh_after_ms: if u.arbitrary()? {
                Some(duration(u)?)
            } else {
                None
            },
            jitter: draw(u)?,
            claims_ok: u.arbitrary()?,
        },
        5 => Event::Failure { jitter: draw(u)? },
        6 => Event::Late {
            back: u.int_in_range(0..=3)?,
        },
        7 => Event::Invalidate {
            older: u.int_in_range(0..=2)?,
        },
        8 => Event::Clear,
        _ => Event::Jump {
            ms: if u.arbitrary()? {
                duration(u)?
            } else {
                -duration(u)?
            },
        },
    })
}

//! The PyO3 boundary of the core (`crates/core`): the only crate that knows about Python. It
//! converts types and decides nothing; `python/entra_db_auth/` drives it with `time.time()`,
//! `random.random()`, threads and asyncio, as `js/source.cjs` drives the wasm build.
//!
//! The same API as the wasm boundary (`crates/wasm`), in Python's spelling: `decide(now)` returns
//! an action number, `next_wakeup(now)` when to set the one timer. The token string crosses into the
//! core once per refresh (`on_token`, to read its claims) and never back; the package keeps it in a
//! `Handout` (`handout.rs`), the base class of `TokenSource`, which serves the warm call.

mod handout;

use entra_db_auth_core::{
    decode_claims, username_from_claims, Claims, Decision, Error, SchedulePolicy, TokenCache,
    UsernameOrder, UsernamePolicy, Wake,
};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

create_exception!(
    _core,
    CoreError,
    PyException,
    "A refusal of the core: args are (code, message); the package raises its typed error instead."
);

/// The core's error as a `CoreError(code, message)`.
fn core_error(e: &Error) -> PyErr {
    CoreError::new_err((e.code(), e.to_string()))
}

/// [`Decision`] as the action numbers the package names (the wasm boundary's `Action` values).
fn action(d: Decision) -> u8 {
    match d {
        Decision::Use => 0,
        Decision::UseAndRefresh => 1,
        Decision::Fetch => 2,
        Decision::Wait => 3,
        Decision::Fail => 4,
    }
}

/// One token cache, driven by the package. The package serialises calls with its own lock.
#[pyclass(module = "entra_db_auth._core")]
struct Core {
    cache: TokenCache,
}

#[pymethods]
impl Core {
    /// A cache that refreshes at `refresh_at` of the lifetime (default 0.75) ± `jitter` (default
    /// 0.01), and stops handing out a token `margin_ms` before expiry (default: min(30 s, 10% of
    /// the lifetime)).
    #[new]
    #[pyo3(signature = (refresh_at=None, jitter=None, margin_ms=None))]
    fn new(refresh_at: Option<f64>, jitter: Option<f64>, margin_ms: Option<f64>) -> PyResult<Self> {
        let defaults = SchedulePolicy::default();
        let policy = SchedulePolicy {
            refresh_fraction: refresh_at.unwrap_or(defaults.refresh_fraction),
            jitter_fraction: jitter.unwrap_or(defaults.jitter_fraction),
            margin_ms,
        };
        TokenCache::new(policy)
            .map(|cache| Core { cache })
            .map_err(|e| core_error(&e))
    }

    /// What to do for a caller at `now` (ms since the epoch), as an action number.
    fn decide(&mut self, now: f64) -> u8 {
        action(self.cache.decide(now))
    }

    /// The timer fired at `now`; `used`: callers took the token unasked since the last wake-up.
    /// Whether to start refresh `attempt()` in the background.
    fn wake(&mut self, now: f64, used: bool) -> bool {
        self.cache.wake(now, used) == Wake::Refresh
    }

    /// Refresh whether or not anyone uses the token, until `clear()`.
    fn keep_fresh(&mut self) {
        self.cache.set_keep_fresh(true);
    }

    /// Until when callers may get the held token without asking (None: no token to hand out).
    fn use_until(&self, now: f64) -> Option<f64> {
        self.cache.use_until(now)
    }

    /// The id of the refresh in flight.
    fn attempt(&self) -> Option<u32> {
        self.cache.attempt()
    }

    /// A token arrived for `attempt`: its generation, None if the attempt was abandoned; raises
    /// `CoreError` for a token that cannot be used.
    #[pyo3(signature = (attempt, token, now, expires_at, refresh_after, jitter))]
    fn on_token(
        &mut self,
        attempt: u32,
        token: &str,
        now: f64,
        expires_at: f64,
        refresh_after: Option<f64>,
        jitter: f64,
    ) -> PyResult<Option<u32>> {
        let claims = decode_claims(token);
        self.cache
            .on_token(attempt, now, expires_at, refresh_after, jitter, claims)
            .map_err(|e| core_error(&e))
    }

    /// `attempt` failed or was abandoned; whether it was the one in flight.
    fn on_failure(&mut self, attempt: u32, now: f64, jitter: f64) -> bool {
        self.cache.on_failure(attempt, now, jitter)
    }

    /// The server rejected the token of `generation`; whether it was dropped.
    fn invalidate(&mut self, generation: u32, now: f64) -> bool {
        self.cache.invalidate(generation, now)
    }

    /// Forgets the held token and the refresh in flight.
    fn clear(&mut self) {
        self.cache.clear();
    }

    /// When to call `wake`; None: set no timer.
    fn next_wakeup(&self, now: f64) -> Option<f64> {
        self.cache.next_wakeup(now)
    }

    /// The held token's expiry.
    fn expires_at(&self) -> Option<f64> {
        self.cache.schedule().map(|s| s.expires_at)
    }

    /// When the held token's refresh starts.
    fn refresh_at(&self) -> Option<f64> {
        self.cache.schedule().map(|s| s.refresh_at)
    }

    /// Refresh failures in a row.
    fn failures(&self) -> u32 {
        self.cache.failures()
    }

    /// After a failure, no refresh starts before this time, for a caller at `now`.
    fn retry_at(&self, now: f64) -> Option<f64> {
        self.cache.retry_at(now)
    }

    /// The held token's claims as a dict, or None when it is not a JWT or none is held.
    fn claims<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        match self.cache.claims() {
            Some(Ok(claims)) => claims_dict(py, claims).map(Some),
            _ => Ok(None),
        }
    }

    /// The role name for the held token as `(name, source)`; raises `CoreError`. `order` is
    /// "entra-db-auth" (the default) or "postgresql-auth".
    #[pyo3(signature = (explicit, fallback, pguser, allow_app_id, order=None))]
    fn username(
        &self,
        explicit: Option<&str>,
        fallback: Option<&str>,
        pguser: Option<&str>,
        allow_app_id: bool,
        order: Option<&str>,
    ) -> PyResult<(String, &'static str)> {
        let order = match order {
            None | Some("entra-db-auth") => UsernameOrder::EntraDbAuth,
            Some("postgresql-auth") => UsernameOrder::PostgresqlAuth,
            Some(_) => {
                return Err(core_error(&Error::InvalidOption {
                    option: "order",
                    expected: "\"entra-db-auth\" or \"postgresql-auth\"",
                }))
            }
        };
        let no_token = Error::NotAJwt { parts: 0 };
        let claims = self.cache.claims().unwrap_or(Err(&no_token));
        let policy = UsernamePolicy {
            explicit,
            order,
            allow_app_id,
            fallback,
            pguser,
        };
        let (name, source) = username_from_claims(claims, &policy).map_err(|e| core_error(&e))?;
        Ok((name.to_string(), source.as_str()))
    }

    fn __repr__(&self) -> String {
        // The core never holds the token: this names only its times.
        let schedule = self.cache.schedule();
        format!(
            "Core(expires_at={:?}, refresh_at={:?}, failures={})",
            schedule.map(|s| s.expires_at),
            schedule.map(|s| s.refresh_at),
            self.cache.failures()
        )
    }
}

/// The claims of any token as a dict (for diagnostics); raises `CoreError`.
#[pyfunction(name = "decode_claims")]
fn decode_claims_dict<'py>(py: Python<'py>, token: &str) -> PyResult<Bound<'py, PyDict>> {
    let claims = decode_claims(token).map_err(|e| core_error(&e))?;
    claims_dict(py, &claims)
}

/// The claims as a dict, `aud` as a list, and `identityKind`; absent claims are left out.
fn claims_dict<'py>(py: Python<'py>, claims: &Claims) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (name, n) in claims.numbers() {
        dict.set_item(name, n)?;
    }
    if !claims.aud.is_empty() {
        dict.set_item("aud", PyList::new(py, claims.aud.iter())?)?;
    }
    for (name, s) in claims.strings() {
        dict.set_item(name, s)?;
    }
    dict.set_item("identityKind", claims.identity_kind().as_str())?;
    Ok(dict)
}

/// The compiled half of `entra_db_auth`.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Core>()?;
    m.add_class::<handout::Handout>()?;
    for (name, d) in [
        ("USE", Decision::Use),
        ("USE_AND_REFRESH", Decision::UseAndRefresh),
        ("FETCH", Decision::Fetch),
        ("WAIT", Decision::Wait),
        ("FAIL", Decision::Fail),
    ] {
        m.add(name, action(d))?;
    }
    m.add_function(wrap_pyfunction!(decode_claims_dict, m)?)?;
    m.add("CoreError", m.py().get_type::<CoreError>())?;
    Ok(())
}

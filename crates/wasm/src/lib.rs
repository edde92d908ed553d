//! The wasm-bindgen boundary of the core (`crates/core`): the only crate that knows about
//! JavaScript. It converts types and decides nothing.
//!
//! The hot path is [`Core::decide`]: a number in (`Date.now()`), a small enum out. The token string
//! crosses into wasm once per refresh ([`Core::on_token`], to read its claims) and never back.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use entra_db_auth_core::{
    decode_claims, username_from_claims, Claims, Decision, Error, SchedulePolicy, TokenCache,
    UsernameOrder, UsernamePolicy, Wake,
};

/// [`Decision`] as JS sees it.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Hand out the held token.
    Use = 0,
    /// Hand out the held token and start a background refresh.
    UseAndRefresh = 1,
    /// Start a refresh and wait for it.
    Fetch = 2,
    /// Wait for the refresh in flight.
    Wait = 3,
    /// Fail now with the last refresh error.
    Fail = 4,
}

impl From<Decision> for Action {
    fn from(d: Decision) -> Self {
        match d {
            Decision::Use => Action::Use,
            Decision::UseAndRefresh => Action::UseAndRefresh,
            Decision::Fetch => Action::Fetch,
            Decision::Wait => Action::Wait,
            Decision::Fail => Action::Fail,
        }
    }
}

/// A JS `Error` with a stable `code` property, which the shim wraps in its own error classes.
fn js_error(e: &Error) -> JsValue {
    let error = js_sys::Error::new(&e.to_string());
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(&error, &"code".into(), &e.code().into());
    error.into()
}

/// One token cache, driven by the shim.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Core {
    cache: TokenCache,
}

#[wasm_bindgen]
impl Core {
    /// A cache that refreshes at `refresh_at` of the lifetime (default 0.75) ± `jitter` (default
    /// 0.01), and stops handing out a token `margin_ms` before expiry (default: min(30 s, 10% of
    /// the lifetime)).
    #[wasm_bindgen(constructor)]
    pub fn new(
        refresh_at: Option<f64>,
        jitter: Option<f64>,
        margin_ms: Option<f64>,
    ) -> Result<Core, JsValue> {
        let defaults = SchedulePolicy::default();
        let policy = SchedulePolicy {
            refresh_fraction: refresh_at.unwrap_or(defaults.refresh_fraction),
            jitter_fraction: jitter.unwrap_or(defaults.jitter_fraction),
            margin_ms,
        };
        TokenCache::new(policy)
            .map(|cache| Core { cache })
            .map_err(|e| js_error(&e))
    }

    /// What to do for a caller at `now` (ms since the epoch).
    pub fn decide(&mut self, now: f64) -> Action {
        self.cache.decide(now).into()
    }

    /// The shim's timer fired at `now`; `used`: callers took the token unasked since the last
    /// wake-up. Whether to start refresh [`Core::attempt`] in the background.
    pub fn wake(&mut self, now: f64, used: bool) -> bool {
        self.cache.wake(now, used) == Wake::Refresh
    }

    /// Refresh whether or not anyone uses the token, until [`Core::clear`].
    #[wasm_bindgen(js_name = keepFresh)]
    pub fn keep_fresh(&mut self) {
        self.cache.set_keep_fresh(true);
    }

    /// Until when callers may get the held token without asking (`undefined`: no token to hand out).
    #[wasm_bindgen(js_name = useUntil)]
    pub fn use_until(&self, now: f64) -> Option<f64> {
        self.cache.use_until(now)
    }

    /// The id of the refresh in flight.
    pub fn attempt(&self) -> Option<u32> {
        self.cache.attempt()
    }

    /// A token arrived for `attempt`: its generation, `undefined` if the attempt was abandoned, or
    /// an error with a `code`.
    #[wasm_bindgen(js_name = onToken)]
    pub fn on_token(
        &mut self,
        attempt: u32,
        token: &str,
        now: f64,
        expires_at: f64,
        refresh_after: Option<f64>,
        jitter: f64,
    ) -> Result<Option<u32>, JsValue> {
        let claims = decode_claims(token);
        self.cache
            .on_token(attempt, now, expires_at, refresh_after, jitter, claims)
            .map_err(|e| js_error(&e))
    }

    /// `attempt` failed or was abandoned; whether it was the one in flight.
    #[wasm_bindgen(js_name = onFailure)]
    pub fn on_failure(&mut self, attempt: u32, now: f64, jitter: f64) -> bool {
        self.cache.on_failure(attempt, now, jitter)
    }

    /// The server rejected the token of `generation`; whether it was dropped.
    pub fn invalidate(&mut self, generation: u32, now: f64) -> bool {
        self.cache.invalidate(generation, now)
    }

    /// Forgets the held token and the refresh in flight.
    pub fn clear(&mut self) {
        self.cache.clear();
    }

    /// When to call [`Core::wake`]; `undefined`: set no timer.
    #[wasm_bindgen(js_name = nextWakeup)]
    pub fn next_wakeup(&self, now: f64) -> Option<f64> {
        self.cache.next_wakeup(now)
    }

    /// The held token's expiry.
    #[wasm_bindgen(js_name = expiresAt)]
    pub fn expires_at(&self) -> Option<f64> {
        self.cache.schedule().map(|s| s.expires_at)
    }

    /// When the held token's refresh starts.
    #[wasm_bindgen(js_name = refreshAt)]
    pub fn refresh_at(&self) -> Option<f64> {
        self.cache.schedule().map(|s| s.refresh_at)
    }

    /// Refresh failures in a row.
    pub fn failures(&self) -> u32 {
        self.cache.failures()
    }

    /// After a failure, no refresh starts before this time, for a caller at `now`.
    #[wasm_bindgen(js_name = retryAt)]
    pub fn retry_at(&self, now: f64) -> Option<f64> {
        self.cache.retry_at(now)
    }

    /// The held token's claims as an object, or `undefined` when it is not a JWT or none is held.
    pub fn claims(&self) -> JsValue {
        match self.cache.claims() {
            Some(Ok(claims)) => claims_object(claims),
            _ => JsValue::UNDEFINED,
        }
    }

    /// The role name for the held token as `{ name, source }`, or an error with a `code`.
    /// `order` is "entra-db-auth" (the default) or "postgresql-auth" ([`UsernameOrder`]).
    pub fn username(
        &self,
        explicit: Option<String>,
        fallback: Option<String>,
        pguser: Option<String>,
        allow_app_id: bool,
        order: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let order = match order.as_deref() {
            None | Some("entra-db-auth") => UsernameOrder::EntraDbAuth,
            Some("postgresql-auth") => UsernameOrder::PostgresqlAuth,
            Some(_) => {
                return Err(js_error(&Error::InvalidOption {
                    option: "order",
                    expected: "\"entra-db-auth\" or \"postgresql-auth\"",
                }))
            }
        };
        let no_token = Error::NotAJwt { parts: 0 };
        let claims = self.cache.claims().unwrap_or(Err(&no_token));
        let policy = UsernamePolicy {
            explicit: explicit.as_deref(),
            order,
            allow_app_id,
            fallback: fallback.as_deref(),
            pguser: pguser.as_deref(),
        };
        let (name, source) = username_from_claims(claims, &policy).map_err(|e| js_error(&e))?;
        Ok(js_object([
            ("name", name.into()),
            ("source", source.as_str().into()),
        ]))
    }
}

/// The claims of any token as an object (for the CLI), or an error with a `code`.
#[wasm_bindgen(js_name = decodeClaims)]
pub fn decode_claims_object(token: &str) -> Result<JsValue, JsValue> {
    decode_claims(token)
        .map(|c| claims_object(&c))
        .map_err(|e| js_error(&e))
}

/// The claims as a plain object, `aud` as an array, and `identityKind`; absent claims are left
/// out. Objects rather than JSON text: the numbers cross as numbers, so the module needs no float
/// printing (README, Architecture).
fn claims_object(claims: &Claims) -> JsValue {
    let numbers = claims.numbers().map(|(name, n)| (name, n.into()));
    let aud: Array = claims.aud.iter().map(|a| JsValue::from_str(a)).collect();
    let aud = Some(("aud", aud.into())).filter(|_| !claims.aud.is_empty());
    let strings = claims.strings().map(|(name, s)| (name, s.into()));
    let kind = ("identityKind", claims.identity_kind().as_str().into());
    js_object(numbers.chain(aud).chain(strings).chain([kind]))
}

/// A plain JS object with these properties.
fn js_object<'a>(properties: impl IntoIterator<Item = (&'a str, JsValue)>) -> JsValue {
    let object = Object::new();
    for (name, value) in properties {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &name.into(), &value);
    }
    object.into()
}

//! The core of entra-db-auth: the token cache, its refresh schedule and the username logic for
//! logging in to Azure Database for PostgreSQL with Microsoft Entra ID tokens.
//!
//! The core is sans-IO. It does no networking, reads no clock and draws no random numbers: time
//! (milliseconds since the epoch) and random draws are arguments, the next thing to do is returned
//! as a value, and the caller (a host: the JS shim over `crates/wasm`, the Python package over
//! `crates/python`) performs it. It never stores the token itself, only what it learned from it.
//!
//! What it does not do: know its hosts (no wasm-bindgen, no PyO3: each binding crate converts types
//! and decides nothing), verify token signatures (the database server does), talk to Entra ID (the
//! host's credential does), or keep timers (the host does).

#![forbid(unsafe_code)]

mod cache;
mod claims;
mod error;
mod json;
mod schedule;
mod username;

pub use cache::{Decision, TokenCache, Wake, MIN_INVALIDATION_INTERVAL_MS, NO_TOKEN_RETRY_MS};
pub use claims::{decode_claims, Claims, IdentityKind, MAX_TOKEN_LEN};
pub use error::Error;
pub use schedule::{retry_delay, schedule, Schedule, SchedulePolicy, RETRY_BASE_MS, RETRY_CAP_MS};
pub use username::{username_from_claims, UsernameOrder, UsernamePolicy, UsernameSource};

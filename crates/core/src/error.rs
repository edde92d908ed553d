//! The one error type of the core.

use std::fmt;

use crate::UsernameOrder;

/// Everything that can go wrong in the core. No variant ever holds the token or any part of it.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The token is longer than any Entra ID access token could be.
    TokenTooLarge {
        /// The token's length in bytes.
        len: usize,
        /// The largest length accepted.
        max: usize,
    },
    /// The token is not three dot-separated parts.
    NotAJwt {
        /// How many parts it has.
        parts: usize,
    },
    /// The payload (second part) is not base64url or base64.
    PayloadNotBase64,
    /// The payload decodes to bytes that are not a UTF-8 JSON object.
    PayloadNotJson,
    /// A claim has a JSON type that Entra ID never uses for it.
    ClaimWrongType {
        /// The claim's name.
        claim: &'static str,
        /// What it should have been.
        expected: &'static str,
    },
    /// No claim, option or environment variable yields a PostgreSQL role name.
    NoUsername {
        /// Why the token's claims could not be read, when they could not.
        claims_unreadable: Option<Box<Error>>,
        /// The order the claims were looked at in.
        order: UsernameOrder,
    },
    /// The credential's expiry is missing, not a finite number, or not after the time it was obtained.
    NoUsableExpiry,
    /// The expiry is in the past as milliseconds but in the future as seconds: a credential that
    /// gives seconds where `expiresOnTimestamp` means milliseconds.
    ExpiryInSeconds,
    /// The token arrived already at or past its hard deadline.
    ExpiredOnArrival {
        /// How many milliseconds before its hard deadline the token would have had to arrive.
        late_by_ms: f64,
    },
    /// A schedule option is out of range.
    InvalidOption {
        /// The option's name, as the JS API spells it.
        option: &'static str,
        /// The accepted range.
        expected: &'static str,
    },
}

impl Error {
    /// A stable, machine-readable code, shared with the JS error classes.
    pub fn code(&self) -> &'static str {
        match self {
            Error::TokenTooLarge { .. }
            | Error::NotAJwt { .. }
            | Error::PayloadNotBase64
            | Error::PayloadNotJson
            | Error::ClaimWrongType { .. }
            | Error::NoUsableExpiry
            | Error::ExpiryInSeconds => "INVALID_TOKEN",
            Error::NoUsername { .. } => "NO_USERNAME",
            Error::ExpiredOnArrival { .. } => "TOKEN_EXPIRED",
            Error::InvalidOption { .. } => "INVALID_ARGUMENT",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::TokenTooLarge { len, max } => {
                write!(f, "token is {len} bytes, more than the {max} an Entra ID access token can be")
            }
            Error::NotAJwt { parts } => {
                write!(f, "token is not a JWT: it has {parts} dot-separated part(s), not 3")
            }
            Error::PayloadNotBase64 => f.write_str("failed to base64url decode the token's payload"),
            Error::PayloadNotJson => {
                f.write_str("failed to parse the token's payload as a UTF-8 JSON object")
            }
            Error::ClaimWrongType { claim, expected } => {
                write!(f, "the token's `{claim}` claim is not {expected}")
            }
            Error::NoUsername {
                claims_unreadable,
                order,
            } => {
                write!(f, "cannot tell which PostgreSQL role to log in as: ")?;
                match claims_unreadable {
                    Some(why) => write!(f, "the token's claims are unreadable ({why})")?,
                    None => write!(f, "the token has none of the claims {}", order.claims())?,
                }
                let options = match order {
                    UsernameOrder::EntraDbAuth => "the `username` / `fallbackUsername` options",
                    UsernameOrder::PostgresqlAuth => "the `fallbackUsername` option",
                };
                write!(f, ", and neither {options} nor PGUSER are set; set one of them to the role name")
            }
            Error::NoUsableExpiry => f.write_str(
                "the credential returned a token without a usable expiry (expiresOnTimestamp must be a time in the future, in ms since the epoch)",
            ),
            Error::ExpiryInSeconds => f.write_str(
                "the credential's expiresOnTimestamp looks like seconds since the epoch; it must be milliseconds",
            ),
            Error::ExpiredOnArrival { late_by_ms } => write!(
                f,
                "the credential returned a token that is already expired or within its safety margin of expiry (late by {} s); check the system clock",
                // Whole seconds: formatting a float would pull float printing into the wasm module.
                (late_by_ms / 1000.0).round() as i64
            ),
            Error::InvalidOption { option, expected } => {
                write!(f, "option `{option}` must be {expected}")
            }
        }
    }
}

impl std::error::Error for Error {}

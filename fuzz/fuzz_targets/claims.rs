//! The claims decoder and the username resolver on any token and any username options: no panic,
//! and what they return keeps its promises (no empty claim, a role name that is never blank and
//! comes from where it says, `NO_USERNAME` only when nothing names a role). The core's own JSON
//! reader is held against `serde_json`: the same payloads are objects, with the same claims.
#![no_main]

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use entra_db_auth_core::{
    decode_claims, username_from_claims, Claims, Error, IdentityKind, UsernameOrder,
    UsernamePolicy, UsernameSource, MAX_TOKEN_LEN,
};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});

fn run(data: &[u8]) -> Result<()> {
    let mut u = Unstructured::new(data);
    let shape: u8 = u.arbitrary()?;
    let explicit: Option<&str> = u.arbitrary()?;
    let fallback: Option<&str> = u.arbitrary()?;
    let pguser: Option<&str> = u.arbitrary()?;
    let allow_app_id: bool = u.arbitrary()?;
    let rest = u.take_rest();
    // The fuzzer mutates the payload's JSON directly in the JWT shapes, the whole string otherwise.
    let token = match shape % 4 {
        0 => String::from_utf8_lossy(rest).into_owned(),
        1 => format!("eyJhbGciOiJSUzI1NiJ9.{}.c2ln", URL_SAFE_NO_PAD.encode(rest)),
        2 => format!("h.{}.s", STANDARD.encode(rest)),
        _ if shape == u8::MAX => format!("h.{}.s", "e".repeat(MAX_TOKEN_LEN + rest.len())),
        _ => format!(
            "{}.{}",
            String::from_utf8_lossy(rest),
            URL_SAFE_NO_PAD.encode(rest)
        ),
    };
    let claims = decode_claims(&token);
    if shape % 4 == 1 {
        check_against_serde_json(rest, &claims);
    }
    match &claims {
        Ok(c) => check_claims(c),
        Err(e) => {
            assert_eq!(e.code(), "INVALID_TOKEN");
            assert!(!e.to_string().is_empty());
            assert_eq!(
                matches!(e, Error::TokenTooLarge { .. }),
                token.len() > MAX_TOKEN_LEN
            );
        }
    }
    // A bit of `shape` that the token shapes below ignore picks the order.
    let order = if shape & 0x10 == 0 {
        UsernameOrder::EntraDbAuth
    } else {
        UsernameOrder::PostgresqlAuth
    };
    let policy = UsernamePolicy {
        explicit,
        order,
        allow_app_id,
        fallback,
        pguser,
    };
    match username_from_claims(claims.as_ref(), &policy) {
        Ok((name, source)) => {
            assert!(!name.is_empty());
            let from_claims =
                |pick: fn(&Claims) -> Option<&str>| claims.as_ref().ok().and_then(pick);
            let expected = match source {
                UsernameSource::Explicit => given(explicit),
                UsernameSource::Fallback => given(fallback),
                UsernameSource::PgUser => given(pguser),
                UsernameSource::Upn => from_claims(|c| c.upn.as_deref()),
                UsernameSource::PreferredUsername
                | UsernameSource::UniqueName
                | UsernameSource::ManagedIdentity
                    if order == UsernameOrder::PostgresqlAuth =>
                {
                    panic!("{source:?} is not in @azure/postgresql-auth's order")
                }
                UsernameSource::PreferredUsername => {
                    from_claims(|c| c.preferred_username.as_deref())
                }
                UsernameSource::UniqueName => from_claims(|c| c.unique_name.as_deref()),
                UsernameSource::AppId => {
                    assert!(
                        allow_app_id || order == UsernameOrder::PostgresqlAuth,
                        "appid used without allowAppId"
                    );
                    from_claims(|c| c.appid.as_deref())
                }
                UsernameSource::ManagedIdentity => {
                    assert!(!name.contains('/'));
                    let mirid = from_claims(|c| c.xms_mirid.as_deref()).unwrap_or_default();
                    assert!(mirid.contains(name));
                    Some(name)
                }
            };
            assert_eq!(Some(name), expected, "{source:?}");
            if given(explicit).is_some() {
                assert_eq!(
                    source,
                    UsernameSource::Explicit,
                    "an explicit username must win"
                );
            }
        }
        Err(e) => {
            assert_eq!(e.code(), "NO_USERNAME");
            let Error::NoUsername {
                claims_unreadable,
                order: reported,
            } = &e
            else {
                panic!("{e:?}");
            };
            assert_eq!(claims_unreadable.is_some(), claims.is_err());
            assert_eq!(*reported, order);
            assert!([explicit, fallback, pguser]
                .iter()
                .all(|v| given(*v).is_none()));
            assert!(e.to_string().contains("PGUSER"));
        }
    }
    Ok(())
}

/// A username option counts only when it is not blank.
fn given(v: Option<&str>) -> Option<&str> {
    v.filter(|s| !s.trim().is_empty())
}

fn check_claims(c: &Claims) {
    let strings = [
        &c.tid,
        &c.oid,
        &c.idtyp,
        &c.upn,
        &c.preferred_username,
        &c.unique_name,
        &c.appid,
        &c.xms_mirid,
    ];
    assert!(strings
        .iter()
        .all(|s| s.as_ref().is_none_or(|s| !s.is_empty())));
    assert_eq!(
        c.strings().count(),
        strings.iter().filter(|s| s.is_some()).count()
    );
    assert!(c.numbers().all(|(_, n)| n.is_finite()));
    let user_assigned = c.xms_mirid.as_ref().is_some_and(|mirid| {
        mirid
            .to_ascii_lowercase()
            .contains("/microsoft.managedidentity/userassignedidentities/")
    });
    assert_eq!(
        c.identity_kind() == IdentityKind::UserAssignedIdentity,
        user_assigned
    );
}

/// `payload` is a JSON object for `serde_json` exactly when the core reads it, and both read the
/// same claims; only numbers at the edge of `f64`'s range may tip one way or the other.
fn check_against_serde_json(payload: &[u8], claims: &std::result::Result<Claims, Error>) {
    let reference = serde_json::from_slice::<Value>(payload);
    match (&reference, claims) {
        (Ok(Value::Object(map)), Ok(c)) => {
            for (name, value) in c.strings() {
                assert_eq!(map.get(name).and_then(Value::as_str), Some(value), "{name}");
            }
            for (name, n) in c.numbers() {
                let want = map.get(name).and_then(Value::as_f64).unwrap_or(f64::NAN);
                assert!(
                    (n - want).abs() <= 1e-12 * want.abs().max(1e-300),
                    "{name}: {n} vs {want}"
                );
            }
            let aud = match map.get("aud") {
                Some(Value::String(s)) => vec![s.as_str()],
                Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
                _ => vec![],
            };
            assert_eq!(c.aud, aud);
        }
        (Ok(Value::Object(map)), Err(Error::ClaimWrongType { claim, .. })) => {
            let value = map.get(*claim);
            let right_type = match value {
                None | Some(Value::Null) => true,
                Some(Value::Number(_)) => ["exp", "nbf", "iat"].contains(claim),
                Some(Value::String(_)) => !["exp", "nbf", "iat"].contains(claim),
                Some(Value::Array(items)) => *claim == "aud" && items.iter().all(Value::is_string),
                Some(_) => false,
            };
            assert!(!right_type, "{claim} is {value:?}");
        }
        (Ok(value), Err(Error::PayloadNotJson)) => {
            assert!(
                !value.is_object() || has_edge_number(value),
                "refused {value}"
            );
        }
        (Ok(value), Ok(_)) => panic!("read {value} as an object"),
        (Err(e), Ok(_)) => assert!(e.to_string().starts_with("number out of range"), "{e}"),
        (_, Err(e)) => assert!(
            matches!(e, Error::PayloadNotJson | Error::ClaimWrongType { .. }),
            "{e:?}"
        ),
    }
}

/// Whether a number in `value` is near the end of `f64`'s range.
fn has_edge_number(value: &Value) -> bool {
    match value {
        Value::Number(n) => n.as_f64().is_some_and(|n| n.abs() > 1e300),
        Value::Array(items) => items.iter().any(has_edge_number),
        Value::Object(map) => map.values().any(has_edge_number),
        _ => false,
    }
}

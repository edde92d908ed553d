//! The claims decoder and the username resolver on any token and any username options: no panic,
//! and what they return keeps its promises (no empty claim, a role name that is never blank and
//! comes from where it says, `NO_USERNAME` only when nothing names a role).
#![no_main]

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use entra_db_auth::{
    decode_claims, username_from_claims, Claims, Error, UsernameOrder, UsernamePolicy,
    UsernameSource, MAX_TOKEN_LEN,
};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

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
    let json = c.to_json();
    assert_eq!(json["identityKind"], c.identity_kind().as_str());
    assert!(json.to_string().starts_with('{'));
}

//! Which PostgreSQL role a token logs in as.
//!
//! Azure Database for PostgreSQL names a user's role after their UPN and a managed identity's role
//! after the identity's name, which is not in the token by itself: it is the last segment of the
//! `xms_mirid` resource id. A group member logs in with the group's name, which no claim holds, so
//! groups need an explicit username.
//!
//! `@azure/postgresql-auth` resolves differently (`upn`, then `appid`), so a managed identity logs
//! in as its appid GUID there; its drop-in functions must keep that order, or the roles a team
//! created for it stop matching ([`UsernameOrder::PostgresqlAuth`]).

use crate::{Claims, Error};

/// Which claims name the role, in which order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UsernameOrder {
    /// The names Azure gives roles: the last segment of `xms_mirid` (a managed identity's name),
    /// then `upn`, `preferred_username`, `unique_name`, and `appid` only when allowed.
    #[default]
    EntraDbAuth,
    /// `@azure/postgresql-auth` 1.0.0-beta.1's order, for its drop-in functions: `upn`, then
    /// `appid` (whether or not `allow_app_id` is set).
    PostgresqlAuth,
}

impl UsernameOrder {
    /// The claims this order looks at, in order, for error messages.
    pub fn claims(self) -> &'static str {
        match self {
            UsernameOrder::EntraDbAuth => {
                "xms_mirid, upn, preferred_username, unique_name (and appid when allowAppId is set)"
            }
            UsernameOrder::PostgresqlAuth => "upn, appid",
        }
    }
}

/// What the caller configured, in the order it is consulted around the claims.
#[derive(Debug, Clone, Copy, Default)]
pub struct UsernamePolicy<'a> {
    /// A username given explicitly; always wins.
    pub explicit: Option<&'a str>,
    /// Which claims name the role.
    pub order: UsernameOrder,
    /// Accept the `appid` claim (a GUID, rarely a role name) as the username.
    pub allow_app_id: bool,
    /// Used when no claim fits.
    pub fallback: Option<&'a str>,
    /// The `PGUSER` environment variable, read by the caller; the last resort.
    pub pguser: Option<&'a str>,
}

/// Where a username came from, for diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsernameSource {
    /// The explicit `username` option.
    Explicit,
    /// The last segment of `xms_mirid` (a managed identity's name).
    ManagedIdentity,
    /// The `upn` claim.
    Upn,
    /// The `preferred_username` claim.
    PreferredUsername,
    /// The `unique_name` claim.
    UniqueName,
    /// The `appid` claim (opted in).
    AppId,
    /// The `fallbackUsername` option.
    Fallback,
    /// The `PGUSER` environment variable.
    PgUser,
}

impl UsernameSource {
    /// How the JS API and the CLI name this source.
    pub fn as_str(self) -> &'static str {
        match self {
            UsernameSource::Explicit => "username option",
            UsernameSource::ManagedIdentity => "xms_mirid",
            UsernameSource::Upn => "upn",
            UsernameSource::PreferredUsername => "preferred_username",
            UsernameSource::UniqueName => "unique_name",
            UsernameSource::AppId => "appid",
            UsernameSource::Fallback => "fallbackUsername option",
            UsernameSource::PgUser => "PGUSER",
        }
    }
}

/// The role name to log in as, and where it came from. `claims` is the decoded token, or why it
/// could not be decoded (a token that is not a JWT still works as a password).
pub fn username_from_claims<'a>(
    claims: Result<&'a Claims, &Error>,
    policy: &UsernamePolicy<'a>,
) -> Result<(&'a str, UsernameSource), Error> {
    let given = |value: Option<&'a str>| value.filter(|s| !s.trim().is_empty());
    if let Some(name) = given(policy.explicit) {
        return Ok((name, UsernameSource::Explicit));
    }
    if let Ok(claims) = claims {
        if let Some(found) = from_claims(claims, policy) {
            return Ok(found);
        }
    }
    if let Some(name) = given(policy.fallback) {
        return Ok((name, UsernameSource::Fallback));
    }
    if let Some(name) = given(policy.pguser) {
        return Ok((name, UsernameSource::PgUser));
    }
    Err(Error::NoUsername {
        claims_unreadable: claims.err().map(|e| Box::new(e.clone())),
        order: policy.order,
    })
}

/// The first claim that names the role, in the policy's order.
fn from_claims<'a>(
    claims: &'a Claims,
    policy: &UsernamePolicy<'_>,
) -> Option<(&'a str, UsernameSource)> {
    let first = |candidates: &[(Option<&'a str>, UsernameSource)]| {
        candidates
            .iter()
            .find_map(|&(value, source)| Some((value?, source)))
    };
    let upn = (claims.upn.as_deref(), UsernameSource::Upn);
    let appid = claims.appid.as_deref();
    match policy.order {
        UsernameOrder::EntraDbAuth => first(&[
            (
                claims.xms_mirid.as_deref().and_then(last_segment),
                UsernameSource::ManagedIdentity,
            ),
            upn,
            (
                claims.preferred_username.as_deref(),
                UsernameSource::PreferredUsername,
            ),
            (claims.unique_name.as_deref(), UsernameSource::UniqueName),
            (appid.filter(|_| policy.allow_app_id), UsernameSource::AppId),
        ]),
        UsernameOrder::PostgresqlAuth => first(&[upn, (appid, UsernameSource::AppId)]),
    }
}

fn last_segment(resource_id: &str) -> Option<&str> {
    resource_id
        .split('/')
        .rev()
        .find(|segment| !segment.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(set: impl FnOnce(&mut Claims)) -> Claims {
        let mut c = Claims::default();
        set(&mut c);
        c
    }

    fn resolve(c: &Claims, policy: UsernamePolicy<'_>) -> Result<(String, UsernameSource), Error> {
        username_from_claims(Ok(c), &policy).map(|(n, s)| (n.to_owned(), s))
    }

    const UAMI: &str = "/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/orders-id";
    const SAMI: &str =
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/orders-web";

    #[test]
    fn each_principal_logs_in_as_its_role() {
        let user = claims(|c| {
            c.upn = Some("alice@contoso.com".into());
            c.preferred_username = Some("alice@other".into());
            c.appid = Some("guid".into());
        });
        let guest = claims(|c| {
            c.unique_name = Some("bob_fabrikam.com#EXT#@contoso.onmicrosoft.com".into())
        });
        let v2_user = claims(|c| c.preferred_username = Some("carol@contoso.com".into()));
        let uami = claims(|c| {
            c.xms_mirid = Some(UAMI.into());
            c.appid = Some("guid".into());
        });
        let sami = claims(|c| c.xms_mirid = Some(format!("{SAMI}/")));
        let cases = [
            (&user, "alice@contoso.com", UsernameSource::Upn),
            (
                &guest,
                "bob_fabrikam.com#EXT#@contoso.onmicrosoft.com",
                UsernameSource::UniqueName,
            ),
            (
                &v2_user,
                "carol@contoso.com",
                UsernameSource::PreferredUsername,
            ),
            (&uami, "orders-id", UsernameSource::ManagedIdentity),
            (&sami, "orders-web", UsernameSource::ManagedIdentity),
        ];
        for (c, name, source) in cases {
            assert_eq!(
                resolve(c, UsernamePolicy::default()).unwrap(),
                (name.to_owned(), source)
            );
        }
    }

    #[test]
    fn an_explicit_username_always_wins() {
        let user = claims(|c| c.upn = Some("alice@contoso.com".into()));
        let policy = UsernamePolicy {
            explicit: Some("db-admins"),
            fallback: Some("f"),
            ..Default::default()
        };
        assert_eq!(
            resolve(&user, policy).unwrap(),
            ("db-admins".to_owned(), UsernameSource::Explicit)
        );
    }

    #[test]
    fn a_service_principal_uses_appid_only_when_allowed_then_fallback_then_pguser() {
        let sp = claims(|c| {
            c.appid = Some("3f2a".into());
            c.oid = Some("o".into());
        });
        let allowed = UsernamePolicy {
            allow_app_id: true,
            fallback: Some("app-role"),
            ..Default::default()
        };
        assert_eq!(
            resolve(&sp, allowed).unwrap(),
            ("3f2a".to_owned(), UsernameSource::AppId)
        );
        let fallback = UsernamePolicy {
            fallback: Some("app-role"),
            pguser: Some("pg"),
            ..Default::default()
        };
        assert_eq!(
            resolve(&sp, fallback).unwrap(),
            ("app-role".to_owned(), UsernameSource::Fallback)
        );
        let pguser = UsernamePolicy {
            fallback: Some("  "),
            pguser: Some("pg"),
            ..Default::default()
        };
        assert_eq!(
            resolve(&sp, pguser).unwrap(),
            ("pg".to_owned(), UsernameSource::PgUser)
        );
    }

    #[test]
    fn no_username_names_the_claims_it_looked_for() {
        let err = resolve(&Claims::default(), UsernamePolicy::default()).unwrap_err();
        assert_eq!(err.code(), "NO_USERNAME");
        let message = err.to_string();
        for claim in [
            "xms_mirid",
            "upn",
            "preferred_username",
            "unique_name",
            "appid",
            "PGUSER",
        ] {
            assert!(message.contains(claim), "{message}");
        }
    }

    #[test]
    fn the_postgresql_auth_order_is_upn_then_appid_then_fallback_then_pguser() {
        let official = |fallback, pguser| UsernamePolicy {
            order: UsernameOrder::PostgresqlAuth,
            fallback,
            pguser,
            ..Default::default()
        };
        let uami = claims(|c| {
            c.xms_mirid = Some(UAMI.into());
            c.appid = Some("6f1e-guid".into());
        });
        let user = claims(|c| {
            c.upn = Some("alice@contoso.com".into());
            c.appid = Some("guid".into());
        });
        let guest = claims(|c| {
            c.unique_name = Some("bob_fabrikam.com#EXT#@contoso.onmicrosoft.com".into());
            c.preferred_username = Some("bob@fabrikam.com".into());
        });
        let cases = [
            // A managed identity logs in as its appid GUID, not its name.
            (
                &uami,
                official(Some("f"), None),
                "6f1e-guid",
                UsernameSource::AppId,
            ),
            (
                &user,
                official(Some("f"), None),
                "alice@contoso.com",
                UsernameSource::Upn,
            ),
            // Claims outside the order are ignored, even when they would name the role.
            (
                &guest,
                official(Some("f"), Some("pg")),
                "f",
                UsernameSource::Fallback,
            ),
            (
                &guest,
                official(None, Some("pg")),
                "pg",
                UsernameSource::PgUser,
            ),
        ];
        for (c, policy, name, source) in cases {
            assert_eq!(resolve(c, policy).unwrap(), (name.to_owned(), source));
        }
        let err = resolve(&guest, official(None, None)).unwrap_err();
        assert_eq!(err.code(), "NO_USERNAME");
        let message = err.to_string();
        assert!(
            message.contains("none of the claims upn, appid,"),
            "{message}"
        );
        assert!(!message.contains("`username`"), "{message}");
    }

    #[test]
    fn a_token_that_is_not_a_jwt_still_takes_configured_names_and_says_why_otherwise() {
        let not_jwt = Error::NotAJwt { parts: 1 };
        let policy = UsernamePolicy {
            fallback: Some("app"),
            ..Default::default()
        };
        assert_eq!(
            username_from_claims(Err(&not_jwt), &policy).unwrap().0,
            "app"
        );
        let err = username_from_claims(Err(&not_jwt), &UsernamePolicy::default()).unwrap_err();
        assert!(err.to_string().contains("not a JWT"), "{err}");
    }
}

//! Which PostgreSQL role a token logs in as.
//!
//! Azure Database for PostgreSQL names a user's role after their UPN and a managed identity's role
//! after the identity's name, which is not in the token by itself: it is the last segment of the
//! `xms_mirid` resource id, except for an App Service deployment slot's system-assigned identity,
//! which Entra names `<app>/slots/<slot>`. A group member logs in with the group's name, which no
//! claim holds, so groups need an explicit username.
//!
//! `@azure/postgresql-auth` resolves differently (`upn`, then `appid`), so a managed identity logs
//! in as its appid GUID there; its drop-in functions must keep that order, or the roles a team
//! created for it stop matching ([`UsernameOrder::PostgresqlAuth`]).

use crate::{Claims, Error};

/// Which claims name the role, in which order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UsernameOrder {
    /// The names Azure gives roles: a managed identity's name from `xms_mirid`, then `upn`, `preferred_username`, `unique_name`, and `appid` only when allowed.
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
    /// A managed identity's name, from its resource id in `xms_mirid`.
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
                claims.xms_mirid.as_deref().and_then(managed_identity_name),
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

/// The name Entra gives the managed identity with this resource id: the resource's name (its last
/// segment), except for an App Service (or Functions) deployment slot,
/// `…/providers/Microsoft.Web/sites/<app>/slots/<slot>`, whose system-assigned identity is named
/// `<app>/slots/<slot>`. Azure's roles carry the identity's name, so the slot's role does too.
fn managed_identity_name(resource_id: &str) -> Option<&str> {
    let id = resource_id.trim_end_matches('/');
    let mut segments = id.rsplit('/');
    let name = segments.next().filter(|segment| !segment.is_empty())?;
    let [slots, app, sites, web, providers] = [(); 5].map(|()| segments.next().unwrap_or(""));
    let is_slot = slots.eq_ignore_ascii_case("slots")
        && !app.is_empty()
        && sites.eq_ignore_ascii_case("sites")
        && web.eq_ignore_ascii_case("Microsoft.Web")
        && providers.eq_ignore_ascii_case("providers");
    if !is_slot {
        return Some(name);
    }
    // `get`, not indexing: no slicing panic path in the wasm module. The separators are ASCII, so
    // the start is a character boundary.
    id.get(id.len() - name.len() - slots.len() - app.len() - 2..)
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
    fn a_deployment_slots_identity_logs_in_as_app_slots_slot() {
        // Entra names a slot's system-assigned identity `<app>/slots/<slot>`, and so the role made
        // for it with pgaadauth_create_principal.
        let slot = claims(|c| {
            c.xms_mirid = Some(format!("{SAMI}/slots/staging"));
            c.appid = Some("guid".into());
        });
        assert_eq!(
            resolve(&slot, UsernamePolicy::default()).unwrap(),
            (
                "orders-web/slots/staging".to_owned(),
                UsernameSource::ManagedIdentity
            )
        );
        assert_eq!(
            slot.identity_kind(),
            crate::IdentityKind::SystemAssignedIdentity
        );
        let cases = [
            // As Azure spells resource ids in other places: any case, a trailing slash.
            (
                "/subscriptions/s/resourcegroups/rg/providers/microsoft.web/Sites/app/Slots/qa/",
                "app/Slots/qa",
            ),
            // A slot named like a resource type is still a slot.
            (
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app/slots/slots",
                "app/slots/slots",
            ),
            // Only App Service slots: other nested resources are named by their last segment.
            (
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Other/sites/app/slots/qa",
                "qa",
            ),
            (
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app/functions/qa",
                "qa",
            ),
            ("providers/Microsoft.Web/sites//slots/qa", "qa"),
            ("Microsoft.Web/sites/app/slots/qa", "qa"),
            ("slots/qa", "qa"),
            ("qa", "qa"),
            // A user-assigned identity named "slots" is just that.
            (
                "/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/slots",
                "slots",
            ),
        ];
        for (mirid, name) in cases {
            let c = claims(|c| c.xms_mirid = Some(mirid.into()));
            assert_eq!(
                resolve(&c, UsernamePolicy::default()).unwrap().0,
                name,
                "{mirid}"
            );
        }
        for no_name in ["/", "///"] {
            let c = claims(|c| c.xms_mirid = Some(no_name.into()));
            assert!(resolve(&c, UsernamePolicy::default()).is_err(), "{no_name}");
        }
    }

    proptest::proptest! {
        #[test]
        fn a_resource_id_names_a_suffix_of_itself_and_never_panics(
            segments in proptest::collection::vec(
                proptest::sample::select(vec!["", "providers", "Microsoft.Web", "SITES", "app", "slots", "é", "x/"]),
                0..9,
            )
        ) {
            let id = segments.join("/");
            if let Some(name) = managed_identity_name(&id) {
                proptest::prop_assert!(!name.is_empty() && id.trim_end_matches('/').ends_with(name));
            }
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

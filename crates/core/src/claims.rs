//! Reading the claims of an Entra ID access token. The signature is not checked: the database server
//! does that; we only need to know who the token names and when it ends.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, Engine};

use crate::json::{object_members, Value};

use crate::Error;

/// Tokens longer than this are refused before any decoding. Entra ID caps group claims so that its
/// access tokens stay well under this.
pub const MAX_TOKEN_LEN: usize = 64 * 1024;

const LENIENT: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);
const STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);

/// The claims of an access token that this library reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Claims {
    /// `exp`: expiry, seconds since the epoch.
    pub exp: Option<f64>,
    /// `nbf`: not before, seconds since the epoch.
    pub nbf: Option<f64>,
    /// `iat`: issued at, seconds since the epoch.
    pub iat: Option<f64>,
    /// `aud`: the audience(s).
    pub aud: Vec<String>,
    /// `tid`: the tenant id.
    pub tid: Option<String>,
    /// `oid`: the principal's object id.
    pub oid: Option<String>,
    /// `idtyp`: `user` or `app`.
    pub idtyp: Option<String>,
    /// `upn`: a user's principal name.
    pub upn: Option<String>,
    /// `preferred_username`.
    pub preferred_username: Option<String>,
    /// `unique_name`: what guests carry instead of `upn`.
    pub unique_name: Option<String>,
    /// `appid`: the client application's id (a GUID).
    pub appid: Option<String>,
    /// `xms_mirid`: a managed identity's resource id.
    pub xms_mirid: Option<String>,
}

/// What kind of principal a token was issued to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityKind {
    /// A member user (`upn`).
    User,
    /// A guest user (`unique_name` or `preferred_username`, no `upn`).
    Guest,
    /// A user-assigned managed identity.
    UserAssignedIdentity,
    /// A system-assigned managed identity (named after its resource).
    SystemAssignedIdentity,
    /// An application signing in as itself.
    ServicePrincipal,
    /// None of the claims that tell.
    Unknown,
}

impl IdentityKind {
    /// The kind as the CLI and the JS API spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            IdentityKind::User => "user",
            IdentityKind::Guest => "guest",
            IdentityKind::UserAssignedIdentity => "user-assigned identity",
            IdentityKind::SystemAssignedIdentity => "system-assigned identity",
            IdentityKind::ServicePrincipal => "service principal",
            IdentityKind::Unknown => "unknown",
        }
    }
}

impl Claims {
    /// What kind of principal these claims describe.
    pub fn identity_kind(&self) -> IdentityKind {
        if let Some(mirid) = &self.xms_mirid {
            // Byte windows rather than `str::contains`, whose searcher brings string-slicing panic
            // messages into the wasm module.
            let user_assigned = b"/microsoft.managedidentity/userassignedidentities/";
            return if mirid
                .as_bytes()
                .windows(user_assigned.len())
                .any(|w| w.eq_ignore_ascii_case(user_assigned))
            {
                IdentityKind::UserAssignedIdentity
            } else {
                IdentityKind::SystemAssignedIdentity
            };
        }
        if self.upn.is_some() {
            IdentityKind::User
        } else if self.unique_name.is_some() || self.preferred_username.is_some() {
            IdentityKind::Guest
        } else if self.appid.is_some() || self.idtyp.as_deref() == Some("app") {
            IdentityKind::ServicePrincipal
        } else {
            IdentityKind::Unknown
        }
    }

    /// The number claims that are present, by name.
    pub fn numbers(&self) -> impl Iterator<Item = (&'static str, f64)> {
        [("exp", self.exp), ("nbf", self.nbf), ("iat", self.iat)]
            .into_iter()
            .filter_map(|(name, value)| Some((name, value?)))
    }

    /// The string claims that are present, by name.
    pub fn strings(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("tid", &self.tid),
            ("oid", &self.oid),
            ("idtyp", &self.idtyp),
            ("upn", &self.upn),
            ("preferred_username", &self.preferred_username),
            ("unique_name", &self.unique_name),
            ("appid", &self.appid),
            ("xms_mirid", &self.xms_mirid),
        ]
        .into_iter()
        .filter_map(|(name, value)| Some((name, value.as_deref()?)))
    }
}

/// Decodes the payload of a JWT. Never panics, whatever the input.
pub fn decode_claims(token: &str) -> Result<Claims, Error> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(Error::TokenTooLarge {
            len: token.len(),
            max: MAX_TOKEN_LEN,
        });
    }
    let parts: Vec<&str> = token.split('.').collect();
    let [_, payload, _] = parts.as_slice() else {
        return Err(Error::NotAJwt { parts: parts.len() });
    };
    let bytes = URL_SAFE
        .decode(payload)
        .or_else(|_| STANDARD.decode(payload))
        .map_err(|_| Error::PayloadNotBase64)?;
    let map = std::str::from_utf8(&bytes)
        .ok()
        .and_then(object_members)
        .ok_or(Error::PayloadNotJson)?;
    Ok(Claims {
        exp: number(&map, "exp")?,
        nbf: number(&map, "nbf")?,
        iat: number(&map, "iat")?,
        aud: audience(&map)?,
        tid: string(&map, "tid")?,
        oid: string(&map, "oid")?,
        idtyp: string(&map, "idtyp")?,
        upn: string(&map, "upn")?,
        preferred_username: string(&map, "preferred_username")?,
        unique_name: string(&map, "unique_name")?,
        appid: string(&map, "appid")?,
        xms_mirid: string(&map, "xms_mirid")?,
    })
}

type Members = [(String, Value)];

/// A claim's value; when a name repeats, the last one counts (as in `serde_json`).
fn get<'a>(members: &'a Members, claim: &str) -> Option<&'a Value> {
    members
        .iter()
        .rev()
        .find(|(name, _)| name == claim)
        .map(|(_, value)| value)
}

fn number(map: &Members, claim: &'static str) -> Result<Option<f64>, Error> {
    match get(map, claim) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => Ok(Some(*n)),
        Some(_) => Err(Error::ClaimWrongType {
            claim,
            expected: "a number",
        }),
    }
}

/// Empty strings count as absent: no role is named "".
fn string(map: &Members, claim: &'static str) -> Result<Option<String>, Error> {
    match get(map, claim) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::ClaimWrongType {
            claim,
            expected: "a string",
        }),
    }
}

fn audience(map: &Members) -> Result<Vec<String>, Error> {
    let wrong = Error::ClaimWrongType {
        claim: "aud",
        expected: "a string or an array of strings",
    };
    match get(map, "aud") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(vec![s.clone()]),
        Some(Value::Strings(items)) => Ok(items.clone()),
        Some(_) => Err(wrong),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::{STANDARD as STD_PAD, URL_SAFE_NO_PAD};
    use proptest::prelude::*;

    fn jwt(payload: &str) -> String {
        format!(
            "eyJhbGciOiJSUzI1NiJ9.{}.c2ln",
            URL_SAFE_NO_PAD.encode(payload)
        )
    }

    #[test]
    fn reads_every_claim_of_a_user_token() {
        let claims = decode_claims(&jwt(
            r#"{"exp":1700003600,"nbf":1700000000,"iat":1700000000,"aud":"https://ossrdbms-aad.database.windows.net",
                "tid":"t","oid":"o","idtyp":"user","upn":"alice@contoso.com","preferred_username":"alice@contoso.com",
                "unique_name":"alice@contoso.com","appid":"04b07795-8ddb-461a-bbee-02f9e1bf7b46"}"#,
        ))
        .unwrap();
        assert_eq!(claims.exp, Some(1_700_003_600.0));
        assert_eq!(claims.nbf, Some(1_700_000_000.0));
        assert_eq!(
            claims.aud,
            vec!["https://ossrdbms-aad.database.windows.net"]
        );
        assert_eq!(claims.upn.as_deref(), Some("alice@contoso.com"));
        assert_eq!(claims.tid.as_deref(), Some("t"));
        assert_eq!(claims.identity_kind(), IdentityKind::User);
    }

    #[test]
    fn tells_each_identity_kind_apart() {
        let cases = [
            (
                r#"{"unique_name":"bob_fabrikam.com#EXT#@contoso.onmicrosoft.com"}"#,
                IdentityKind::Guest,
            ),
            (
                r#"{"xms_mirid":"/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/orders-id","appid":"x"}"#,
                IdentityKind::UserAssignedIdentity,
            ),
            (
                r#"{"xms_mirid":"/subscriptions/s/resourcegroups/rg/providers/Microsoft.Web/sites/orders-web"}"#,
                IdentityKind::SystemAssignedIdentity,
            ),
            (
                r#"{"appid":"x","oid":"y","idtyp":"app"}"#,
                IdentityKind::ServicePrincipal,
            ),
            (r#"{"exp":1}"#, IdentityKind::Unknown),
        ];
        for (payload, kind) in cases {
            assert_eq!(
                decode_claims(&jwt(payload)).unwrap().identity_kind(),
                kind,
                "{payload}"
            );
        }
    }

    #[test]
    fn accepts_padded_and_standard_base64() {
        let payload = r#"{"upn":"ü?>>"}"#;
        let padded = format!("h.{}.s", URL_SAFE.encode(payload));
        let standard = format!("h.{}.s", STD_PAD.encode(payload));
        assert!(standard.contains('+') || standard.contains('/') || standard.contains('='));
        for token in [padded, standard, jwt(payload)] {
            assert_eq!(decode_claims(&token).unwrap().upn.as_deref(), Some("ü?>>"));
        }
    }

    #[test]
    fn treats_null_and_empty_claims_as_absent() {
        let claims = decode_claims(&jwt(r#"{"upn":"","exp":null,"aud":null}"#)).unwrap();
        assert_eq!(claims, Claims::default());
    }

    #[test]
    fn malformed_tokens_are_typed_errors() {
        let too_big = "a".repeat(1024 * 1024);
        let cases: [(&str, Error); 9] = [
            ("", Error::NotAJwt { parts: 1 }),
            ("a.b", Error::NotAJwt { parts: 2 }),
            ("a.b.c.d", Error::NotAJwt { parts: 4 }),
            ("h.!!!.s", Error::PayloadNotBase64),
            (
                &too_big,
                Error::TokenTooLarge {
                    len: 1024 * 1024,
                    max: MAX_TOKEN_LEN,
                },
            ),
            ("h.bm90IGpzb24.s", Error::PayloadNotJson),
            ("h.WzEsMl0.s", Error::PayloadNotJson), // [1,2]
            ("h.__79.s", Error::PayloadNotJson),    // not UTF-8
            ("h..s", Error::PayloadNotJson),
        ];
        for (token, error) in cases {
            assert_eq!(decode_claims(token).unwrap_err(), error);
        }
    }

    #[test]
    fn claims_of_the_wrong_type_are_named() {
        let cases = [
            (r#"{"exp":"soon"}"#, "exp"),
            (r#"{"upn":42}"#, "upn"),
            (r#"{"aud":[1]}"#, "aud"),
            (r#"{"aud":{}}"#, "aud"),
            (r#"{"xms_mirid":["/a"]}"#, "xms_mirid"),
        ];
        for (payload, name) in cases {
            let err = decode_claims(&jwt(payload)).unwrap_err();
            assert!(
                matches!(err, Error::ClaimWrongType { claim, .. } if claim == name),
                "{payload}"
            );
            assert_eq!(err.code(), "INVALID_TOKEN");
        }
    }

    proptest! {
        #[test]
        fn never_panics_on_any_string(s in ".{0,300}") {
            let _ = decode_claims(&s);
        }

        #[test]
        fn never_panics_on_any_payload_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = decode_claims(&format!("h.{}.s", URL_SAFE_NO_PAD.encode(bytes)));
        }
    }
}

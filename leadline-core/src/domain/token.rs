//! What an API token may do: its scopes, the web origins it may be used from, and its
//! expiry. A token without scopes may do whatever its user's role allows (the tokens made
//! before scopes existed); one with scopes, only that, and never more than the role.

use super::FieldError;

/// The web origin `https://www.example.co.id` at most; longer is not an origin.
const MAX_ORIGIN: usize = 200;

string_enum!(
    /// A kind of API work a token may be limited to.
    ApiScope {
        LeadsRead => "leads:read",
        LeadsCreate => "leads:create",
        LeadsWrite => "leads:write",
        CallsRead => "calls:read",
        CallsWrite => "calls:write",
        SpendWrite => "spend:write",
        MetricsRead => "metrics:read",
        Admin => "admin",
    }
);

impl ApiScope {
    /// At least one known scope, each once, in a stable order.
    pub fn parse_list(field: &str, names: &[String]) -> Result<Vec<ApiScope>, FieldError> {
        let mut scopes = Vec::with_capacity(names.len());
        for (i, name) in names.iter().enumerate() {
            let scope = ApiScope::parse(name.trim()).ok_or_else(|| {
                let known: Vec<&str> = ApiScope::ALL.iter().map(|s| s.as_str()).collect();
                FieldError::new(format!("{field}[{i}]"), "error-unknown-scope")
                    .arg("name", name.trim().to_owned())
                    .arg("known", known.join(", "))
            })?;
            if !scopes.contains(&scope) {
                scopes.push(scope);
            }
        }
        if scopes.is_empty() {
            return Err(FieldError::new(field, "error-no-scope"));
        }
        scopes.sort_by_key(|s| ApiScope::ALL.iter().position(|a| a == s));
        Ok(scopes)
    }
}

/// A web origin as browsers send it in `Origin`: `https://` or `http://`, a host and an
/// optional port, nothing after. `*` and paths are refused: a key names its sites.
pub fn parse_origin(field: &str, text: &str) -> Result<String, FieldError> {
    let text = text.trim().trim_end_matches('/');
    let bad = || FieldError::new(field, "error-not-an-origin").arg("text", text.to_owned());
    let url = url::Url::parse(text).map_err(|_| bad())?;
    let fits = matches!(url.scheme(), "http" | "https")
        && url.host_str().is_some_and(|h| !h.is_empty())
        && url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none()
        && url.username().is_empty()
        && text.len() <= MAX_ORIGIN;
    if !fits {
        return Err(bad());
    }
    // The serialised origin (`https://example.com:8443`), as a browser sends it.
    Ok(url.origin().ascii_serialization())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_known_deduplicated_and_ordered() {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            ApiScope::parse_list(
                "scopes",
                &names(&["metrics:read", "leads:create", "leads:create"])
            )
            .unwrap(),
            [ApiScope::LeadsCreate, ApiScope::MetricsRead]
        );
        let unknown =
            ApiScope::parse_list("scopes", &names(&["leads:read", "everything"])).unwrap_err();
        assert_eq!(unknown.field, "scopes[1]");
        assert!(ApiScope::parse_list("scopes", &[]).is_err());
    }

    #[test]
    fn origins_are_scheme_host_and_port_alone() {
        assert_eq!(
            parse_origin("o", "https://Toko.Example.co.id/").unwrap(),
            "https://toko.example.co.id"
        );
        assert_eq!(
            parse_origin("o", "http://localhost:8080").unwrap(),
            "http://localhost:8080"
        );
        for bad in [
            "*",
            "toko.example.com",
            "https://x.com/form",
            "ftp://x.com",
            "https://x.com?a=1",
        ] {
            assert_eq!(
                parse_origin("origins[0]", bad).unwrap_err().field,
                "origins[0]",
                "{bad}"
            );
        }
    }
}

//! Which scope each API route needs of a token that has scopes. A token without scopes
//! (made before they existed) may do whatever its user's role allows; scopes never allow
//! more than the role.

use axum::http::Method;

use crate::domain::token::ApiScope;

/// The scope `method` on `route` (as the router spells it, `/api/v1/leads/{id}`) needs;
/// `None` for what any token of a user may do: read who it is, the company's settings,
/// and its user's own notifications.
pub fn needed(method: &Method, route: &str) -> Option<ApiScope> {
    use ApiScope::*;
    let route = route.strip_prefix("/api/v1").unwrap_or(route);
    let reads = *method == Method::GET;
    let scope = match route {
        "/me" | "/openapi.json" => return None,
        "/settings" if reads => return None,
        r if r.starts_with("/notifications") => return None,
        "/leads" if !reads => LeadsCreate,
        r if r.starts_with("/external-leads") => LeadsWrite,
        r if r.starts_with("/leads") || r.starts_with("/tasks") || r == "/agenda" => {
            if reads {
                LeadsRead
            } else {
                LeadsWrite
            }
        }
        "/tags" | "/lost-reasons" | "/custom-fields" if reads => LeadsRead,
        // The words leads are sorted by, which managers keep.
        r if r.starts_with("/tags") || r.starts_with("/lost-reasons") => LeadsWrite,
        // Who the figures are about.
        "/users" | "/teams" if reads => MetricsRead,
        r if r.starts_with("/calls") || r.starts_with("/touches") => {
            if reads {
                CallsRead
            } else {
                CallsWrite
            }
        }
        r if r.starts_with("/queue") => CallsWrite,
        r if r.starts_with("/spend") => {
            if reads {
                MetricsRead
            } else {
                SpendWrite
            }
        }
        r if r.starts_with("/metrics") => MetricsRead,
        "/forecast" if reads => MetricsRead,
        _ => Admin,
    };
    Some(scope)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_work_has_its_scope() {
        let scope = |m: Method, r: &str| needed(&m, r).map(ApiScope::as_str);
        assert_eq!(scope(Method::POST, "/api/v1/leads"), Some("leads:create"));
        assert_eq!(scope(Method::GET, "/api/v1/leads/{id}"), Some("leads:read"));
        assert_eq!(
            scope(Method::PATCH, "/api/v1/leads/{id}"),
            Some("leads:write")
        );
        assert_eq!(
            scope(Method::POST, "/api/v1/leads/batch"),
            Some("leads:write")
        );
        assert_eq!(
            scope(Method::PUT, "/api/v1/external-leads/{external_id}"),
            Some("leads:write")
        );
        assert_eq!(scope(Method::POST, "/api/v1/calls"), Some("calls:write"));
        assert_eq!(
            scope(Method::GET, "/api/v1/queue/next"),
            Some("calls:write")
        );
        assert_eq!(
            scope(Method::GET, "/api/v1/metrics/funnel"),
            Some("metrics:read")
        );
        assert_eq!(scope(Method::POST, "/api/v1/spend"), Some("spend:write"));
        assert_eq!(
            scope(Method::PUT, "/api/v1/forecast/chances"),
            Some("admin")
        );
        assert_eq!(scope(Method::POST, "/api/v1/tokens"), Some("admin"));
        assert_eq!(scope(Method::GET, "/api/v1/me"), None);
        assert_eq!(scope(Method::PATCH, "/api/v1/settings"), Some("admin"));
    }
}

//! Rate limits on the REST API, as its answers give them: every answer says where the
//! caller stands in `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` and
//! `RateLimit-Policy`; a refused request is a 429 with `Retry-After`. The counting is
//! `crate::rate_limits`'.

use std::sync::{Arc, OnceLock};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::extract::ClientAddress;
use crate::rate_limits::Standing;
use crate::state::AppState;

/// Where the token's count of this request is left for [`limit`] to answer with; the
/// token is known only once the caller is authenticated.
#[derive(Clone, Default)]
pub struct TokenStanding(Arc<OnceLock<Standing>>);

impl TokenStanding {
    pub fn set(&self, standing: Standing) {
        let _ = self.0.set(standing);
    }
}

/// Counts each API request against its address before it runs, leaves room for its
/// token's count, and writes the tighter of the two into the answer's headers.
pub async fn limit(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    mut request: Request,
    next: Next,
) -> Response {
    let by_address = address.and_then(|a| state.rate_limits.count_address(a));
    if let Some(standing) = by_address.filter(|s| s.retry_after.is_some()) {
        let mut response = ApiError::TooManyRequests.into_response();
        standing.write(response.headers_mut());
        return response;
    }
    let by_token = TokenStanding::default();
    request.extensions_mut().insert(by_token.clone());
    let mut response = next.run(request).await;
    let tighter = match (by_token.0.get().copied(), by_address) {
        (Some(token), Some(address)) if address.remaining < token.remaining => Some(address),
        (Some(token), _) => Some(token),
        (None, address) => address,
    };
    if let Some(standing) = tighter {
        standing.write(response.headers_mut());
    }
    response
}

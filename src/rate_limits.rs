//! Counting API requests per token and per client address, for the rate limits the API
//! answers with (`http::rate_limit`): so many a minute for each token
//! (`LEADLINE_RATE_LIMIT_PER_TOKEN`) and each address (`LEADLINE_RATE_LIMIT_PER_ADDRESS`),
//! counted on each node. A quiet caller may spend a minute's worth at once; after that one
//! request comes back every 60/N seconds (GCRA, by `governor`).

use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use axum::http::{HeaderMap, HeaderValue};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DashMapStateStore;
use governor::{Quota, RateLimiter};
use uuid::Uuid;

type Limiter<K> = RateLimiter<K, DashMapStateStore<K>, DefaultClock, StateInformationMiddleware>;

/// The limiters of one node.
pub struct RateLimits {
    per_token: Option<Limiter<Uuid>>,
    per_address: Option<Limiter<IpAddr>>,
    /// Web forms posted to `/capture`, per address.
    capture: Option<Limiter<IpAddr>>,
}

/// Where one caller stands after a request was counted.
#[derive(Clone, Copy, Debug)]
pub struct Standing {
    /// Requests a minute.
    pub limit: u32,
    pub remaining: u32,
    /// Until the caller has a full minute's worth again.
    pub reset: Duration,
    /// Set when this request was refused: when the next one will be let through.
    pub retry_after: Option<Duration>,
}

impl Standing {
    /// Say where the caller stands in `headers`: `RateLimit-*`, and `Retry-After` when refused.
    pub fn write(&self, headers: &mut HeaderMap) {
        let seconds = |d: Duration| d.as_secs() + u64::from(d.subsec_nanos() > 0);
        let mut set = |name: &'static str, value: String| {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(name, value);
            }
        };
        set("ratelimit-limit", self.limit.to_string());
        set("ratelimit-remaining", self.remaining.to_string());
        set("ratelimit-reset", seconds(self.reset).to_string());
        set("ratelimit-policy", format!("{};w=60", self.limit));
        if let Some(wait) = self.retry_after {
            set("retry-after", seconds(wait).max(1).to_string());
        }
    }
}

fn limiter<K: Hash + Eq + Clone>(per_minute: u32) -> Option<Limiter<K>> {
    NonZeroU32::new(per_minute).map(|n| {
        RateLimiter::dashmap(Quota::per_minute(n)).with_middleware::<StateInformationMiddleware>()
    })
}

fn count<K: Hash + Eq + Clone>(limiter: &Limiter<K>, key: &K) -> Standing {
    match limiter.check_key(key) {
        Ok(snapshot) => {
            let quota = snapshot.quota();
            let limit = quota.burst_size().get();
            let remaining = snapshot.remaining_burst_capacity();
            Standing {
                limit,
                remaining,
                reset: quota.replenish_interval() * (limit - remaining),
                retry_after: None,
            }
        }
        Err(refused) => {
            let quota = refused.quota();
            let wait = refused.wait_time_from(DefaultClock::default().now());
            Standing {
                limit: quota.burst_size().get(),
                remaining: 0,
                reset: quota.replenish_interval() * quota.burst_size().get(),
                retry_after: Some(wait),
            }
        }
    }
}

impl RateLimits {
    pub fn new(per_token: u32, per_address: u32, capture_per_address: u32) -> Self {
        Self {
            per_token: limiter(per_token),
            per_address: limiter(per_address),
            capture: limiter(capture_per_address),
        }
    }

    /// Count one request by `token`; `None` when tokens are not limited.
    pub fn count_token(&self, token: Uuid) -> Option<Standing> {
        self.per_token.as_ref().map(|l| count(l, &token))
    }

    /// Count one request from `address`; `None` when addresses are not limited.
    pub fn count_address(&self, address: IpAddr) -> Option<Standing> {
        self.per_address.as_ref().map(|l| count(l, &address))
    }

    /// Count one web form posted from `address`; `None` when forms are not limited.
    pub fn count_capture(&self, address: IpAddr) -> Option<Standing> {
        self.capture.as_ref().map(|l| count(l, &address))
    }

    /// Forget the callers whose allowance is full again, so that a node met by many
    /// addresses does not keep them all.
    pub fn forget_idle(&self) {
        if let Some(l) = &self.per_token {
            l.retain_recent();
            l.shrink_to_fit();
        }
        for l in [&self.per_address, &self.capture].into_iter().flatten() {
            l.retain_recent();
            l.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minutes_worth_then_refused_with_a_wait() {
        let limits = RateLimits::new(3, 0, 0);
        let token = Uuid::from_u128(7);
        let remaining: Vec<u32> = (0..3)
            .map(|_| limits.count_token(token).unwrap().remaining)
            .collect();
        assert_eq!(remaining, [2, 1, 0]);
        let refused = limits.count_token(token).unwrap();
        assert_eq!(refused.remaining, 0);
        let wait = refused.retry_after.expect("the fourth is refused");
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(20));
        // Another token has its own allowance; no limit at all when it is 0.
        assert_eq!(limits.count_token(Uuid::from_u128(8)).unwrap().remaining, 2);
        assert!(RateLimits::new(0, 0, 0).count_token(token).is_none());
    }
}

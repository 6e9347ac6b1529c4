//! How long requests wait for a database connection. Every pool reports each
//! connection it hands out, with the time the caller waited for it, as a tracing event
//! (`timed`); [`layer`] hears those events and adds each wait to the request being
//! answered (`measured`, run around every request by `http::instruments::count`) and
//! to this process's count of waits (`/metrics`).
//!
//! A request whose statements run at once waits for several connections at once: the
//! time it waited is the time during which at least one of them was waiting, not the
//! sum of their waits.

use std::cell::RefCell;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use sqlx::postgres::PgPoolOptions;
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::filter::{Filtered, Targets};
use tracing_subscriber::layer::{Context, Layer};

/// The target and field of sqlx's event for a connection handed out.
const TARGET: &str = "sqlx::pool::acquire";
const FIELD: &str = "aquired_after_secs";

/// Upper bounds of the buckets of waits for one connection, in seconds.
pub const WAIT_BUCKETS: [f64; 9] = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0];

tokio::task_local! {
    /// The waits of the request this task answers: when each ended, and how long it was.
    static WAITS: RefCell<Vec<(Instant, Duration)>>;
}

/// This process's waits for a connection, over every pool and task.
struct Waits {
    buckets: [AtomicU64; WAIT_BUCKETS.len()],
    count: AtomicU64,
    nanos: AtomicU64,
}

static WAITED: Waits = Waits {
    buckets: [const { AtomicU64::new(0) }; WAIT_BUCKETS.len()],
    count: AtomicU64::new(0),
    nanos: AtomicU64::new(0),
};

/// This process's waits: per bucket of [`WAIT_BUCKETS`] (not cumulative), how many, and
/// their sum in seconds.
pub fn waited() -> ([u64; WAIT_BUCKETS.len()], u64, f64) {
    let buckets = std::array::from_fn(|i| WAITED.buckets[i].load(Ordering::Relaxed));
    let count = WAITED.count.load(Ordering::Relaxed);
    let seconds = Duration::from_nanos(WAITED.nanos.load(Ordering::Relaxed)).as_secs_f64();
    (buckets, count, seconds)
}

/// `options` with each handed-out connection reported to [`layer`].
pub fn timed(options: PgPoolOptions) -> PgPoolOptions {
    options.acquire_time_level(log::LevelFilter::Trace)
}

/// Run `request`, and say how long it waited for connections.
pub async fn measured<F: Future>(request: F) -> (F::Output, Duration) {
    WAITS
        .scope(RefCell::new(Vec::new()), async {
            let output = request.await;
            let waited = WAITS.with(|waits| covered(&waits.borrow()));
            (output, waited)
        })
        .await
}

/// The time covered by at least one of `waits` (each given by its end and length).
fn covered(waits: &[(Instant, Duration)]) -> Duration {
    let mut spans: Vec<(Instant, Instant)> = waits
        .iter()
        .map(|&(end, length)| (end.checked_sub(length).unwrap_or(end), end))
        .collect();
    spans.sort_unstable();
    let mut total = Duration::ZERO;
    let mut current: Option<(Instant, Instant)> = None;
    for (start, end) in spans {
        current = match current {
            Some((from, to)) if start <= to => Some((from, to.max(end))),
            Some((from, to)) => {
                total += to - from;
                Some((start, end))
            }
            None => Some((start, end)),
        };
    }
    if let Some((from, to)) = current {
        total += to - from;
    }
    total
}

fn record(waited: Duration) {
    let seconds = waited.as_secs_f64();
    if let Some(bucket) = WAIT_BUCKETS.iter().position(|le| seconds <= *le) {
        WAITED.buckets[bucket].fetch_add(1, Ordering::Relaxed);
    }
    WAITED.count.fetch_add(1, Ordering::Relaxed);
    let nanos = u64::try_from(waited.as_nanos()).unwrap_or(u64::MAX);
    WAITED.nanos.fetch_add(nanos, Ordering::Relaxed);
    let _ = WAITS.try_with(|waits| waits.borrow_mut().push((Instant::now(), waited)));
}

/// The layer that hears the pools' events, whatever the rest of the subscriber logs.
pub fn layer<S>() -> Filtered<Hears, Targets, S>
where
    S: Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    Hears.with_filter(Targets::new().with_target(TARGET, Level::TRACE))
}

/// See [`layer`].
pub struct Hears;

impl<S: Subscriber> Layer<S> for Hears {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let mut seconds = Seconds(None);
        event.record(&mut seconds);
        if let Some(waited) = seconds.0.and_then(|s| Duration::try_from_secs_f64(s).ok()) {
            record(waited);
        }
    }
}

struct Seconds(Option<f64>);

impl Visit for Seconds {
    fn record_f64(&mut self, field: &Field, value: f64) {
        if field.name() == FIELD {
            self.0 = Some(value);
        }
    }

    fn record_debug(&mut self, _: &Field, _: &dyn std::fmt::Debug) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_at_once_count_once() {
        let now = Instant::now() + Duration::from_secs(10);
        let ms = Duration::from_millis;
        // 0-4 and 2-6 overlap (6 ms); 8-9 stands apart (1 ms).
        let waits = [
            (now - ms(6), ms(4)),
            (now - ms(4), ms(4)),
            (now - ms(1), ms(1)),
        ];
        assert_eq!(covered(&waits), ms(7));
        assert_eq!(covered(&[]), Duration::ZERO);
    }
}

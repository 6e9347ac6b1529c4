//! What the service measures about itself, written out in Prometheus's text
//! format (served at `/metrics` by `http::instruments`): requests by route and status, latency histograms, the database pool and the waits for it, the
//! embedded cluster's restarts, queue claims, the read replica's lag and the process's
//! memory.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::embedded_pg::ClusterHealth;
use crate::pool_wait;
use crate::replica::{Replica, ReplicaState};

/// Upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// Upper bounds of the buckets of a request's share of its time spent waiting for
/// database connections: the target is that none waits for more than a third.
const WAIT_SHARE_BUCKETS: [(f64, &str); 6] = [
    (0.05, "0.05"),
    (0.1, "0.1"),
    (0.2, "0.2"),
    (1.0 / 3.0, "0.333"),
    (0.5, "0.5"),
    (0.75, "0.75"),
];

#[derive(Default)]
struct RouteStats {
    statuses: BTreeMap<u16, u64>,
    buckets: [u64; BUCKETS.len()],
    count: u64,
    seconds: f64,
    wait_shares: [u64; WAIT_SHARE_BUCKETS.len()],
    wait_seconds: f64,
}

/// The service's counters, shared by every request.
pub struct Instruments {
    started: Instant,
    routes: Mutex<BTreeMap<(String, String), RouteStats>>,
    queue_claimed: AtomicU64,
    queue_empty: AtomicU64,
    queue_released: AtomicU64,
    capture: [AtomicU64; CAPTURE_RESULTS.len()],
}

/// How a web form's post ended (`http::capture`): kept, caught by the hidden field, a bad
/// field, a key or site refused, too many from one address.
pub const CAPTURE_RESULTS: [&str; 5] = ["received", "trapped", "invalid", "refused", "limited"];

impl Default for Instruments {
    fn default() -> Self {
        Self {
            started: Instant::now(),
            routes: Mutex::default(),
            queue_claimed: AtomicU64::new(0),
            queue_empty: AtomicU64::new(0),
            queue_released: AtomicU64::new(0),
            capture: Default::default(),
        }
    }
}

impl Instruments {
    /// Count one answered request, which waited `pool_wait` for database connections.
    pub fn observe(
        &self,
        method: &str,
        route: String,
        status: u16,
        elapsed: Duration,
        pool_wait: Duration,
    ) {
        let seconds = elapsed.as_secs_f64();
        let waited = pool_wait.as_secs_f64();
        let share = if seconds > 0.0 { waited / seconds } else { 0.0 };
        let mut routes = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        let stats = routes.entry((route, method.to_owned())).or_default();
        *stats.statuses.entry(status).or_default() += 1;
        if let Some(bucket) = BUCKETS.iter().position(|le| seconds <= *le) {
            stats.buckets[bucket] += 1;
        }
        stats.count += 1;
        stats.seconds += seconds;
        if let Some(bucket) = WAIT_SHARE_BUCKETS.iter().position(|(le, _)| share <= *le) {
            stats.wait_shares[bucket] += 1;
        }
        stats.wait_seconds += waited;
    }

    /// A rep asked the queue for the next lead: `claimed` when there was one.
    pub fn queue_asked(&self, claimed: bool) {
        let counter = if claimed {
            &self.queue_claimed
        } else {
            &self.queue_empty
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// A rep handed a claimed lead back to the queue.
    pub fn queue_released(&self) {
        self.queue_released.fetch_add(1, Ordering::Relaxed);
    }

    /// A web form's post ended as `result` (one of [`CAPTURE_RESULTS`]).
    pub fn count_capture(&self, result: &str) {
        if let Some(i) = CAPTURE_RESULTS.iter().position(|r| *r == result) {
            self.capture[i].fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Everything, in Prometheus's text exposition format.
    pub fn render(
        &self,
        pool: &sqlx::PgPool,
        pool_max: u32,
        database: Option<&ClusterHealth>,
        replica: Option<&Replica>,
    ) -> String {
        let mut out = String::new();
        let routes = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        out.push_str(
            "# HELP leadline_http_requests_total HTTP requests answered, by route template and status.\n\
             # TYPE leadline_http_requests_total counter\n",
        );
        for ((route, method), stats) in routes.iter() {
            for (status, n) in &stats.statuses {
                let _ = writeln!(
                    out,
                    "leadline_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                    escape(route)
                );
            }
        }
        out.push_str(
            "# HELP leadline_http_request_duration_seconds Time from receiving a request to answering it.\n\
             # TYPE leadline_http_request_duration_seconds histogram\n",
        );
        for ((route, method), stats) in routes.iter() {
            write_histogram(
                &mut out,
                "leadline_http_request_duration_seconds",
                &format!("method=\"{method}\",route=\"{}\"", escape(route)),
                BUCKETS.iter().map(f64::to_string).zip(stats.buckets),
                Some(stats.seconds),
                stats.count,
            );
        }
        render_pool_waits(&mut out, &routes);
        drop(routes);
        let size = pool.size();
        let idle = u32::try_from(pool.num_idle()).unwrap_or(u32::MAX).min(size);
        let _ = write!(
            out,
            "# HELP leadline_db_pool_connections Database connections of this node, by state.\n\
             # TYPE leadline_db_pool_connections gauge\n\
             leadline_db_pool_connections{{state=\"in_use\"}} {}\n\
             leadline_db_pool_connections{{state=\"idle\"}} {idle}\n\
             # HELP leadline_db_pool_max_connections The most connections the pool opens.\n\
             # TYPE leadline_db_pool_max_connections gauge\n\
             leadline_db_pool_max_connections {pool_max}\n\
             # HELP leadline_queue_requests_total Requests for the next lead to call, by whether one was claimed.\n\
             # TYPE leadline_queue_requests_total counter\n\
             leadline_queue_requests_total{{result=\"claimed\"}} {}\n\
             leadline_queue_requests_total{{result=\"empty\"}} {}\n\
             # HELP leadline_queue_releases_total Claimed leads handed back to the queue.\n\
             # TYPE leadline_queue_releases_total counter\n\
             leadline_queue_releases_total {}\n\
             # HELP leadline_uptime_seconds Seconds since this node started.\n\
             # TYPE leadline_uptime_seconds gauge\n\
             leadline_uptime_seconds {:.3}\n",
            size - idle,
            self.queue_claimed.load(Ordering::Relaxed),
            self.queue_empty.load(Ordering::Relaxed),
            self.queue_released.load(Ordering::Relaxed),
            self.started.elapsed().as_secs_f64(),
        );
        out.push_str(
            "# HELP leadline_capture_forms_total Web forms posted to /capture, by how each ended.\n\
             # TYPE leadline_capture_forms_total counter\n",
        );
        for (result, n) in CAPTURE_RESULTS.iter().zip(&self.capture) {
            let _ = writeln!(
                out,
                "leadline_capture_forms_total{{result=\"{result}\"}} {}",
                n.load(Ordering::Relaxed)
            );
        }
        if let Some(database) = database {
            render_database(&mut out, database);
        }
        if let Some(replica) = replica {
            render_replica(&mut out, replica);
        }
        if let Some(bytes) = resident_bytes() {
            let _ = write!(
                out,
                "# HELP process_resident_memory_bytes Resident memory of this node.\n\
                 # TYPE process_resident_memory_bytes gauge\n\
                 process_resident_memory_bytes {bytes}\n"
            );
        }
        out
    }
}

/// How long requests waited for database connections: per route, the share of each
/// request's time and the seconds in all; and every wait for one connection.
fn render_pool_waits(out: &mut String, routes: &BTreeMap<(String, String), RouteStats>) {
    out.push_str(
        "# HELP leadline_http_request_pool_wait_share Share of a request's time spent waiting for database connections (statements waiting at once count once).\n\
         # TYPE leadline_http_request_pool_wait_share histogram\n",
    );
    for ((route, method), stats) in routes {
        write_histogram(
            out,
            "leadline_http_request_pool_wait_share",
            &format!("method=\"{method}\",route=\"{}\"", escape(route)),
            WAIT_SHARE_BUCKETS
                .iter()
                .map(|(_, le)| (*le).to_owned())
                .zip(stats.wait_shares),
            None,
            stats.count,
        );
    }
    out.push_str(
        "# HELP leadline_http_request_pool_wait_seconds_total Time requests spent waiting for database connections.\n\
         # TYPE leadline_http_request_pool_wait_seconds_total counter\n",
    );
    for ((route, method), stats) in routes {
        let _ = writeln!(
            out,
            "leadline_http_request_pool_wait_seconds_total{{method=\"{method}\",route=\"{}\"}} {}",
            escape(route),
            stats.wait_seconds
        );
    }
    let (buckets, count, seconds) = pool_wait::waited();
    out.push_str(
        "# HELP leadline_db_pool_acquire_seconds Time each wait for a database connection took, over every pool and task.\n\
         # TYPE leadline_db_pool_acquire_seconds histogram\n",
    );
    write_histogram(
        out,
        "leadline_db_pool_acquire_seconds",
        "",
        pool_wait::WAIT_BUCKETS
            .iter()
            .map(f64::to_string)
            .zip(buckets),
        Some(seconds),
        count,
    );
}

/// One series of a histogram called `name`, labelled `labels` (none when empty): its
/// buckets, each an upper bound as written and the count in that bucket alone (made
/// cumulative here), then `+Inf`, the sum when there is one, and the count.
fn write_histogram(
    out: &mut String,
    name: &str,
    labels: &str,
    buckets: impl IntoIterator<Item = (String, u64)>,
    sum: Option<f64>,
    count: u64,
) {
    let (before_le, own) = if labels.is_empty() {
        (String::new(), String::new())
    } else {
        (format!("{labels},"), format!("{{{labels}}}"))
    };
    let mut cumulative = 0;
    for (le, n) in buckets {
        cumulative += n;
        let _ = writeln!(out, "{name}_bucket{{{before_le}le=\"{le}\"}} {cumulative}");
    }
    let _ = writeln!(out, "{name}_bucket{{{before_le}le=\"+Inf\"}} {count}");
    if let Some(sum) = sum {
        let _ = writeln!(out, "{name}_sum{own} {sum}");
    }
    let _ = writeln!(out, "{name}_count{own} {count}");
}

/// The embedded cluster: whether it serves, and how often it died and was restarted.
fn render_database(out: &mut String, database: &ClusterHealth) {
    let _ = write!(
        out,
        "# HELP leadline_database_up Whether the embedded PostgreSQL cluster serves: 0 while it is being restarted.\n\
         # TYPE leadline_database_up gauge\n\
         leadline_database_up {}\n\
         # HELP leadline_database_restarts_total Times the embedded PostgreSQL cluster died and was started again.\n\
         # TYPE leadline_database_restarts_total counter\n\
         leadline_database_restarts_total {}\n",
        u8::from(database.is_up()),
        database.restarts(),
    );
}

/// The read replica: whether it is used, how far behind it is, and who served the reads.
fn render_replica(out: &mut String, replica: &Replica) {
    let status = replica.status();
    let (on_replica, on_primary) = replica.read_counts();
    let _ = write!(
        out,
        "# HELP leadline_replica_up Whether the read replica answered its last probe.\n\
         # TYPE leadline_replica_up gauge\n\
         leadline_replica_up {}\n\
         # HELP leadline_replica_usable Whether dashboard reads go to the replica (it answers and lags less than the limit).\n\
         # TYPE leadline_replica_usable gauge\n\
         leadline_replica_usable {}\n",
        u8::from(status.status != ReplicaState::Unreachable),
        u8::from(status.status == ReplicaState::Ok),
    );
    if let Some(lag) = status.lag_seconds {
        let _ = write!(
            out,
            "# HELP leadline_replica_lag_seconds How far the replica's replay is behind: 0 when it has applied all it received.\n\
             # TYPE leadline_replica_lag_seconds gauge\n\
             leadline_replica_lag_seconds {lag:.3}\n"
        );
    }
    let _ = write!(
        out,
        "# HELP leadline_dashboard_reads_total Dashboard and metrics reads, by the database that answered.\n\
         # TYPE leadline_dashboard_reads_total counter\n\
         leadline_dashboard_reads_total{{database=\"replica\"}} {on_replica}\n\
         leadline_dashboard_reads_total{{database=\"primary\"}} {on_primary}\n"
    );
}

/// Label values are quoted: escape what would end the quote.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// The process's resident set, from /proc (Linux).
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_lands_in_its_bucket_and_every_bucket_above() {
        let instruments = Instruments::default();
        let ms = Duration::from_millis;
        instruments.observe("GET", "/a".into(), 200, ms(30), ms(12));
        instruments.observe("GET", "/a".into(), 404, ms(3), Duration::ZERO);
        let routes = instruments.routes.lock().unwrap();
        let stats = &routes[&("/a".to_owned(), "GET".to_owned())];
        assert_eq!(stats.count, 2);
        assert_eq!(stats.statuses[&200], 1);
        assert_eq!(stats.statuses[&404], 1);
        // 3 ms is in the 5 ms bucket, 30 ms in the 50 ms one.
        assert_eq!(stats.buckets[2], 1);
        assert_eq!(stats.buckets[5], 1);
        assert!((stats.seconds - 0.033).abs() < 1e-9);
        // Waiting 12 of 30 ms is a share of 0.4: over a third, within a half.
        assert_eq!(stats.wait_shares, [1, 0, 0, 0, 1, 0]);
        assert!((stats.wait_seconds - 0.012).abs() < 1e-9);
    }

    #[test]
    fn label_values_cannot_break_out_of_their_quotes() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}

//! Logging: a tracing subscriber writing to stderr (stdout is kept for command output),
//! and panics reported in full once per place, then in one line.

use std::collections::HashSet;
use std::sync::Mutex;

use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;
use tracing_subscriber::{EnvFilter, Layer as _};

use crate::pool_wait;

/// Log to stderr what `filter` lets through; hear every pool's waits (`pool_wait`).
pub fn init(filter: &str) -> anyhow::Result<()> {
    let filter = EnvFilter::try_new(filter)
        .map_err(|e| anyhow::anyhow!("LEADLINE_LOG `{filter}` is not a log filter: {e}"))?;
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_target(false)
                .with_filter(filter),
        )
        .with(pool_wait::layer())
        .try_init()
        .map_err(|e| anyhow::anyhow!("cannot start logging: {e}"))?;
    report_panics_once();
    Ok(())
}

/// The same for a test process: logs go to the test's captured output. Once per process;
/// later calls do nothing.
pub fn init_for_tests(filter: &str) {
    let _ = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_test_writer()
                .with_filter(EnvFilter::new(filter)),
        )
        .with(pool_wait::layer())
        .try_init();
}

/// A panic is logged with its backtrace the first time it happens at a place in the code,
/// and in one line after that: a request that panics every time cannot fill the disk with
/// copies of the same report.
pub fn report_panics_once() {
    static REPORTED: Mutex<Option<HashSet<String>>> = Mutex::new(None);
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map_or_else(|| "an unknown place".to_owned(), ToString::to_string);
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_owned());
        let first = REPORTED
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_or_insert_with(HashSet::new)
            .insert(place.clone());
        if first {
            let backtrace = std::backtrace::Backtrace::force_capture();
            tracing::error!(%place, "panicked: {message}\n{backtrace}");
        } else {
            tracing::error!(%place, "panicked again: {message} (the first report has its backtrace)");
        }
    }));
}

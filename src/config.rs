//! Typed configuration, read from the environment first and from flags where given.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection as _, PgPool};

use crate::domain::money::Currency;
use crate::domain::phone::Country;
use crate::domain::zone::Zone;
use crate::pool_wait;
use leadline_core::i18n::Language;

/// Everything the service needs to run. `.env.sample` lists every key.
#[derive(Clone, Debug, Args)]
pub struct Config {
    /// PostgreSQL connection string; unset starts the embedded private cluster.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<DatabaseUrl>,

    /// A streaming replica of that database: dashboard and metrics reads go there.
    #[arg(long, env = "DATABASE_REPLICA_URL", global = true)]
    pub database_replica_url: Option<DatabaseUrl>,

    /// Seconds a replica may lag behind before dashboard reads go to the primary instead.
    #[arg(
        long,
        env = "LEADLINE_REPLICA_MAX_LAG",
        default_value_t = 30,
        global = true
    )]
    pub replica_max_lag_secs: u64,

    /// Address the HTTP server listens on.
    #[arg(
        long,
        env = "LEADLINE_ADDR",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub addr: SocketAddr,

    /// Where the embedded PostgreSQL cluster keeps its data.
    #[arg(
        long,
        env = "LEADLINE_DATA_DIR",
        default_value = "./data",
        global = true
    )]
    pub data_dir: PathBuf,

    /// Log filter, in tracing's EnvFilter syntax (e.g. `info,leadline=debug`).
    #[arg(
        long,
        env = "LEADLINE_LOG",
        default_value = "info,sqlx=warn",
        global = true
    )]
    pub log: String,

    /// The company's default country at the first start (an ISO 3166 code such as ID):
    /// its numbering plan reads phone numbers written without `+`. Afterwards an admin
    /// changes it on the settings page, and an import can name its file's own.
    #[arg(
        long,
        env = "LEADLINE_DEFAULT_COUNTRY",
        default_value = "US",
        value_parser = parse_country,
        global = true
    )]
    pub default_country: Country,

    /// The company's language at the first start (en, id, zh-CN or ru): the pages speak it
    /// to users whose browser asks for none Leadline speaks. Afterwards an admin changes
    /// it on the settings page, and each user can choose their own.
    #[arg(
        long,
        env = "LEADLINE_LANGUAGE",
        default_value = "en",
        value_parser = parse_language,
        global = true
    )]
    pub language: Language,

    /// The installation's base currency (ISO 4217); amounts are in its minor units.
    #[arg(
        long,
        env = "LEADLINE_CURRENCY",
        default_value = "USD",
        value_parser = parse_currency,
        global = true
    )]
    pub currency: Currency,

    /// Seconds before a request is answered with 408.
    #[arg(
        long,
        env = "LEADLINE_REQUEST_TIMEOUT",
        default_value_t = 30,
        global = true
    )]
    pub request_timeout_secs: u64,

    /// A bulk change of more leads than this is made in the background, its page following
    /// it, instead of while the page waits.
    #[arg(
        long,
        env = "LEADLINE_BULK_INLINE_LIMIT",
        default_value_t = 5000,
        global = true
    )]
    pub bulk_inline_limit: usize,

    /// Days an `Idempotency-Key` is remembered: a retry within them replays the first
    /// answer; the keys are pruned after (within the hour).
    #[arg(
        long,
        env = "LEADLINE_IDEMPOTENCY_DAYS",
        default_value_t = 7,
        value_parser = clap::value_parser!(u32).range(1..=365),
        global = true
    )]
    pub idempotency_days: u32,

    /// API requests one token may make a minute, on each node (0: no limit). Up to a
    /// minute's worth may come at once; then one every 60/N seconds.
    #[arg(
        long,
        env = "LEADLINE_RATE_LIMIT_PER_TOKEN",
        default_value_t = 1200,
        global = true
    )]
    pub rate_limit_per_token: u32,

    /// API requests one client address may make a minute, on each node, whatever token
    /// they carry (0: no limit).
    #[arg(
        long,
        env = "LEADLINE_RATE_LIMIT_PER_ADDRESS",
        default_value_t = 2400,
        global = true
    )]
    pub rate_limit_per_address: u32,

    /// Web forms one client address may post to `/capture` a minute, on each node (0: no
    /// limit).
    #[arg(
        long,
        env = "LEADLINE_CAPTURE_PER_ADDRESS",
        default_value_t = 10,
        global = true
    )]
    pub capture_per_address: u32,

    /// Maximum database connections in the pool for writes and lookups.
    #[arg(
        long,
        env = "LEADLINE_DB_POOL_SIZE",
        default_value_t = 10,
        value_parser = clap::value_parser!(u32).range(1..),
        global = true
    )]
    pub db_pool_size: u32,

    /// Maximum database connections for the dashboard's and the metrics API's figures
    /// (`with_generic_plans`). A request reads all its figures on one of them, so this
    /// many managers can open the dashboard at once without one waiting for another's
    /// connection; they are opened as they are needed.
    #[arg(
        long,
        env = "LEADLINE_FIGURES_POOL_SIZE",
        default_value_t = 16,
        value_parser = clap::value_parser!(u32).range(1..),
        global = true
    )]
    pub figures_pool_size: u32,

    /// Seconds a connection may take to send a request's headers, counted from when it
    /// opens or finishes its previous request (so also how long an idle kept-alive
    /// connection stays open); then it is closed.
    #[arg(
        long,
        env = "LEADLINE_HEADER_READ_TIMEOUT",
        default_value_t = 10,
        global = true
    )]
    pub header_read_timeout_secs: u64,

    /// Seconds a connection may move no byte either way (a client that stops sending its
    /// body, or stops reading the answer) before it is closed; never less than the request
    /// timeout and a second, so that a request the server is still working on is answered.
    #[arg(
        long,
        env = "LEADLINE_IDLE_TIMEOUT",
        default_value_t = 60,
        global = true
    )]
    pub idle_timeout_secs: u64,

    /// Always mark session cookies `Secure`. Without it they are `Secure` whenever the
    /// request came over HTTPS, as a proxy's `X-Forwarded-Proto: https` says.
    #[arg(
        long,
        env = "LEADLINE_SECURE_COOKIES",
        default_value_t = false,
        global = true
    )]
    pub secure_cookies: bool,

    /// Take the client's address from the last `X-Forwarded-For` entry (set when every
    /// request comes through a proxy that appends it, such as nginx in front of several
    /// nodes). Sign-in throttling counts failures per address.
    #[arg(
        long,
        env = "LEADLINE_TRUST_FORWARDED_FOR",
        default_value_t = false,
        global = true
    )]
    pub trust_forwarded_for: bool,

    /// Where dashboard figures come from: `rollups` (the default), or `raw`, which
    /// recomputes them from the raw tables on every request (to check or compare).
    #[arg(
        long,
        env = "LEADLINE_METRICS_SOURCE",
        value_enum,
        default_value_t = MetricsSource::Rollups,
        global = true
    )]
    pub metrics_source: MetricsSource,

    /// The company's time zone at the first start (an IANA name such as Asia/Jakarta):
    /// where its days begin. Afterwards an admin changes it on the settings page.
    #[arg(
        long,
        env = "LEADLINE_TIME_ZONE",
        default_value = "UTC",
        value_parser = parse_zone,
        global = true
    )]
    pub time_zone: Zone,
}

fn parse_zone(text: &str) -> Result<Zone, String> {
    Zone::parse("LEADLINE_TIME_ZONE", text).map_err(|e| e.message())
}

fn parse_currency(text: &str) -> Result<Currency, String> {
    Currency::parse("LEADLINE_CURRENCY", text).map_err(|e| e.message())
}

fn parse_language(text: &str) -> Result<Language, String> {
    crate::domain::parse_language("LEADLINE_LANGUAGE", text).map_err(|e| e.message())
}

fn parse_country(text: &str) -> Result<Country, String> {
    Country::parse("LEADLINE_DEFAULT_COUNTRY", text).map_err(|e| e.message())
}

/// See `Config::metrics_source`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum MetricsSource {
    #[default]
    Rollups,
    Raw,
}

/// How Leadline's pools connect to `url`: its settings, with neither JIT compilation
/// nor parallel workers unless the dashboard figures are computed from the raw tables.
/// Leadline's own statements are short (writes, lookups, rollup reads), yet
/// PostgreSQL's estimates send some rollup reads over its JIT threshold (compiling
/// took 33 ms of a 66 ms read) and into parallel plans (starting two workers took
/// 5 ms of a 7 ms read that alone takes 0.4 ms). The raw GROUP BY reads keep the
/// server's settings, for which both are made.
pub fn connect_options(url: &str, source: MetricsSource) -> Result<PgConnectOptions, sqlx::Error> {
    let options: PgConnectOptions = url.parse()?;
    Ok(match source {
        MetricsSource::Rollups => {
            options.options([("jit", "off"), ("max_parallel_workers_per_gather", "0")])
        }
        MetricsSource::Raw => options,
    })
}

/// A pool of `size` connections beside `pool`, on the same server with the same
/// settings, whose connections plan each statement once (`plan_cache_mode =
/// force_generic_plan`), connect when first used, and show in `pg_stat_activity` as
/// `leadline figures`. For the rollup reads of the dashboard figures: their SQL
/// text is fixed per filter set and their plans are index ranges whatever the dates,
/// yet PostgreSQL plans them afresh on every execution, which took more time than
/// running them (0.2-0.75 ms to plan, 0.03-0.44 ms to run one rep's 30-day funnel at
/// 1M calls). Not for the raw GROUP BY reads, whose best plan depends on the period.
pub fn with_generic_plans(pool: &PgPool, size: u32) -> PgPool {
    pool_options(size, pool.options().get_acquire_timeout()).connect_lazy_with(
        (*pool.connect_options())
            .clone()
            .application_name(FIGURES_APPLICATION)
            .options([("plan_cache_mode", "force_generic_plan")]),
    )
}

/// How the figures' connections name themselves to the server.
pub const FIGURES_APPLICATION: &str = "leadline figures";

/// A connection that sat idle at least this long is checked before it is handed out.
const CHECK_AFTER_IDLE: Duration = Duration::from_secs(1);

/// Every pool of Leadline's: at most `size` connections, callers wait at most
/// `acquire_timeout` for one, and each wait is reported (`pool_wait`). A connection
/// that sat idle for a second or more is checked with a round trip before it is handed
/// out, so that one the server dropped meanwhile (a restart, an idle timeout) is
/// replaced rather than failing a request; one used a moment ago is not, as checking
/// every connection was a round trip more for each connection a request took (two of a
/// logged call's nine).
pub fn pool_options(size: u32, acquire_timeout: Duration) -> PgPoolOptions {
    let options = PgPoolOptions::new()
        .max_connections(size)
        .acquire_timeout(acquire_timeout)
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= CHECK_AFTER_IDLE {
                    conn.ping().await?;
                }
                Ok(true)
            })
        });
    pool_wait::timed(options)
}

impl Config {
    /// A configuration for tests and tools: defaults everywhere, the given database.
    pub fn for_database(url: &str) -> Self {
        Self {
            database_url: Some(DatabaseUrl(url.to_owned())),
            database_replica_url: None,
            replica_max_lag_secs: 30,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir: PathBuf::from("./data"),
            log: "info".into(),
            default_country: Country::parse("default_country", "US").expect("a country"),
            language: Language::En,
            currency: Currency::parse("currency", "USD").expect("a currency"),
            request_timeout_secs: 30,
            bulk_inline_limit: 5000,
            idempotency_days: 7,
            rate_limit_per_token: 1200,
            rate_limit_per_address: 2400,
            capture_per_address: 10,
            header_read_timeout_secs: 10,
            idle_timeout_secs: 60,
            db_pool_size: 10,
            figures_pool_size: 16,
            secure_cookies: false,
            trust_forwarded_for: false,
            metrics_source: MetricsSource::Rollups,
            time_zone: Zone::UTC,
        }
    }
}

/// A connection string whose password never reaches a log line.
#[derive(Clone)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    /// A connection string from a URL built in code (tests and tools).
    pub fn new(url: impl Into<String>) -> Self {
        Self(url.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The URL with its password replaced by `***`, for messages.
    pub fn redacted(&self) -> String {
        match url::Url::parse(&self.0) {
            Ok(mut parsed) if parsed.password().is_some() => {
                let _ = parsed.set_password(Some("***"));
                parsed.to_string()
            }
            Ok(parsed) => parsed.to_string(),
            Err(_) => "<unparseable database URL>".to_owned(),
        }
    }
}

impl std::str::FromStr for DatabaseUrl {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parsed = url::Url::parse(s).map_err(|e| format!("not a URL: {e}"))?;
        if !matches!(parsed.scheme(), "postgres" | "postgresql") {
            return Err(format!(
                "a database URL must start with postgres:// (got {}://)",
                parsed.scheme()
            ));
        }
        Ok(Self(s.to_owned()))
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_the_password() {
        let url: DatabaseUrl = "postgres://app:s3cret@db:5432/leadline".parse().unwrap();
        let shown = format!("{url:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("app:***@db"), "{shown}");
    }

    #[test]
    fn rejects_other_schemes() {
        let err = "mysql://localhost/x".parse::<DatabaseUrl>().unwrap_err();
        assert!(err.contains("postgres://"), "{err}");
    }

    #[test]
    fn a_pool_of_no_connections_is_refused_by_name() {
        use clap::Parser;

        #[derive(Parser)]
        struct Options {
            #[command(flatten)]
            config: Config,
        }
        for option in ["--db-pool-size", "--figures-pool-size"] {
            let Err(err) = Options::try_parse_from(["leadline", option, "0"]) else {
                panic!("{option} 0 was taken");
            };
            let err = err.to_string();
            assert!(err.contains(option), "{err}");
        }
        let options = Options::try_parse_from(["leadline", "--figures-pool-size", "32"]).unwrap();
        assert_eq!(options.config.figures_pool_size, 32);
    }
}

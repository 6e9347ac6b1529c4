//! Wiring: the router with its middleware, the database connection (or the embedded
//! cluster) and its migrations, and serving with graceful shutdown.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use sqlx::{Connection, PgPool};
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::config::{self, Config};
use crate::embedded_pg::{EmbeddedPgError, EmbeddedPostgres};
use crate::http::error::ApiError;
use crate::http::{
    api, capture, connections, cors, guard, instruments, rate_limit, ui, unavailable,
};
use crate::i18n;
use crate::replica::{self, Replica};
use crate::state::AppState;
use crate::{credentials, storage};

/// Largest request body accepted by the API.
const BODY_LIMIT: usize = 2 * 1024 * 1024;
const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole application as a router, ready to serve or to test.
pub fn app(state: AppState) -> Router {
    let timeout = Duration::from_secs(state.config.request_timeout_secs);
    let api = api::router()
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(axum::middleware::from_fn(guard::no_store))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            rate_limit::limit,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            cors::cors,
        ));
    let uploads = Router::new()
        .route("/import", axum::routing::post(ui::import::upload))
        .layer(DefaultBodyLimit::max(ui::import::MAX_UPLOAD))
        .layer(RequestBodyLimitLayer::new(
            ui::import::MAX_UPLOAD + 64 * 1024,
        ));
    let capture = Router::new()
        .route("/capture", axum::routing::post(capture::capture))
        .layer(RequestBodyLimitLayer::new(capture::BODY_LIMIT))
        .layer(axum::middleware::from_fn(guard::no_store))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            i18n::choose,
        ));
    Router::new()
        .route("/healthz", get(healthz))
        .merge(capture)
        .route("/metrics", get(instruments::metrics))
        .nest("/api/v1", api)
        .merge(
            ui::router()
                .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
                .layer(axum::middleware::from_fn(guard::same_origin_forms))
                .layer(axum::middleware::from_fn(guard::no_store))
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    i18n::choose,
                )),
        )
        .merge(
            uploads
                .layer(axum::middleware::from_fn(guard::same_origin_forms))
                .layer(axum::middleware::from_fn(guard::no_store))
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    i18n::choose,
                )),
        )
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            unavailable::while_database_down,
        ))
        .route_layer(axum::middleware::from_fn(instruments::label_route))
        .fallback(|| async { ApiError::NotFound("page".into()) })
        .with_state(state.clone())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(axum::middleware::from_fn(guard::shape_plain_errors))
        .layer(axum::middleware::from_fn(guard::refuse_nul_in_query))
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::Internal(anyhow::anyhow!("handler panicked")).into_response()
        }))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                 frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(axum::middleware::from_fn_with_state(
            state,
            instruments::count,
        ))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request| {
                let route = request
                    .extensions()
                    .get::<MatchedPath>()
                    .map_or("-", MatchedPath::as_str);
                let request_id = request
                    .headers()
                    .get(REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!("request", method = %request.method(), route, request_id)
            }),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(SetSensitiveRequestHeadersLayer::new([
            header::AUTHORIZATION,
            header::COOKIE,
        ]))
}

/// Liveness and readiness: 200 when the primary answers, 503 when it does not. A
/// replica that is down or lagging makes the node `degraded`, still 200: the primary
/// serves every write, and the dashboard reads from it meanwhile. While the embedded
/// cluster is being restarted, 503 `degraded` at once, without asking the pool.
async fn healthz(State(state): State<AppState>) -> Response {
    if let Some(database) = state.database.as_ref().filter(|d| !d.is_up()) {
        let down_since = database
            .down_since()
            .map(chrono::DateTime::<chrono::Utc>::from);
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, database.retry_after_secs().to_string())],
            Json(serde_json::json!({
                "status": "degraded",
                "database": "restarting",
                "down_since": down_since,
                "restarts": database.restarts(),
            })),
        )
            .into_response();
    }
    let primary = tokio::time::timeout(
        Duration::from_secs(2),
        sqlx::query_scalar!(r#"SELECT 1 AS "up!""#).fetch_one(&state.db),
    );
    let replica = async {
        match &state.replica {
            Some(replica) => Some(replica.probe().await),
            None => None,
        }
    };
    let (primary, replica) = tokio::join!(primary, replica);
    if !matches!(primary, Ok(Ok(_))) {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(axum::http::header::RETRY_AFTER, "5")],
            Json(serde_json::json!({"status": "unavailable", "database": "unreachable"})),
        )
            .into_response();
    }
    let mut body = serde_json::json!({"status": "ok", "database": "ok"});
    if let Some(replica) = replica {
        if replica.status != replica::ReplicaState::Ok {
            body["status"] = "degraded".into();
        }
        body["replica"] = serde_json::json!(replica);
    }
    Json(body).into_response()
}

/// The database Leadline uses, and the embedded cluster behind it when there is one.
pub struct Database {
    pub pool: PgPool,
    pub embedded: Option<EmbeddedPostgres>,
}

/// The name of Leadline's database inside the embedded cluster.
const EMBEDDED_DATABASE: &str = "leadline";

/// Connect to `DATABASE_URL`, or start the embedded cluster. `share_running` lets a
/// one-off command use the cluster of a `leadline serve` already running on the data dir.
pub async fn connect(config: &Config, share_running: bool) -> anyhow::Result<Database> {
    let pool_options = || config::pool_options(config.db_pool_size, Duration::from_secs(5));
    if let Some(url) = &config.database_url {
        let cannot = || format!("cannot connect to the database at {}", url.redacted());
        // One direct connection first, so that a failure says why (refused, no such role, ...).
        let probe = tokio::time::timeout(
            Duration::from_secs(10),
            sqlx::PgConnection::connect(url.expose()),
        )
        .await
        .map_err(|_| anyhow::anyhow!("no answer within 10 s"))
        .with_context(cannot)?;
        // sqlx's errors repeat their source in their message: keep the message only.
        let probe = probe
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(cannot)?;
        probe.close().await.ok();
        let options = config::connect_options(url.expose(), config.metrics_source)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(cannot)?;
        let pool = pool_options()
            .connect_with(options)
            .await
            .with_context(cannot)?;
        return Ok(Database {
            pool,
            embedded: None,
        });
    }
    let data_dir = config.data_dir.clone();
    let started = tokio::task::spawn_blocking(move || EmbeddedPostgres::start(&data_dir)).await?;
    let (server_url, embedded) = match started {
        Ok(cluster) => (cluster.url("postgres"), Some(cluster)),
        Err(EmbeddedPgError::InUse(dir, pid)) if share_running => {
            let url = EmbeddedPostgres::running_url(&dir, "postgres").with_context(|| {
                format!(
                    "data directory {} is in use by process {pid}",
                    dir.display()
                )
            })?;
            (url, None)
        }
        Err(e) => return Err(e.into()),
    };
    create_database_if_missing(&server_url, EMBEDDED_DATABASE).await?;
    let url = server_url
        .rsplit_once('/')
        .map(|(base, _)| format!("{base}/{EMBEDDED_DATABASE}"))
        .unwrap_or(server_url);
    let pool = pool_options()
        .connect_with(config::connect_options(&url, config.metrics_source)?)
        .await
        .context("cannot connect to the embedded PostgreSQL")?;
    Ok(Database { pool, embedded })
}

pub async fn create_database_if_missing(server_url: &str, name: &str) -> anyhow::Result<()> {
    let mut conn = sqlx::PgConnection::connect(server_url)
        .await
        .context("cannot connect to PostgreSQL")?;
    let exists: bool = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS "exists!""#,
        name,
    )
    .fetch_one(&mut conn)
    .await?;
    if !exists {
        sqlx::query(&format!("CREATE DATABASE \"{name}\""))
            .execute(&mut conn)
            .await?;
    }
    conn.close().await?;
    Ok(())
}

/// Migrations edited after they had been applied somewhere, with the SHA-384 each had
/// before: a database migrated then holds that checksum. Migration 0021 brings such a
/// database to what the edited text does. No migration may be edited again (`.ci/run`
/// checks `.ci/migrations.sha384`).
pub const EDITED_MIGRATIONS: [(i64, &str); 4] = [
    (3, "7a7bd54298ca55ab01075971108780d699afa265840773ac4d1414b16360bef18711af4db54a2729e4fdef2d2552954f"),
    (6, "089ee4200825c55d8677954b547bbddd604b0150f6d0b4ccbb8526cbbbf10d0bb0731d335a83d9c8f5c8774243d18f39"),
    (17, "738927ff67394f07d005aa2c318917f65aa047f75d6591974ffbf960741b6f2d2b610526900ba362d3192b8af574078a"),
    (18, "25a2e1b11fa9151560b9453e96d70db9a04453c6ad62177a32d73b2158a061d5fac5cfeb62452c8a6053914a077b6379"),
];

/// The current definition of the rollups' functions and triggers.
pub const ROLLUP_DEFINITIONS: &str = include_str!("../sql/rollups.sql");

/// Bring the schema up to date: the migrations, then the current definition of the
/// rollups where it changed.
pub async fn migrate(pool: &PgPool) -> anyhow::Result<()> {
    let migrator = sqlx::migrate!("./migrations");
    accept_edited_migrations(pool, &migrator)
        .await
        .context("cannot read the database's applied migrations")?;
    migrator
        .run(pool)
        .await
        .context("cannot run database migrations")?;
    apply_definition(pool, "rollups", ROLLUP_DEFINITIONS)
        .await
        .context("cannot apply sql/rollups.sql")
}

/// Apply a definition file (functions and triggers, each `CREATE OR REPLACE`) in one
/// transaction when its SHA-256 is not the one last applied; nodes starting together
/// take turns.
async fn apply_definition(pool: &PgPool, name: &str, text: &str) -> Result<(), sqlx::Error> {
    use sha2::{Digest, Sha256};
    let sha256 = Sha256::digest(text.as_bytes()).to_vec();
    let mut tx = pool.begin().await?;
    sqlx::query!("SELECT pg_advisory_xact_lock(hashtext('leadline.derived_definitions'))")
        .execute(&mut *tx)
        .await?;
    let applied: Option<Vec<u8>> = sqlx::query_scalar!(
        "SELECT sha256 FROM derived_definitions WHERE name = $1",
        name
    )
    .fetch_optional(&mut *tx)
    .await?;
    if applied.as_deref() == Some(sha256.as_slice()) {
        return tx.commit().await;
    }
    sqlx::raw_sql(text).execute(&mut *tx).await?;
    sqlx::query!(
        "INSERT INTO derived_definitions (name, sha256) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET sha256 = excluded.sha256, applied_at = now()",
        name,
        &sha256,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(definition = name, "applied the current definition");
    Ok(())
}

/// Record today's checksum for a migration applied in its text before an edit, so that
/// the migrator does not refuse the database.
async fn accept_edited_migrations(
    pool: &PgPool,
    migrator: &sqlx::migrate::Migrator,
) -> Result<(), sqlx::Error> {
    let applied: bool =
        sqlx::query_scalar!(r#"SELECT to_regclass('_sqlx_migrations') IS NOT NULL AS "applied!""#)
            .fetch_one(pool)
            .await?;
    if !applied {
        return Ok(());
    }
    for (version, before) in EDITED_MIGRATIONS {
        let Some(today) = migrator.iter().find(|m| m.version == version) else {
            continue;
        };
        let updated = sqlx::query(
            "UPDATE _sqlx_migrations SET checksum = $3 WHERE version = $1 AND checksum = decode($2, 'hex')",
        )
        .bind(version)
        .bind(before)
        .bind(today.checksum.as_ref())
        .execute(pool)
        .await?
        .rows_affected();
        if updated > 0 {
            tracing::info!(version, "migration applied before its edit accepted");
        }
    }
    Ok(())
}

/// On a database with no users, create an admin and log its password once.
pub async fn create_first_admin(pool: &PgPool) -> anyhow::Result<()> {
    const EMAIL: &str = "admin@leadline.local";
    let password = credentials::generate_password();
    let hash = credentials::hash_password(&password)?;
    if storage::users::create_first_admin(pool, EMAIL, &hash)
        .await?
        .is_some()
    {
        tracing::warn!(
            "first start: created the admin user {EMAIL} with password {password} (shown only this once; change it after signing in)"
        );
    }
    Ok(())
}

/// The read replica of `DATABASE_REPLICA_URL`, if set, with its lag probed every second.
/// Its pool connects when first used: a replica that is down does not keep the
/// primary's writes from being served.
pub fn connect_replica(config: &Config) -> anyhow::Result<Option<Arc<Replica>>> {
    let Some(url) = &config.database_replica_url else {
        return Ok(None);
    };
    let replica = Replica::connect_lazy(
        url,
        config.metrics_source,
        config.db_pool_size,
        config.figures_pool_size,
        Duration::from_secs(config.replica_max_lag_secs),
    )?;
    replica.start_probing();
    tracing::info!(replica = %url.redacted(), "dashboard and metrics reads go to the replica");
    Ok(Some(replica))
}

/// Bind the listening socket; port 0 picks a free port (tests).
pub async fn bind(config: &Config) -> anyhow::Result<TcpListener> {
    TcpListener::bind(config.addr).await.with_context(|| {
        format!(
            "cannot listen on {} (set LEADLINE_ADDR to another address)",
            config.addr
        )
    })
}

/// Serve until SIGINT or SIGTERM, then finish in-flight requests and stop the database.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let listener = bind(&config).await?;
    let Database { pool, embedded } = connect(&config, false).await?;
    migrate(&pool).await?;
    create_first_admin(&pool).await?;
    let zone = crate::storage::settings::settle_first_start(
        &pool,
        config.time_zone,
        config.default_country,
        config.language,
    )
    .await?;
    tracing::info!(time_zone = %zone, "the company's days begin at midnight in its time zone");
    let mut state = AppState::new(pool.clone(), config);
    if let Some(replica) = connect_replica(&state.config)? {
        state = state.with_replica(replica);
    }
    if let Some(cluster) = &embedded {
        state = state.with_cluster_health(cluster.health());
    }
    // Compaction writes: it runs on the primary only, whatever serves the reads.
    let compaction = tokio::spawn(crate::storage::rollups::compact_forever(pool.clone()));
    // A recount of the rollups after a change of zone, or one a stopped node left.
    let recount = tokio::spawn(crate::storage::rollups::rebuild_forever(pool.clone()));
    let webhooks = tokio::spawn(crate::webhooks::deliver_forever(pool.clone()));
    let due = tokio::spawn(crate::notifications::sweep_forever(pool.clone()));
    let bulk = tokio::spawn(crate::service::bulk::make_forever(pool.clone()));
    let returns = tokio::spawn(crate::service::farming::return_forever(pool.clone()));
    let keys = tokio::spawn(crate::storage::idempotency::prune_forever(
        pool.clone(),
        state.config.idempotency_days,
    ));
    let limits = state.rate_limits.clone();
    let idle = tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(60));
        loop {
            every.tick().await;
            limits.forget_idle();
        }
    });
    tracing::info!(address = %listener.local_addr()?, "Leadline is listening");
    let timeouts = connections::Timeouts::from(&*state.config);
    let notices = state.notices.clone();
    let shutdown = async move {
        shutdown_signal().await;
        // Open notification streams end, so that in-flight requests can drain.
        notices.close();
    };
    connections::serve(listener, app(state), timeouts, shutdown).await;
    compaction.abort();
    recount.abort();
    webhooks.abort();
    due.abort();
    bulk.abort();
    returns.abort();
    keys.abort();
    idle.abort();
    pool.close().await;
    if let Some(mut cluster) = embedded {
        tokio::task::spawn_blocking(move || cluster.stop()).await?;
    }
    tracing::info!("Leadline stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

//! Leadline: a sales-funnel CRM for telephone sales teams.
//!
//! The code tour: each module with what it holds. The funnel's rules and all SQL live in
//! `leadline-core` (re-exported here as `domain`, `storage` and `credentials`); the demo
//! and benchmark generators in `leadline-generators`.

pub use leadline_core::{credentials, domain, storage};

/// The command line: serve, migrate, demo and benchmark data, users, tokens.
pub mod cli;
/// Typed configuration from the environment and flags.
pub mod config;
/// The embedded default database: a private PostgreSQL cluster under the data dir.
pub mod embedded_pg;
/// HTTP surfaces: the JSON API, its errors, extractors and authentication.
pub mod http;
/// The language of each page: the user's, the browser's or the company's.
pub mod i18n;
/// Importing leads from CSV files: mapping, validation, the two import modes.
pub mod importer;
/// The service's counters (requests, queue, database, replica, memory) in Prometheus's format.
pub mod instruments;
pub mod notifications;
/// How long requests wait for a database connection.
pub mod pool_wait;
/// Counting API requests per token and per address.
pub mod rate_limits;
/// The optional read replica: its pool, its lag, and when dashboard reads may go there.
pub mod replica;
/// What the API and the pages share: the figures' reads and the call queue.
pub mod service;
/// The router and its layers, the database connection and migrations, serving and shutdown.
pub mod startup;
/// What every handler can reach (`AppState`) and where a dashboard read goes.
pub mod state;
/// Logging to stderr, and hearing the pools' waits (`pool_wait`).
pub mod telemetry;
/// The webhook delivery worker: signed POSTs from the outbox, retried with backoff.
pub mod webhooks;

//! Integration tests over real HTTP against a real PostgreSQL.

mod helpers;

mod auth;
mod authorization;
mod bench_data;
mod browser;
mod calls;
mod crash;
mod demo;
mod exports;
mod figure_sql;
mod hardening;
mod health;
mod import;
mod languages;
mod lead_calls;
mod leads;
mod metrics;
mod nodes;
mod notifications;
mod pages;
mod passwords;
mod phones;
mod properties;
mod queue;
mod recovery;
mod replica;
mod rollups;
mod settings;
mod spend;
mod supervision;
mod tasks;
mod time_zones;
mod touches;
mod validation;
mod webhooks;

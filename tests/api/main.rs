//! Integration tests over real HTTP against a real PostgreSQL.

mod helpers;

mod auth;
mod calls;
mod demo;
mod health;
mod leads;
mod metrics;
mod properties;
mod queue;
mod spend;
mod validation;

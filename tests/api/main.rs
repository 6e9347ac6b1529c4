//! Integration tests over real HTTP against a real PostgreSQL.

mod helpers;

mod auth;
mod browser;
mod calls;
mod demo;
mod health;
mod import;
mod leads;
mod metrics;
mod pages;
mod properties;
mod queue;
mod spend;
mod validation;

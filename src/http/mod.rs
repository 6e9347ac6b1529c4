//! The HTTP surfaces: the JSON API under `/api/v1` and the browser UI.

pub mod api;
pub mod auth;
pub mod capture;
pub mod connections;
pub mod cors;
pub mod error;
pub mod export;
pub mod extract;
pub mod guard;
pub mod instruments;
pub mod paging;
pub mod rate_limit;
pub mod scopes;
pub mod ui;
pub mod unavailable;

//! The HTTP surfaces: the JSON API under `/api/v1`.

pub mod api;
pub mod auth;
pub mod error;
pub mod extract;

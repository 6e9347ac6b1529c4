//! Data that looks like a real team's, written into a migrated Leadline database:
//! `leadline demo` (a believable team's last 90 days, through the storage rules) and
//! `leadline bench-data` (SPEC section 7's benchmark data set, loaded with binary COPY).
//! Kept out of the service's own crate: the service never runs this code while serving.

/// `leadline bench-data`: SPEC section 7's benchmark data set, loaded with binary COPY.
pub mod bench_data;
/// `leadline demo`: a believable team's last 90 days, written through the storage rules.
pub mod demo;

//! Leadline's rules and its storage, shared by the service (`leadline`) and the data
//! generators (`leadline-generators`): the funnel's types and rules, and all SQL.

/// Password hashes and API token secrets.
pub mod credentials;
/// Pure types and rules: the funnel, calls, money and the figures of SPEC section 4.
pub mod domain;
/// The languages Leadline speaks: its Fluent messages and how a browser's is chosen.
pub mod i18n;
/// All SQL of the service: one module per table family, the rollups' registry and reads.
pub mod storage;

//! What the API and the pages share: reading the figures, handing out the call queue,
//! logging calls once per key, the checked inputs of leads and spend, and the settings.
//! The surfaces parse and answer; the work is done here, once.

pub mod agenda;
pub mod bulk;
pub mod calls;
pub mod erasure;
pub mod farming;
pub mod figures;
pub mod forecast;
pub mod input;
pub mod leads;
pub mod queue;
pub mod settings;
pub mod spend;
pub mod tasks;
pub mod touches;

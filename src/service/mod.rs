//! What the API and the pages share: reading the figures and handing out the call queue.
//! The surfaces parse and answer; the work is done here, once.

pub mod figures;
pub mod queue;

//! bangfu (帮扶台账): a terminal ledger for village assistance work.

pub mod domain;
pub mod store;

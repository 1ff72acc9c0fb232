//! bangfu (帮扶台账): a terminal ledger for village assistance work.
//!
//! Layers: `domain` (rules) → `store` (all SQL) → `app` (state, actions) →
//! `tabs` / `widgets` (drawing and keys).

pub mod app;
pub mod cli;
pub mod commands;
pub mod demo;
pub mod domain;
pub mod drafts;
pub mod export;
pub mod import;
pub mod report;
pub mod rollup;
pub mod sheets;
pub mod store;
pub mod tabs;
pub mod tui;
pub mod ui;
pub mod widgets;

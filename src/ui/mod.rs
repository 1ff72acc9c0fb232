//! Theme, text measurement and the label catalogs.

pub mod format;
pub mod labels;
pub mod text;
pub mod theme;
pub mod warning_text;

pub use labels::Labels;

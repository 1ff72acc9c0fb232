//! Theme, text measurement and the label catalogs.

pub mod labels;
pub mod text;
pub mod theme;

pub use labels::Labels;

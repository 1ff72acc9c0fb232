//! Reusable pieces: text field, form with pickers, data table, popups, status bar.

pub mod form;
pub mod form_field;
pub mod form_view;
pub mod popup;
pub mod table;
pub mod text_field;

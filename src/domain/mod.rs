//! Plain types and the rules of the field. No SQL, no terminal.

pub mod dates;
pub mod divisions;
pub mod draft;
pub mod household;
pub mod idnum;
pub mod invalid;
pub mod member;
pub mod money;
pub mod phone;
pub mod project;
pub mod record;
pub mod search;
pub mod village;
pub mod visit;
pub mod vocab;

pub use draft::Draft;
pub use invalid::{FieldError, Invalid};
pub use record::{FieldValue, Fields, Record};

//! Plain types and the rules of the field. No SQL, no terminal.
//! The rules are described in docs/rules.md and docs/warnings.md.

pub mod assessment;
pub mod cadre;
pub mod cooperation;
pub mod dates;
pub mod divisions;
pub mod draft;
pub mod elimination;
pub mod facts;
pub mod field;
pub mod fingerprint;
pub mod household;
pub mod idnum;
pub mod income;
pub mod invalid;
pub mod measure;
pub mod meeting;
pub mod member;
pub mod money;
pub mod monitoring;
pub mod national;
pub mod need;
pub mod phone;
pub mod project;
pub mod record;
pub mod registry;
pub mod schedule;
pub mod search;
pub mod side;
pub mod stored;
pub mod task;
pub mod village;
pub mod visit;
pub mod vocab;
pub mod warnings;

pub use draft::Draft;
pub use invalid::{FieldError, Invalid};
pub use record::{FieldValue, Fields, Record};

//! 帮扶干部 and 帮扶责任人: the people who do the work, picked by name in forms.

use super::Draft;
use super::field::{FieldDef, Kind};
use super::invalid::{Checker, Invalid};
use super::record::Validate;
use super::vocab::list;
use chrono::NaiveDate;

crate::record! {
    /// One of the ledger's people.
    pub struct Cadre in "cadres" as "cadre" {
        name: String = FieldDef::new(Kind::Name).required(),
        /// 派出单位
        unit: String = FieldDef::new(Kind::Text(40)).width(12),
        role: Option<String> = FieldDef::new(Kind::Code(list::CADRE_ROLE)).width(12),
        phone: Option<String> = FieldDef::new(Kind::Phone).width(11),
        /// Ids of the villages the person works in.
        villages: Vec<String> = FieldDef::new(Kind::Refs("villages")),
        term_start: Option<NaiveDate> = FieldDef::new(Kind::Date),
        term_end: Option<NaiveDate> = FieldDef::new(Kind::Date),
    }
}

impl Validate for Cadre {
    fn validate(&mut self, _draft: &Draft, c: &mut Checker) {
        if let (Some(s), Some(e)) = (self.term_start, self.term_end)
            && e < s
        {
            c.fail("term_end", Invalid::Before { other: "cadre.term_start".into() });
        }
    }
}

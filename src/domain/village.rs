//! 行政村 / 社区: the place everything else hangs from.

use super::Draft;
use super::divisions::locate_village;
use super::field::{FieldDef, Kind};
use super::invalid::Checker;
use super::record::Validate;
use super::vocab::list;

crate::record! {
    /// A village (or urban community) the ledger follows.
    pub struct Village in "villages" as "village" {
        name: String = FieldDef::new(Kind::Text(40)).required().width(12),
        /// Official 12-digit statistical division code; optional until known.
        code: Option<String> = FieldDef::new(Kind::DivisionCode),
        township: String = FieldDef::new(Kind::Text(40)),
        /// Follows from the code.
        county: String = FieldDef::new(Kind::Text(40)).hidden(),
        key_village: bool = FieldDef::new(Kind::Flag),
        exited: bool = FieldDef::new(Kind::Flag),
        total_households: Option<i64> = FieldDef::new(Kind::Count),
        total_population: Option<i64> = FieldDef::new(Kind::Count),
        dibao_households: Option<i64> = FieldDef::new(Kind::Count),
        tekun_people: Option<i64> = FieldDef::new(Kind::Count),
        disabled_people: Option<i64> = FieldDef::new(Kind::Count),
        dangerous_houses: Option<i64> = FieldDef::new(Kind::Count),
        stats_year: Option<i64> = FieldDef::new(Kind::Year),
        /// 村级集体经济收入, kept in fen.
        collective_income: Option<i64> = FieldDef::new(Kind::Money),
        /// 农民人均纯收入, kept in fen.
        farmer_income: Option<i64> = FieldDef::new(Kind::Money),
        assist_force: Option<String> = FieldDef::new(Kind::Code(list::ASSIST_FORCE)),
        assisting_party: String = FieldDef::new(Kind::Side(40)),
        first_secretary: String = FieldDef::new(Kind::Person),
        work_team: String = FieldDef::new(Kind::People),
        contact_phone: Option<String> = FieldDef::new(Kind::Phone),
        notes: String = FieldDef::new(Kind::Text(200)),
    }
}

/// A division code fixes the township and county; without one the township is as typed.
impl Validate for Village {
    fn validate(&mut self, _draft: &Draft, c: &mut Checker) {
        match self.code.as_deref() {
            Some(code) => {
                if let Some(location) = c.check("code", locate_village(code)) {
                    self.township = location.township;
                    self.county = location.county;
                }
            }
            None => self.county.clear(),
        }
    }
}

impl Village {
    /// The two-digit province of the village, from its division code.
    pub fn province(&self) -> Option<&str> {
        self.code.as_deref().and_then(super::divisions::province_of_code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Record;

    #[test]
    fn a_name_is_enough() {
        let v = Village::from_draft("v1", &Draft::default().with("name", " 柳林村 ")).unwrap();
        assert_eq!(v.name, "柳林村");
        assert_eq!(v.code, None);
    }

    #[test]
    fn a_code_fills_township_and_county() {
        let d = Draft::default().with("name", "新场社区").with("code", "511903001001");
        let v = Village::from_draft("v1", &d).unwrap();
        assert_eq!(v.township, "登科街道");
        assert_eq!(v.county, "恩阳区");
        assert_eq!(v.province(), Some("51"));
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let d = Draft::default()
            .with("code", "5119")
            .with("total_households", "三百")
            .with("collective_income", "1.2.3")
            .with("contact_phone", "123");
        let errors = Village::from_draft("v1", &d).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "total_households", "collective_income", "contact_phone", "code"]);
    }

    #[test]
    fn draft_round_trip() {
        let d = Draft::default().with("name", "柳林村").with("collective_income", "12.5万").with("key_village", "1");
        let v = Village::from_draft("v1", &d).unwrap();
        assert_eq!(v.collective_income, Some(12_500_000));
        let again = Village::from_draft("v1", &v.to_draft()).unwrap();
        assert_eq!(again, v);
        assert_eq!(Village::read_values("v1".into(), &v.values()), v);
    }
}

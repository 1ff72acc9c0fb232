//! 行政村 / 社区: the place everything else hangs from.

use super::dates::YearMonth;
use super::divisions::locate_village;
use super::draft::{flag_text, opt_text};
use super::invalid::{Checker, optional, parse_count};
use super::money::{format_plain, parse_optional_fen};
use super::phone::parse_optional_phone;
use super::{Draft, FieldError, FieldValue, Fields, Invalid, Record};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Village {
    pub id: String,
    /// Official 12-digit statistical division code; optional until known.
    pub code: Option<String>,
    pub name: String,
    pub township: String,
    pub county: String,
    pub key_village: bool,
    pub exited: bool,
    pub total_households: Option<i64>,
    pub total_population: Option<i64>,
    pub dibao_households: Option<i64>,
    pub tekun_people: Option<i64>,
    pub disabled_people: Option<i64>,
    pub dangerous_houses: Option<i64>,
    pub stats_year: Option<i64>,
    pub collective_income_fen: Option<i64>,
    pub farmer_income_fen: Option<i64>,
    pub assisting_party: String,
    pub assist_force: Option<String>,
    pub first_secretary: String,
    pub work_team: String,
    pub contact_phone: Option<String>,
    pub notes: String,
}

/// Keys of the village form's fields, in the order the form shows them.
pub const FIELDS: &[&str] = &[
    "name",
    "code",
    "township",
    "key_village",
    "exited",
    "total_households",
    "total_population",
    "dibao_households",
    "tekun_people",
    "disabled_people",
    "dangerous_houses",
    "stats_year",
    "collective_income",
    "farmer_income",
    "assist_force",
    "assisting_party",
    "first_secretary",
    "work_team",
    "contact_phone",
    "notes",
];

impl Village {
    pub fn to_draft(&self) -> Draft {
        let count = |n: &Option<i64>| opt_text(n);
        let money = |m: &Option<i64>| m.map(format_plain).unwrap_or_default();
        Draft::default()
            .with("name", &self.name)
            .with("code", self.code.clone().unwrap_or_default())
            .with("township", &self.township)
            .with("key_village", flag_text(self.key_village))
            .with("exited", flag_text(self.exited))
            .with("total_households", count(&self.total_households))
            .with("total_population", count(&self.total_population))
            .with("dibao_households", count(&self.dibao_households))
            .with("tekun_people", count(&self.tekun_people))
            .with("disabled_people", count(&self.disabled_people))
            .with("dangerous_houses", count(&self.dangerous_houses))
            .with("stats_year", count(&self.stats_year))
            .with("collective_income", money(&self.collective_income_fen))
            .with("farmer_income", money(&self.farmer_income_fen))
            .with("assist_force", self.assist_force.clone().unwrap_or_default())
            .with("assisting_party", &self.assisting_party)
            .with("first_secretary", &self.first_secretary)
            .with("work_team", &self.work_team)
            .with("contact_phone", self.contact_phone.clone().unwrap_or_default())
            .with("notes", &self.notes)
    }

    /// Validates a draft; a village needs only its name.
    pub fn from_draft(id: &str, d: &Draft) -> Result<Village, Vec<FieldError>> {
        let mut c = Checker::default();
        let name = c.required("name", d.get("name"));
        let location = match optional(d.get("code")) {
            None => None,
            Some(code) => c.check("code", locate_village(code)).map(|loc| (code.to_string(), loc)),
        };
        let counts: Vec<Option<i64>> = [
            "total_households",
            "total_population",
            "dibao_households",
            "tekun_people",
            "disabled_people",
            "dangerous_houses",
            "stats_year",
        ]
        .iter()
        .map(|k| c.check(k, parse_count(d.get(k))).flatten())
        .collect();
        if let Some(year) = counts[6]
            && YearMonth::new(year as i32, 1).is_none()
        {
            c.fail("stats_year", Invalid::Number);
        }
        let collective = c.check("collective_income", parse_optional_fen(d.get("collective_income"))).flatten();
        let farmer = c.check("farmer_income", parse_optional_fen(d.get("farmer_income"))).flatten();
        let phone = c.check("contact_phone", parse_optional_phone(d.get("contact_phone"))).flatten();
        let typed_township = d.get("township").trim().to_string();
        c.finish(|| {
            let (code, township, county) = match location {
                Some((code, loc)) => (Some(code), loc.township, loc.county),
                None => (None, typed_township, String::new()),
            };
            Village {
                id: id.to_string(),
                code,
                name: name.unwrap_or_default(),
                township,
                county,
                key_village: d.flag("key_village"),
                exited: d.flag("exited"),
                total_households: counts[0],
                total_population: counts[1],
                dibao_households: counts[2],
                tekun_people: counts[3],
                disabled_people: counts[4],
                dangerous_houses: counts[5],
                stats_year: counts[6],
                collective_income_fen: collective,
                farmer_income_fen: farmer,
                assisting_party: d.get("assisting_party").trim().to_string(),
                assist_force: optional(d.get("assist_force")).map(str::to_string),
                first_secretary: d.get("first_secretary").trim().to_string(),
                work_team: d.get("work_team").trim().to_string(),
                contact_phone: phone,
                notes: d.get("notes").trim().to_string(),
            }
        })
    }
}

impl Record for Village {
    const TABLE: &'static str = "villages";
    fn id(&self) -> &str {
        &self.id
    }
    fn set_id(&mut self, id: String) {
        self.id = id;
    }
    fn columns(&self) -> Vec<(&'static str, FieldValue)> {
        vec![
            ("code", FieldValue::opt_text(self.code.as_deref())),
            ("name", FieldValue::text(&self.name)),
            ("township", FieldValue::text(&self.township)),
            ("county", FieldValue::text(&self.county)),
            ("key_village", FieldValue::flag(self.key_village)),
            ("exited", FieldValue::flag(self.exited)),
            ("total_households", FieldValue::opt_int(self.total_households)),
            ("total_population", FieldValue::opt_int(self.total_population)),
            ("dibao_households", FieldValue::opt_int(self.dibao_households)),
            ("tekun_people", FieldValue::opt_int(self.tekun_people)),
            ("disabled_people", FieldValue::opt_int(self.disabled_people)),
            ("dangerous_houses", FieldValue::opt_int(self.dangerous_houses)),
            ("stats_year", FieldValue::opt_int(self.stats_year)),
            ("collective_income_fen", FieldValue::opt_int(self.collective_income_fen)),
            ("farmer_income_fen", FieldValue::opt_int(self.farmer_income_fen)),
            ("assisting_party", FieldValue::text(&self.assisting_party)),
            ("assist_force", FieldValue::opt_text(self.assist_force.as_deref())),
            ("first_secretary", FieldValue::text(&self.first_secretary)),
            ("work_team", FieldValue::text(&self.work_team)),
            ("contact_phone", FieldValue::opt_text(self.contact_phone.as_deref())),
            ("notes", FieldValue::text(&self.notes)),
        ]
    }
    fn from_fields(id: String, f: &Fields) -> Self {
        Village {
            id,
            code: f.opt_text("code"),
            name: f.text("name"),
            township: f.text("township"),
            county: f.text("county"),
            key_village: f.flag("key_village"),
            exited: f.flag("exited"),
            total_households: f.opt_int("total_households"),
            total_population: f.opt_int("total_population"),
            dibao_households: f.opt_int("dibao_households"),
            tekun_people: f.opt_int("tekun_people"),
            disabled_people: f.opt_int("disabled_people"),
            dangerous_houses: f.opt_int("dangerous_houses"),
            stats_year: f.opt_int("stats_year"),
            collective_income_fen: f.opt_int("collective_income_fen"),
            farmer_income_fen: f.opt_int("farmer_income_fen"),
            assisting_party: f.text("assisting_party"),
            assist_force: f.opt_text("assist_force"),
            first_secretary: f.text("first_secretary"),
            work_team: f.text("work_team"),
            contact_phone: f.opt_text("contact_phone"),
            notes: f.text("notes"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(fields, ["name", "code", "total_households", "collective_income", "contact_phone"]);
    }

    #[test]
    fn draft_round_trip() {
        let d = Draft::default().with("name", "柳林村").with("collective_income", "12.5万").with("key_village", "1");
        let v = Village::from_draft("v1", &d).unwrap();
        assert_eq!(v.collective_income_fen, Some(12_500_000));
        let again = Village::from_draft("v1", &v.to_draft()).unwrap();
        assert_eq!(again, v);
    }
}

//! 家庭成员: one person of a household.

use super::dates::{format_date, parse_optional_date, stored_date};
use super::draft::flag_text;
use super::idnum::{ResidentId, parse_disability_cert, parse_resident_id};
use super::invalid::{Checker, optional};
use super::phone::parse_optional_phone;
use super::{Draft, FieldError, FieldValue, Fields, Invalid, Record};
use chrono::{Datelike, NaiveDate};

pub const ID_TYPE_RESIDENT: &str = "resident_id";
pub const ID_TYPE_DISABILITY: &str = "disability_cert";

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Member {
    pub id: String,
    pub household_id: String,
    pub name: String,
    pub id_number: Option<String>,
    pub id_type: Option<String>,
    pub relation: Option<String>,
    pub sex: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub ethnicity: Option<String>,
    pub education: Option<String>,
    pub schooling: Option<String>,
    pub health: Option<String>,
    pub labor_skill: Option<String>,
    pub work_status: Option<String>,
    pub medical_insurance: bool,
    pub serious_illness_insurance: bool,
    pub pension_insurance: bool,
    pub welfare: Option<String>,
    pub phone: Option<String>,
}

pub const FIELDS: &[&str] = &[
    "name",
    "id_type",
    "id_number",
    "relation",
    "sex",
    "birth_date",
    "ethnicity",
    "education",
    "schooling",
    "health",
    "labor_skill",
    "work_status",
    "medical_insurance",
    "serious_illness_insurance",
    "pension_insurance",
    "welfare",
    "phone",
];

const CODE_FIELDS: &[&str] =
    &["relation", "ethnicity", "education", "schooling", "health", "labor_skill", "work_status", "welfare"];

impl Member {
    /// Whole years of age on `today`.
    pub fn age_on(&self, today: NaiveDate) -> Option<i32> {
        let birth = self.birth_date?;
        let mut age = today.year() - birth.year();
        if (today.month(), today.day()) < (birth.month(), birth.day()) {
            age -= 1;
        }
        Some(age)
    }

    pub fn to_draft(&self) -> Draft {
        let code = |v: &Option<String>| v.clone().unwrap_or_default();
        Draft::default()
            .with("household_id", &self.household_id)
            .with("name", &self.name)
            .with("id_type", code(&self.id_type))
            .with("id_number", code(&self.id_number))
            .with("relation", code(&self.relation))
            .with("sex", code(&self.sex))
            .with("birth_date", self.birth_date.map(format_date).unwrap_or_default())
            .with("ethnicity", code(&self.ethnicity))
            .with("education", code(&self.education))
            .with("schooling", code(&self.schooling))
            .with("health", code(&self.health))
            .with("labor_skill", code(&self.labor_skill))
            .with("work_status", code(&self.work_status))
            .with("medical_insurance", flag_text(self.medical_insurance))
            .with("serious_illness_insurance", flag_text(self.serious_illness_insurance))
            .with("pension_insurance", flag_text(self.pension_insurance))
            .with("welfare", code(&self.welfare))
            .with("phone", code(&self.phone))
    }

    /// Validates a draft. With a valid ID number, sex and birth date follow from it:
    /// left empty they are filled in, typed differently they are refused.
    pub fn from_draft(id: &str, d: &Draft) -> Result<Member, Vec<FieldError>> {
        let mut c = Checker::default();
        let household_id = c.required("household_id", d.get("household_id"));
        let name = c.required("name", d.get("name"));
        let id_type = optional(d.get("id_type")).unwrap_or(ID_TYPE_RESIDENT).to_string();
        let resident: Option<ResidentId> = optional(d.get("id_number")).and_then(|text| {
            let parsed =
                if id_type == ID_TYPE_DISABILITY { parse_disability_cert(text) } else { parse_resident_id(text) };
            c.check("id_number", parsed)
        });
        let typed_birth = c.check("birth_date", parse_optional_date(d.get("birth_date"))).flatten();
        let typed_sex = optional(d.get("sex")).map(str::to_string);
        let mut birth_date = typed_birth;
        let mut sex = typed_sex.clone();
        if let Some(rid) = &resident {
            match typed_birth {
                Some(b) if b != rid.birth_date => c.fail("birth_date", Invalid::DisagreesWithId),
                _ => birth_date = Some(rid.birth_date),
            }
            match typed_sex.as_deref() {
                Some(s) if s != rid.sex.code() => c.fail("sex", Invalid::DisagreesWithId),
                _ => sex = Some(rid.sex.code().to_string()),
            }
        }
        let phone = c.check("phone", parse_optional_phone(d.get("phone"))).flatten();
        let code = |k: &str| optional(d.get(k)).map(str::to_string);
        debug_assert!(CODE_FIELDS.iter().all(|k| FIELDS.contains(k)));
        c.finish(|| Member {
            id: id.to_string(),
            household_id: household_id.unwrap_or_default(),
            name: name.unwrap_or_default(),
            id_type: resident.as_ref().map(|_| id_type.clone()),
            id_number: resident.map(|r| r.number),
            relation: code("relation"),
            sex,
            birth_date,
            ethnicity: code("ethnicity"),
            education: code("education"),
            schooling: code("schooling"),
            health: code("health"),
            labor_skill: code("labor_skill"),
            work_status: code("work_status"),
            medical_insurance: d.flag("medical_insurance"),
            serious_illness_insurance: d.flag("serious_illness_insurance"),
            pension_insurance: d.flag("pension_insurance"),
            welfare: code("welfare"),
            phone,
        })
    }
}

impl Record for Member {
    const TABLE: &'static str = "members";
    fn id(&self) -> &str {
        &self.id
    }
    fn set_id(&mut self, id: String) {
        self.id = id;
    }
    fn columns(&self) -> Vec<(&'static str, FieldValue)> {
        let t = |v: &Option<String>| FieldValue::opt_text(v.as_deref());
        vec![
            ("household_id", FieldValue::text(&self.household_id)),
            ("name", FieldValue::text(&self.name)),
            ("id_number", t(&self.id_number)),
            ("id_type", t(&self.id_type)),
            ("relation", t(&self.relation)),
            ("sex", t(&self.sex)),
            ("birth_date", FieldValue::opt_text(self.birth_date.map(format_date).as_deref())),
            ("ethnicity", t(&self.ethnicity)),
            ("education", t(&self.education)),
            ("schooling", t(&self.schooling)),
            ("health", t(&self.health)),
            ("labor_skill", t(&self.labor_skill)),
            ("work_status", t(&self.work_status)),
            ("medical_insurance", FieldValue::flag(self.medical_insurance)),
            ("serious_illness_insurance", FieldValue::flag(self.serious_illness_insurance)),
            ("pension_insurance", FieldValue::flag(self.pension_insurance)),
            ("welfare", t(&self.welfare)),
            ("phone", t(&self.phone)),
        ]
    }
    fn from_fields(id: String, f: &Fields) -> Self {
        Member {
            id,
            household_id: f.text("household_id"),
            name: f.text("name"),
            id_number: f.opt_text("id_number"),
            id_type: f.opt_text("id_type"),
            relation: f.opt_text("relation"),
            sex: f.opt_text("sex"),
            birth_date: stored_date(&f.text("birth_date")),
            ethnicity: f.opt_text("ethnicity"),
            education: f.opt_text("education"),
            schooling: f.opt_text("schooling"),
            health: f.opt_text("health"),
            labor_skill: f.opt_text("labor_skill"),
            work_status: f.opt_text("work_status"),
            medical_insurance: f.flag("medical_insurance"),
            serious_illness_insurance: f.flag("serious_illness_insurance"),
            pension_insurance: f.flag("pension_insurance"),
            welfare: f.opt_text("welfare"),
            phone: f.opt_text("phone"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::idnum::check_char;

    fn id_for(body: &str) -> String {
        format!("{body}{}", check_char(body).unwrap())
    }

    fn draft(id_number: &str) -> Draft {
        Draft::default().with("household_id", "h1").with("name", "王秀英").with("id_number", id_number)
    }

    #[test]
    fn sex_and_birth_date_follow_from_the_id() {
        let m = Member::from_draft("m1", &draft(&id_for("51190319650412004"))).unwrap();
        assert_eq!(m.sex.as_deref(), Some("female"));
        assert_eq!(m.birth_date, NaiveDate::from_ymd_opt(1965, 4, 12));
        assert_eq!(m.age_on(NaiveDate::from_ymd_opt(2026, 4, 11).unwrap()), Some(60));
        assert_eq!(m.age_on(NaiveDate::from_ymd_opt(2026, 4, 12).unwrap()), Some(61));
    }

    #[test]
    fn typed_sex_or_birth_date_that_disagree_are_refused() {
        let d = draft(&id_for("51190319650412004")).with("sex", "male").with("birth_date", "1965-04-13");
        let errors = Member::from_draft("m1", &d).unwrap_err();
        assert_eq!(
            errors,
            [FieldError::new("birth_date", Invalid::DisagreesWithId), FieldError::new("sex", Invalid::DisagreesWithId)]
        );
    }

    #[test]
    fn bad_id_number_names_the_field() {
        let errors = Member::from_draft("m1", &draft("511903196504120041")).unwrap_err();
        assert_eq!(errors[0].field, "id_number");
        assert!(matches!(errors[0].problem, Invalid::IdChecksum { .. }));
    }

    #[test]
    fn disability_certificate_as_id() {
        let d = draft(&format!("{}21", id_for("51190319650412004"))).with("id_type", ID_TYPE_DISABILITY);
        let m = Member::from_draft("m1", &d).unwrap();
        assert_eq!(m.id_number.as_deref().map(str::len), Some(20));
        assert_eq!(m.id_type.as_deref(), Some(ID_TYPE_DISABILITY));
    }

    #[test]
    fn a_person_without_id_number_yet() {
        let m = Member::from_draft("m1", &draft("").with("sex", "male").with("birth_date", "2019-6-1")).unwrap();
        assert_eq!(m.id_number, None);
        assert_eq!(m.birth_date, NaiveDate::from_ymd_opt(2019, 6, 1));
    }
}

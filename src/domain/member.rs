//! 家庭成员: one person of a household.

use super::Draft;
use super::field::{FieldDef, Kind};
use super::idnum::{parse_disability_cert, parse_resident_id};
use super::invalid::{Checker, Invalid};
use super::record::Validate;
use super::vocab::list;
use chrono::{Datelike, NaiveDate};

pub const ID_TYPE_RESIDENT: &str = "resident_id";
pub const ID_TYPE_DISABILITY: &str = "disability_cert";
/// 与户主关系 of the head of the household.
pub const RELATION_HEAD: &str = "self";
/// 劳动技能 of someone able to work (普通劳动力, 技能劳动力).
pub const ABLE_TO_WORK: [&str; 2] = ["ordinary", "skilled"];
/// 务工状况 of someone not working.
pub const NOT_WORKING: &str = "none";
/// The longest the kept columns of one person may be, in characters.
pub const EXTRA_MAX: usize = 20_000;

crate::record! {
    /// A member of a household.
    pub struct Member in "members" as "member" {
        household_id: String = FieldDef::new(Kind::Ref("households")).required().hidden(),
        name: String = FieldDef::new(Kind::Name).required(),
        /// The number before its type: nearly every one is a 居民身份证 (the type
        /// when none is chosen), so Tab goes from the name straight to the number.
        id_number: Option<String> = FieldDef::new(Kind::IdNumber).masked(),
        id_type: Option<String> = FieldDef::new(Kind::Code(list::ID_TYPE)),
        relation: Option<String> = FieldDef::new(Kind::Code(list::RELATION)),
        sex: Option<String> = FieldDef::new(Kind::Code(list::SEX)),
        birth_date: Option<NaiveDate> = FieldDef::new(Kind::Date).past(),
        ethnicity: Option<String> = FieldDef::new(Kind::Code(list::ETHNICITY)),
        education: Option<String> = FieldDef::new(Kind::Code(list::EDUCATION)),
        schooling: Option<String> = FieldDef::new(Kind::Code(list::SCHOOLING)),
        health: Option<String> = FieldDef::new(Kind::Code(list::HEALTH)),
        labor_skill: Option<String> = FieldDef::new(Kind::Code(list::LABOR_SKILL)),
        work_status: Option<String> = FieldDef::new(Kind::Code(list::WORK_STATUS)),
        medical_insurance: bool = FieldDef::new(Kind::Flag),
        serious_illness_insurance: bool = FieldDef::new(Kind::Flag),
        pension_insurance: bool = FieldDef::new(Kind::Flag),
        welfare: Option<String> = FieldDef::new(Kind::Code(list::WELFARE)),
        phone: Option<String> = FieldDef::new(Kind::Phone),
        /// 入户日期: empty when a member since birth or since before the ledger.
        joined_on: Option<NaiveDate> = FieldDef::new(Kind::Date).past(),
        /// 离户日期 and why; a member who left stays on record, no longer counted.
        left_on: Option<NaiveDate> = FieldDef::new(Kind::Date).past(),
        left_reason: Option<String> = FieldDef::new(Kind::Code(list::MEMBER_LEFT)),
        /// The national export's columns bangfu does not model, as they came (JSON, by
        /// header), written back on export.
        extra: String = FieldDef::new(Kind::Text(EXTRA_MAX)).hidden().col(&["national_extra"]),
    }
}

impl Member {
    /// Whole years of age on `today`.
    pub fn age_on(&self, today: NaiveDate) -> Option<i32> {
        self.birth_date.map(|birth| super::dates::age_on(birth, today))
    }

    /// The day the member turns `years` old (29 February birthdays on 1 March).
    pub fn birthday(&self, years: i32) -> Option<NaiveDate> {
        let birth = self.birth_date?;
        let year = birth.year() + years;
        NaiveDate::from_ymd_opt(year, birth.month(), birth.day()).or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
    }

    pub fn able_to_work(&self) -> bool {
        self.labor_skill.as_deref().is_some_and(|s| ABLE_TO_WORK.contains(&s))
    }

    /// Registered as working, or as able to work.
    pub fn registered_working(&self) -> bool {
        self.work_status.as_deref().is_some_and(|w| w != NOT_WORKING) || self.able_to_work()
    }

    /// Part of the household on `day`: joined (or born) by then and not yet left.
    pub fn belongs_on(&self, day: NaiveDate) -> bool {
        self.joined_on.or(self.birth_date).is_none_or(|from| from <= day) && self.left_on.is_none_or(|l| l > day)
    }

    /// Still part of the household (leaving is never dated ahead).
    pub fn is_current(&self) -> bool {
        self.left_on.is_none()
    }

    pub fn is_head(&self) -> bool {
        self.relation.as_deref() == Some(RELATION_HEAD)
    }
}

/// With a valid ID number, sex and birth date follow from it: left empty they are
/// filled in, typed differently they are refused.
impl Validate for Member {
    fn validate(&mut self, _draft: &Draft, c: &mut Checker) {
        self.check_stay(c);
        let Some(text) = self.id_number.clone() else {
            self.id_type = None;
            return;
        };
        let id_type = self.id_type.clone().unwrap_or_else(|| ID_TYPE_RESIDENT.to_string());
        let parsed =
            if id_type == ID_TYPE_DISABILITY { parse_disability_cert(&text) } else { parse_resident_id(&text) };
        let Some(rid) = c.check("id_number", parsed) else { return };
        match self.birth_date {
            Some(b) if b != rid.birth_date => c.fail("birth_date", Invalid::DisagreesWithId),
            _ => self.birth_date = Some(rid.birth_date),
        }
        match self.sex.as_deref() {
            Some(s) if s != rid.sex.code() => c.fail("sex", Invalid::DisagreesWithId),
            _ => self.sex = Some(rid.sex.code().to_string()),
        }
        self.id_number = Some(rid.number);
        self.id_type = Some(id_type);
    }
}

impl Member {
    /// Joined not before birth, left not before joining, and why when left.
    fn check_stay(&mut self, c: &mut Checker) {
        if let (Some(birth), Some(joined)) = (self.birth_date, self.joined_on)
            && joined < birth
        {
            c.fail("joined_on", Invalid::Before { other: "member.birth_date".into() });
        }
        let from = match self.joined_on {
            Some(joined) => Some((joined, "member.joined_on")),
            None => self.birth_date.map(|b| (b, "member.birth_date")),
        };
        if let (Some((from, other)), Some(left)) = (from, self.left_on)
            && left < from
        {
            c.fail("left_on", Invalid::Before { other: other.into() });
        }
        match self.left_on {
            Some(_) if self.left_reason.is_none() => c.fail("left_reason", Invalid::Required),
            None => self.left_reason = None,
            _ => {}
        }
    }
}

/// Who a person is, as far as guessing a relation goes: sex code, birth date, name.
pub type Person<'a> = (&'a str, NaiveDate, &'a str);

/// The relation to the head a member's ID most likely means, when it is clear: the
/// other sex within 15 years of the head's age is 配偶; with the head's surname,
/// 18–45 years younger 之子 or 之女 and 46 or more younger 之孙子 or 之孙女, 18–45
/// older a man 之父; 18–45 older a woman 之母. Anything else (a sibling, a
/// daughter-in-law or son-in-law — of another surname —, a gap of 15–17 years) is
/// left for the person to choose.
pub fn likely_relation(head: Person, member: Person) -> Option<&'static str> {
    let (head_sex, head_birth, head_name) = head;
    let (sex, birth, name) = member;
    let same_surname = head_name.chars().next().is_some_and(|s| name.starts_with(s));
    let male = match sex {
        "male" => true,
        "female" => false,
        _ => return None,
    };
    let younger_by =
        super::dates::age_on(head_birth, birth.max(head_birth)) - super::dates::age_on(birth, head_birth.max(birth));
    let pick = |m: &'static str, f: &'static str| Some(if male { m } else { f });
    match younger_by {
        -14..=14 if sex != head_sex => Some("spouse"),
        18..=45 if same_surname => pick("son", "daughter"),
        46.. if same_surname => pick("grandson", "granddaughter"),
        -45..=-18 if same_surname || !male => pick("father", "mother"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_relation_follows_from_the_ids_when_it_is_clear() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let head = ("male", d(1975, 6, 1), "张三");
        assert_eq!(likely_relation(head, ("female", d(1978, 2, 3), "李四")), Some("spouse"));
        assert_eq!(likely_relation(head, ("male", d(1978, 2, 3), "张五")), None, "a brother, or a cousin");
        assert_eq!(likely_relation(head, ("female", d(2001, 9, 9), "张小")), Some("daughter"));
        assert_eq!(likely_relation(head, ("female", d(2001, 9, 9), "王丽")), None, "a daughter-in-law, maybe");
        assert_eq!(likely_relation(head, ("male", d(1993, 6, 1), "张明")), Some("son"), "18 years to the day");
        assert_eq!(likely_relation(head, ("male", d(1992, 6, 2), "张明")), None, "17 years: unclear");
        assert_eq!(likely_relation(head, ("female", d(2022, 1, 1), "张朵")), Some("granddaughter"));
        assert_eq!(likely_relation(head, ("female", d(1950, 1, 1), "刘秀")), Some("mother"));
        assert_eq!(likely_relation(head, ("male", d(1950, 1, 1), "张福")), Some("father"));
        assert_eq!(likely_relation(head, ("male", d(1950, 1, 1), "刘福")), None, "a father-in-law");
        assert_eq!(likely_relation(head, ("", d(1950, 1, 1), "张福")), None);
    }
    use crate::domain::idnum::check_char;
    use crate::domain::{FieldError, Record};

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
        assert_eq!(m.birthday(16), NaiveDate::from_ymd_opt(1981, 4, 12));
        assert_eq!(m.id_type.as_deref(), Some(ID_TYPE_RESIDENT));
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
    fn full_width_digits_typed_by_an_input_method_are_read() {
        let wide: String =
            id_for("51190319650412004").chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)).collect();
        let m = Member::from_draft("m1", &draft(&wide)).unwrap();
        assert_eq!(m.id_number, Some(id_for("51190319650412004")));
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
        assert_eq!(Member::read_values("m1".into(), &m.values()), m);
    }
}

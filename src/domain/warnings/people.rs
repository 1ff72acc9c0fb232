//! What inspectors check about who lives in a household (docs/warnings.md, "The
//! household and its people"): its head, ages against relations, schooling and
//! education, the household's type against its monitoring category, incomes typed
//! below zero. Ages change with the days, so each warning holds for the days it is
//! true (from and until a birthday).

use super::{Fact, HouseholdInputs, Warning, household_warning, member_warning, rule};
use crate::domain::member::Member;
use crate::domain::vocab::list;
use chrono::NaiveDate;

/// Relations that are a generation below the head (之子, 之女 and their spouses, 之孙).
const YOUNGER_GENERATION: [&str; 6] = ["son", "daughter", "son_in_law", "daughter_in_law", "grandson", "granddaughter"];
/// 在校生状况 of someone in school.
const IN_SCHOOL: [&str; 5] = ["primary", "junior", "senior", "vocational", "higher"];
/// Age from which a child is of compulsory school age, and the age it ends at.
const SCHOOL_FROM: i32 = 7;
const SCHOOL_UNTIL: i32 = 16;
/// Age from which someone still in primary or junior school is unlikely.
const SCHOOL_CHILD_UNTIL: i32 = 18;

pub(super) fn household_people_rules(i: &HouseholdInputs, out: &mut Vec<Warning>) {
    let present: Vec<&Member> = i.members.iter().filter(|m| m.is_current()).collect();
    head_rules(i, &present, out);
    type_rule(i, out);
    dropout_rule(i, &present, out);
    for m in &present {
        born_after_today_rule(i, m, out);
        schooling_rules(i, m, out);
        education_rule(i, m, out);
    }
    for income in i.incomes {
        let negative: Vec<&str> = crate::domain::income::COMPONENTS
            .iter()
            .zip(income.components())
            .filter(|(_, fen)| *fen < 0)
            .map(|(key, _)| *key)
            .collect();
        if !negative.is_empty() {
            let facts = vec![("year", Fact::Number(income.year))];
            let mut w = household_warning(rule::INCOME_NEGATIVE, i, facts);
            w.table = "incomes".into();
            w.record_id = income.id.clone();
            out.push(w);
        }
    }
}

/// A birth date (typed, or read from the ID number) after the day the warning is read:
/// a mistyped number or date, since nobody is listed before being born. It holds until
/// that day.
fn born_after_today_rule(i: &HouseholdInputs, m: &Member, out: &mut Vec<Warning>) {
    let Some(birth) = m.birth_date else { return };
    let facts = vec![("birth", Fact::Date(birth))];
    out.push(member_warning(rule::BORN_AFTER_TODAY, i, m, facts).during(None, Some(birth)));
}

/// One head, at least sixteen; no child of the head older than the head.
fn head_rules(i: &HouseholdInputs, present: &[&Member], out: &mut Vec<Warning>) {
    let heads: Vec<&&Member> = present.iter().filter(|m| m.is_head()).collect();
    match heads.as_slice() {
        [] if !present.is_empty() => out.push(household_warning(rule::HEAD_MISSING, i, vec![])),
        [] => {}
        [head] => {
            if let (Some(birth), Some(adult)) = (head.birth_date, head.birthday(16)) {
                let facts = vec![("age", Fact::AgeOf(birth))];
                out.push(member_warning(rule::HEAD_UNDER_16, i, head, facts).during(None, Some(adult)));
            }
            younger_generation_rule(i, head, present, out);
        }
        several => {
            let names: Vec<&str> = several.iter().map(|m| m.name.as_str()).collect();
            out.push(household_warning(rule::HEAD_TWICE, i, vec![("heads", Fact::Text(names.join("、")))]));
        }
    }
}

fn younger_generation_rule(i: &HouseholdInputs, head: &Member, present: &[&Member], out: &mut Vec<Warning>) {
    let Some(head_birth) = head.birth_date else { return };
    for m in present {
        let younger = m.relation.as_deref().is_some_and(|r| YOUNGER_GENERATION.contains(&r));
        if younger && m.birth_date.is_some_and(|b| b < head_birth) {
            let facts = vec![
                ("relation", Fact::Code { list: list::RELATION.into(), code: m.relation.clone().unwrap_or_default() }),
                ("head", Fact::Text(head.name.clone())),
            ];
            out.push(member_warning(rule::OLDER_THAN_HEAD, i, m, facts));
        }
    }
}

/// 脱贫不稳定户 come from 脱贫户; 边缘易致贫户 from 一般农户 (突发严重困难户 from either).
fn type_rule(i: &HouseholdInputs, out: &mut Vec<Warning>) {
    let h = i.household;
    let expected = match h.monitor_category.as_deref() {
        Some("unstable") => "lifted",
        Some("marginal") => "ordinary",
        _ => return,
    };
    if let Some(actual) = h.household_type.as_deref().filter(|t| *t != expected) {
        let code = |list: &str, code: &str| Fact::Code { list: list.into(), code: code.into() };
        let facts = vec![
            ("type", code(list::HOUSEHOLD_TYPE, actual)),
            ("category", code(list::MONITOR_CATEGORY, h.monitor_category.as_deref().unwrap_or(""))),
            ("expected", code(list::HOUSEHOLD_TYPE, expected)),
        ];
        out.push(household_warning(rule::TYPE_CATEGORY_MISMATCH, i, facts));
    }
}

/// A member registered 失学辍学 while the household says no child has dropped out.
fn dropout_rule(i: &HouseholdInputs, present: &[&Member], out: &mut Vec<Warning>) {
    if i.household.school_dropout == Some(true) {
        return;
    }
    if let Some(m) = present.iter().find(|m| m.schooling.as_deref() == Some("dropout")) {
        out.push(member_warning(rule::DROPOUT_NOT_FLAGGED, i, m, vec![]));
    }
}

/// A child of compulsory school age registered 非在校生; an adult still in primary or
/// junior school.
fn schooling_rules(i: &HouseholdInputs, m: &Member, out: &mut Vec<Warning>) {
    let (Some(birth), Some(schooling)) = (m.birth_date, m.schooling.as_deref()) else { return };
    let age = vec![("age", Fact::AgeOf(birth))];
    if schooling == "none" {
        let w = member_warning(rule::SCHOOL_AGE_NOT_IN_SCHOOL, i, m, age);
        out.push(w.during(m.birthday(SCHOOL_FROM), m.birthday(SCHOOL_UNTIL)));
    } else if IN_SCHOOL.get(..2).is_some_and(|young| young.contains(&schooling)) {
        let w = member_warning(rule::SCHOOLING_AGE, i, m, age);
        out.push(w.during(m.birthday(SCHOOL_CHILD_UNTIL), None));
    }
}

/// 文化程度 a person cannot have reached at their age: 学龄前 past seven, 高中/中专
/// before fifteen, 大专及以上 before eighteen.
fn education_rule(i: &HouseholdInputs, m: &Member, out: &mut Vec<Warning>) {
    let (Some(birth), Some(education)) = (m.birth_date, m.education.as_deref()) else { return };
    let (from, until): (Option<NaiveDate>, Option<NaiveDate>) = match education {
        "preschool" => (m.birthday(SCHOOL_FROM), None),
        "senior" | "vocational" => (None, m.birthday(15)),
        "college" => (None, m.birthday(18)),
        _ => return,
    };
    let facts = vec![
        ("age", Fact::AgeOf(birth)),
        ("education", Fact::Code { list: list::EDUCATION.into(), code: education.into() }),
    ];
    out.push(member_warning(rule::EDUCATION_AGE, i, m, facts).during(from, until));
}

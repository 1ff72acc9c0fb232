//! The label catalogs: every user-visible text, in Chinese and English.
//! A key missing from a catalog shows as the key itself, so it is noticed, not hidden.

use crate::domain::vocab::Lang;
use crate::domain::{FieldError, Invalid};
use crate::store::StoreError;
use std::collections::HashMap;
use std::sync::OnceLock;

const ZH: &str = include_str!("../../assets/labels/zh.tsv");
const EN: &str = include_str!("../../assets/labels/en.tsv");

pub struct Labels {
    pub lang: Lang,
    map: HashMap<&'static str, &'static str>,
}

fn parse(text: &'static str) -> HashMap<&'static str, &'static str> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(k, v)| (k.trim(), v))
        .collect()
}

impl Labels {
    pub fn get(lang: Lang) -> &'static Labels {
        static ZH_LABELS: OnceLock<Labels> = OnceLock::new();
        static EN_LABELS: OnceLock<Labels> = OnceLock::new();
        match lang {
            Lang::Zh => ZH_LABELS.get_or_init(|| Labels { lang, map: parse(ZH) }),
            Lang::En => EN_LABELS.get_or_init(|| Labels { lang, map: parse(EN) }),
        }
    }

    pub fn t<'a>(&self, key: &'a str) -> &'a str
    where
        'static: 'a,
    {
        self.map.get(key).copied().unwrap_or(key)
    }

    /// A label with `{name}` placeholders filled in.
    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut text = self.t(key).to_string();
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    pub fn keys(&self) -> impl Iterator<Item = &&'static str> {
        self.map.keys()
    }

    /// The label of a field of a form (`village.name`), falling back to a shared one.
    pub fn field(&self, form: &str, field: &str) -> &'static str {
        let key = format!("{form}.{field}");
        self.map.get(key.as_str()).or_else(|| self.map.get(format!("field.{field}").as_str())).copied().unwrap_or("?")
    }

    /// A list column's header: a shorter word where the field's label would not fit
    /// its column (`col.village.code` 区划代码 for 统计用区划代码), else the label.
    pub fn column(&self, form: &str, field: &str) -> &'static str {
        let key = format!("col.{form}.{field}");
        self.map.get(key.as_str()).copied().unwrap_or_else(|| self.field(form, field))
    }

    pub fn problem(&self, problem: &Invalid) -> String {
        match problem {
            Invalid::Required => self.t("invalid.required").into(),
            Invalid::IdLength => self.t("invalid.id_length").into(),
            Invalid::IdDigits => self.t("invalid.id_digits").into(),
            Invalid::IdBirthDate => self.t("invalid.id_birth_date").into(),
            Invalid::IdChecksum { expected } => self.f("invalid.id_checksum", &[("expected", &expected.to_string())]),
            Invalid::CertLength => self.t("invalid.cert_length").into(),
            Invalid::CertCategory => self.t("invalid.cert_category").into(),
            Invalid::Phone => self.t("invalid.phone").into(),
            Invalid::Money => self.t("invalid.money").into(),
            Invalid::Date => self.t("invalid.date").into(),
            Invalid::MonthForDate => self.t("invalid.month_for_date").into(),
            Invalid::Month => self.t("invalid.month").into(),
            Invalid::Number => self.t("invalid.number").into(),
            Invalid::DivisionCode => self.t("invalid.division_code").into(),
            Invalid::UnknownTownship => self.t("invalid.unknown_township").into(),
            Invalid::TooMany { max } => self.f("invalid.too_many", &[("max", &max.to_string())]),
            Invalid::TooLong { max } => self.f("invalid.too_long", &[("max", &max.to_string())]),
            Invalid::NotAChoice => self.t("invalid.not_a_choice").into(),
            Invalid::DisagreesWithId => self.t("invalid.disagrees_with_id").into(),
            Invalid::Before { other } => self.f("invalid.before", &[("other", self.t(other))]),
            Invalid::Percent => self.t("invalid.percent").into(),
            Invalid::NeedsSubject => self.t("invalid.needs_subject").into(),
            Invalid::Duplicate { holder } => self.f("invalid.duplicate", &[("holder", holder)]),
            Invalid::MalformedId => self.t("invalid.malformed_id").into(),
            Invalid::UnknownField => self.t("invalid.unknown_field").into(),
            Invalid::AboveLimit => self.t("invalid.above_limit").into(),
            Invalid::NoSuchDay { month, day } => {
                self.f("invalid.no_such_day", &[("month", &month.to_string()), ("day", &day.to_string())])
            }
            Invalid::Negative => self.t("invalid.negative").into(),
            Invalid::NotPositive => self.t("invalid.not_positive").into(),
            Invalid::OtherField { other } => self.f("invalid.other_field", &[("other", self.t(other))]),
            Invalid::IdOld15 { new } => self.f("invalid.id_old15", &[("new", new)]),
            Invalid::AboveArrived { arrived } => self.f("invalid.above_arrived", &[("arrived", arrived)]),
            Invalid::Future { today } => self.f("invalid.future", &[("today", today)]),
            Invalid::MissingRecord => self.t("invalid.missing_record").into(),
            Invalid::IdRegion => self.t("invalid.id_region").into(),
            Invalid::PhoneNeedsArea => self.t("invalid.phone_needs_area").into(),
            Invalid::NameLetters => self.t("invalid.name_letters").into(),
            Invalid::ControlCharacter => self.t("invalid.control_character").into(),
            Invalid::Year => self.t("invalid.year").into(),
            Invalid::MonthDays { days } => self.f("invalid.month_days", &[("days", &days.to_string())]),
            Invalid::Range { min, max } => {
                self.f("invalid.range", &[("min", &min.to_string()), ("max", &max.to_string())])
            }
        }
    }

    /// One sentence for each way the ledger file can fail.
    pub fn store_error(&self, e: &StoreError) -> String {
        match e {
            StoreError::NotALedger { path } => self.f("error.not_ledger", &[("path", &path.display().to_string())]),
            StoreError::TooNew { path, found, supported } => self.f(
                "error.too_new",
                &[
                    ("path", &path.display().to_string()),
                    ("found", &found.to_string()),
                    ("supported", &supported.to_string()),
                ],
            ),
            StoreError::Io { path, source } => {
                self.f("error.io", &[("path", &path.display().to_string()), ("detail", &source.to_string())])
            }
            StoreError::Busy => self.t("error.busy").to_string(),
            StoreError::ReadOnly => self.t("error.read_only").to_string(),
            StoreError::NeedsRollback => self.t("error.needs_rollback").to_string(),
            StoreError::ReadOnlyOld { found } => self.f("error.read_only_old", &[("found", &found.to_string())]),
            StoreError::DeletedMeanwhile { .. } => self.t("error.deleted_meanwhile").to_string(),
            StoreError::Clash(clashes) => {
                let fields: Vec<&str> = clashes.iter().map(|c| c.field).collect();
                self.f("error.clash", &[("fields", &fields.join(self.t("common.list_separator")))])
            }
            StoreError::OtherLedger { path } => self.f("error.other_ledger", &[("path", &path.display().to_string())]),
            StoreError::NotFound { table, id } => self.f("error.not_found", &[("table", table), ("id", id)]),
            StoreError::Empty { path } => self.f("error.empty_file", &[("path", &path.display().to_string())]),
            StoreError::Truncated { path, bytes } => {
                self.f("error.truncated", &[("path", &path.display().to_string()), ("bytes", &bytes.to_string())])
            }
            StoreError::Damaged { path, detail } => {
                self.f("error.damaged", &[("path", &path.display().to_string()), ("detail", detail)])
            }
            StoreError::Corrupt(detail) => self.f("error.corrupt", &[("detail", detail)]),
            StoreError::JournalPending { path } => {
                self.f("error.journal_pending", &[("path", &path.display().to_string())])
            }
            StoreError::IsFolder { path } => self.f("error.is_folder", &[("path", &path.display().to_string())]),
            StoreError::NoFolder { path } => self.f("error.no_folder", &[("path", &path.display().to_string())]),
            StoreError::MoneyOverflow => self.t("error.money_overflow").to_string(),
            StoreError::Refused(problems) => self.f("error.refused", &[("n", &problems.len().to_string())]),
            StoreError::Sqlite(e) => self.f("error.database", &[("detail", &e.to_string())]),
        }
    }

    /// "证件号码：校验位不符：按前17位应为 X，请逐位核对号码，错处未必在末位" — names the field and what it expects.
    pub fn field_error(&self, form: &str, e: &FieldError) -> String {
        self.f("invalid.sentence", &[("field", self.field(form, e.field)), ("problem", &self.problem(&e.problem))])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogs_have_the_same_keys() {
        let zh: std::collections::BTreeSet<_> = Labels::get(Lang::Zh).keys().collect();
        let en: std::collections::BTreeSet<_> = Labels::get(Lang::En).keys().collect();
        let only_zh: Vec<_> = zh.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&zh).collect();
        assert!(only_zh.is_empty() && only_en.is_empty(), "only zh: {only_zh:?}; only en: {only_en:?}");
    }

    #[test]
    fn an_error_names_field_and_expectation() {
        let l = Labels::get(Lang::Zh);
        let e = FieldError::new("id_number", Invalid::IdChecksum { expected: 'X' });
        assert_eq!(l.field_error("member", &e), "证件号码：校验位不符：按前17位应为 X，请逐位核对号码，错处未必在末位");
        let en = Labels::get(Lang::En);
        assert_eq!(
            en.field_error("member", &e),
            "ID number: check character does not match: the first 17 give X; check every digit, the typo may be elsewhere"
        );
    }
}

#[cfg(test)]
mod declared {
    use super::*;
    use crate::app::{RecordKind, Tab};

    /// How many tabs there are is counted from the tabs, never written into a hint.
    #[test]
    fn no_label_counts_the_tabs_itself() {
        for lang in [Lang::Zh, Lang::En] {
            let fixed: Vec<&&str> =
                Labels::get(lang).keys().filter(|k| Labels::get(lang).t(k).contains("1-8")).collect();
            assert!(fixed.is_empty(), "{lang:?}: {fixed:?}");
        }
    }

    /// A field declared without its label would show as "?" in forms and exports.
    #[test]
    fn every_declared_field_tab_and_view_has_its_label() {
        for lang in [Lang::Zh, Lang::En] {
            let l = Labels::get(lang);
            let mut missing = Vec::new();
            // Every kind the registry declares (attendance and arrivals were missing
            // from a list kept here by hand).
            for kind in RecordKind::ALL {
                let def = kind.def();
                for f in def.fields {
                    if l.field(def.prefix, f.key) == "?" {
                        missing.push(format!("{}.{}", def.prefix, f.key));
                    }
                }
                // The record's name, and its table's (bangfu check counts it by that).
                for key in [format!("record.{}", def.prefix), format!("table.{}", def.table)] {
                    if l.t(&key) == key {
                        missing.push(key);
                    }
                }
            }
            for tab in Tab::ALL {
                for key in std::iter::once(tab.label_key()).chain(tab.def().views.iter().map(|v| v.label)) {
                    if !key.is_empty() && l.t(key) == key {
                        missing.push(key.to_string());
                    }
                }
            }
            for key in [
                "invalid.control_character",
                "invalid.year",
                "invalid.range",
                "progress.upgrade",
                "progress.rebuild",
                "check.orphan",
                "visit.create_task",
            ] {
                if l.t(key) == key {
                    missing.push(key.to_string());
                }
            }
            assert!(missing.is_empty(), "{lang:?}: {missing:?}");
        }
    }
}

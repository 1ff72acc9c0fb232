//! What each list adds to its records, as typed rows: each field declared once with
//! the SQL that reads it (`village_name: String = "v.name"`), so the SELECT and the
//! struct a tab reads come from one declaration, and a tab reading a column the row
//! does not declare does not compile (which row a list gives is the list's: a test
//! reads every list's rows against the records). A list's rows are its record (`ListRow::record`)
//! and these (`ListRow::extras`).

use crate::domain::FieldValue;
use chrono::NaiveDate;

/// A value of a list's row as its type.
trait FromValue {
    fn from_value(value: Option<&FieldValue>) -> Self;
}

impl FromValue for String {
    fn from_value(value: Option<&FieldValue>) -> Self {
        value.map(FieldValue::to_text).unwrap_or_default()
    }
}

impl FromValue for i64 {
    fn from_value(value: Option<&FieldValue>) -> Self {
        value.and_then(FieldValue::as_int).unwrap_or(0)
    }
}

impl FromValue for bool {
    fn from_value(value: Option<&FieldValue>) -> Self {
        i64::from_value(value) != 0
    }
}

impl FromValue for Option<NaiveDate> {
    fn from_value(value: Option<&FieldValue>) -> Self {
        crate::domain::dates::stored_date(&String::from_value(value))
    }
}

/// The columns a list adds after its record's, read in the order declared.
pub trait ListExtras: Sized {
    /// `, expr AS name, …`: what the list's SELECT adds.
    const COLUMNS: &'static str;
    fn read(values: &[FieldValue]) -> Self;
}

macro_rules! list_row {
    ($(#[$meta:meta])* pub struct $name:ident {
        $($(#[$fmeta:meta])* $field:ident : $ty:ty = $sql:literal),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Default)]
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty),+
        }

        impl ListExtras for $name {
            const COLUMNS: &'static str = concat!($(", ", $sql, " AS ", stringify!($field)),+);
            fn read(values: &[FieldValue]) -> Self {
                let mut values = values.iter();
                $name { $($field: FromValue::from_value(values.next())),+ }
            }
        }
    };
}

list_row! {
    /// A village's households and monitored households.
    pub struct VillageRow {
        households: i64 = "(SELECT count(*) FROM households h WHERE h.village_id = t.id AND h.deleted = 0)",
        monitored: i64 = "(SELECT count(*) FROM households h WHERE h.village_id = t.id AND h.deleted = 0
            AND h.monitor_category IS NOT NULL)",
    }
}

list_row! {
    /// A household's village and what its derived facts say (households, the due list).
    pub struct HouseholdRow {
        village_name: String = "v.name",
        member_count: i64 = "f.member_count",
        next_due: Option<NaiveDate> = "f.next_due",
        last_visit: Option<NaiveDate> = "f.last_visit",
    }
}

list_row! {
    /// A project's village.
    pub struct ProjectRow {
        village_name: String = "v.name",
    }
}

list_row! {
    /// Whom a visit went to.
    pub struct VisitRow {
        head_name: String = "h.head_name",
        village_name: String = "v.name",
    }
}

list_row! {
    /// What a task concerns, by name: a village, a household (with its village) or a project.
    pub struct TaskRow {
        subject_name: String = "CASE t.subject_kind
            WHEN 'village' THEN (SELECT name FROM villages WHERE id = t.subject_id)
            WHEN 'household' THEN (SELECT coalesce(v.name || ' ', '') || h.head_name FROM households h
                LEFT JOIN villages v ON v.id = h.village_id WHERE h.id = t.subject_id)
            WHEN 'project' THEN (SELECT name FROM projects WHERE id = t.subject_id) END",
    }
}

list_row! {
    /// The villages a person works in, by name.
    pub struct CadreRow {
        village_names: String = "(SELECT group_concat(v.name, '、') FROM villages v
            WHERE instr(',' || t.villages || ',', ',' || v.id || ',') > 0)",
    }
}

list_row! {
    /// A line of 设置: a monitoring line, a visit rule or an assessment weight
    /// (`kind`), in the columns of the union that lists them (settings_rows.rs).
    pub struct SettingRow {
        id: String = "t.id",
        kind: String = "t.kind",
        province: String = "t.province",
        year: String = "t.year",
        amount_fen: i64 = "t.amount_fen",
        source: String = "t.source",
        wait_months: String = "t.wait_months",
        identification_days: String = "t.identification_days",
        group_code: String = "t.group_code",
        visits: i64 = "t.visits",
        period: String = "t.period",
        home_only: bool = "t.home_only",
        weight_text: String = "t.weight_text",
        weight_default: i64 = "t.weight_default",
    }
}

/// What a line of 设置 is (`SettingRow::kind`, as settings_rows.rs writes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    Threshold,
    VisitRule,
    Weight,
}

pub(super) const THRESHOLD: &str = "threshold";
pub(super) const VISIT_RULE: &str = "visit_rule";
pub(super) const WEIGHT: &str = "weight";

impl SettingRow {
    pub fn setting(&self) -> Option<Setting> {
        match self.kind.as_str() {
            THRESHOLD => Some(Setting::Threshold),
            VISIT_RULE => Some(Setting::VisitRule),
            WEIGHT => Some(Setting::Weight),
            _ => None,
        }
    }
}

list_row! {
    /// A warning as the warnings list reads it.
    pub struct WarningRow {
        id: String = "CAST(t.rowid AS TEXT)",
        rule: String = "t.rule",
        table_name: String = "t.table_name",
        record_id: String = "t.record_id",
        household_id: String = "t.household_id",
        facts: String = "t.facts",
        active_from: Option<NaiveDate> = "t.active_from",
        active_until: Option<NaiveDate> = "t.active_until",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_columns_follow_the_declaration() {
        assert_eq!(ProjectRow::COLUMNS, ", v.name AS village_name");
        assert!(SettingRow::COLUMNS.starts_with(", t.id AS id, t.kind AS kind"));
        let row = VisitRow::read(&[FieldValue::text("王芳"), FieldValue::Null]);
        assert_eq!(row, VisitRow { head_name: "王芳".into(), village_name: String::new() });
    }
}

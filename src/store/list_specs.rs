//! How each list is read (`Spec`): from where, in which order, with which of its
//! own columns, filtered by which search keys — one per kind of list (`spec`), and
//! the lists made from a declaration (`record_list.rs`).

use super::list_rows::{
    CadreRow, HouseholdRow, ListExtras, ProjectRow, SettingRow, TaskRow, VillageRow, VisitRow, WarningRow,
};
use super::lists::{ListKind, ListQuery, TaskView};
use crate::domain::FieldValue;
use crate::domain::cadre::Cadre;
use crate::domain::field::RecordDef;
use crate::domain::household::Household;
use crate::domain::project::Project;
use crate::domain::record::Record;
use crate::domain::task::Task;
use crate::domain::village::Village;
use crate::domain::visit::Visit;
use chrono::NaiveDate;

/// How one list is read: from where, in which order, filtered by which keys.
pub(super) struct Spec {
    pub(super) record: Option<&'static RecordDef>,
    /// Columns besides the record's (`v.name AS village_name`), or all of them when
    /// the list is not of one record type.
    pub(super) extras: Text,
    pub(super) from: Text,
    /// The same, made to read the list's order index (a filter checked row by row).
    pub(super) ordered_from: Text,
    /// The row's id in `from` (a record's id, or a warning's row number).
    pub(super) id: &'static str,
    /// What `count` needs (no joins for display only), and the row's id in it.
    pub(super) count_from: Text,
    pub(super) count_id: &'static str,
    /// How many rows the list has without a filter, read fast (`None`: counted).
    pub(super) total: Option<&'static str>,
    pub(super) base: String,
    /// The order: expressions read in one direction, ending with a unique one.
    pub(super) order: Vec<Text>,
    pub(super) descending: bool,
    /// Each term of a filter must match one of these: (column, search table).
    pub(super) sources: Vec<(Text, &'static str)>,
    pub(super) params: Vec<FieldValue>,
    /// Grows with the years: never counted row by row under a broad filter.
    pub(super) big: bool,
}

/// SQL text of a list: written here (static) or made from a declaration.
pub(super) type Text = std::borrow::Cow<'static, str>;

fn texts(items: &'static [&'static str]) -> Vec<Text> {
    items.iter().map(|t| Text::Borrowed(*t)).collect()
}

fn sources(items: &'static [(&'static str, &'static str)]) -> Vec<(Text, &'static str)> {
    items.iter().map(|(c, t)| (Text::Borrowed(*c), *t)).collect()
}

fn day(d: NaiveDate) -> FieldValue {
    FieldValue::Text(crate::domain::dates::format_date(d))
}

/// Whether a task is finished, and its deadline (none last), as the order index of
/// tasks has them (an expression must be written as the index writes it to use it).
const CLOSED: &str = "(t.status IN ('done', 'closed'))";
const DUE_ORDER: &str = "(CASE WHEN t.status IN ('done', 'closed') THEN '' ELSE coalesce(t.deadline, '9999') END)";

pub(super) fn spec(q: &ListQuery) -> Spec {
    let live = "t.deleted = 0".to_string();
    match q.kind {
        ListKind::Records(list) => super::record_list::record_spec(list, q.today),
        ListKind::Villages => Spec {
            record: Some(Village::DEF),
            extras: VillageRow::COLUMNS.into(),
            from: "villages t".into(),
            ordered_from: "villages t".into(),
            id: "t.id",
            count_from: "villages t".into(),
            count_id: "t.id",
            total: None,
            base: live,
            order: texts(&["t.code IS NULL", "coalesce(t.code, '')", "t.name", "t.id"]),
            descending: false,
            sources: sources(&[("t.id", "villages")]),
            params: vec![],
            big: false,
        },
        ListKind::Households => Spec {
            record: Some(Household::DEF),
            extras: HouseholdRow::COLUMNS.into(),
            from: "derived_households f JOIN households t ON t.id = f.household_id
                   LEFT JOIN villages v ON v.id = t.village_id"
                .into(),
            ordered_from: "derived_households f INDEXED BY derived_households_order
                   JOIN households t ON t.id = f.household_id LEFT JOIN villages v ON v.id = t.village_id"
                .into(),
            id: "t.id",
            count_from: "derived_households f".into(),
            count_id: "f.household_id",
            total: Some("SELECT live FROM derived_counts WHERE table_name = 'households'"),
            // A household has derived facts while it is live.
            base: "1".into(),
            order: texts(&["f.sort_key"]),
            descending: false,
            sources: sources(&[("f.household_id", "households"), ("f.village_id", "villages")]),
            params: vec![],
            big: true,
        },
        ListKind::VisitsDue => Spec {
            record: Some(Household::DEF),
            extras: HouseholdRow::COLUMNS.into(),
            from: "derived_households f JOIN households t ON t.id = f.household_id
                   LEFT JOIN villages v ON v.id = t.village_id"
                .into(),
            ordered_from: "derived_households f JOIN households t ON t.id = f.household_id
                   LEFT JOIN villages v ON v.id = t.village_id"
                .into(),
            id: "t.id",
            count_from: "derived_households f".into(),
            count_id: "f.household_id",
            total: None,
            base: "f.next_due IS NOT NULL AND f.next_due <= ?".into(),
            order: texts(&["f.next_due", "f.sort_key"]),
            descending: false,
            sources: sources(&[("f.household_id", "households"), ("f.village_id", "villages")]),
            params: vec![day(q.today + chrono::Days::new(crate::domain::schedule::DUE_SOON_DAYS as u64))],
            big: false,
        },
        ListKind::Projects => Spec {
            record: Some(Project::DEF),
            extras: ProjectRow::COLUMNS.into(),
            from: "projects t LEFT JOIN villages v ON v.id = t.village_id".into(),
            ordered_from: "projects t INDEXED BY projects_order LEFT JOIN villages v ON v.id = t.village_id".into(),
            id: "t.id",
            count_from: "projects t".into(),
            count_id: "t.id",
            total: Some("SELECT live FROM derived_counts WHERE table_name = 'projects'"),
            base: live,
            order: texts(&["coalesce(t.start_month, '')", "t.id"]),
            descending: true,
            sources: sources(&[("t.id", "projects"), ("t.village_id", "villages")]),
            params: vec![],
            big: true,
        },
        ListKind::Visits => Spec {
            record: Some(Visit::DEF),
            extras: VisitRow::COLUMNS.into(),
            from:
                "visits t LEFT JOIN households h ON h.id = t.household_id LEFT JOIN villages v ON v.id = t.village_id"
                    .into(),
            ordered_from: "visits t INDEXED BY visits_order LEFT JOIN households h ON h.id = t.household_id
                   LEFT JOIN villages v ON v.id = t.village_id"
                .into(),
            id: "t.id",
            count_from: "visits t".into(),
            count_id: "t.id",
            total: Some("SELECT live FROM derived_counts WHERE table_name = 'visits'"),
            base: live,
            order: texts(&["t.date", "t.id"]),
            descending: true,
            sources: sources(&[
                ("t.household_id", "households"),
                ("t.village_id", "villages"),
                ("t.visitors", "visitors"),
            ]),
            params: vec![],
            big: true,
        },
        ListKind::Tasks(view) => {
            let (condition, params, total) = match view {
                TaskView::All => {
                    (String::new(), vec![], Some("SELECT live FROM derived_counts WHERE table_name = 'tasks'"))
                }
                TaskView::Open => (format!(" AND {CLOSED} = 0"), vec![], None),
                TaskView::Closed => (format!(" AND {CLOSED} = 1"), vec![], None),
                TaskView::Overdue => (format!(" AND {CLOSED} = 0 AND {DUE_ORDER} < ?"), vec![day(q.today)], None),
            };
            Spec {
                record: Some(Task::DEF),
                extras: TaskRow::COLUMNS.into(),
                from: "tasks t".into(),
                ordered_from: "tasks t INDEXED BY tasks_order".into(),
                id: "t.id",
                count_from: "tasks t".into(),
                count_id: "t.id",
                total,
                base: format!("{live}{condition}"),
                order: texts(&[CLOSED, DUE_ORDER, "t.id"]),
                descending: false,
                sources: sources(&[
                    ("t.id", "tasks"),
                    ("t.subject_id", "households"),
                    ("t.subject_id", "villages"),
                    ("t.subject_id", "projects"),
                ]),
                params,
                big: true,
            }
        }
        ListKind::People => Spec {
            record: Some(Cadre::DEF),
            extras: CadreRow::COLUMNS.into(),
            from: "cadres t".into(),
            ordered_from: "cadres t".into(),
            id: "t.id",
            count_from: "cadres t".into(),
            count_id: "t.id",
            total: None,
            base: live,
            order: texts(&["t.name", "t.id"]),
            descending: false,
            sources: sources(&[("t.id", "cadres")]),
            params: vec![],
            big: false,
        },
        ListKind::Settings => Spec {
            record: None,
            extras: SettingRow::COLUMNS.into(),
            from: super::settings_rows::SETTINGS_FROM.as_str().into(),
            ordered_from: super::settings_rows::SETTINGS_FROM.as_str().into(),
            id: "t.id",
            count_from: super::settings_rows::SETTINGS_FROM.as_str().into(),
            count_id: "t.id",
            total: None,
            base: "1".into(),
            order: texts(&["t.rank", "t.province", "t.year_order", "t.id"]),
            descending: false,
            sources: sources(&[]),
            params: vec![],
            big: false,
        },
        ListKind::Warnings => Spec {
            record: None,
            extras: WarningRow::COLUMNS.into(),
            from: "derived_warnings t".into(),
            ordered_from: "derived_warnings t".into(),
            id: "t.rowid",
            count_from: "derived_warnings t".into(),
            count_id: "t.rowid",
            total: None,
            base: "(t.active_from IS NULL OR t.active_from <= ?) AND (t.active_until IS NULL OR t.active_until > ?)"
                .into(),
            order: texts(&["t.sort_key", "t.rowid"]),
            descending: false,
            sources: sources(&[]),
            params: vec![day(q.today), day(q.today)],
            big: false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::task::{STATUS_CLOSED, STATUS_DONE};

    /// The SQL of the task lists names the statuses that end a task as the domain does.
    #[test]
    fn closed_statuses_match_the_domain() {
        for status in ["not_started", "in_progress", STATUS_DONE, STATUS_CLOSED] {
            let closed_in_sql = CLOSED.contains(&format!("'{status}'"));
            assert!(CLOSED.starts_with("(t.status IN ("));
            assert_eq!(closed_in_sql, !crate::domain::task::is_open_status(status), "{status}");
        }
    }
}

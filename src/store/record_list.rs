//! A list of one kind's records made from its declaration: the fields a view shows
//! and orders by, the names of the records its references point at, whether a
//! warning holds for it today, and the search the registry gives the kind. A kind
//! with a list of this sort needs no SQL of its own (docs/records.md, "Cost of change").

use super::list_specs::{Spec, Text};
use crate::domain::field::{FieldDef, Kind};
use crate::domain::registry::RecordKind;
use chrono::NaiveDate;

/// A list of one kind's records, as the view showing it declares it.
#[derive(Debug, PartialEq, Eq)]
pub struct RecordList {
    pub kind: RecordKind,
    /// The fields shown as columns, in order.
    pub columns: &'static [&'static str],
    /// The fields the list is ordered by (a coded field in its vocabulary's order,
    /// empty values last), then the record's id.
    pub order: &'static [&'static str],
}

/// The column holding the name of the record a reference field points at.
pub fn name_column(field: &str) -> String {
    format!("{field}__name")
}

/// The column saying whether a warning about the record holds today (1) or not (0).
pub const WARNED: &str = "warned__";

/// What names a record of the tables a reference may point at.
fn name_of(table: &str) -> Option<&'static str> {
    match table {
        "villages" | "projects" | "cadres" | "parties" => Some("name"),
        "households" => Some("head_name"),
        "tasks" | "needs" => Some("title"),
        _ => None,
    }
}

pub(super) fn record_spec(list: &RecordList, today: NaiveDate) -> Spec {
    let def = list.kind.def();
    let table = def.table;
    // Every reference is named (the details show them all, the columns some).
    let mut extras: Vec<String> = def
        .fields
        .iter()
        .filter_map(|f| match f.kind {
            Kind::Ref(target) => name_of(target).map(|name| {
                let column = f.column_names().into_iter().next().unwrap_or_default();
                format!("(SELECT r.{name} FROM {target} r WHERE r.id = t.{column}) AS {}", name_column(f.key))
            }),
            _ => None,
        })
        .collect();
    // The day is written into the statement, not bound: the list's parameters are
    // those of its conditions, which the count shares.
    let day = crate::domain::dates::format_date(today);
    let warned = format!(
        "EXISTS (SELECT 1 FROM derived_warnings w WHERE w.table_name = '{table}' AND w.record_id = t.id
            AND w.household_id IS NULL AND (w.active_from IS NULL OR w.active_from <= '{day}')
            AND (w.active_until IS NULL OR w.active_until > '{day}'))"
    );
    extras.push(format!("{warned} AS {WARNED}"));
    // What a warning holds for comes first (an overdue need), then the declared order.
    let mut order: Vec<Text> = vec![format!("(NOT {warned})").into()];
    order.extend(list.order.iter().filter_map(|k| def.field(k)).flat_map(order_by));
    order.push("t.id".into());
    let mut sources: Vec<(Text, &'static str)> = Vec::new();
    if list.kind.search_number().is_some() {
        sources.push(("t.id".into(), table));
    }
    // A record is found by the villages (households, projects, sides) it names, too.
    for f in def.fields.iter() {
        if let Kind::Ref(target @ ("villages" | "households" | "projects" | "parties")) = f.kind {
            let column = f.column_names().into_iter().next().unwrap_or_default();
            sources.push((format!("t.{column}").into(), target));
        }
    }
    let from: Text = format!("{table} t").into();
    Spec {
        record: Some(def),
        extras: format!(", {}", extras.join(", ")).into(),
        ordered_from: from.clone(),
        count_from: from.clone(),
        from,
        id: "t.id",
        count_id: "t.id",
        total: None,
        base: "t.deleted = 0".into(),
        order,
        descending: false,
        sources,
        params: vec![],
        big: false,
    }
}

/// The expressions a field orders by: a code by its vocabulary's order, anything
/// else by its value, empty ones (NULL or '') last. No expression is ever NULL: the
/// list reads on from a row by comparing keys, and a NULL compares as nothing.
fn order_by(f: &'static FieldDef) -> Vec<Text> {
    let column = f.column_names().into_iter().next().unwrap_or_default();
    match f.kind {
        Kind::Code(list) => vec![
            format!("coalesce((SELECT v.sort FROM vocab v WHERE v.list = '{list}' AND v.code = t.{column}), 1000000)")
                .into(),
        ],
        _ => {
            vec![format!("(t.{column} IS NULL OR t.{column} = '')").into(), format!("coalesce(t.{column}, '')").into()]
        }
    }
}

//! The villages' month figures (月调度) on the server: written by a county's publish,
//! summed there by county and township for a city's or province's 月调度.

use super::RollupError;
use super::tallies::Area;
use crate::domain::dates::YearMonth;
use crate::domain::village::Village;
use postgres::{Client, Transaction};
use std::collections::BTreeMap;

/// A county's row (township empty) or a township's, by ledger.
type Group = (String, String);

/// A group's county, its numbers summed by name, and how many villages it has.
type Sums = (String, String, serde_json::Map<String, serde_json::Value>, i64);

/// Writes the ledger's villages' figures of `month` (月调度's, as the month ended).
pub(super) fn put_month(
    tx: &mut Transaction<'_>,
    villages: &[Village],
    ledger: &str,
    (month, figures): &(YearMonth, crate::store::MonthFigures),
) -> Result<(), RollupError> {
    let townships: std::collections::HashMap<&str, &str> =
        villages.iter().map(|v| (v.id.as_str(), v.township.as_str())).collect();
    let month = month.to_string();
    tx.execute("DELETE FROM bangfu.village_months WHERE ledger_id = $1 AND month = $2", &[&ledger, &month])?;
    let ids: Vec<String> = figures.villages.iter().map(|f| f.village_id.clone()).collect();
    let towns: Vec<String> =
        ids.iter().map(|id| townships.get(id.as_str()).copied().unwrap_or_default().to_string()).collect();
    let data: Vec<serde_json::Value> =
        figures.villages.iter().map(|f| serde_json::to_value(f).unwrap_or_default()).collect();
    tx.execute(
        "INSERT INTO bangfu.village_months (ledger_id, month, village_id, township, figures)
         SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::jsonb[])",
        &[&ledger, &month, &ids, &towns, &data],
    )?;
    Ok(())
}

/// A county's or a township's month (月调度), its villages' figures summed on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountyMonth {
    pub ledger_id: String,
    pub county: String,
    pub county_code: String,
    /// Empty on a county's row.
    pub township: String,
    pub villages: i64,
    pub figures: crate::store::Figures,
}

/// The month figures of the counties in `area`, one row per county and per township
/// of a county: each number of the villages' figures summed by PostgreSQL, the
/// categories' households and people too.
pub fn county_months(client: &mut Client, month: YearMonth, area: &Area) -> Result<Vec<CountyMonth>, RollupError> {
    let code = match area {
        Area::All => None,
        Area::Code(c) => Some(c.clone()),
    };
    let from = "FROM bangfu.village_months m JOIN bangfu.ledgers l ON l.ledger_id = m.ledger_id";
    let within = "m.month = $1 AND ($2::text IS NULL OR starts_with(l.county_code, $2))";
    let sets = |key: &str| {
        format!(
            "GROUPING SETS ((l.ledger_id, l.county, l.county_code, {key}),
                            (l.ledger_id, l.county, l.county_code, m.township, {key}))"
        )
    };
    let numbers = format!(
        "SELECT l.ledger_id, l.county, l.county_code, coalesce(m.township, ''), grouping(m.township), e.k,
                sum(e.v::text::int8)::int8, count(*)::int8
         {from} CROSS JOIN LATERAL jsonb_each(m.figures) AS e(k, v)
         WHERE {within} AND jsonb_typeof(e.v) = 'number'
         GROUP BY {}",
        sets("e.k")
    );
    let categories = format!(
        "SELECT l.ledger_id, l.county, l.county_code, coalesce(m.township, ''), grouping(m.township), c.value->>0,
                sum((c.value->>1)::int8)::int8, sum((c.value->>2)::int8)::int8
         {from} CROSS JOIN LATERAL jsonb_array_elements(m.figures->'by_category') AS c
         WHERE {within}
         GROUP BY {}",
        sets("c.value->>0")
    );
    let month = month.to_string();
    let mut groups: BTreeMap<Group, Sums> = BTreeMap::new();
    for r in client.query(&numbers, &[&month, &code])? {
        let township: String = if r.get::<_, i32>(4) == 1 { String::new() } else { r.get(3) };
        let entry = groups.entry((r.get(0), township)).or_insert_with(|| (r.get(1), r.get(2), Default::default(), 0));
        entry.2.insert(r.get(5), serde_json::Value::from(r.get::<_, i64>(6)));
        entry.3 = entry.3.max(r.get::<_, i64>(7));
    }
    let mut categories_of: BTreeMap<Group, Vec<(String, i64, i64)>> = BTreeMap::new();
    for r in client.query(&categories, &[&month, &code])? {
        let township: String = if r.get::<_, i32>(4) == 1 { String::new() } else { r.get(3) };
        categories_of.entry((r.get(0), township)).or_default().push((r.get(5), r.get(6), r.get(7)));
    }
    Ok(groups
        .into_iter()
        .map(|((ledger_id, township), (county, county_code, mut numbers, villages))| {
            let by_category = categories_of.remove(&(ledger_id.clone(), township.clone())).unwrap_or_default();
            numbers.insert("by_category".into(), serde_json::to_value(by_category).unwrap_or_default());
            numbers.insert("village_id".into(), serde_json::Value::from(""));
            numbers.insert("village_name".into(), serde_json::Value::from(township.clone()));
            let figures = serde_json::from_value(serde_json::Value::Object(numbers)).unwrap_or_default();
            CountyMonth { ledger_id, county, county_code, township, villages, figures }
        })
        .collect())
}

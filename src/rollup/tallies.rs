//! The villages' figures on the server: written by a county's publish (a quarter's or a
//! year's tallies as its 季通报 and 年考评 count them, a month's figures as its 月调度
//! does), and summed there by SQL for a city or province — by county, by township,
//! by village — for the roll-up reports.

use super::RollupError;
use crate::domain::assessment::{Period, Tally};
use crate::domain::village::Village;
use postgres::{Client, Transaction};

/// The tally columns of `bangfu.village_periods`, in the order `tally_columns` reads them.
const TALLY: [&str; 15] = [
    "visits_due",
    "visits_done",
    "due_end",
    "overdue_end",
    "monitored_end",
    "with_measure_end",
    "identified",
    "eliminated",
    "tasks_due",
    "tasks_closed",
    "tasks_overdue_end",
    "projects_planned",
    "projects_started",
    "planned_fen",
    "arrived_fen",
];

fn tally_values(t: &Tally) -> [i64; 15] {
    [
        t.visits_due,
        t.visits_done,
        t.due_end,
        t.overdue_end,
        t.monitored_end,
        t.with_measure_end,
        t.identified,
        t.eliminated,
        t.tasks_due,
        t.tasks_closed,
        t.tasks_overdue_end,
        t.projects_planned,
        t.projects_started,
        t.planned_fen,
        t.arrived_fen,
    ]
}

fn tally_of(values: &[i64]) -> Tally {
    let v = |i: usize| values.get(i).copied().unwrap_or(0);
    Tally {
        visits_due: v(0),
        visits_done: v(1),
        due_end: v(2),
        overdue_end: v(3),
        monitored_end: v(4),
        with_measure_end: v(5),
        identified: v(6),
        eliminated: v(7),
        tasks_due: v(8),
        tasks_closed: v(9),
        tasks_overdue_end: v(10),
        projects_planned: v(11),
        projects_started: v(12),
        planned_fen: v(13),
        arrived_fen: v(14),
        ..Tally::default()
    }
}

/// Writes the ledger's villages' tallies of `period` in place of those written before.
pub(super) fn put_period(
    tx: &mut Transaction<'_>,
    villages: &[Village],
    ledger: &str,
    (period, tallies): &(Period, crate::store::PeriodTallies),
) -> Result<(), RollupError> {
    let period = period.to_string();
    tx.execute("DELETE FROM bangfu.village_periods WHERE ledger_id = $1 AND period = $2", &[&ledger, &period])?;
    let (mut ids, mut townships, mut names) = (Vec::new(), Vec::new(), Vec::new());
    let mut columns: Vec<Vec<i64>> = vec![Vec::new(); TALLY.len()];
    for v in villages {
        let tally = tallies.villages.get(&v.id).cloned().unwrap_or_default();
        for (column, value) in columns.iter_mut().zip(tally_values(&tally)) {
            column.push(value);
        }
        ids.push(v.id.clone());
        townships.push(v.township.clone());
        names.push(v.name.clone());
    }
    let list = TALLY.join(", ");
    let arrays: Vec<String> = (0..TALLY.len()).map(|i| format!("${}::int8[]", i + 6)).collect();
    let sql = format!(
        "INSERT INTO bangfu.village_periods (ledger_id, period, village_id, township, village, {list})
         SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[], {})",
        arrays.join(", ")
    );
    let mut params: Vec<&(dyn postgres::types::ToSql + Sync)> = vec![&ledger, &period, &ids, &townships, &names];
    params.extend(columns.iter().map(|c| c as &(dyn postgres::types::ToSql + Sync)));
    tx.execute(&sql, &params)?;
    Ok(())
}

/// Which counties a roll-up report reads: all the role may read, or those of one
/// division (a province's 2-digit code, a city's 4, a county's 6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Area {
    All,
    Code(String),
}

/// A county's, a township's or a village's tally of a period, summed on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountyTallies {
    pub ledger_id: String,
    pub county: String,
    pub county_code: String,
    /// Empty on a county's row.
    pub township: String,
    /// Empty on a county's and a township's row.
    pub village: String,
    pub tally: Tally,
}

/// The tallies of `period` of the counties in `area`: one row per county, per
/// township of a county and per village, summed by PostgreSQL (GROUPING SETS).
pub fn county_tallies(client: &mut Client, period: Period, area: &Area) -> Result<Vec<CountyTallies>, RollupError> {
    let sums: Vec<String> = TALLY.iter().map(|c| format!("sum(p.{c})::int8")).collect();
    let sql = format!(
        "SELECT l.ledger_id, l.county, l.county_code, coalesce(p.township, ''), coalesce(p.village, ''),
                grouping(p.township), grouping(p.village), {}
         FROM bangfu.village_periods p JOIN bangfu.ledgers l ON l.ledger_id = p.ledger_id
         WHERE p.period = $1 AND ($2::text IS NULL OR starts_with(l.county_code, $2))
         GROUP BY GROUPING SETS ((l.ledger_id, l.county, l.county_code),
                                 (l.ledger_id, l.county, l.county_code, p.township),
                                 (l.ledger_id, l.county, l.county_code, p.township, p.village_id, p.village))
         ORDER BY l.county, l.ledger_id, 4, 5",
        sums.join(", ")
    );
    let code = match area {
        Area::All => None,
        Area::Code(c) => Some(c.clone()),
    };
    let rows = client.query(&sql, &[&period.to_string(), &code])?;
    Ok(rows
        .iter()
        .map(|r| {
            let values: Vec<i64> = (7..7 + TALLY.len()).map(|i| r.get::<_, i64>(i)).collect();
            let (township_level, village_level): (i32, i32) = (r.get(5), r.get(6));
            CountyTallies {
                ledger_id: r.get(0),
                county: r.get(1),
                county_code: r.get(2),
                township: if township_level == 1 { String::new() } else { r.get(3) },
                village: if village_level == 1 { String::new() } else { r.get(4) },
                tally: tally_of(&values),
            }
        })
        .collect())
}

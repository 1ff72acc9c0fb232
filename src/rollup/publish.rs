//! `bangfu publish ADDRESS [--dry-run]`: this copy's ops since its last publish (by
//! op id: what the server holds already is not taken twice), then — when the server
//! holds no op of this ledger that this copy lacks — the records the reports read and
//! the villages' figures, as the merged ledger has them. Each batch is a transaction
//! of its own, recording how far this copy has come (`bangfu.copies`), so readers see
//! whole batches and an interrupted publish resumes; a dry run is the same publish
//! inside one transaction that is then rolled back (docs/rollup.md).

use super::{RollupError, Target, schema, tallies};
use crate::domain::assessment::Period;
use crate::domain::dates::YearMonth;
use crate::domain::village::Village;
use crate::store::{Op, PUBLISHED_KINDS, Store};
use chrono::NaiveDate;
use postgres::{Client, Transaction};

/// How many ops one transaction sends.
const OPS_PER_BATCH: usize = 5_000;
/// How many records one transaction sends.
const RECORDS_PER_BATCH: usize = 2_000;

/// What the person asked of a publish.
#[derive(Debug, Clone, Copy)]
pub struct PublishAsked {
    pub dry_run: bool,
    /// ID numbers whole (recorded on the server, like `--reveal` in the ledger).
    pub reveal: bool,
    pub today: NaiveDate,
}

/// What a publish sent (or, dry, would send).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublishReport {
    pub ledger_id: String,
    pub county: String,
    /// The county's division code (from its villages' codes): empty, no reader role of
    /// a city or province sees the ledger.
    pub county_code: String,
    /// Ops read from this copy since its last publish, and those the server lacked.
    pub ops_read: i64,
    pub ops_new: i64,
    pub records: usize,
    /// The periods (2026-Q3, 2026) and months whose figures were written.
    pub periods: Vec<String>,
    pub months: Vec<String>,
    /// Ops of this ledger the server holds and this copy lacks (another copy's): the
    /// records and figures wait for a copy that has them all.
    pub behind: i64,
    /// The server's mark for this copy was below the one this file remembers (the
    /// server lost ops, restored from an older backup): sent again from there.
    pub server_lost: Option<(i64, i64)>,
    pub dry_run: bool,
}

impl PublishReport {
    /// Whether nothing was (or would be) sent.
    pub fn sent_nothing(&self) -> bool {
        self.ops_new == 0 && self.records == 0 && self.periods.is_empty() && self.months.is_empty()
    }
}

/// A place to open one batch's transaction: the server itself, or (a dry run) a
/// transaction around them all, each batch a savepoint in it.
trait Batches {
    fn batch(&mut self) -> Result<Transaction<'_>, postgres::Error>;
}

impl Batches for Client {
    fn batch(&mut self) -> Result<Transaction<'_>, postgres::Error> {
        self.transaction()
    }
}

impl Batches for Transaction<'_> {
    fn batch(&mut self) -> Result<Transaction<'_>, postgres::Error> {
        self.transaction()
    }
}

/// Publishes this copy of the ledger to `target`.
pub fn publish(store: &mut Store, target: &Target, asked: PublishAsked) -> Result<PublishReport, RollupError> {
    let mut client = target.connect()?;
    schema::check(&mut client)?;
    store.settle_copy()?;
    let remembered = store.published_mark(&target.shown())?;
    if asked.dry_run {
        let mut all = client.transaction()?;
        let report = send(store, &mut all, asked, remembered);
        all.rollback()?;
        return report.map(|(report, _)| report);
    }
    let (report, mark) = send(store, &mut client, asked, remembered)?;
    store.note_published(&target.shown(), mark)?;
    Ok(report)
}

/// Sends what the server lacks; returns what was sent and this copy's mark after it.
fn send(
    store: &Store,
    server: &mut impl Batches,
    asked: PublishAsked,
    remembered: Option<i64>,
) -> Result<(PublishReport, i64), RollupError> {
    let ledger_id = store.ledger_id()?;
    let (county, county_code) = store.county_of_ledger()?;
    let mut report = PublishReport {
        ledger_id: ledger_id.clone(),
        county: county.clone(),
        county_code: county_code.clone(),
        dry_run: asked.dry_run,
        ..Default::default()
    };
    let mut tx = server.batch()?;
    claim(&mut tx, &ledger_id, (&county, &county_code), asked.reveal)?;
    let mut high_water = high_water(&mut tx, &ledger_id, store.copy_id())?;
    tx.commit()?;
    report.server_lost = remembered.filter(|mine| *mine > high_water).map(|mine| (high_water, mine));
    loop {
        let ops = store.ops_after(high_water, OPS_PER_BATCH, asked.reveal)?;
        let Some(last) = ops.last().map(|(rowid, _)| *rowid) else { break };
        let mut tx = server.batch()?;
        report.ops_read += ops.len() as i64;
        report.ops_new += insert_ops(&mut tx, &ledger_id, &ops)?;
        tx.execute(
            "INSERT INTO bangfu.copies (ledger_id, copy_id, high_water) VALUES ($1, $2, $3)
             ON CONFLICT (ledger_id, copy_id) DO UPDATE SET high_water = excluded.high_water, published_at = now()",
            &[&ledger_id, &store.copy_id(), &last],
        )?;
        tx.commit()?;
        high_water = last;
    }
    // The records and figures only from a copy holding every op the server has of
    // this ledger (ours are all there now: equal counts mean equal sets; the server
    // keeps its count as ops come and go, schema.sql format 2).
    let mut tx = server.batch()?;
    let on_server: i64 =
        tx.query_one("SELECT op_count FROM bangfu.ledgers WHERE ledger_id = $1", &[&ledger_id])?.get(0);
    report.behind = on_server - store.op_count()?;
    tx.commit()?;
    if report.behind > 0 {
        return Ok((report, high_water));
    }
    report.records = send_records(store, server, &ledger_id, asked.reveal)?;
    send_figures(store, server, &ledger_id, asked.today, &mut report)?;
    Ok((report, high_water))
}

/// Takes the ledger for this role on its first publish; later, checks it is this
/// role's (row-level security refuses another's) and notes the county and the day.
fn claim(
    tx: &mut Transaction<'_>,
    ledger: &str,
    (county, code): (&str, &str),
    reveal: bool,
) -> Result<(), RollupError> {
    let owner: Option<String> =
        tx.query_opt("SELECT owner::text FROM bangfu.ledgers WHERE ledger_id = $1", &[&ledger])?.map(|r| r.get(0));
    let me: String = tx.query_one("SELECT current_user::text", &[])?.get(0);
    if owner.as_deref().is_some_and(|o| o != me) {
        return Err(RollupError::OwnedByOther(ledger.to_string()));
    }
    let written = tx.execute(
        "INSERT INTO bangfu.ledgers (ledger_id, county, county_code, ids_revealed) VALUES ($1, $2, $3, $4)
         ON CONFLICT (ledger_id) DO UPDATE SET county = excluded.county, county_code = excluded.county_code,
             ids_revealed = bangfu.ledgers.ids_revealed OR excluded.ids_revealed, last_published = now()",
        &[&ledger, &county, &code, &reveal],
    );
    match written {
        Ok(_) => Ok(()),
        // A ledger of that id the role cannot see is another role's.
        Err(e) if e.code().map(|c| c.code()) == Some("42501") => Err(RollupError::OwnedByOther(ledger.to_string())),
        Err(e) => Err(e.into()),
    }
}

/// How far this copy has published (0: never).
fn high_water(tx: &mut Transaction<'_>, ledger: &str, copy: &str) -> Result<i64, RollupError> {
    let row =
        tx.query_opt("SELECT high_water FROM bangfu.copies WHERE ledger_id = $1 AND copy_id = $2", &[&ledger, &copy])?;
    Ok(row.map_or(0, |r| r.get(0)))
}

/// Sends a batch of ops; returns how many the server did not hold.
fn insert_ops(tx: &mut Transaction<'_>, ledger: &str, ops: &[(i64, Op)]) -> Result<i64, RollupError> {
    let column = |f: fn(&Op) -> Option<String>| ops.iter().map(|(_, op)| f(op)).collect::<Vec<Option<String>>>();
    let columns = [
        column(|o| Some(o.op_id.clone())),
        column(|o| Some(o.hlc.clone())),
        column(|o| Some(o.table_name.clone())),
        column(|o| Some(o.record_id.clone())),
        column(|o| Some(o.kind.clone())),
        column(|o| o.field.clone()),
        column(|o| o.old_value.clone()),
        column(|o| o.new_value.clone()),
        column(|o| o.replaces.clone()),
        column(|o| Some(o.os_user.clone())),
        column(|o| Some(o.host.clone())),
        column(|o| o.batch.clone()),
        column(|o| o.copy_id.clone()),
        column(|o| o.note.clone()),
    ];
    let [a, b, c, d, e, f, g, h, i, j, k, l, m, n] = &columns;
    let new = tx.execute(
        "INSERT INTO bangfu.ops (ledger_id, op_id, hlc, table_name, record_id, kind, field, old_value, new_value,
             replaces, os_user, host, batch, copy_id, note)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
             $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
         ORDER BY 2
         ON CONFLICT (ledger_id, op_id) DO NOTHING",
        &[&ledger, a, b, c, d, e, f, g, h, i, j, k, l, m, n],
    )?;
    Ok(new as i64)
}

/// The records of the published kinds that ops received since the last time changed
/// (all of them, the first time), as this copy holds them now.
fn send_records(store: &Store, server: &mut impl Batches, ledger: &str, reveal: bool) -> Result<usize, RollupError> {
    let mut tx = server.batch()?;
    let mark: i64 = tx.query_one("SELECT records_mark FROM bangfu.ledgers WHERE ledger_id = $1", &[&ledger])?.get(0);
    let tables: Vec<String> = PUBLISHED_KINDS.iter().map(|k| k.def().table.to_string()).collect();
    let rows = tx.query(
        "SELECT table_name, array_agg(DISTINCT record_id), max(received) FROM bangfu.ops
         WHERE ledger_id = $1 AND received > $2 AND table_name = ANY($3) GROUP BY table_name ORDER BY table_name",
        &[&ledger, &mark, &tables],
    )?;
    let newest: Option<i64> =
        tx.query_one("SELECT max(received) FROM bangfu.ops WHERE ledger_id = $1", &[&ledger])?.get(0);
    tx.commit()?;
    let mut sent = 0;
    for row in rows {
        let table: String = row.get(0);
        let ids: Vec<String> = row.get(1);
        for chunk in ids.chunks(RECORDS_PER_BATCH) {
            let records = store.rows_as_json(&table, chunk, reveal)?;
            let (ids, data): (Vec<String>, Vec<serde_json::Value>) = records.into_iter().unzip();
            let mut tx = server.batch()?;
            tx.execute(
                "INSERT INTO bangfu.records (ledger_id, table_name, record_id, data)
                 SELECT $1, $2, * FROM unnest($3::text[], $4::jsonb[])
                 ON CONFLICT (ledger_id, table_name, record_id) DO UPDATE SET data = excluded.data",
                &[&ledger, &table, &ids, &data],
            )?;
            tx.commit()?;
            sent += ids.len();
        }
    }
    let mut tx = server.batch()?;
    tx.execute(
        "UPDATE bangfu.ledgers SET records_mark = $2 WHERE ledger_id = $1",
        &[&ledger, &newest.unwrap_or(mark)],
    )?;
    tx.commit()?;
    Ok(sent)
}

/// The villages' figures of the periods a report may be asked for now — this quarter
/// and the one before, this year (and last, in its first quarter) — and of this month
/// and the one before: counted again when ops came in since, or on another day.
fn send_figures(
    store: &Store,
    server: &mut impl Batches,
    ledger: &str,
    today: NaiveDate,
    report: &mut PublishReport,
) -> Result<(), RollupError> {
    let mut tx = server.batch()?;
    let row = tx.query_one(
        "SELECT figures_mark, figures_day, (SELECT max(received) FROM bangfu.ops WHERE ledger_id = $1)
         FROM bangfu.ledgers WHERE ledger_id = $1",
        &[&ledger],
    )?;
    let (mark, day, newest): (i64, Option<NaiveDate>, Option<i64>) = (row.get(0), row.get(1), row.get(2));
    tx.commit()?;
    let newest = newest.unwrap_or(0);
    if mark == newest && day == Some(today) {
        return Ok(());
    }
    // Counted first, all from one reading of the ledger's visits (the time of a
    // day's publish is in reading them), then written a period or month a batch.
    let this_month = YearMonth::of(today);
    let (periods, months) = store.with_one_visit_book(today, |store| {
        let periods: Vec<_> = periods_now(today)
            .into_iter()
            .map(|p| Ok((p, store.place_tallies(p, today)?)))
            .collect::<Result<_, crate::store::StoreError>>()?;
        let months: Vec<_> = this_month
            .plus(-1)
            .into_iter()
            .chain([this_month])
            .map(|m| Ok((m, store.month_figures(m, today)?)))
            .collect::<Result<_, crate::store::StoreError>>()?;
        Ok((periods, months))
    })?;
    let villages: Vec<Village> = store.all()?;
    for period in &periods {
        let mut tx = server.batch()?;
        tallies::put_period(&mut tx, &villages, ledger, period)?;
        tx.commit()?;
        report.periods.push(period.0.to_string());
    }
    for month in &months {
        let mut tx = server.batch()?;
        super::months::put_month(&mut tx, &villages, ledger, month)?;
        tx.commit()?;
        report.months.push(month.0.to_string());
    }
    let mut tx = server.batch()?;
    tx.execute(
        "UPDATE bangfu.ledgers SET figures_mark = $2, figures_day = $3 WHERE ledger_id = $1",
        &[&ledger, &newest, &today],
    )?;
    tx.commit()?;
    Ok(())
}

/// The quarters and years a report may be asked for on `today`.
fn periods_now(today: NaiveDate) -> Vec<Period> {
    let quarter = Period::quarter_of(YearMonth::of(today));
    let year = quarter.year();
    let mut out = vec![quarter.previous(), quarter, Period::Year(year)];
    if matches!(quarter, Period::Quarter { quarter: 1, .. }) {
        out.push(Period::Year(year - 1));
    }
    out
}

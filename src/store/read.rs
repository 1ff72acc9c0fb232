//! Reading records back: one record, one household with everything about it, the
//! small tables whole, and the big ones streamed. Only live (not deleted) rows.

use super::Store;
use super::error::Result;
use super::oplog::Op;
use super::records::{self, field_value, record_at, select_list};
use crate::domain::FieldValue;
use crate::domain::dates::stored_date;
use crate::domain::household::Household;
use crate::domain::income::{Income, Threshold};
use crate::domain::measure::Measure;
use crate::domain::member::Member;
use crate::domain::monitoring::MonitoringEvent;
use crate::domain::record::Record;
use crate::domain::task::{SUBJECT_HOUSEHOLD, SUBJECT_PROJECT, SUBJECT_VILLAGE};
use crate::domain::visit::Visit;
use crate::domain::vocab::{Vocab, VocabEntry};
use crate::domain::warnings::Warning;
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, ToSql, params};

/// Live and deleted rows of one table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TableCount {
    pub table: &'static str,
    pub live: i64,
    pub deleted: i64,
}

/// The tables `bangfu check` counts, in the order it prints them (domain/registry.rs).
pub(super) fn record_tables() -> &'static [&'static str] {
    crate::domain::registry::record_tables()
}

/// One income record with its 人均纯收入 and the line of its year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomeLine {
    pub income: Income,
    pub per_capita_fen: Option<i64>,
    pub line_fen: Option<i64>,
}

/// Everything a household's details show.
#[derive(Debug, Clone, Default)]
pub struct HouseholdDetail {
    pub household: Household,
    pub village_name: String,
    pub members: Vec<Member>,
    pub events: Vec<MonitoringEvent>,
    pub measures: Vec<Measure>,
    pub incomes: Vec<IncomeLine>,
    /// Every visit, newest first (the details count them and scroll to each), and
    /// how many the derived figures count.
    pub visits: Vec<Visit>,
    pub visit_count: i64,
    pub last_visit: Option<NaiveDate>,
    pub next_due: Option<NaiveDate>,
    pub warnings: Vec<Warning>,
}

/// The settings of who each login works as (`works_as:user@host`).
pub const WORKS_AS_PREFIX: &str = "works_as:";

impl Store {
    /// One live record by id.
    pub fn get<T: Record>(&self, id: &str) -> Result<Option<T>> {
        records::get(&self.conn, id)
    }

    /// Every live record of a small table (villages, lines, rules, people).
    /// A record by id, deleted or not (to name what was deleted).
    pub fn get_any<T: Record>(&self, id: &str) -> Result<Option<T>> {
        super::records::get_any(&self.conn, id)
    }

    pub fn all<T: Record>(&self) -> Result<Vec<T>> {
        records::select(&self.conn, "", "ORDER BY t.rowid", [])
    }

    /// The live records of a type whose `column` is `value` (a household's members), in `order`.
    pub fn children<T: Record>(&self, column: &str, value: &str, order: &str) -> Result<Vec<T>> {
        records::select(&self.conn, &format!("AND t.{column} = ?1"), order, [value])
    }

    /// The live records of a type whose `column` is one of `values` (the households of
    /// an export's numbers, their members), read in one query, oldest first.
    pub fn records_where_in<T: Record>(&self, column: &str, values: &[String]) -> Result<Vec<T>> {
        let list: std::rc::Rc<Vec<rusqlite::types::Value>> =
            std::rc::Rc::new(values.iter().cloned().map(rusqlite::types::Value::Text).collect());
        records::select(&self.conn, &format!("AND t.{column} IN rarray(?1)"), "ORDER BY t.rowid", [list])
    }

    /// Every live record of a table, one at a time, oldest first: exports of any size
    /// without holding them all.
    pub fn each<T: Record>(&self, mut f: impl FnMut(T) -> Result<()>) -> Result<()> {
        let sql =
            format!("SELECT {} FROM {} t WHERE t.deleted = 0 ORDER BY t.rowid", select_list(T::DEF, "t"), T::DEF.table);
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(record_at::<T>(row, 0)?)?;
        }
        Ok(())
    }

    pub fn household_detail(&self, id: &str, today: NaiveDate) -> Result<Option<HouseholdDetail>> {
        let Some(household) = self.get::<Household>(id)? else { return Ok(None) };
        let village_name = self.village_name(&household.village_id)?;
        let province: Option<String> = self
            .conn
            .prepare_cached("SELECT substr(code, 1, 2) FROM villages WHERE id = ?1 AND length(code) = 12")?
            .query_row([&household.village_id], |r| r.get(0))
            .optional()?;
        let members: Vec<Member> =
            self.children("household_id", id, "ORDER BY t.relation = 'self' DESC, t.birth_date")?;
        let incomes: Vec<Income> =
            self.children("household_id", id, "ORDER BY t.year DESC, t.period = 'year' DESC, t.period")?;
        let incomes = incomes
            .into_iter()
            .map(|income| {
                let line_fen = match &province {
                    Some(p) => self.line_fen(p, income.year)?,
                    None => None,
                };
                let months = (household.identified_month, household.eliminated_month);
                let counted = crate::domain::income::members_for(&income, &members, months);
                let per_capita_fen = income.per_capita_fen(counted);
                Ok(IncomeLine { income, per_capita_fen, line_fen })
            })
            .collect::<Result<Vec<_>>>()?;
        let (last_visit, next_due, visit_count) = self
            .conn
            .prepare_cached("SELECT last_visit, next_due, visit_count FROM derived_households WHERE household_id = ?1")?
            .query_row([id], |r| Ok((r.get::<_, Option<String>>(0)?, r.get::<_, Option<String>>(1)?, r.get(2)?)))
            .optional()?
            .unwrap_or((None, None, 0));
        Ok(Some(HouseholdDetail {
            village_name,
            events: self.children("household_id", id, "ORDER BY t.episode, t.date, t.id")?,
            measures: self.children("household_id", id, "ORDER BY t.start_date, t.id")?,
            incomes,
            visits: self.children("household_id", id, "ORDER BY t.date DESC, t.id DESC")?,
            visit_count,
            last_visit: last_visit.as_deref().and_then(stored_date),
            next_due: next_due.as_deref().and_then(stored_date),
            warnings: self.warnings_of(id, today)?,
            members,
            household,
        }))
    }

    /// The setting that holds who this login (user@host) works as: one per login,
    /// so people sharing a county server each have their own 本人.
    pub fn works_as_key(&self) -> String {
        format!("{WORKS_AS_PREFIX}{}@{}", self.actor().user, self.actor().host)
    }

    /// The cadre this login works as, when one was chosen (and is not deleted).
    pub fn works_as(&self) -> Result<Option<crate::domain::cadre::Cadre>> {
        match self.setting(&self.works_as_key())? {
            Some(id) => self.get(&id),
            None => Ok(None),
        }
    }

    /// A province's monitoring line for a year, in fen.
    pub fn line_fen(&self, province: &str, year: i64) -> Result<Option<i64>> {
        Ok(self.line(province, year)?.map(|t| t.amount))
    }

    /// A province's monitoring line of a year, with the waiting time and time limit it sets.
    pub fn line(&self, province: &str, year: i64) -> Result<Option<Threshold>> {
        let lines: Vec<Threshold> = records::select(
            &self.conn,
            "AND t.province = ?1 AND t.year = ?2",
            "ORDER BY t.updated_at DESC LIMIT 1",
            params![province, year],
        )?;
        Ok(lines.into_iter().next())
    }

    /// The warnings that hold on `day` about one household, in the order of the rules.
    pub fn warnings_of(&self, household_id: &str, day: NaiveDate) -> Result<Vec<Warning>> {
        self.warnings_where("household_id = ?2", &[&household_id], day)
    }

    /// The warnings that hold on `day` about one record that is not a household's.
    pub fn record_warnings_of(&self, table: &str, id: &str, day: NaiveDate) -> Result<Vec<Warning>> {
        self.warnings_where("table_name = ?2 AND record_id = ?3 AND household_id IS NULL", &[&table, &id], day)
    }

    /// Every warning that holds on `day`, in list order, one at a time.
    pub fn each_warning(&self, day: NaiveDate, mut f: impl FnMut(Warning) -> Result<()>) -> Result<()> {
        for w in self.warnings_where("1", &[], day)? {
            f(w)?;
        }
        Ok(())
    }

    fn warnings_where(&self, filter: &str, args: &[&dyn ToSql], day: NaiveDate) -> Result<Vec<Warning>> {
        let sql = format!(
            "SELECT rule, table_name, record_id, household_id, active_from, active_until, facts FROM derived_warnings
             WHERE (active_from IS NULL OR active_from <= ?1) AND (active_until IS NULL OR active_until > ?1) AND {filter}
             ORDER BY sort_key, rowid"
        );
        let day = crate::domain::dates::format_date(day);
        let mut all: Vec<&dyn ToSql> = vec![&day];
        all.extend_from_slice(args);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(all.as_slice(), warning_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether a monitoring line needed on `day` is missing (the `line-missing` warning).
    pub fn line_missing(&self, day: NaiveDate) -> Result<bool> {
        Ok(!self.warnings_where("village_id IS NULL AND rule = 'line-missing'", &[], day)?.is_empty())
    }

    pub fn village_name(&self, id: &str) -> Result<String> {
        Ok(self
            .conn
            .prepare_cached("SELECT name FROM villages WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .unwrap_or_default())
    }

    /// How a household is named in messages and pickers: its head, village and group.
    pub fn household_label(&self, id: &str) -> Result<Option<(String, String)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT h.head_name, trim(coalesce(v.name, '') || ' ' || h.group_name)
                 FROM households h LEFT JOIN villages v ON v.id = h.village_id WHERE h.id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// The name of what a task concerns: a village, a household's head (with its
    /// village), a project.
    pub fn subject_name(&self, kind: &str, id: &str) -> Result<String> {
        let sql = match kind {
            SUBJECT_VILLAGE => "SELECT name FROM villages WHERE id = ?1",
            SUBJECT_HOUSEHOLD => {
                "SELECT coalesce(v.name || ' ', '') || h.head_name FROM households h
                 LEFT JOIN villages v ON v.id = h.village_id WHERE h.id = ?1"
            }
            SUBJECT_PROJECT => "SELECT name FROM projects WHERE id = ?1",
            _ => return Ok(String::new()),
        };
        Ok(self.conn.prepare_cached(sql)?.query_row([id], |r| r.get(0)).optional()?.unwrap_or_default())
    }

    /// Another live member holding an ID number: their name and household head.
    pub fn id_number_holder(&self, number: &str, except_member: &str) -> Result<Option<(String, String)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT m.name, coalesce(h.head_name, '') FROM members m LEFT JOIN households h ON h.id = m.household_id
                 WHERE m.id_number = ?1 AND m.deleted = 0 AND m.id != ?2 LIMIT 1",
            )?
            .query_row([number, except_member], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// The live household with this 户编号.
    pub fn household_by_number(&self, number: &str) -> Result<Option<crate::domain::household::Household>> {
        let found = records::select(&self.conn, "AND t.number = ?1", "ORDER BY t.id LIMIT 1", [number])?;
        Ok(found.into_iter().next())
    }

    /// The live member holding this ID number.
    pub fn member_by_id_number(&self, number: &str) -> Result<Option<Member>> {
        let found = records::select(&self.conn, "AND t.id_number = ?1", "ORDER BY t.id LIMIT 1", [number])?;
        Ok(found.into_iter().next())
    }

    /// Another live household with this 户编号: its head and village.
    pub fn household_number_holder(&self, number: &str, except: &str) -> Result<Option<(String, String)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT h.head_name, coalesce(v.name, '') FROM households h LEFT JOIN villages v ON v.id = h.village_id
                 WHERE h.number = ?1 AND h.deleted = 0 AND h.id != ?2 LIMIT 1",
            )?
            .query_row([number, except], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// The household's other live income record for a year, if it has one.
    pub fn income_of_year(
        &self,
        household: &str,
        year: i64,
        except: &str,
    ) -> Result<Option<crate::domain::income::Income>> {
        self.other_holding([("household_id", &household), ("year", &year)], except)
    }

    /// The cadre's attendance record of a month, other than `except`.
    pub fn attendance_of_month(
        &self,
        cadre: &str,
        month: crate::domain::dates::YearMonth,
        except: &str,
    ) -> Result<Option<crate::domain::cadre::Attendance>> {
        self.other_holding([("cadre_id", &cadre), ("month", &month.to_string())], except)
    }

    /// A live record other than `except` holding both values (one record per owner and
    /// period: an income per household and year, attendance per cadre and month).
    fn other_holding<T: Record>(&self, pair: [(&str, &dyn rusqlite::ToSql); 2], except: &str) -> Result<Option<T>> {
        let [(a, va), (b, vb)] = pair;
        let found = super::records::select::<T>(
            &self.conn,
            &format!("AND t.{a} = ?1 AND t.{b} = ?2 AND t.id != ?3"),
            "ORDER BY t.id LIMIT 1",
            rusqlite::params![va, vb, except],
        )?;
        Ok(found.into_iter().next())
    }

    /// How many live households a village has.
    pub fn households_in(&self, village_id: &str) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM households WHERE village_id = ?1 AND deleted = 0")?
            .query_row([village_id], |r| r.get(0))?)
    }

    /// How many live households have this person as their helper (帮扶责任人).
    pub fn helped_by(&self, name: &str) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM households WHERE helper = ?1 AND deleted = 0")?
            .query_row([name], |r| r.get(0))?)
    }

    /// Names of villages by id, in the order given.
    pub fn village_names(&self, ids: &[String]) -> Result<Vec<String>> {
        ids.iter().map(|id| self.village_name(id)).collect()
    }

    pub fn vocab(&self) -> Result<Vocab> {
        vocab_of(&self.conn)
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    /// The province of the ledger's villages (the first village with a code).
    pub fn ledger_province(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT substr(code, 1, 2) FROM villages WHERE deleted = 0 AND length(code) = 12 ORDER BY code LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The history of one record, oldest first.
    pub fn ops_for(&self, record_id: &str) -> Result<Vec<Op>> {
        let sql = format!("SELECT {} FROM ops WHERE record_id = ?1 ORDER BY hlc, op_id", super::oplog::op_columns(""));
        let mut stmt = self.conn.prepare(&sql)?;
        let ops = stmt.query_map([record_id], Op::at)?;
        Ok(ops.collect::<rusqlite::Result<_>>()?)
    }

    /// The ids of a table's deleted records, oldest first.
    pub fn deleted_ids(&self, table: &str) -> Result<Vec<String>> {
        if !record_tables().contains(&table) {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare(&format!("SELECT id FROM {table} WHERE deleted = 1 ORDER BY id"))?;
        let ids = stmt.query_map([], |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }

    pub fn op_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM ops", [], |r| r.get(0))?)
    }

    pub fn table_counts(&self) -> Result<Vec<TableCount>> {
        record_tables()
            .iter()
            .map(|&table| {
                let sql = format!("SELECT count(*), coalesce(sum(deleted), 0) FROM {table}");
                let (all, deleted): (i64, i64) = self.conn.query_row(&sql, [], |r| Ok((r.get(0)?, r.get(1)?)))?;
                Ok(TableCount { table, live: all - deleted, deleted })
            })
            .collect()
    }

    /// A raw row of any table by id, as column names and values (for history and checks).
    pub fn raw_row(&self, table: &str, id: &str) -> Result<Option<Vec<(String, FieldValue)>>> {
        let sql = format!("SELECT * FROM {table} WHERE id = ?1");
        let mut stmt = self.conn.prepare(&sql)?;
        let names: Vec<String> = stmt.column_names().into_iter().map(str::to_string).collect();
        Ok(stmt
            .query_row([id], |row| {
                names.iter().enumerate().map(|(i, n)| Ok((n.clone(), field_value(row.get_ref(i)?)))).collect()
            })
            .optional()?)
    }
}

fn warning_row(r: &rusqlite::Row) -> rusqlite::Result<Warning> {
    let facts: String = r.get(6)?;
    Ok(Warning {
        rule: r.get(0)?,
        table: r.get(1)?,
        record_id: r.get(2)?,
        household_id: r.get(3)?,
        from: r.get::<_, Option<String>>(4)?.as_deref().and_then(stored_date),
        until: r.get::<_, Option<String>>(5)?.as_deref().and_then(stored_date),
        facts: serde_json::from_str(&facts).unwrap_or_default(),
    })
}

/// The vocabularies as the file has them.
pub(super) fn vocab_of(conn: &rusqlite::Connection) -> Result<Vocab> {
    let mut stmt = conn.prepare_cached("SELECT list, code, zh, en, sort FROM vocab WHERE deleted = 0")?;
    let entries = stmt
        .query_map([], |r| {
            Ok(VocabEntry { list: r.get(0)?, code: r.get(1)?, zh: r.get(2)?, en: r.get(3)?, sort: r.get(4)? })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Vocab::new(entries))
}

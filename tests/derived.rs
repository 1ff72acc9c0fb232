//! The derived tables (due dates, warnings, search tokens, counts) that every save
//! keeps current equal what a rebuild makes from the records alone; and an older
//! file full of records gets them when it is migrated.

mod common;

use bangfu::domain::cadre::Cadre;
use bangfu::domain::dates::YearMonth;
use bangfu::domain::household::Household;
use bangfu::domain::income::{Income, Threshold};
use bangfu::domain::measure::Measure;
use bangfu::domain::member::Member;
use bangfu::domain::record::Subject;
use bangfu::domain::schedule::VisitRule;
use bangfu::domain::search::Query;
use bangfu::domain::task::{SUBJECT_HOUSEHOLD, Task};
use bangfu::domain::village::Village;
use bangfu::domain::visit::Visit;
use bangfu::domain::{Draft, Record};
use bangfu::store::{ListKind, ListQuery, Store};
use common::{demo_ledger, today};
use rusqlite::types::ValueRef;

/// Every row of the derived tables, as text, in a stable order (the numbers that
/// tie tokens to records left out: they depend on the order rows were made in).
fn derived(path: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let queries = [
        "SELECT d.household_id, d.village_id, d.sort_key, d.monitor_category, d.risk_eliminated,
                d.identified_month, d.eliminated_month, d.member_count, d.visit_count, d.last_visit,
                d.next_due, d.visit_group, d.first_measure, d.income_year, d.per_capita_fen, d.line_fen, f.tokens
         FROM derived_households d LEFT JOIN derived_fts f ON f.rowid = (1 << 40) + d.ref ORDER BY d.household_id",
        "SELECT table_name, record_id FROM derived_search ORDER BY table_name, record_id",
        "SELECT rowid >> 40, tokens FROM derived_fts ORDER BY 1, 2",
        "SELECT rule, table_name, record_id, household_id, active_from, active_until, sort_key, facts
         FROM derived_warnings ORDER BY 1, 2, 3, 5, 8",
        "SELECT * FROM derived_counts ORDER BY 1",
        "SELECT * FROM derived_meta WHERE key = 'ledger_wide_year'",
    ];
    let mut out = Vec::new();
    for sql in queries {
        let mut stmt = conn.prepare(sql).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let cells: Vec<String> = (0..n)
                .map(|i| match row.get_ref(i).unwrap() {
                    ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    other => format!("{other:?}"),
                })
                .collect();
            out.push(cells.join(" | "));
        }
        out.push(format!("-- end of {}", sql.split_whitespace().last().unwrap_or_default()));
    }
    out
}

fn assert_same(change: &str, kept: &[String], rebuilt: &[String]) {
    let only_kept: Vec<&String> = kept.iter().filter(|r| !rebuilt.contains(r)).take(5).collect();
    let only_rebuilt: Vec<&String> = rebuilt.iter().filter(|r| !kept.contains(r)).take(5).collect();
    assert!(
        kept == rebuilt,
        "{change}: kept by the saves, not by a rebuild: {only_kept:#?}\nmade by a rebuild, not by the saves: {only_rebuilt:#?}"
    );
}

fn draft(pairs: &[(&str, &str)]) -> Draft {
    pairs.iter().fold(Draft::default(), |d, (k, v)| d.with(k, *v))
}

fn household_with_visits(store: &Store) -> (Household, Vec<Visit>) {
    store
        .all::<Household>()
        .unwrap()
        .into_iter()
        .find_map(|h| {
            let visits: Vec<Visit> = store.children("household_id", &h.id, "ORDER BY t.date").unwrap();
            (visits.len() >= 2).then_some((h, visits))
        })
        .expect("the demo has a household visited twice")
}

/// A day of a cadre's work on every kind of record, written the way the app writes;
/// `check` hears after each change what it was.
fn a_day_of_changes(store: &mut Store, check: &mut dyn FnMut(&str)) {
    let mut village: Village = store.all::<Village>().unwrap().remove(0);
    village.name = "新柳林村".into();
    store.update(&village).unwrap();
    check("renamed a village");

    let (mut household, visits) = household_with_visits(store);
    household.head_name = "欧阳秀英".into();
    store.update(&household).unwrap();
    check("renamed a head of household");
    let last = visits.last().unwrap();
    store.delete::<Visit>(&last.id).unwrap();
    check("deleted a last visit");

    let members: Vec<Member> = store.children("household_id", &household.id, "ORDER BY t.name").unwrap();
    if let Some(m) = members.last() {
        store.delete::<Member>(&m.id).unwrap();
    }
    check("deleted a member");
    let mut newborn = Member::from_draft(
        "",
        &draft(&[
            ("household_id", &household.id),
            ("name", "曾乐乐"),
            ("id_number", "511903202002290027"),
            ("relation", "grandchild"),
            ("birth_date", "2020-02-29"),
        ]),
    )
    .unwrap();
    store.insert(&mut newborn).unwrap();
    check("added a member");

    let year = today().format("%Y").to_string();
    let mut income = Income::from_draft(
        "",
        &draft(&[("household_id", &household.id), ("year", &year), ("wages", "3000"), ("transfer", "1200.5")]),
    )
    .unwrap();
    store.insert(&mut income).unwrap();
    check("added an income");
    let mut measure = Measure::from_draft(
        "",
        &draft(&[("household_id", &household.id), ("category", "employment"), ("start", "2026-03-01")]),
    )
    .unwrap();
    store.insert(&mut measure).unwrap();
    check("added a measure");

    let other = store.all::<Household>().unwrap().into_iter().find(|h| h.id != household.id).unwrap();
    let mut visit = Visit::from_draft(
        "",
        &draft(&[
            ("household_id", &other.id),
            ("village_id", &other.village_id),
            ("date", "2026-11-14"),
            ("visit_type", "routine"),
            ("visitors", "王建国、李芳"),
        ]),
    )
    .unwrap();
    store.insert(&mut visit).unwrap();
    check("added a visit");

    let mut task = Task::from_draft(
        "",
        &draft(&[
            ("title", "核实务工收入"),
            ("owner", "王建国"),
            ("deadline", "2026-11-30"),
            ("status", "not_started"),
        ]),
    )
    .unwrap();
    task.subject = Some(Subject::new(SUBJECT_HOUSEHOLD, &other.id));
    store.insert(&mut task).unwrap();
    check("added a task");
    let mut cadre = Cadre::from_draft("", &draft(&[("name", "吕晓燕"), ("unit", "县农业农村局")])).unwrap();
    store.insert(&mut cadre).unwrap();
    check("added a cadre");

    // The rule for one group of households goes: their due dates and warnings follow.
    let rule = store.all::<VisitRule>().unwrap().remove(0);
    store.delete::<VisitRule>(&rule.id).unwrap();
    check("deleted a visit rule");
    let this_year = i64::from(chrono::Datelike::year(&today()));
    if let Some(mut line) = store.all::<Threshold>().unwrap().into_iter().find(|t| t.year == this_year) {
        line.amount += 50_000;
        store.update(&line).unwrap();
    }
    check("raised a monitoring line");

    let gone = store.all::<Household>().unwrap().into_iter().rev().find(|h| h.id != household.id).unwrap();
    store.delete::<Household>(&gone.id).unwrap();
    check("deleted a household");
}

#[test]
fn what_the_saves_keep_equals_what_a_rebuild_makes() {
    let fixture = demo_ledger();
    let mut store = Store::open_with(&fixture.path, today(), &mut |_, _| {}).unwrap();
    let copy = fixture.dir.path().join("rebuilt.db");
    let mut previous = derived(&fixture.path);
    // Another session on the same file keeps the month's figures between the saves.
    let other = Store::open_with(&fixture.path, today(), &mut |_, _| {}).unwrap();
    let this_month = YearMonth::of(today());
    let months = [this_month, this_month.plus(-1).unwrap()];
    let figures = |store: &Store| months.map(|m| format!("{:?}", store.month_figures(m, today()).unwrap()));
    figures(&other);
    a_day_of_changes(&mut store, &mut |change| {
        let kept_figures = figures(&other);
        rusqlite::Connection::open(&fixture.path).unwrap().execute("DELETE FROM derived_figures", []).unwrap();
        assert_eq!(kept_figures, figures(&other), "{change}: the figures kept, against counted afresh");
        let kept = derived(&fixture.path);
        assert!(previous != kept, "{change}: the change reached the derived tables");
        std::fs::copy(&fixture.path, &copy).unwrap();
        Store::open_with(&copy, today(), &mut |_, _| {}).unwrap().rebuild_derived(&mut |_, _| {}).unwrap();
        assert_same(change, &kept, &derived(&copy));
        previous = kept;
    });
}

/// The format-4 and -5 objects of schema.sql (derived tables and list indexes).
fn derived_objects() -> Vec<(String, String)> {
    let schema = include_str!("../src/store/schema.sql");
    let (_, from_four) = schema.split_once("-- format 4\n").unwrap();
    let mut objects = Vec::new();
    for line in from_four.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["CREATE", "TABLE", name, ..] | ["CREATE", "VIRTUAL", "TABLE", name, ..] => {
                objects.push(("TABLE".to_string(), name.to_string()))
            }
            ["CREATE", "INDEX", name, ..] => objects.push(("INDEX".to_string(), name.to_string())),
            _ => {}
        }
    }
    objects.dedup();
    objects
}

#[test]
fn a_format_three_file_with_records_gets_its_lists_and_warnings_on_upgrade() {
    let fixture = demo_ledger();
    let lists = |store: &Store| -> Vec<Vec<String>> {
        [(ListKind::Households, ""), (ListKind::Visits, "zs"), (ListKind::VisitsDue, ""), (ListKind::Warnings, "")]
            .into_iter()
            .map(|(kind, text)| {
                let q = ListQuery { kind, filter: Query::parse(text), today: today() };
                store.list_window(&q, 0, 10_000, usize::MAX).unwrap().into_iter().map(|r| r.id).collect()
            })
            .collect()
    };
    // A format-3 file has no completion dates (format 8 added them): the demo's are
    // taken away first, so both sides have the same projects.
    // Nor a planned start apart from the start (format 12).
    // Nor incomes of the periods format 11 added (before an elimination, expected), nor
    // their 刚性支出. Nor needs (format 14), nor the assisting side's ledger (format 15).
    // Nor arrivals (format 13): one figure per project, which the
    // upgrade makes one arrival of unknown source, dated the project's last save.
    // Nor needs (format 14).
    rusqlite::Connection::open(&fixture.path)
        .unwrap()
        .execute_batch(
            "DELETE FROM needs;
             UPDATE projects SET completed_on = NULL;
             UPDATE projects SET planned_start_month = start_month;
             UPDATE incomes SET period = 'year' WHERE period IN ('before_elimination', 'expected');
             UPDATE incomes SET rigid_spending_fen = 0;
             UPDATE incomes SET before_identification = (period = 'before_identification');
             DELETE FROM fund_arrivals;
             UPDATE tasks SET meeting_id = NULL;
             DELETE FROM needs; DELETE FROM party_targets; DELETE FROM placements; DELETE FROM purchases;
             DELETE FROM exchanges; DELETE FROM trainings; DELETE FROM parks; DELETE FROM donations;
             DELETE FROM pairings; DELETE FROM meetings; DELETE FROM parties;
             INSERT INTO fund_arrivals (id, project_id, date, amount_fen, created_at, updated_at)
                 SELECT lower(hex(randomblob(16))), id, substr(updated_at, 1, 10), arrived_fen, created_at, created_at
                 FROM projects WHERE arrived_fen > 0;",
        )
        .unwrap();
    let (want, figures) = {
        let mut store = Store::open_with(&fixture.path, today(), &mut |_, _| {}).unwrap();
        store.rebuild_derived(&mut |_, _| {}).unwrap();
        (lists(&store), format!("{:?}", store.month_figures(YearMonth::of(today()), today()).unwrap()))
    };
    assert!(want.iter().all(|rows| !rows.is_empty()), "the demo fills every list");
    {
        let conn = rusqlite::Connection::open(&fixture.path).unwrap();
        for (kind, name) in derived_objects().into_iter().rev() {
            conn.execute_batch(&format!("DROP {kind} IF EXISTS {name}")).unwrap();
        }
        conn.execute_batch(
            "ALTER TABLE ops DROP COLUMN batch; ALTER TABLE ops DROP COLUMN copy_id; ALTER TABLE ops DROP COLUMN note;
             ALTER TABLE members DROP COLUMN joined_on; ALTER TABLE members DROP COLUMN left_on;
             ALTER TABLE members DROP COLUMN left_reason; ALTER TABLE projects DROP COLUMN completed_on;
             DROP INDEX IF EXISTS projects_figures; ALTER TABLE projects DROP COLUMN planned_start_month;
             ALTER TABLE projects DROP COLUMN sector; DROP INDEX IF EXISTS tasks_meeting;
             ALTER TABLE tasks DROP COLUMN meeting_id;
             ALTER TABLE members DROP COLUMN national_extra; ALTER TABLE households DROP COLUMN national_extra;
             DROP TRIGGER incomes_period_from_older_copies;
             ALTER TABLE incomes DROP COLUMN period; ALTER TABLE incomes DROP COLUMN rigid_spending_fen;
             ALTER TABLE thresholds DROP COLUMN wait_months; ALTER TABLE thresholds DROP COLUMN identification_days;
             ALTER TABLE visit_rules DROP COLUMN home_only;
             DELETE FROM vocab WHERE list IN ('member_left', 'income_period', 'fund_source', 'need_class',
                 'party_level', 'coop_indicator', 'exchange_direction', 'exchange_kind', 'project_sector',
                 'meeting_kind', 'coop_unit') OR (list = 'task_source' AND code = 'meeting') OR (list = 'monitoring_step' AND code = 'reject');",
        )
        .unwrap();
        conn.pragma_update(None, "user_version", 3).unwrap();
    }
    let mut steps = 0;
    let store = Store::open_with(&fixture.path, today(), &mut |_, _| steps += 1).unwrap();
    assert!(steps > 0, "the rebuild reports its progress");
    assert_eq!(lists(&store), want);
    assert_eq!(format!("{:?}", store.month_figures(YearMonth::of(today()), today()).unwrap()), figures);
    assert!(fixture.dir.path().join("台账.db.v3.bak").exists());
}

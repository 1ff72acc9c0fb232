//! `bangfu report ledgers PATH.xlsx`: the three ledgers (三本台账) a township keeps,
//! one sheet each — 帮扶资金项目落实台账 (projects and their money), 干部人才管理服务台账
//! (cadres and their days in the village, month by month) and 重点任务推进台账 (tasks
//! and their 销号 loop). Columns that are a record's fields are written from the
//! field's declaration (a code as its label, money in 元); docs/reports.md.

use super::ReportError;
use super::book::Table;
use crate::domain::Draft;
use crate::domain::cadre::{Attendance, Cadre};
use crate::domain::dates::{YearMonth, format_date};
use crate::domain::field::{Kind, RecordDef};
use crate::domain::household::Household;
use crate::domain::project::Project;
use crate::domain::project::{RESERVE_STAGES, reserve_by_sector};
use crate::domain::record::Record;
use crate::domain::task::{Task, TaskNote};
use crate::domain::village::Village;
use crate::domain::vocab::{Lang, Vocab};
use crate::store::Store;
use crate::ui::Labels;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Workbook, XlsxError};
use std::collections::HashMap;
use std::path::Path;

/// The column of a summary line's figure (its name spans the columns before).
const SUMMARY: usize = 4;

/// What the three sheets list.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LedgerCounts {
    pub projects: usize,
    /// Projects not yet started (谋划储备, 已入库, 已批复): the project reserve.
    pub reserve: usize,
    pub cadres: usize,
    pub tasks: usize,
}

/// What every sheet reads from: the ledger, the labels, the names of ids, the day.
struct Sources<'a> {
    store: &'a Store,
    labels: &'a Labels,
    names: Names,
    today: NaiveDate,
    signed: super::book::Signature,
}

/// The names a ledger prints for ids, read once.
struct Names {
    vocab: Vocab,
    villages: HashMap<String, Village>,
}

impl Names {
    fn village(&self, id: &str) -> (&str, &str) {
        self.villages.get(id).map_or(("", ""), |v| (v.township.as_str(), v.name.as_str()))
    }

    fn villages(&self, ids: &[String]) -> String {
        ids.iter().map(|id| self.village(id).1).filter(|n| !n.is_empty()).collect::<Vec<_>>().join("、")
    }
}

/// Writes the workbook; `year` is the year whose months the cadres' sheet counts.
pub fn ledgers_report(
    store: &Store,
    labels: &Labels,
    year: i32,
    today: NaiveDate,
    path: &Path,
) -> Result<LedgerCounts, ReportError> {
    let names = Names {
        vocab: store.vocab()?,
        villages: store.all::<Village>()?.into_iter().map(|v| (v.id.clone(), v)).collect(),
    };
    let signed = super::signature(store, labels, today)?;
    let sources = Sources { store, labels, names, today, signed };
    let mut book = Workbook::new();
    let counts = LedgerCounts {
        projects: projects_sheet(&mut book, &sources)?,
        reserve: reserve_sheet(&mut book, &sources)?,
        cadres: cadres_sheet(&mut book, &sources, year)?,
        tasks: tasks_sheet(&mut book, &sources, year)?,
    };
    super::save_private(&mut book, path)?;
    Ok(counts)
}

/// A record's field as a ledger cell, from its declaration.
fn field_cell(
    t: &mut Table,
    c: usize,
    def: &RecordDef,
    draft: &Draft,
    key: &str,
    names: &Names,
) -> Result<(), XlsxError> {
    let Some(field) = def.field(key) else { return t.text(c, "") };
    let value = draft.get(key);
    match field.kind {
        Kind::Money => t.yuan(c, crate::domain::money::parse_fen(value).unwrap_or(0), false),
        Kind::Count | Kind::Percent | Kind::Int(..) if !value.is_empty() => {
            t.count(c, value.parse().unwrap_or(0), false)
        }
        Kind::Code(list) if !value.is_empty() => t.text(c, names.vocab.label(list, value, Lang::Zh)),
        Kind::Ref("villages") => t.text(c, names.village(value).1),
        _ => t.text(c, value),
    }
}

/// The header of a table: its own columns' labels, then the fields' labels.
fn header(labels: &Labels, own: &[&str], def: &RecordDef, fields: &[&str]) -> Vec<String> {
    own.iter()
        .map(|k| labels.t(k).to_string())
        .chain(fields.iter().map(|f| labels.field(def.prefix, f).to_string()))
        .collect()
}

const PROJECT_FIELDS: [&str; 13] = [
    "village_id",
    "name",
    "category",
    "nature",
    "status",
    "content",
    "assist_force",
    "assisting_party",
    "implementing_unit",
    "responsible_person",
    "planned_start_month",
    "start_month",
    "planned_end_month",
];
const PROJECT_TAIL: [&str; 5] =
    ["percent_complete", "jobs_created", "benefit_mechanism", "performance_target", "notes"];

/// 帮扶资金项目落实台账: a row per project with its money by source, arrived and paid,
/// a totals row, then 开工率 and 撬动比 as 概览 counts them.
fn projects_sheet(book: &mut Workbook, sources: &Sources) -> Result<usize, ReportError> {
    let Sources { store, labels, names, today, signed } = sources;
    let today = *today;
    let def = Project::DEF;
    let mut projects: Vec<Project> = store.all()?;
    projects.sort_by(|a, b| {
        let place = |p: &Project| names.village(p.village_id.as_deref().unwrap_or("")).0.to_string();
        (place(a), a.village_id.clone(), a.start_month, &a.name).cmp(&(
            place(b),
            b.village_id.clone(),
            b.start_month,
            &b.name,
        ))
    });
    let monitored: HashMap<String, bool> =
        store.all::<Household>()?.into_iter().map(|h| (h.id.clone(), h.is_monitored())).collect();
    let sources = crate::domain::project::FUND_SOURCES;
    let mut head = header(labels, &["ledger.seq", "ledger.township"], def, &PROJECT_FIELDS);
    head.push(labels.field(def.prefix, "completed_on").to_string());
    // Every money header names its unit (the cells are 元 with two decimals; 月调度's are 万元).
    let yuan = |label: &str| format!("{label}（{}）", labels.t("unit.yuan"));
    head.extend(sources.iter().map(|f| yuan(labels.field(def.prefix, f))));
    head.push(yuan(labels.t("ledger.planned_total")));
    head.push(yuan(labels.field(def.prefix, "arrived")));
    head.push(labels.t("ledger.arrived_rate").into());
    head.push(yuan(labels.field(def.prefix, "paid")));
    head.push(labels.t("ledger.paid_rate").into());
    head.extend(PROJECT_TAIL.iter().take(2).map(|f| labels.field(def.prefix, f).to_string()));
    head.push(labels.t("ledger.beneficiaries").into());
    head.push(labels.t("ledger.monitored_beneficiaries").into());
    head.extend(PROJECT_TAIL.iter().skip(2).map(|f| labels.field(def.prefix, f).to_string()));
    let sheet = book.add_worksheet();
    sheet.set_name(labels.t("ledger.sheet_projects"))?;
    let mut t = Table::new(sheet, labels.t("ledger.title_projects"), &head)?;
    let money_from = 3 + PROJECT_FIELDS.len();
    let mut totals = [0i64; 9];
    let (mut jobs, mut households, mut monitored_households) = (0i64, 0i64, 0i64);
    for (n, p) in projects.iter().enumerate() {
        let draft = p.to_draft();
        t.count(0, n as i64 + 1, false)?;
        t.text(1, names.village(p.village_id.as_deref().unwrap_or("")).0)?;
        for (i, key) in PROJECT_FIELDS.iter().enumerate() {
            field_cell(&mut t, 2 + i, def, &draft, key, names)?;
        }
        t.text(money_from - 1, &p.completed_on.map(format_date).unwrap_or_default())?;
        let money = project_money(p);
        let mut c = money_cells(&mut t, money_from, &money, false)?;
        for (total, fen) in totals.iter_mut().zip(money) {
            *total = total.checked_add(fen).ok_or(crate::store::StoreError::MoneyOverflow)?;
        }
        for key in PROJECT_TAIL.iter().take(2) {
            field_cell(&mut t, c, def, &draft, key, names)?;
            c += 1;
        }
        let helped = p.beneficiaries.len() as i64;
        let helped_monitored =
            p.beneficiaries.iter().filter(|h| monitored.get(*h).copied().unwrap_or(false)).count() as i64;
        t.count(c, helped, false)?;
        t.count(c + 1, helped_monitored, false)?;
        c += 2;
        for key in PROJECT_TAIL.iter().skip(2) {
            field_cell(&mut t, c, def, &draft, key, names)?;
            c += 1;
        }
        jobs += p.jobs_created.unwrap_or(0);
        households += helped;
        monitored_households += helped_monitored;
        t.next_row();
    }
    // 合计: the money columns, the jobs and the households.
    t.bold(1, labels.t("ledger.total"))?;
    let c = money_cells(&mut t, money_from, &totals, true)?;
    t.text(c, "")?;
    t.count(c + 1, jobs, true)?;
    t.count(c + 2, households, true)?;
    t.count(c + 3, monitored_households, true)?;
    t.next_row();
    t.next_row();
    let work = store.month_figures(YearMonth::of(today), today)?.work;
    for (key, value) in [("ledger.count", projects.len() as i64), ("ledger.planned_this_year", work.planned_this_year)]
    {
        t.caption(labels.t(key))?;
        t.count(SUMMARY, value, false)?;
        t.next_row();
    }
    t.caption(labels.t("ledger.start_rate"))?;
    t.share(SUMMARY, work.started_this_year, work.planned_this_year)?;
    t.next_row();
    t.caption(labels.t("ledger.leverage"))?;
    // The same figure as 概览's, to the hundredth.
    if let Some(hundredths) = crate::domain::money::leverage_hundredths(work.social_fen, work.assisting_fen) {
        t.ratio(SUMMARY, hundredths as f64 / 100.0)?;
    }
    t.finish(signed)?;
    Ok(projects.len())
}

/// A project's money as the sheet lists it: the six sources, the planned total,
/// arrived, paid.
/// 项目储备库: the projects not yet started, by sector (行业领域) — how many and their
/// planned investment in each stage, and in all — with a total row.
fn reserve_sheet(book: &mut Workbook, sources: &Sources) -> Result<usize, ReportError> {
    let Sources { store, labels, names, signed, .. } = sources;
    let vocab = &names.vocab;
    let mut sectors: Vec<(String, String)> = vocab
        .choices(crate::domain::vocab::list::PROJECT_SECTOR)
        .map(|e| (e.code.clone(), e.label(Lang::Zh).to_string()))
        .collect();
    sectors.push((String::new(), labels.t("ledger.no_sector").to_string()));
    let codes: Vec<String> = sectors.iter().map(|(code, _)| code.clone()).collect();
    let table = reserve_by_sector(&store.all::<Project>()?, &codes).ok_or(crate::store::StoreError::MoneyOverflow)?;
    let reserve = table.iter().map(|row| row[3].0).sum::<i64>() as usize;
    let status = |code: &str| vocab.label(crate::domain::vocab::list::PROJECT_STATUS, code, Lang::Zh).to_string();
    let mut head = vec![labels.field("project", "sector").to_string()];
    let stage_names: Vec<String> =
        RESERVE_STAGES.iter().map(|s| status(s)).chain([labels.t("report.total").to_string()]).collect();
    for name in &stage_names {
        head.push(labels.f("ledger.reserve_count", &[("stage", name)]));
        head.push(labels.f("ledger.reserve_amount", &[("stage", name), ("unit", labels.t("unit.yuan"))]));
    }
    let sheet = book.add_worksheet();
    sheet.set_name(labels.t("ledger.sheet_reserve"))?;
    let mut t = Table::new(sheet, labels.t("ledger.title_reserve"), &head)?;
    let mut totals = [(0i64, 0i64); 4];
    for ((_, name), row) in sectors.iter().zip(&table) {
        if row[3].0 == 0 {
            continue;
        }
        t.text(0, name)?;
        for (i, (count, fen)) in row.iter().enumerate() {
            t.count(1 + 2 * i, *count, false)?;
            t.yuan(2 + 2 * i, *fen, false)?;
            if let Some(total) = totals.get_mut(i) {
                total.0 += count;
                total.1 = total.1.checked_add(*fen).ok_or(crate::store::StoreError::MoneyOverflow)?;
            }
        }
        t.next_row();
    }
    t.bold(0, labels.t("report.total"))?;
    for (i, (count, fen)) in totals.iter().enumerate() {
        t.count(1 + 2 * i, *count, true)?;
        t.yuan(2 + 2 * i, *fen, true)?;
    }
    t.next_row();
    t.finish(signed)?;
    Ok(reserve)
}

fn project_money(p: &Project) -> [i64; 9] {
    let [a, b, c, d, e, f] = p.funds();
    [a, b, c, d, e, f, p.planned_total_fen(), p.arrived, p.paid]
}

/// Writes the money from column `c`: the sources and the total, then arrived and paid
/// each with its share of the total; returns the next column.
fn money_cells(t: &mut Table, mut c: usize, money: &[i64; 9], bold: bool) -> Result<usize, XlsxError> {
    let [sources @ .., planned, arrived, paid] = money;
    for fen in sources.iter().chain([planned]) {
        t.yuan(c, *fen, bold)?;
        c += 1;
    }
    for fen in [arrived, paid] {
        t.yuan(c, *fen, bold)?;
        t.share(c + 1, *fen, *planned)?;
        c += 2;
    }
    Ok(c)
}

const CADRE_FIELDS: [&str; 7] = ["name", "role", "unit", "villages", "term_start", "term_end", "phone"];

/// The order the roles are listed in: those posted in the village first.
const ROLE_ORDER: [&str; 5] = ["first_secretary", "team_member", "seconded", "technical", "helper"];

/// 干部人才管理服务台账: a row per cadre, the days in the village each month of the
/// year, the year's days and leave, and a totals row.
fn cadres_sheet(book: &mut Workbook, sources: &Sources, year: i32) -> Result<usize, ReportError> {
    let Sources { store, labels, names, signed, .. } = sources;
    let def = Cadre::DEF;
    let mut cadres: Vec<Cadre> = store.all()?;
    let rank = |c: &Cadre| ROLE_ORDER.iter().position(|r| Some(*r) == c.role.as_deref()).unwrap_or(ROLE_ORDER.len());
    cadres.sort_by(|a, b| {
        (rank(a), names.villages(&a.villages), &a.name).cmp(&(rank(b), names.villages(&b.villages), &b.name))
    });
    let mut months: HashMap<String, Vec<Attendance>> = HashMap::new();
    for a in store.all::<Attendance>()?.into_iter().filter(|a| a.month.year == year) {
        months.entry(a.cadre_id.clone()).or_default().push(a);
    }
    let mut head = header(labels, &["ledger.seq"], def, &CADRE_FIELDS);
    head.extend((1..=12).map(|m| labels.f("ledger.month_days", &[("month", &m.to_string())])));
    head.extend(
        [
            "ledger.year_days",
            "ledger.sick_leave",
            "ledger.personal_leave",
            "ledger.official_leave",
            "ledger.attendance_notes",
        ]
        .iter()
        .map(|k| labels.t(k).to_string()),
    );
    let sheet = book.add_worksheet();
    sheet.set_name(labels.t("ledger.sheet_cadres"))?;
    let title = labels.f("ledger.title_cadres", &[("year", &year.to_string())]);
    let mut t = Table::new(sheet, &title, &head)?;
    let first_month = 1 + CADRE_FIELDS.len();
    let mut totals = [0i64; 16];
    for (n, cadre) in cadres.iter().enumerate() {
        let draft = cadre.to_draft();
        t.count(0, n as i64 + 1, false)?;
        for (i, key) in CADRE_FIELDS.iter().enumerate() {
            match *key {
                "villages" => t.text(1 + i, &names.villages(&cadre.villages))?,
                _ => field_cell(&mut t, 1 + i, def, &draft, key, names)?,
            }
        }
        let mut row = [0i64; 16];
        let mut notes = Vec::new();
        for a in months.get(&cadre.id).map(Vec::as_slice).unwrap_or_default() {
            let m = a.month.month as usize;
            t.count(first_month + m - 1, a.days_in_village, false)?;
            if let Some(slot) = row.get_mut(m - 1) {
                *slot += a.days_in_village;
            }
            row[12] += a.days_in_village;
            row[13] += a.sick_leave;
            row[14] += a.personal_leave;
            row[15] += a.official_leave;
            if !a.notes.is_empty() {
                notes.push(format!("{}月：{}", a.month.month, a.notes));
            }
        }
        for (i, value) in row.iter().enumerate().skip(12) {
            t.count(first_month + i, *value, false)?;
        }
        t.text(first_month + 16, &notes.join("；"))?;
        for (total, value) in totals.iter_mut().zip(row) {
            *total += value;
        }
        t.next_row();
    }
    t.bold(1, labels.t("ledger.total"))?;
    for (i, value) in totals.iter().enumerate() {
        t.count(first_month + i, *value, true)?;
    }
    t.finish(signed)?;
    Ok(cadres.len())
}

const TASK_FIELDS: [&str; 6] = ["title", "source", "subject", "lead_unit", "owner", "deadline"];
const TASK_CLOSE: [&str; 3] = ["evidence", "closed_on", "closed_by"];

/// 重点任务推进台账: a row per task with its progress notes by date and its 销号,
/// then how many are open, closed and overdue.
/// The year's tasks: all but those closed out before it and those due after it.
fn tasks_sheet(book: &mut Workbook, sources: &Sources, year: i32) -> Result<usize, ReportError> {
    let Sources { store, labels, names, today, signed } = sources;
    let today = *today;
    let def = Task::DEF;
    let of_the_year = |t: &Task| {
        let closed_before = t.closed_on.is_some_and(|d| d.year() < year);
        let due_after = t.is_open() && t.deadline.is_some_and(|d| d.year() > year);
        !closed_before && !due_after
    };
    let mut tasks: Vec<Task> = store.all::<Task>()?.into_iter().filter(of_the_year).collect();
    tasks.sort_by(|a, b| (a.deadline, &a.title).cmp(&(b.deadline, &b.title)));
    let mut notes: HashMap<String, Vec<TaskNote>> = HashMap::new();
    for n in store.all::<TaskNote>()? {
        notes.entry(n.task_id.clone()).or_default().push(n);
    }
    let heads: HashMap<String, String> =
        store.all::<Household>()?.into_iter().map(|h| (h.id.clone(), h.head_name)).collect();
    let projects: HashMap<String, String> =
        store.all::<Project>()?.into_iter().map(|p| (p.id.clone(), p.name)).collect();
    let mut head = header(labels, &["ledger.seq"], def, &TASK_FIELDS);
    head.push(labels.field(def.prefix, "status").into());
    head.push(labels.t("ledger.progress").into());
    head.extend(TASK_CLOSE.iter().map(|f| labels.field(def.prefix, f).to_string()));
    head.push(labels.t("ledger.overdue").into());
    let sheet = book.add_worksheet();
    sheet.set_name(labels.t("ledger.sheet_tasks"))?;
    let mut t = Table::new(sheet, labels.t("ledger.title_tasks"), &head)?;
    let (mut open, mut closed, mut overdue) = (0i64, 0i64, 0i64);
    for (n, task) in tasks.iter().enumerate() {
        let draft = task.to_draft();
        t.count(0, n as i64 + 1, false)?;
        let mut c = 1;
        for key in TASK_FIELDS {
            if key == "subject" {
                let subject = task.subject.as_ref().map_or(String::new(), |s| match s.kind.as_str() {
                    "household" => heads.get(&s.id).cloned().unwrap_or_default(),
                    "project" => projects.get(&s.id).cloned().unwrap_or_default(),
                    _ => names.village(&s.id).1.to_string(),
                });
                t.text(c, &subject)?;
            } else {
                field_cell(&mut t, c, def, &draft, key, names)?;
            }
            c += 1;
        }
        field_cell(&mut t, c, def, &draft, "status", names)?;
        let mut progress: Vec<&TaskNote> = notes.get(&task.id).map(|n| n.iter().collect()).unwrap_or_default();
        progress.sort_by_key(|n| n.date);
        let progress: Vec<String> = progress
            .iter()
            .map(|n| {
                if n.by.is_empty() {
                    format!("{} {}", format_date(n.date), n.text)
                } else {
                    format!("{} {}（{}）", format_date(n.date), n.text, n.by)
                }
            })
            .collect();
        t.lines(c + 1, &progress.join("\n"))?;
        c += 2;
        for key in TASK_CLOSE {
            field_cell(&mut t, c, def, &draft, key, names)?;
            c += 1;
        }
        let late = task.is_overdue(today);
        t.text(c, if late { labels.t("common.yes") } else { "" })?;
        open += i64::from(task.is_open());
        closed += i64::from(task.status == crate::domain::task::STATUS_CLOSED);
        overdue += i64::from(late);
        t.next_row();
    }
    t.next_row();
    for (key, n) in [
        ("ledger.tasks_total", tasks.len() as i64),
        ("ledger.tasks_open", open),
        ("ledger.tasks_closed", closed),
        ("ledger.tasks_overdue", overdue),
    ] {
        t.caption(labels.t(key))?;
        t.count(SUMMARY, n, false)?;
        t.next_row();
    }
    t.finish(signed)?;
    Ok(tasks.len())
}

//! The national monitoring system's person export ((自定义)监测对象信息, docs/national.md):
//! title rows, then a header row found by its column names, then one row per person,
//! grouped by 户编号 under 县/乡/村. This module reads rows of cell texts into the
//! households and people they describe — labels turned into codes, 是/否 into flags,
//! months `YYYYMM` — and names what it cannot read, by row. Every column it does not
//! model is kept, per household and per person, as it came.

use super::field::{FieldDef, Kind};
use super::invalid::Invalid;
use super::vocab::{Vocab, list};
use std::collections::BTreeMap;

mod households;
mod kept;
pub use households::Fields;
use households::{insurance_from_household, lift_household_columns, refused};
pub use kept::{Header, Kept};

/// Where a column of the export goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    County,
    Township,
    Village,
    /// A field of the household (its key), read from the household's first row.
    Household(&'static str),
    /// A field of the person.
    Member(&'static str),
    /// 致贫/返贫风险 N, counted from 1.
    Risk(usize),
    /// A component of the household's income (its key in `Income`).
    Income(&'static str),
    /// 是 in a measure category's column: a measure of that category.
    Measure(&'static str),
    /// 人均纯收入: written from the year's income and members; read to be checked
    /// against what the income columns give.
    PerCapita,
    /// 有家庭成员未参加基本医疗保险: follows from the members' own 参保 on export; read,
    /// it says each member's 参保 when the file has no column per person.
    Uninsured,
}

/// How a column's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Text,
    /// A label of a vocabulary list, kept as its code.
    Label(&'static str),
    /// 是 / 否.
    YesNo,
}

/// The columns bangfu reads, in the order the national export has them.
pub const COLUMNS: &[(&str, Target)] = &[
    ("县", Target::County),
    ("乡", Target::Township),
    ("村", Target::Village),
    ("户编号", Target::Household("number")),
    ("姓名", Target::Member("name")),
    ("证件号码", Target::Member("id_number")),
    ("证件类型", Target::Member("id_type")),
    ("与户主关系", Target::Member("relation")),
    ("性别", Target::Member("sex")),
    ("出生日期", Target::Member("birth_date")),
    ("民族", Target::Member("ethnicity")),
    ("文化程度", Target::Member("education")),
    ("在校生状况", Target::Member("schooling")),
    ("健康状况", Target::Member("health")),
    ("劳动技能", Target::Member("labor_skill")),
    ("务工状况", Target::Member("work_status")),
    ("是否参加基本医疗保险", Target::Member("medical_insurance")),
    ("是否参加大病保险", Target::Member("serious_illness_insurance")),
    ("是否参加基本养老保险", Target::Member("pension_insurance")),
    ("户类型", Target::Household("household_type")),
    ("监测对象类别", Target::Household("monitor_category")),
    ("识别监测时间", Target::Household("identified_month")),
    ("风险是否已消除", Target::Household("risk_eliminated")),
    ("消除监测时间", Target::Household("eliminated_month")),
    ("风险消除方式", Target::Household("elimination_method")),
    ("致贫/返贫风险1", Target::Risk(1)),
    ("致贫/返贫风险2", Target::Risk(2)),
    ("致贫/返贫风险3", Target::Risk(3)),
    ("致贫/返贫风险4", Target::Risk(4)),
    ("致贫/返贫风险5", Target::Risk(5)),
    ("整户无劳动能力兜底保障户", Target::Household("no_labor_capacity")),
    ("工资性收入", Target::Income("wages")),
    ("生产经营性收入", Target::Income("business_income")),
    ("生产经营性支出", Target::Income("business_costs")),
    ("财产性收入", Target::Income("property")),
    ("转移性收入", Target::Income("transfer")),
    ("理赔收入", Target::Income("claims")),
    ("合规自付支出", Target::Income("out_of_pocket")),
    ("人均纯收入", Target::PerCapita),
    ("义务教育阶段适龄儿童失学辍学", Target::Household("school_dropout")),
    ("有家庭成员未参加基本医疗保险", Target::Uninsured),
    ("住房不安全", Target::Household("unsafe_housing")),
    ("饮水不安全", Target::Household("unsafe_water")),
    ("产业帮扶", Target::Measure("industry")),
    ("就业帮扶", Target::Measure("employment")),
    ("公益岗位帮扶", Target::Measure("public_job")),
    ("金融帮扶", Target::Measure("finance")),
    ("健康帮扶", Target::Measure("health")),
    ("教育帮扶", Target::Measure("education")),
    ("义务教育保障", Target::Measure("compulsory_education")),
    ("住房安全保障", Target::Measure("housing")),
    ("饮水安全保障", Target::Measure("water")),
    ("综合保障", Target::Measure("welfare")),
    ("搬迁", Target::Measure("relocation")),
    ("社会帮扶", Target::Measure("social")),
    ("生产生活条件改善", Target::Measure("living_conditions")),
    ("基础设施建设", Target::Measure("infrastructure")),
    ("户联系电话", Target::Household("phone")),
];

/// A header as written, made comparable: no spaces, half-width brackets, no unit.
pub fn normalize_header(text: &str) -> String {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '／' => '/',
            _ => c,
        })
        .collect();
    t.strip_suffix("(元)").unwrap_or(&t).to_string()
}

/// The column a header names, if bangfu models it.
pub fn target_of(header: &str) -> Option<Target> {
    let h = normalize_header(header);
    // 致贫返贫风险1 and 致贫/返贫风险1 are the same column.
    let h = h.replace("致贫返贫", "致贫/返贫");
    COLUMNS.iter().find(|(name, _)| *name == h).map(|(_, t)| *t).or_else(|| insurance_alias(&h))
}

/// A person's 参保 column as exports and county sheets name it: 参加城乡居民基本医疗保险,
/// 是否参加城乡居民（职工）基本养老保险, 参加大病保险 … are the columns of `COLUMNS`.
fn insurance_alias(h: &str) -> Option<Target> {
    let rest = h.strip_prefix("是否").unwrap_or(h).strip_prefix("参加")?;
    let rest = rest.replace("城乡居民", "").replace("(职工)", "").replace("职工", "");
    let canonical = format!("是否参加{rest}");
    COLUMNS.iter().find(|(name, _)| *name == canonical).map(|(_, t)| *t)
}

/// Where the header row is and what each column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Index of the header row among the rows (0-based).
    pub header_row: usize,
    /// Each column's header as written.
    pub headers: Vec<String>,
    pub targets: Vec<Option<Target>>,
    /// The headers again, shared by every row's kept cells.
    shared: Vec<Header>,
    /// How each column's cells read (worked out once: a county file has millions).
    readings: Vec<Option<Reading>>,
}

impl Layout {
    /// Whether the file says who has 基本医疗保险: per person, or for the household.
    pub fn says_insurance(&self) -> bool {
        self.targets.iter().any(|t| matches!(t, Some(Target::Member("medical_insurance") | Target::Uninsured)))
    }
}

/// The header row is looked for among the first rows (row 3 in practice).
pub const HEADER_WITHIN: usize = 20;

/// The header row: the first of the first twenty rows naming 户编号, 姓名 and 证件号码.
pub fn find_layout(rows: &[Vec<String>]) -> Option<Layout> {
    let (header_row, row) = rows.iter().enumerate().take(HEADER_WITHIN).find(|(_, r)| {
        let names: Vec<String> = r.iter().map(|c| normalize_header(c)).collect();
        ["户编号", "姓名", "证件号码"].iter().all(|n| names.iter().any(|c| c == n))
    })?;
    // A header keeps a line break or a tab (`户籍\n地址`, written back as it came), never
    // another control character.
    let row: Vec<String> =
        row.iter().map(|h| h.chars().filter(|c| !super::stored::harmful_in_header(*c)).collect()).collect();
    let row = &row;
    Some(Layout {
        header_row,
        headers: row.clone(),
        targets: row.iter().map(|h| target_of(h)).collect(),
        shared: kept::shared_headers(row),
        readings: row.iter().map(|h| target_of(h).map(reading)).collect(),
    })
}

/// Why a row (or one of its cells) could not be taken as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowIssue {
    NoName,
    /// The ID number is not one (its check character, length, digits, birth date).
    BadId {
        number: String,
        problem: Invalid,
    },
    /// The same ID number twice in the file: the later row is left out.
    PersonTwice {
        number: String,
        first_line: usize,
    },
    /// A label no vocabulary has: kept as it is among the columns bangfu does not model.
    UnknownLabel {
        column: String,
        value: String,
    },
    /// Control characters taken out of a cell (a line break became a space).
    ControlCharacters {
        column: String,
    },
    /// A value that does not read (a month 2026-13, money 很多): kept as it came.
    BadValue {
        column: String,
        value: String,
    },
    /// 人均纯收入 in the file is not what its income columns give for its people
    /// (`computed` is `None` when the file gives no income to compute it from): the
    /// figure written back is the computed one.
    PerCapitaDiffers {
        file: i64,
        computed: Option<i64>,
    },
}

/// A person of the export, as a member's draft, with the row it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportPerson {
    /// The spreadsheet's row number (1-based, as Excel shows it).
    pub line: usize,
    pub draft: Fields,
    /// Columns bangfu does not model, by header, as they came.
    pub extra: Kept,
}

/// A household of the export: its number, place, fields, people, income and measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportHousehold {
    /// 户编号; empty for a household the national system has not numbered yet (one
    /// made in bangfu): matched by its people's ID numbers instead.
    pub number: String,
    pub county: String,
    pub township: String,
    pub village: String,
    pub draft: Fields,
    pub people: Vec<ExportPerson>,
    /// Income components in fen by key, when the export has them.
    pub income: Vec<(&'static str, i64)>,
    /// Measure categories marked 是.
    pub measures: Vec<&'static str>,
    /// 人均纯收入 as the file gives it, in fen.
    pub per_capita: Option<i64>,
    /// 有家庭成员未参加基本医疗保险 as the file gives it.
    pub uninsured: Option<bool>,
    pub extra: Kept,
    pub first_line: usize,
}

/// Everything read from an export: households in file order, and what was not right.
#[derive(Debug, Clone, Default)]
pub struct ExportRead {
    pub households: Vec<ExportHousehold>,
    /// (row number, issue)
    pub issues: Vec<(usize, RowIssue)>,
    /// Rows with someone on them.
    pub person_rows: usize,
}

/// The declaration of the field a column fills, if it is one of a record's fields.
pub fn field_of(target: Target) -> Option<&'static FieldDef> {
    use super::record::Record;
    match target {
        Target::Household(key) => super::household::Household::DEF.field(key),
        Target::Member(key) => super::member::Member::DEF.field(key),
        _ => None,
    }
}

/// How a column reads, from the declaration of the field it fills.
fn reading(target: Target) -> Reading {
    match (target, field_of(target).map(|f| f.kind)) {
        (Target::Risk(_), _) => Reading::Label(list::RISK),
        (Target::Measure(_) | Target::Uninsured, _) | (_, Some(Kind::Flag | Kind::Tri)) => Reading::YesNo,
        (_, Some(Kind::Code(list))) => Reading::Label(list),
        _ => Reading::Text,
    }
}

fn yes_no(text: &str) -> Option<&'static str> {
    match text.trim() {
        "是" | "Y" | "y" | "1" | "√" => Some("1"),
        "否" | "N" | "n" | "0" => Some("0"),
        _ => None,
    }
}

/// Reads the rows below the header into households, in file order; the rows are
/// consumed (their cells move into what is read, a county file is ~12 million cells).
pub fn read_export(rows: impl IntoIterator<Item = Vec<String>>, layout: &Layout, vocab: &Vocab) -> ExportRead {
    let mut out = ExportRead::default();
    let mut by_number: BTreeMap<String, usize> = BTreeMap::new();
    let mut seen_ids: BTreeMap<String, usize> = BTreeMap::new();
    // The household that rows without 户编号 are joining, if any.
    let mut unnumbered: Option<usize> = None;
    for (index, mut row) in rows.into_iter().enumerate().skip(layout.header_row + 1) {
        let line = index + 1;
        // A short row (a CSV's, or a sheet's with empty cells at the end) has those
        // columns empty, as a full one would.
        if row.len() < layout.shared.len() {
            row.resize(layout.shared.len(), String::new());
        }
        if row.iter().all(|c| c.trim().is_empty()) {
            unnumbered = None;
            continue;
        }
        out.person_rows += 1;
        let mut household = ExportHousehold {
            number: String::new(),
            county: String::new(),
            township: String::new(),
            village: String::new(),
            draft: Fields::default(),
            people: Vec::new(),
            income: Vec::new(),
            measures: Vec::new(),
            per_capita: None,
            uninsured: None,
            extra: Kept::default(),
            first_line: line,
        };
        let mut person = ExportPerson { line, draft: Fields::default(), extra: Kept::default() };
        // By their number, whatever the order of the columns.
        let mut risks: [String; super::household::MAX_RISKS] = Default::default();
        for (col, mut cell) in row.into_iter().enumerate() {
            let Some(shared) = layout.shared.get(col) else { continue };
            let header = &*shared.text;
            // Control characters (a line break typed in a cell, an escape sequence) never
            // get in, kept columns too: taken out, and said.
            if cell.chars().any(char::is_control) {
                cell = super::stored::cleaned(&cell).into_owned();
                out.issues.push((line, RowIssue::ControlCharacters { column: header.to_string() }));
            }
            if cell.trim().len() != cell.len() {
                cell = cell.trim().to_string();
            }
            let (Some(target), Some(reading)) =
                (layout.targets.get(col).copied().flatten(), layout.readings.get(col).copied().flatten())
            else {
                if !header.trim().is_empty() {
                    person.extra.push(shared, cell);
                }
                continue;
            };
            let cell = cell.as_str();
            let value = match reading {
                _ if cell.is_empty() => String::new(),
                Reading::Text => cell.to_string(),
                Reading::YesNo => match yes_no(cell) {
                    Some(v) => v.to_string(),
                    None => {
                        out.issues.push((line, RowIssue::BadValue { column: header.to_string(), value: cell.into() }));
                        person.extra.push(shared, cell.to_string());
                        continue;
                    }
                },
                Reading::Label(l) => match vocab.code_of(l, cell) {
                    Some(code) => code.to_string(),
                    None => {
                        out.issues
                            .push((line, RowIssue::UnknownLabel { column: header.to_string(), value: cell.into() }));
                        person.extra.push(shared, cell.to_string());
                        continue;
                    }
                },
            };
            match target {
                Target::County => household.county = value,
                Target::Township => household.township = value,
                Target::Village => household.village = value,
                Target::Household("number") => household.number = value,
                Target::Household(key) => household.draft.set(key, value),
                Target::Member(key) => person.draft.set(key, value),
                Target::Risk(n) => {
                    if let Some(slot) = risks.get_mut(n.saturating_sub(1)) {
                        *slot = value;
                    }
                }
                Target::Income(key) => match (value.is_empty(), super::money::parse_fen(&value)) {
                    (true, _) => {}
                    (false, Ok(fen)) => match household.income.iter_mut().find(|(k, _)| *k == key) {
                        Some(component) => component.1 = fen,
                        None => household.income.push((key, fen)),
                    },
                    (false, Err(_)) => {
                        out.issues.push((line, RowIssue::BadValue { column: header.to_string(), value }));
                        household.extra.push(shared, cell.to_string());
                    }
                },
                Target::Measure(category) if value == "1" => household.measures.push(category),
                Target::Measure(_) => {}
                Target::PerCapita => match (value.is_empty(), super::money::parse_fen(&value)) {
                    (true, _) => {}
                    (false, Ok(fen)) => household.per_capita = Some(fen),
                    (false, Err(_)) => {
                        out.issues.push((line, RowIssue::BadValue { column: header.to_string(), value }))
                    }
                },
                Target::Uninsured => household.uninsured = (!value.is_empty()).then_some(value == "1"),
            }
        }
        let risks: Vec<&str> = risks.iter().map(String::as_str).filter(|r| !r.is_empty()).collect();
        household.draft.set("risks", risks.join(","));
        person.extra.finish();
        person.draft.shrink();
        household.extra.finish();
        let head = person.draft.get("relation") == super::member::RELATION_HEAD;
        if let Some(issue) = refused(&person, &mut seen_ids, line) {
            out.issues.push((line, issue));
            // A head left out still begins a household: the rest of it is not the one before's.
            if head {
                unnumbered = None;
            }
            continue;
        }
        // Rows without 户编号 are a household of their own from each 户主 on, or where
        // the household's own columns change (a household without a head), or a new
        // village, or an empty row: as bangfu writes the ones it made.
        if household.number.is_empty() {
            let same = |h: &ExportHousehold| {
                h.village == household.village && h.township == household.township && h.draft == household.draft
            };
            match unnumbered.and_then(|at| out.households.get_mut(at)).filter(|h| !head && same(h)) {
                Some(h) => h.people.push(person),
                None => {
                    unnumbered = Some(out.households.len());
                    household.people.push(person);
                    out.households.push(household);
                }
            }
            continue;
        }
        unnumbered = None;
        match by_number.get(&household.number) {
            Some(&at) => {
                if let Some(h) = out.households.get_mut(at) {
                    h.people.push(person);
                }
            }
            None => {
                by_number.insert(household.number.clone(), out.households.len());
                household.people.push(person);
                out.households.push(household);
            }
        }
    }
    // Each household on its own, so two halves at once (a county file has 20,000).
    let half = out.households.len() / 2;
    let (first, second) = out.households.split_at_mut(half);
    let per_person_insurance = layout.targets.contains(&Some(Target::Member("medical_insurance")));
    let finish = |h: &mut ExportHousehold| {
        lift_household_columns(h);
        if !per_person_insurance {
            insurance_from_household(h);
        }
    };
    std::thread::scope(|scope| {
        scope.spawn(|| first.iter_mut().for_each(finish));
        second.iter_mut().for_each(finish);
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_compared_as_written_by_hand_or_by_the_system() {
        assert_eq!(normalize_header(" 人均纯收入（元） "), "人均纯收入");
        assert_eq!(target_of("致贫返贫风险2"), Some(Target::Risk(2)));
        assert_eq!(target_of("户 编 号"), Some(Target::Household("number")));
        assert_eq!(target_of("备注"), None);
    }

    #[test]
    fn the_header_row_is_found_below_the_titles() {
        let rows = vec![
            vec!["（自定义）监测对象信息".to_string()],
            vec!["导出时间：2026-11-20".to_string()],
            vec!["县".into(), "乡".into(), "村".into(), "户编号".into(), "姓名".into(), "证件号码".into()],
        ];
        let layout = find_layout(&rows).unwrap();
        assert_eq!(layout.header_row, 2);
        assert_eq!(layout.targets[3], Some(Target::Household("number")));
        assert!(find_layout(&rows[..2]).is_none());
    }
}

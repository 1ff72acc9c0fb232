//! 需求清单: what a village or a township asks of its assisting side — a need with a
//! class (产业/就业/基础设施/公共服务/其他), who raised it, who answers for it and by
//! when, closed out (销号) with evidence like any item of the 清单制 (docs/records.md,
//! "Needs").

use super::Draft;
use super::field::{FieldDef, Kind};
use super::invalid::{Checker, Invalid};
use super::record::{Record, Validate};
use super::registry::{OwnWarnings, ReadRecord};
use super::task::{STATUS_NOT_STARTED, closing_checks, is_open_status};
use super::vocab::list;
use super::warnings::{Fact, Warning, record_warning, rule};
use chrono::NaiveDate;

/// The vocabulary of a need's class.
pub const NEED_CLASS: &str = "need_class";

crate::record! {
    /// One item of a needs list, for a village or for a whole township.
    pub struct Need in "needs" as "need" {
        title: String = FieldDef::new(Kind::Text(100)).required().width(16),
        class: String = FieldDef::new(Kind::Code(NEED_CLASS)).required().width(8),
        /// The village that needs it; none for a township's need.
        village_id: Option<String> = FieldDef::new(Kind::Ref("villages")).width(8),
        /// The township, for a need of the township itself.
        township: String = FieldDef::new(Kind::Text(40)).width(8),
        /// Who raised it: 村两委, 乡镇, 帮扶方调研 …
        source: String = FieldDef::new(Kind::Text(40)),
        /// 责任人
        owner: String = FieldDef::new(Kind::Person).required().width(8),
        deadline: Option<NaiveDate> = FieldDef::new(Kind::Date),
        status: String = FieldDef::new(Kind::Code(list::TASK_STATUS)).width(6),
        /// The project that answers it, when one does.
        project_id: Option<String> = FieldDef::new(Kind::Ref("projects")),
        /// The task that answers it, when one does (a 月例会's decision …).
        task_id: Option<String> = FieldDef::new(Kind::Ref("tasks")),
        evidence: String = FieldDef::new(Kind::Text(200)),
        closed_on: Option<NaiveDate> = FieldDef::new(Kind::Date).past(),
        closed_by: String = FieldDef::new(Kind::Person),
    }
}

impl Need {
    pub fn is_open(&self) -> bool {
        is_open_status(&self.status)
    }
}

/// A need belongs to a village or a township; closing it out needs who, when and the
/// evidence, as a task's does.
impl Validate for Need {
    fn validate(&mut self, _draft: &Draft, c: &mut Checker) {
        if self.status.is_empty() {
            self.status = STATUS_NOT_STARTED.into();
        }
        if self.village_id.is_none() && self.township.trim().is_empty() && !c.has_error("village_id") {
            c.fail("village_id", Invalid::Required);
        }
        closing_checks(&self.status, self.closed_on, &self.closed_by, &self.evidence, c);
    }
}

/// What finds a need: its title, township and who raised it, and its owner's name.
pub fn search_tokens(n: &Need) -> Vec<String> {
    super::search::tokens(&[&n.owner], &[&n.title, &n.township, &n.source], &[])
}

/// An open need past its deadline: from the day after it until it is done or closed
/// out (its status changes, and the warning is counted again).
pub fn need_warnings(n: &Need) -> Vec<Warning> {
    let Some(deadline) = n.deadline.filter(|_| n.is_open()) else { return Vec::new() };
    let facts = vec![
        ("title", Fact::Text(n.title.clone())),
        ("owner", Fact::Text(n.owner.clone())),
        ("deadline", Fact::Date(deadline)),
    ];
    let mut w = record_warning(rule::NEED_OVERDUE, Need::DEF.table, &n.id, facts);
    w.from = deadline.succ_opt();
    vec![w]
}

impl OwnWarnings for Need {
    fn own_warnings<S: ReadRecord>(&self, _: &S) -> Result<Vec<Warning>, S::Error> {
        Ok(need_warnings(self))
    }
    fn warning_village(&self) -> Option<String> {
        self.village_id.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::task::{STATUS_CLOSED, STATUS_DONE};

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn draft(pairs: &[(&str, &str)]) -> Draft {
        pairs.iter().fold(Draft::default(), |d, (k, v)| d.with(k, *v))
    }

    #[test]
    fn a_need_names_a_village_or_a_township() {
        let base = [("title", "村道硬化 2.3 公里"), ("class", "infrastructure"), ("owner", "王建国")];
        let errors = Need::from_draft("n", &draft(&base)).unwrap_err();
        assert!(errors.iter().any(|e| e.field == "village_id"), "{errors:?}");
        let mut township = base.to_vec();
        township.push(("township", "青山镇"));
        let need = Need::from_draft("n", &draft(&township)).unwrap();
        assert_eq!(need.status, STATUS_NOT_STARTED);
    }

    #[test]
    fn closing_out_needs_who_when_and_evidence() {
        let base = [
            ("title", "冷库一座"),
            ("class", "industry"),
            ("township", "青山镇"),
            ("owner", "李红"),
            ("status", STATUS_CLOSED),
        ];
        let errors = Need::from_draft("n", &draft(&base)).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert!(fields.contains(&"closed_on") && fields.contains(&"closed_by") && fields.contains(&"evidence"));
    }

    /// Overdue from the day after the deadline (not on it), and never once done.
    #[test]
    fn overdue_from_the_day_after_its_deadline_while_open() {
        let need = Need {
            id: "n".into(),
            title: "冷库一座".into(),
            owner: "李红".into(),
            deadline: Some(day(9, 30)),
            status: STATUS_NOT_STARTED.into(),
            ..Need::default()
        };
        let w = need_warnings(&need);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].from, Some(day(10, 1)));
        assert!(w[0].holds_on(day(10, 1)) && !w[0].holds_on(day(9, 30)));
        let done = Need { status: STATUS_DONE.into(), ..need.clone() };
        assert!(need_warnings(&done).is_empty());
        let undated = Need { deadline: None, ..need };
        assert!(need_warnings(&undated).is_empty());
    }
}

/// How many needs a group holds: by class and by status (in the orders given, the
/// vocabularies'), how many are open past their deadline, and all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NeedCount {
    pub classes: Vec<i64>,
    pub statuses: Vec<i64>,
    pub overdue: i64,
    pub total: i64,
}

impl NeedCount {
    /// No needs, with a zero for each class and status.
    pub fn none(classes: usize, statuses: usize) -> NeedCount {
        NeedCount { classes: vec![0; classes], statuses: vec![0; statuses], overdue: 0, total: 0 }
    }

    fn add(&mut self, n: &Need, (classes, statuses): (&[String], &[String]), today: NaiveDate) {
        let one = |counts: &mut Vec<i64>, len: usize, at: Option<usize>| {
            counts.resize(len, 0);
            if let Some(c) = at.and_then(|i| counts.get_mut(i)) {
                *c += 1;
            }
        };
        one(&mut self.classes, classes.len(), classes.iter().position(|c| *c == n.class));
        one(&mut self.statuses, statuses.len(), statuses.iter().position(|s| *s == n.status));
        self.overdue += i64::from(n.deadline.is_some_and(|d| n.is_open() && d < today));
        self.total += 1;
    }

    /// The sum of two groups' counts (a total row).
    pub fn plus(&self, other: &NeedCount) -> NeedCount {
        let sum = |a: &[i64], b: &[i64]| {
            (0..a.len().max(b.len())).map(|i| a.get(i).unwrap_or(&0) + b.get(i).unwrap_or(&0)).collect()
        };
        NeedCount {
            classes: sum(&self.classes, &other.classes),
            statuses: sum(&self.statuses, &other.statuses),
            overdue: self.overdue + other.overdue,
            total: self.total + other.total,
        }
    }
}

/// The needs counted in groups (each need's group: its township, its class …), as
/// 需求统计 and 概览 count them; overdue as of `today` (open, its deadline before it).
pub fn count_needs<'a>(
    needs: impl IntoIterator<Item = (&'a Need, String)>,
    classes: &[String],
    statuses: &[String],
    today: NaiveDate,
) -> std::collections::BTreeMap<String, NeedCount> {
    let mut out: std::collections::BTreeMap<String, NeedCount> = std::collections::BTreeMap::new();
    for (n, group) in needs {
        out.entry(group).or_default().add(n, (classes, statuses), today);
    }
    out
}

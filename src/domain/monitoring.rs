//! The monitoring workflow (docs/rules.md, "Workflow"): each step dated and attributed, kept as
//! history, refused when out of order — and elimination ("Elimination") only when every
//! criterion holds.

use super::Draft;
use super::dates::YearMonth;
use super::field::{FieldDef, Kind};
use super::household::Household;
use super::invalid::{Checker, Invalid};
use super::record::Validate;
use super::vocab::list;
use chrono::NaiveDate;

/// The steps, in the order the workflow takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    Clue,
    HomeCheck,
    Deliberation,
    Publicity,
    TownshipReview,
    CountyApproval,
    ProposeElimination,
    Eliminate,
    Withdraw,
    Reidentify,
    /// 核查不符/不予纳入: the clue ends here; a later clue starts afresh.
    Reject,
}

impl Step {
    /// The fields this step needs besides those every step needs: one list that the
    /// check and the form's marks both read.
    pub fn needs(self) -> &'static [&'static str] {
        match self {
            Step::Clue => &["channel"],
            Step::CountyApproval => &["category"],
            Step::Eliminate => &["method"],
            Step::HomeCheck
            | Step::Deliberation
            | Step::Publicity
            | Step::TownshipReview
            | Step::ProposeElimination
            | Step::Withdraw
            | Step::Reidentify
            | Step::Reject => &[],
        }
    }

    pub const ALL: [Step; 11] = [
        Step::Clue,
        Step::HomeCheck,
        Step::Deliberation,
        Step::Publicity,
        Step::TownshipReview,
        Step::CountyApproval,
        Step::ProposeElimination,
        Step::Eliminate,
        Step::Withdraw,
        Step::Reidentify,
        Step::Reject,
    ];

    /// The stable code kept in `monitoring_events.step` (and in `vocab`, list `monitoring_step`).
    pub fn code(self) -> &'static str {
        match self {
            Step::Clue => "clue",
            Step::HomeCheck => "home_check",
            Step::Deliberation => "deliberation",
            Step::Publicity => "publicity",
            Step::TownshipReview => "township_review",
            Step::CountyApproval => "county_approval",
            Step::ProposeElimination => "propose_elimination",
            Step::Eliminate => "eliminate",
            Step::Withdraw => "withdraw",
            Step::Reidentify => "reidentify",
            Step::Reject => "reject",
        }
    }

    pub fn from_code(code: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.code() == code)
    }

    /// What may follow this step: the next one, or a way out — a clue found unfounded
    /// at any check before approval (不予纳入), a proposed elimination taken back (回退).
    pub fn next(last: Option<Step>) -> &'static [Step] {
        match last {
            None | Some(Step::Reject) => &[Step::Clue],
            Some(Step::Clue) | Some(Step::Reidentify) => &[Step::HomeCheck, Step::Reject],
            Some(Step::HomeCheck) => &[Step::Deliberation, Step::Reject],
            Some(Step::Deliberation) => &[Step::Publicity, Step::Reject],
            Some(Step::Publicity) => &[Step::TownshipReview, Step::Reject],
            Some(Step::TownshipReview) => &[Step::CountyApproval, Step::Reject],
            Some(Step::CountyApproval) | Some(Step::Withdraw) => &[Step::ProposeElimination],
            Some(Step::ProposeElimination) => &[Step::Eliminate, Step::Withdraw],
            Some(Step::Eliminate) => &[Step::Withdraw, Step::Reidentify],
        }
    }
}

/// Days a village publicity (公示) must run before the next step.
pub const PUBLICITY_DAYS: i64 = 5;

crate::record! {
    /// One dated step of one household's monitoring.
    pub struct MonitoringEvent in "monitoring_events" as "step" {
        household_id: String = FieldDef::new(Kind::Ref("households")).required().hidden(),
        /// Each identification after an elimination starts a new episode.
        episode: i64 = FieldDef::new(Kind::Count).hidden(),
        step: String = FieldDef::new(Kind::Code(list::MONITORING_STEP)).required(),
        date: NaiveDate = FieldDef::new(Kind::Date).required().past(),
        /// The month that counts: 识别监测时间 at county approval, 消除监测时间 at elimination.
        month: Option<YearMonth> = FieldDef::new(Kind::Month).past(),
        /// Clue channel (农户自主申报, 干部排查, 部门筛查预警).
        channel: Option<String> = FieldDef::new(Kind::Code(list::CLUE_CHANNEL)),
        /// 监测对象类别 decided at county approval.
        category: Option<String> = FieldDef::new(Kind::Code(list::MONITOR_CATEGORY)),
        /// 风险消除方式 at elimination.
        method: Option<String> = FieldDef::new(Kind::Code(list::ELIMINATION_METHOD)),
        /// Who did it (the person named on the paper record).
        by: String = FieldDef::new(Kind::Person).required().col(&["by_name"]),
        note: String = FieldDef::new(Kind::Text(200)),
    }
}

impl MonitoringEvent {
    pub fn step(&self) -> Option<Step> {
        Step::from_code(&self.step)
    }
}

/// Each step needs its own facts (a clue its channel, county approval the category,
/// elimination its method); the month counts only at approval and elimination and
/// defaults to the step's. The order of steps is checked by `check_step`.
impl Validate for MonitoringEvent {
    fn validate(&mut self, _draft: &Draft, c: &mut Checker) {
        let step = self.step();
        if step.is_none() && !self.step.is_empty() {
            c.fail("step", Invalid::NotAChoice);
        }
        let held = |key: &str| match key {
            "channel" => self.channel.is_some(),
            "category" => self.category.is_some(),
            "method" => self.method.is_some(),
            _ => true,
        };
        for key in step.map_or(&[][..], Step::needs) {
            if !held(key) {
                c.fail(key, Invalid::Required);
            }
        }
        if step != Some(Step::Clue) {
            self.channel = None;
        }
        if step != Some(Step::CountyApproval) {
            self.category = None;
        }
        if step != Some(Step::Eliminate) {
            self.method = None;
        }
        self.month = match step {
            Some(Step::CountyApproval | Step::Eliminate) if !c.has_error("date") => {
                self.month.or(Some(YearMonth::of(self.date)))
            }
            _ => None,
        };
    }
}

/// Why a step cannot be recorded now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepProblem {
    /// The step does not follow the last one; `allowed` lists what may come next.
    OutOfOrder { last: Option<Step>, allowed: Vec<Step> },
    /// Dated before the step it follows.
    BeforePrevious { previous: NaiveDate },
    /// The publicity started on `start` has not run its five days.
    PublicityTooShort { start: NaiveDate, days: i64 },
    /// County approval identifies a risk: the household has none recorded.
    NoRisk,
}

/// Where a household stands: its last step, taking records made before bangfu
/// (a household marked monitored or eliminated without events) into account.
pub fn last_step(household: &Household, events: &[&MonitoringEvent]) -> Option<Step> {
    match events.iter().max_by_key(|e| (e.episode, e.date, e.id.clone())) {
        Some(e) => e.step(),
        None if household.risk_eliminated => Some(Step::Eliminate),
        None if household.is_monitored() => Some(Step::CountyApproval),
        None => None,
    }
}

/// The episode a new step belongs to.
pub fn episode_for(events: &[&MonitoringEvent], step: Step) -> i64 {
    let current = events.iter().map(|e| e.episode).max().unwrap_or(0);
    if step == Step::Reidentify || (step == Step::Clue && !events.is_empty()) { current + 1 } else { current.max(1) }
}

/// Checks that `step`, dated `date`, may follow the household's history.
pub fn check_step(household: &Household, events: &[&MonitoringEvent], step: Step, date: NaiveDate) -> Vec<StepProblem> {
    let mut problems = Vec::new();
    let last = last_step(household, events);
    let allowed = Step::next(last);
    if !allowed.contains(&step) {
        problems.push(StepProblem::OutOfOrder { last, allowed: allowed.to_vec() });
    }
    let latest = events.iter().max_by_key(|e| (e.episode, e.date));
    if let Some(previous) = latest
        && date < previous.date
    {
        problems.push(StepProblem::BeforePrevious { previous: previous.date });
    }
    // A proposed elimination is made public in the village like an identification.
    let publicised = [Step::Publicity, Step::ProposeElimination];
    if let Some(publicity) =
        latest.filter(|e| e.step().is_some_and(|s| publicised.contains(&s)) && step != Step::Withdraw)
    {
        let days = (date - publicity.date).num_days();
        if days < PUBLICITY_DAYS {
            problems.push(StepProblem::PublicityTooShort { start: publicity.date, days });
        }
    }
    if step == Step::CountyApproval && household.risks.is_empty() {
        problems.push(StepProblem::NoRisk);
    }
    problems
}

/// What a recorded step changes on the household itself.
pub fn apply_step(household: &mut Household, event: &MonitoringEvent) {
    match event.step() {
        Some(Step::CountyApproval) => {
            household.monitor_category = event.category.clone();
            household.identified_month = event.month;
            household.risk_eliminated = false;
            household.eliminated_month = None;
            household.elimination_method = None;
        }
        Some(Step::Eliminate) => {
            household.risk_eliminated = true;
            household.eliminated_month = event.month;
            household.elimination_method = event.method.clone();
        }
        // From 拟消除 nothing was set; from 风险消除 the household is monitored again.
        Some(Step::Withdraw) => {
            household.risk_eliminated = false;
            household.eliminated_month = None;
            household.elimination_method = None;
        }
        _ => {}
    }
}

/// Why a recorded step cannot be taken back or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepChangeProblem {
    /// Only the latest step may be deleted; later ones were built on it.
    NotLatest,
    /// What the household was before this step is not on record (it came into the
    /// ledger already in that state): record the step that reverses it instead.
    NoEarlierState,
    /// A step's kind is not changed; delete it and record the right one.
    KindChanged,
    /// The new date falls before the step it follows or after the one that follows it.
    OutOfSequence,
}

fn in_order<'a>(events: &[&'a MonitoringEvent]) -> Vec<&'a MonitoringEvent> {
    let mut sorted = events.to_vec();
    sorted.sort_by_key(|e| (e.episode, e.date, e.id.clone()));
    sorted
}

/// The household as it stands once `removed` (its latest step) is deleted: its
/// remaining steps replayed from the last county approval; without one, the step's
/// own effect reversed when it can be.
pub fn without_step(
    household: &Household,
    events: &[&MonitoringEvent],
    removed: &MonitoringEvent,
) -> Result<Household, StepChangeProblem> {
    let ordered = in_order(events);
    if ordered.last().map(|e| e.id.as_str()) != Some(removed.id.as_str()) {
        return Err(StepChangeProblem::NotLatest);
    }
    let remaining: Vec<&MonitoringEvent> = ordered.iter().copied().filter(|e| e.id != removed.id).collect();
    let mut h = household.clone();
    let changes_household = matches!(removed.step(), Some(Step::CountyApproval | Step::Eliminate | Step::Withdraw));
    if !changes_household {
        return Ok(h);
    }
    if let Some(from) = remaining.iter().rposition(|e| e.step() == Some(Step::CountyApproval)) {
        for e in remaining.iter().skip(from) {
            apply_step(&mut h, e);
        }
        return Ok(h);
    }
    match removed.step() {
        Some(Step::CountyApproval) => {
            h.monitor_category = None;
            h.identified_month = None;
        }
        Some(Step::Eliminate) => {
            h.risk_eliminated = false;
            h.eliminated_month = None;
            h.elimination_method = None;
        }
        _ => return Err(StepChangeProblem::NoEarlierState),
    }
    Ok(h)
}

/// A correction of a recorded step: its kind stays, its date stays between its
/// neighbours; what it set on the household follows when it is the latest.
pub fn check_step_edit(
    events: &[&MonitoringEvent],
    old: &MonitoringEvent,
    new: &MonitoringEvent,
) -> Option<StepChangeProblem> {
    if old.step != new.step {
        return Some(StepChangeProblem::KindChanged);
    }
    let ordered = in_order(events);
    let at = ordered.iter().position(|e| e.id == old.id)?;
    let before = at.checked_sub(1).and_then(|i| ordered.get(i)).filter(|e| e.episode == old.episode);
    let after = ordered.get(at + 1).filter(|e| e.episode == old.episode);
    let too_early = before.is_some_and(|b| new.date < b.date);
    let too_late = after.is_some_and(|a| new.date > a.date);
    (too_early || too_late).then_some(StepChangeProblem::OutOfSequence)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn month(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    fn event(step: Step, date: NaiveDate, episode: i64) -> MonitoringEvent {
        MonitoringEvent {
            household_id: "h".into(),
            step: step.code().into(),
            date,
            episode,
            id: format!("{date}{}", step.code()),
            ..MonitoringEvent::default()
        }
    }

    #[test]
    fn steps_in_order_from_clue_to_identification() {
        let h = Household { id: "h".into(), risks: vec!["illness".into()], ..Household::default() };
        let mut events: Vec<MonitoringEvent> = Vec::new();
        let path = [
            (Step::Clue, day(2026, 3, 1)),
            (Step::HomeCheck, day(2026, 3, 3)),
            (Step::Deliberation, day(2026, 3, 6)),
            (Step::Publicity, day(2026, 3, 7)),
            (Step::TownshipReview, day(2026, 3, 12)),
            (Step::CountyApproval, day(2026, 3, 20)),
        ];
        for (step, date) in path {
            let refs: Vec<&MonitoringEvent> = events.iter().collect();
            assert!(check_step(&h, &refs, step, date).is_empty(), "{step:?}");
            let episode = episode_for(&refs, step);
            events.push(event(step, date, episode));
        }
        assert!(events.iter().all(|e| e.episode == 1));
    }

    #[test]
    fn out_of_order_and_short_publicity_are_refused_with_the_reason() {
        let h = Household { id: "h".into(), ..Household::default() };
        let clue = event(Step::Clue, day(2026, 3, 1), 1);
        assert_eq!(
            check_step(&h, &[&clue], Step::Publicity, day(2026, 3, 2)),
            [StepProblem::OutOfOrder { last: Some(Step::Clue), allowed: vec![Step::HomeCheck, Step::Reject] }]
        );
        assert!(
            check_step(&h, &[&clue], Step::HomeCheck, day(2026, 2, 27))
                .contains(&StepProblem::BeforePrevious { previous: day(2026, 3, 1) })
        );
        let publicity = event(Step::Publicity, day(2026, 3, 7), 1);
        assert_eq!(
            check_step(&h, &[&clue, &publicity], Step::TownshipReview, day(2026, 3, 11)),
            [StepProblem::PublicityTooShort { start: day(2026, 3, 7), days: 4 }]
        );
        assert!(check_step(&h, &[&clue, &publicity], Step::TownshipReview, day(2026, 3, 12)).is_empty());
    }

    #[test]
    fn a_clue_can_be_rejected_and_a_proposal_withdrawn_after_its_publicity() {
        let h = Household { id: "h".into(), risks: vec!["illness".into()], ..Household::default() };
        let clue = event(Step::Clue, day(2026, 3, 1), 1);
        assert!(check_step(&h, &[&clue], Step::Reject, day(2026, 3, 2)).is_empty());
        let reject = event(Step::Reject, day(2026, 3, 2), 1);
        assert_eq!(Step::next(last_step(&h, &[&clue, &reject])), [Step::Clue]);
        assert_eq!(episode_for(&[&clue, &reject], Step::Clue), 2);
        let monitored = Household { monitor_category: Some("marginal".into()), ..h.clone() };
        let proposal = event(Step::ProposeElimination, day(2026, 9, 1), 1);
        assert_eq!(
            check_step(&monitored, &[&proposal], Step::Eliminate, day(2026, 9, 1)),
            [StepProblem::PublicityTooShort { start: day(2026, 9, 1), days: 0 }]
        );
        assert!(check_step(&monitored, &[&proposal], Step::Eliminate, day(2026, 9, 6)).is_empty());
        assert!(check_step(&monitored, &[&proposal], Step::Withdraw, day(2026, 9, 2)).is_empty());
    }

    #[test]
    fn county_approval_needs_a_risk() {
        let h = Household { id: "h".into(), ..Household::default() };
        let review = event(Step::TownshipReview, day(2026, 3, 12), 1);
        assert_eq!(check_step(&h, &[&review], Step::CountyApproval, day(2026, 3, 20)), [StepProblem::NoRisk]);
    }

    #[test]
    fn households_monitored_before_bangfu_continue_where_they_stand() {
        let h = Household {
            monitor_category: Some("marginal".into()),
            identified_month: Some(month(2025, 3)),
            ..Household::default()
        };
        assert_eq!(last_step(&h, &[]), Some(Step::CountyApproval));
        assert!(check_step(&h, &[], Step::ProposeElimination, day(2026, 1, 5)).is_empty());
        let mut eliminated = h.clone();
        eliminated.risk_eliminated = true;
        assert_eq!(Step::next(last_step(&eliminated, &[])), [Step::Withdraw, Step::Reidentify]);
    }

    #[test]
    fn deleting_the_latest_step_takes_back_what_it_set() {
        let base = Household { id: "h".into(), ..Household::default() };
        let mut approval = event(Step::CountyApproval, day(2026, 3, 20), 1);
        approval.category = Some("marginal".into());
        approval.month = Some(month(2026, 3));
        let mut eliminate = event(Step::Eliminate, day(2026, 10, 8), 1);
        eliminate.month = Some(month(2026, 10));
        eliminate.method = Some("natural".into());
        let mut h = base.clone();
        apply_step(&mut h, &approval);
        apply_step(&mut h, &eliminate);
        let refs = [&approval, &eliminate];
        assert_eq!(without_step(&h, &refs, &approval), Err(StepChangeProblem::NotLatest));
        let back = without_step(&h, &refs, &eliminate).unwrap();
        assert!(!back.risk_eliminated && back.eliminated_month.is_none());
        assert_eq!(back.identified_month, Some(month(2026, 3)));
        let unmonitored = without_step(&back, &[&approval], &approval).unwrap();
        assert!(!unmonitored.is_monitored());
        // A household eliminated before the ledger cannot get its elimination back.
        let old = Household { risk_eliminated: false, ..back };
        let withdraw = event(Step::Withdraw, day(2026, 11, 1), 1);
        assert_eq!(without_step(&old, &[&withdraw], &withdraw), Err(StepChangeProblem::NoEarlierState));
    }

    #[test]
    fn a_step_is_corrected_within_its_neighbours() {
        let clue = event(Step::Clue, day(2026, 3, 1), 1);
        let check = event(Step::HomeCheck, day(2026, 3, 5), 1);
        let deliberation = event(Step::Deliberation, day(2026, 3, 9), 1);
        let refs = [&clue, &check, &deliberation];
        let moved = |d| MonitoringEvent { date: d, ..check.clone() };
        assert_eq!(check_step_edit(&refs, &check, &moved(day(2026, 3, 8))), None);
        assert_eq!(check_step_edit(&refs, &check, &moved(day(2026, 2, 28))), Some(StepChangeProblem::OutOfSequence));
        assert_eq!(check_step_edit(&refs, &check, &moved(day(2026, 3, 10))), Some(StepChangeProblem::OutOfSequence));
        let other = MonitoringEvent { step: Step::Publicity.code().into(), ..check.clone() };
        assert_eq!(check_step_edit(&refs, &check, &other), Some(StepChangeProblem::KindChanged));
    }

    #[test]
    fn reidentification_starts_a_new_episode_and_steps_change_the_household() {
        let mut h = Household { id: "h".into(), ..Household::default() };
        let mut approval = event(Step::CountyApproval, day(2026, 3, 20), 1);
        approval.category = Some("sudden".into());
        approval.month = Some(month(2026, 3));
        apply_step(&mut h, &approval);
        assert_eq!((h.monitor_category.as_deref(), h.identified_month), (Some("sudden"), Some(month(2026, 3))));
        let mut eliminate = event(Step::Eliminate, day(2026, 10, 8), 1);
        eliminate.month = Some(month(2026, 10));
        eliminate.method = Some("assisted".into());
        apply_step(&mut h, &eliminate);
        assert!(h.risk_eliminated);
        let refs = [&approval, &eliminate];
        assert_eq!(episode_for(&refs, Step::Reidentify), 2);
        apply_step(&mut h, &event(Step::Withdraw, day(2026, 10, 20), 1));
        assert!(!h.risk_eliminated && h.eliminated_month.is_none());
    }
}

//! The assisting side's ledger (协作台账, docs/cooperation.md): who assists the county
//! (帮扶方), what each year's agreement asks of them (目标), and what they did —
//! people placed in jobs (劳务协作), goods bought (消费帮扶), people exchanged
//! (干部人才交流) and trainings held. Funds arrive as dated arrivals on projects
//! (`project::FundArrival`), which name the side they came from.

use super::Draft;
use super::dates::YearMonth;
use super::field::{FieldDef, Kind};
use super::invalid::{Checker, Invalid};
use super::record::Validate;
use super::registry::RecordKind;
use super::vocab::list;
use chrono::NaiveDate;

/// The kinds of the side's own lists, in the order 协作 shows them and 协作台账 writes them.
pub const SIDE_KINDS: [RecordKind; 8] = [
    RecordKind::Party,
    RecordKind::Placement,
    RecordKind::Purchase,
    RecordKind::Exchange,
    RecordKind::Training,
    RecordKind::Park,
    RecordKind::Donation,
    RecordKind::Pairing,
];

/// Vocabulary: a side's level (省级, 市级, 县级, 中央单位, 国有企业 …).
pub const PARTY_LEVEL: &str = "party_level";
/// Vocabulary: the indicators a year's agreement sets targets for.
pub const INDICATOR: &str = "coop_indicator";
/// Vocabulary: the unit an indicator is counted in (元, 个, 人, 人次).
pub const UNIT: &str = "coop_unit";
/// Vocabulary: which way a person went (派入 to the county, 派出 from it).
pub const DIRECTION: &str = "exchange_direction";
/// Vocabulary: who was exchanged (党政干部, 专业技术人才).
pub const EXCHANGE_KIND: &str = "exchange_kind";

/// An indicator of the agreement and how its actual is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indicator {
    /// 财政援助资金到位: money arrived from the side in the year (fen).
    Funds,
    /// 实施项目: the side's projects planned to start (else started) in the year.
    Projects,
    /// 劳务协作转移就业: people placed in jobs who started in the year.
    Jobs,
    /// 消费帮扶: goods bought in the year (fen).
    Purchases,
    /// 干部人才交流: people exchanged whose stay began in the year (人次).
    Exchanges,
    /// 培训: people trained in the year (人次, the trainings' headcounts).
    Trained,
}

impl Indicator {
    pub const ALL: [Indicator; 6] = [
        Indicator::Funds,
        Indicator::Projects,
        Indicator::Jobs,
        Indicator::Purchases,
        Indicator::Exchanges,
        Indicator::Trained,
    ];

    /// Its code in the vocabulary `coop_indicator`.
    pub fn code(self) -> &'static str {
        match self {
            Indicator::Funds => "funds",
            Indicator::Projects => "projects",
            Indicator::Jobs => "jobs",
            Indicator::Purchases => "purchases",
            Indicator::Exchanges => "exchanges",
            Indicator::Trained => "trained",
        }
    }

    pub fn of_code(code: &str) -> Option<Indicator> {
        Indicator::ALL.into_iter().find(|i| i.code() == code)
    }

    /// The code of its unit in the vocabulary `coop_unit` (元, 个, 人, 人次).
    pub fn unit(self) -> &'static str {
        match self {
            Indicator::Funds | Indicator::Purchases => "yuan",
            Indicator::Projects => "projects",
            Indicator::Jobs => "people",
            Indicator::Exchanges | Indicator::Trained => "times",
        }
    }

    /// Whether it counts money (fen) rather than people or projects.
    pub fn is_money(self) -> bool {
        matches!(self, Indicator::Funds | Indicator::Purchases)
    }
}

crate::record! {
    /// 帮扶方: a unit that assists the county — a city or province paired with it
    /// (东西部协作, 省内结对), a central or provincial unit (定点帮扶), a state firm —
    /// and the townships and villages it assists.
    pub struct Party in "parties" as "party" {
        name: String = FieldDef::new(Kind::Text(40)).required().width(12),
        force: Option<String> = FieldDef::new(Kind::Code(list::ASSIST_FORCE)).width(8),
        level: Option<String> = FieldDef::new(Kind::Code(PARTY_LEVEL)).width(6),
        /// 牵头单位: who leads the side's work (金华市人民政府, a firm's head office).
        unit: String = FieldDef::new(Kind::Text(60)),
        /// The townships it assists, joined by 、.
        townships: String = FieldDef::new(Kind::Text(200)).width(12),
        /// The villages it assists (a village may have more than one side).
        villages: Vec<String> = FieldDef::new(Kind::Refs("villages")),
        contact: String = FieldDef::new(Kind::Person).width(8),
        phone: String = FieldDef::new(Kind::Phone),
    }
}

impl Validate for Party {
    fn validate(&mut self, _draft: &Draft, _c: &mut Checker) {}
}

crate::record! {
    /// One target of a year's agreement (年度帮扶协议): an indicator and what is
    /// agreed, in fen for money, else a number.
    pub struct Target in "party_targets" as "target" {
        party_id: String = FieldDef::new(Kind::Ref("parties")).required().hidden(),
        year: i64 = FieldDef::new(Kind::Year).required(),
        indicator: String = FieldDef::new(Kind::Code(INDICATOR)).required(),
        /// For money indicators.
        amount: Option<i64> = FieldDef::new(Kind::Money),
        /// For the others: people, projects, 人次.
        count: Option<i64> = FieldDef::new(Kind::Count),
        notes: String = FieldDef::new(Kind::Text(100)),
    }
}

/// A money target has an amount above 0, any other a number above 0 (and not both).
impl Validate for Target {
    fn validate(&mut self, _draft: &Draft, c: &mut Checker) {
        let Some(indicator) = Indicator::of_code(&self.indicator) else { return };
        let (wanted, other) = if indicator.is_money() { ("amount", "count") } else { ("count", "amount") };
        let (value, extra) = if indicator.is_money() { (self.amount, self.count) } else { (self.count, self.amount) };
        match value {
            None if !c.has_error(wanted) => c.fail(wanted, Invalid::Required),
            Some(v) if v <= 0 && !c.has_error(wanted) => c.fail(wanted, Invalid::NotPositive),
            _ => {}
        }
        if extra.is_some() && !c.has_error(other) {
            c.fail(other, Invalid::OtherField { other: format!("target.{wanted}") });
        }
    }
}

impl Target {
    /// What is agreed: fen for money, else a number.
    pub fn value(&self) -> i64 {
        self.amount.or(self.count).unwrap_or(0)
    }
}

crate::record! {
    /// 劳务协作: a person placed in a job through the side (in its province, or in a
    /// 帮扶车间 at home), from the month they started.
    pub struct Placement in "placements" as "placement" {
        name: String = FieldDef::new(Kind::Name).required().width(8),
        party_id: String = FieldDef::new(Kind::Ref("parties")).required().width(10),
        village_id: Option<String> = FieldDef::new(Kind::Ref("villages")).width(8),
        /// Where they work: 浙江金华, 本县帮扶车间 …
        destination: String = FieldDef::new(Kind::Text(40)).width(10),
        employer: String = FieldDef::new(Kind::Text(60)).width(12),
        started: YearMonth = FieldDef::new(Kind::Month).required().past().width(7),
        /// Still in the job (稳岗).
        working: bool = FieldDef::new(Kind::Flag).width(4),
        notes: String = FieldDef::new(Kind::Text(100)),
    }
}

impl Validate for Placement {
    fn validate(&mut self, _draft: &Draft, _c: &mut Checker) {}
}

crate::record! {
    /// 消费帮扶: goods of the county bought by the side or through it.
    pub struct Purchase in "purchases" as "purchase" {
        /// Who bought: 金华市机关食堂, 工会, 电商平台 …
        buyer: String = FieldDef::new(Kind::Text(60)).required().width(12),
        product: String = FieldDef::new(Kind::Text(60)).required().width(10),
        party_id: String = FieldDef::new(Kind::Ref("parties")).required().width(10),
        date: NaiveDate = FieldDef::new(Kind::Date).required().past().width(10),
        amount: i64 = FieldDef::new(Kind::Money).required().width(10),
        village_id: Option<String> = FieldDef::new(Kind::Ref("villages")).width(8),
        notes: String = FieldDef::new(Kind::Text(100)),
    }
}

impl Validate for Purchase {
    fn validate(&mut self, _draft: &Draft, c: &mut Checker) {
        if self.amount <= 0 && !c.has_error("amount") {
            c.fail("amount", Invalid::NotPositive);
        }
    }
}

crate::record! {
    /// 干部人才交流: a cadre or specialist sent to the county by the side (派入), or
    /// from the county to the side (派出), for a stay.
    pub struct Exchange in "exchanges" as "exchange" {
        person: String = FieldDef::new(Kind::Name).required().width(8),
        party_id: String = FieldDef::new(Kind::Ref("parties")).required().width(10),
        kind: Option<String> = FieldDef::new(Kind::Code(EXCHANGE_KIND)).width(8),
        direction: String = FieldDef::new(Kind::Code(DIRECTION)).required().width(4),
        /// The unit they come from (派入) or go to (派出).
        unit: String = FieldDef::new(Kind::Text(60)).width(12),
        role: String = FieldDef::new(Kind::Text(40)).width(10),
        start: NaiveDate = FieldDef::new(Kind::Date).required().width(10),
        until: Option<NaiveDate> = FieldDef::new(Kind::Date).width(10),
    }
}

impl Validate for Exchange {
    fn validate(&mut self, _draft: &Draft, c: &mut Checker) {
        if self.until.is_some_and(|until| until < self.start) && !c.has_error("until") {
            c.fail("until", Invalid::Before { other: "exchange.start".into() });
        }
    }
}

crate::record! {
    /// 培训: a training the side held or paid for, and how many took part.
    pub struct Training in "trainings" as "training" {
        title: String = FieldDef::new(Kind::Text(60)).required().width(16),
        party_id: String = FieldDef::new(Kind::Ref("parties")).required().width(10),
        date: NaiveDate = FieldDef::new(Kind::Date).required().past().width(10),
        headcount: i64 = FieldDef::new(Kind::Count).required().width(6),
        /// Who attended: 村干部, 致富带头人, 脱贫劳动力 …
        attendees: String = FieldDef::new(Kind::Text(60)).width(10),
    }
}

impl Validate for Training {
    fn validate(&mut self, _draft: &Draft, c: &mut Checker) {
        if self.headcount <= 0 && !c.has_error("headcount") {
            c.fail("headcount", Invalid::NotPositive);
        }
    }
}

/// The sides a village is assisted by: the 帮扶方 it names, and every side whose
/// record lists it (a village may have several).
pub fn sides_of_village(v: &super::village::Village, parties: &[Party]) -> std::collections::BTreeSet<String> {
    let named = Some(v.assisting_party.trim()).filter(|n| !n.is_empty()).map(str::to_string);
    let listing = parties.iter().filter(|p| p.villages.contains(&v.id)).map(|p| p.name.trim().to_string());
    named.into_iter().chain(listing).filter(|n| !n.is_empty()).collect()
}

/// What finds a side: its name (from any character on, `jhs` finds 浙江省金华市),
/// its contact, lead unit and townships.
pub fn party_search_tokens(p: &Party) -> Vec<String> {
    super::search::tokens(&[&p.name, &p.contact], &[&p.unit, &p.townships], &[])
}

/// What finds a placement: the person, where and for whom they work.
pub fn placement_search_tokens(p: &Placement) -> Vec<String> {
    super::search::tokens(&[&p.name], &[&p.destination, &p.employer], &[])
}

/// One indicator of a side's year: what was agreed (none: no target set) and what
/// was done by the day counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub indicator: Indicator,
    pub target: Option<Target>,
    pub actual: i64,
}

impl Progress {
    /// The rate in whole percent, rounded down; none without a target.
    pub fn percent(&self) -> Option<i64> {
        let target = self.target.as_ref()?.value();
        (self.actual * 100).checked_div(target)
    }
}

crate::record! {
    /// 产业园区 (an industrial park built with the side, 飞地园区 …) in one year: the
    /// enterprises settled in it, the jobs, the output and the tax of that year.
    pub struct Park in "parks" as "park" {
        name: String = FieldDef::new(Kind::Text(60)).required().width(14),
        party_id: String = FieldDef::new(Kind::Ref("parties")).required().width(10),
        year: i64 = FieldDef::new(Kind::Year).required().width(4),
        /// 入驻企业
        enterprises: Option<i64> = FieldDef::new(Kind::Count).width(6),
        /// 吸纳就业
        jobs: Option<i64> = FieldDef::new(Kind::Count).width(6),
        /// 产值
        output: i64 = FieldDef::new(Kind::Money).width(10),
        /// 税收
        tax: i64 = FieldDef::new(Kind::Money).width(10),
        notes: String = FieldDef::new(Kind::Text(100)),
    }
}

impl Validate for Park {
    fn validate(&mut self, _draft: &Draft, _c: &mut Checker) {}
}

crate::record! {
    /// 社会捐赠: money or goods given through the side.
    pub struct Donation in "donations" as "donation" {
        donor: String = FieldDef::new(Kind::Text(60)).required().width(12),
        party_id: String = FieldDef::new(Kind::Ref("parties")).required().width(10),
        date: NaiveDate = FieldDef::new(Kind::Date).required().past().width(10),
        amount: i64 = FieldDef::new(Kind::Money).width(10),
        /// Goods given, where not money (衣物 300 件).
        goods: String = FieldDef::new(Kind::Text(100)).width(10),
        /// What it is for.
        purpose: String = FieldDef::new(Kind::Text(100)).width(12),
        village_id: Option<String> = FieldDef::new(Kind::Ref("villages")).width(8),
    }
}

/// A donation is money or goods: one of the two.
impl Validate for Donation {
    fn validate(&mut self, _draft: &Draft, c: &mut Checker) {
        if self.amount < 0 && !c.has_error("amount") {
            c.fail("amount", Invalid::Negative);
        }
        if self.amount == 0 && self.goods.trim().is_empty() && !c.has_error("amount") {
            c.fail("amount", Invalid::Required);
        }
    }
}

crate::record! {
    /// 结对共建: an activity of two paired units (党组织结对共建, 村企结对).
    pub struct Pairing in "pairings" as "pairing" {
        activity: String = FieldDef::new(Kind::Text(100)).required().width(16),
        party_id: String = FieldDef::new(Kind::Ref("parties")).required().width(10),
        date: NaiveDate = FieldDef::new(Kind::Date).required().past().width(10),
        /// The side's unit and ours.
        their_unit: String = FieldDef::new(Kind::Text(60)).width(12),
        our_unit: String = FieldDef::new(Kind::Text(60)).width(12),
        village_id: Option<String> = FieldDef::new(Kind::Ref("villages")).width(8),
        headcount: Option<i64> = FieldDef::new(Kind::Count).width(6),
    }
}

impl Validate for Pairing {
    fn validate(&mut self, _draft: &Draft, _c: &mut Checker) {}
}

mod progress;
pub use progress::{SideRecords, agreement_tally, party_warnings, progress};

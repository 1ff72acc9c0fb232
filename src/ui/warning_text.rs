//! Warnings and elimination failures as sentences in the user's language.

use super::Labels;
use crate::domain::dates::format_date;
use crate::domain::elimination::EliminationFailure;
use crate::domain::money::format_yuan;
use crate::domain::vocab::Vocab;
use crate::domain::warnings::{AtRisk, Fact, Warning};
use chrono::NaiveDate;

fn fact_text(labels: &Labels, vocab: &Vocab, fact: &Fact, today: NaiveDate) -> String {
    match fact {
        Fact::Text(t) => t.clone(),
        Fact::Code { list, code } => vocab.label(list, code, labels.lang).to_string(),
        Fact::Codes { list, codes } => vocab.labels(list, codes, labels.lang),
        Fact::Money(fen) => format_yuan(*fen),
        Fact::Date(d) => format_date(*d),
        Fact::Month(m) => m.to_string(),
        Fact::Number(n) => n.to_string(),
        Fact::DaysSince(d) => (today - *d).num_days().max(0).to_string(),
        Fact::AgeOf(birth) => crate::domain::dates::age_on(*birth, today).to_string(),
        Fact::Problem(p) => labels.problem(p),
        Fact::Failures(failures) => failures
            .iter()
            .map(|f| failure_text(labels, vocab, f))
            .collect::<Vec<_>>()
            .join(labels.t("common.clause_separator")),
        Fact::Risks(risks) => risks
            .iter()
            .map(|r| match r {
                AtRisk::IncomeBelowLine { year, per_capita_fen, line_fen, period } => {
                    // A calendar year's income is the year's; another period says which.
                    let named = match period.as_str() {
                        "" | crate::domain::income::period::YEAR => String::new(),
                        p => vocab.label(crate::domain::vocab::list::INCOME_PERIOD, p, labels.lang).to_string(),
                    };
                    labels.f(
                        "screening.income_below_line",
                        &[
                            ("year", &year.to_string()),
                            ("period", &named),
                            ("income", &format_yuan(*per_capita_fen)),
                            ("line", &format_yuan(*line_fen)),
                        ],
                    )
                }
                AtRisk::Guarantee(which) => {
                    labels.f("screening.guarantee", &[("which", labels.field("household", which))])
                }
            })
            .collect::<Vec<_>>()
            .join(labels.t("common.clause_separator")),
    }
}

/// One sentence that names the household or member and says what to fix, as it
/// reads on `today` (how many days overdue, how old).
pub fn warning_message(labels: &Labels, vocab: &Vocab, w: &Warning, today: NaiveDate) -> String {
    let args: Vec<(&str, String)> =
        w.facts.iter().map(|(k, f)| (k.as_str(), fact_text(labels, vocab, f, today))).collect();
    let refs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    labels.f(&format!("warning.{}", w.rule), &refs)
}

/// The short name of a rule, for counts by rule.
pub fn rule_name(labels: &Labels, rule: &str) -> String {
    labels.t(&format!("rule.{rule}")).to_string()
}

/// One failing elimination criterion with its figures, e.g.
/// "人均纯收入 6,850.00 元，低于 2026 年监测范围 7,300.00 元".
pub fn failure_text(labels: &Labels, vocab: &Vocab, f: &EliminationFailure) -> String {
    match f {
        EliminationFailure::NotIdentified => labels.t("elimination.not_identified").into(),
        EliminationFailure::TooSoon { identified, months, needed } => labels.f(
            "elimination.too_soon",
            &[
                ("identified", &identified.to_string()),
                ("months", &months.to_string()),
                ("needed", &needed.to_string()),
            ],
        ),
        EliminationFailure::NoMeasure => labels.t("elimination.no_measure").into(),
        EliminationFailure::NoIncome { year } => labels.f("elimination.no_income", &[("year", &year.to_string())]),
        EliminationFailure::NoMembers { year } => labels.f("elimination.no_members", &[("year", &year.to_string())]),
        EliminationFailure::NoLine { year } => labels.f("elimination.no_line", &[("year", &year.to_string())]),
        EliminationFailure::IncomeBelowLine { per_capita_fen, line_fen, year, period } => labels.f(
            "elimination.income_below_line",
            &[
                ("income", &format_yuan(*per_capita_fen)),
                ("line", &format_yuan(*line_fen)),
                ("year", &year.to_string()),
                ("period", vocab.label(crate::domain::vocab::list::INCOME_PERIOD, period, labels.lang)),
            ],
        ),
        EliminationFailure::GuaranteeNotSecure { which } => {
            labels.f("elimination.guarantee", &[("which", labels.field("household", which))])
        }
        EliminationFailure::NoLaborCapacity => labels.t("elimination.no_labor_capacity").into(),
        EliminationFailure::RiskWithoutMeasure { risk } => {
            let risk = vocab.label(crate::domain::vocab::list::RISK, risk, labels.lang);
            labels.f("elimination.risk_without_measure", &[("risk", risk)])
        }
    }
}

//! `bangfu publish` and the reports read from the roll-up database (`--from`): each
//! outcome and failure said in one sentence of the user's language.

use crate::cli::{Above as AboveArgs, CliError};
use crate::domain::assessment::Period;
use crate::rollup::{Area, PublishAsked, PublishReport, RollupError, Target};
use crate::store::Store;
use crate::ui::Labels;

/// Creates the server's schema, or brings it up to this build's (`--init`).
pub(super) fn init(labels: &Labels, address: &str) -> Result<(), CliError> {
    let target = Target::parse(address).map_err(|e| error(labels, &e))?;
    let mut client = target.connect().map_err(|e| error(labels, &e))?;
    let (from, to) = crate::rollup::init(&mut client).map_err(|e| error(labels, &e))?;
    let shown = target.shown();
    super::say(
        &labels.f("rollup.initialized", &[("target", &shown), ("from", &from.to_string()), ("to", &to.to_string())]),
    );
    Ok(())
}

/// Publishes the ledger.
pub(super) fn run(labels: &Labels, store: &mut Store, address: &str, asked: PublishAsked) -> Result<(), CliError> {
    let target = Target::parse(address).map_err(|e| error(labels, &e))?;
    let report = crate::rollup::publish(store, &target, asked).map_err(|e| error(labels, &e))?;
    super::say(&said(labels, &target, &report));
    Ok(())
}

/// What a publish did, in a sentence or two, and what it could not do.
fn said(labels: &Labels, target: &Target, r: &PublishReport) -> String {
    let shown = target.shown();
    let mut lines = vec![if r.sent_nothing() && r.behind == 0 && r.ops_read == 0 {
        labels.f("rollup.nothing", &[("target", &shown)])
    } else {
        sent(labels, &shown, r)
    }];
    if let Some((server, mine)) = r.server_lost {
        lines.push(labels.f("rollup.server_lost", &[("server", &server.to_string()), ("mine", &mine.to_string())]));
    }
    if r.behind > 0 {
        lines.push(labels.f("rollup.behind", &[("n", &r.behind.to_string())]));
    }
    if r.county_code.is_empty() {
        lines.push(labels.t("rollup.no_code").to_string());
    }
    lines.join("\n")
}

/// What was (or would be) sent.
fn sent(labels: &Labels, shown: &str, r: &PublishReport) -> String {
    let list = |items: &[String]| {
        if items.is_empty() {
            labels.t("rollup.none").to_string()
        } else {
            items.join(labels.t("common.list_separator"))
        }
    };
    let key = if r.dry_run { "rollup.published_dry" } else { "rollup.published" };
    labels.f(
        key,
        &[
            ("target", shown),
            ("read", &r.ops_read.to_string()),
            ("new", &r.ops_new.to_string()),
            ("records", &r.records.to_string()),
            ("periods", &list(&r.periods)),
            ("months", &list(&r.months)),
        ],
    )
}

/// Which report over many counties is asked for.
pub(super) enum Above {
    Month(crate::domain::dates::YearMonth),
    Period(Period),
}

/// 月调度, 季通报 or 年考评 over the counties of the roll-up database.
pub(super) fn report(
    labels: &Labels,
    above: &AboveArgs,
    asked: Above,
    today: chrono::NaiveDate,
    path: &std::path::Path,
) -> Result<(), CliError> {
    let (target, area) = from(labels, above)?;
    let counts = match asked {
        Above::Month(month) => crate::report::rollup_month_report(&target, labels, month, &area, today, path),
        Above::Period(period) => crate::report::rollup_period_report(&target, labels, period, &area, today, path),
    }
    .map_err(|e| failure(labels, e))?;
    written(labels, path, counts);
    Ok(())
}

/// The database and the area a report over many counties reads.
fn from(labels: &Labels, above: &AboveArgs) -> Result<(Target, Area), CliError> {
    let target = Target::parse(above.from.as_deref().unwrap_or_default()).map_err(|e| error(labels, &e))?;
    let area = match (&above.city, &above.province) {
        (Some(code), _) | (None, Some(code)) => Area::Code(code.trim().to_string()),
        (None, None) => Area::All,
    };
    Ok((target, area))
}

fn failure(labels: &Labels, e: crate::report::RollupFailure) -> CliError {
    match e {
        crate::report::RollupFailure::Rollup(e) => error(labels, &e),
        crate::report::RollupFailure::Report(e) => CliError::User(e.to_string()),
    }
}

fn written(labels: &Labels, path: &std::path::Path, counts: crate::report::RollupCounts) {
    super::say(&labels.f(
        "rollup.report_written",
        &[
            ("path", &path.display().to_string()),
            ("counties", &counts.counties.to_string()),
            ("villages", &counts.villages.to_string()),
        ],
    ));
}

/// A roll-up failure as the one sentence the person reads.
pub(super) fn error(labels: &Labels, e: &RollupError) -> CliError {
    let text = match e {
        RollupError::Address(why) => labels.f("rollup.error.address", &[("why", why)]),
        RollupError::NoService(name) => labels.f("rollup.error.no_service", &[("name", name)]),
        RollupError::Connect { target, why } => labels.f("rollup.error.connect", &[("target", target), ("why", why)]),
        RollupError::NewerServer { found, known } => {
            labels.f("rollup.error.newer", &[("found", &found.to_string()), ("known", &known.to_string())])
        }
        RollupError::OlderServer { found, known } => {
            labels.f("rollup.error.older", &[("found", &found.to_string()), ("known", &known.to_string())])
        }
        RollupError::Certificate { target, why } => {
            labels.f("rollup.error.certificate", &[("target", target), ("why", why)])
        }
        RollupError::RootCert { path, why } => labels.f("rollup.error.root_cert", &[("path", path), ("why", why)]),
        RollupError::NoSchema => labels.t("rollup.error.no_schema").to_string(),
        RollupError::OwnedByOther(ledger) => labels.f("rollup.error.owned", &[("ledger", ledger)]),
        RollupError::NotAllowed(why) => labels.f("rollup.error.not_allowed", &[("why", why)]),
        RollupError::Server(why) => labels.f("rollup.error.server", &[("why", why)]),
        RollupError::Ledger(e) => labels.store_error(e),
    };
    CliError::User(text)
}

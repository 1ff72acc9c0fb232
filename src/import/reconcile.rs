//! Weighing a matched record against what the export says of it: a field the export
//! changed since the last import is taken, one bangfu changed meanwhile stays, one
//! changed on both sides is written beside bangfu's as a dispute; and the baseline
//! that the next import is weighed against (docs/national.md, "Reconciling").

use super::known::Known;
use super::{ImportReport, Issue, Reconciled, Said};
use crate::domain::Draft;
use crate::domain::national::Kept;
use crate::domain::record::Record;
use std::collections::BTreeMap;

/// Whether a member's kept columns as stored say what the export says of that person,
/// reading the household's kept columns under the person's: a file imported before
/// household-level columns were kept (format 8) holds them per person, which is the
/// same export, not a change.
pub(super) fn same_cells(stored: &str, person: &Kept, household: &str) -> bool {
    let Ok(stored) = serde_json::from_str::<BTreeMap<String, String>>(stored) else { return false };
    let shared: BTreeMap<String, String> = serde_json::from_str(household).unwrap_or_default();
    let mut said = shared;
    said.extend(person.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    stored == said
}

/// No kept columns, said as the record already says it: an import before this build
/// stored none as `{}`, which is not a change to ``.
pub(super) fn as_stored(said: String, stored: Option<&str>) -> String {
    match stored {
        Some(stored @ "{}") if said.is_empty() => stored.to_string(),
        _ => said,
    }
}

/// The fields a draft sets, laid over a record's own draft.
pub(super) fn overlay(base: Draft, over: &Draft) -> Draft {
    let mut d = base;
    for (k, v) in over.entries() {
        d.set(k, v.clone());
    }
    d
}

fn changed_keys<T: Record>(new: &T, old: &T) -> Vec<String> {
    let (a, b) = (new.to_draft(), old.to_draft());
    T::DEF.fields.iter().filter(|f| a.get(f.key) != b.get(f.key)).map(|f| f.key.to_string()).collect()
}

/// What this export sets, as the record holds it, for the baseline of the next import.
pub(super) fn noted<T: Record>(record: &T, export: &Draft) -> Said {
    let held = record.to_draft();
    export
        .entries()
        .filter(|(k, _)| T::DEF.field(k).is_some())
        .map(|(k, _)| (k.clone(), as_noted(held.get(k)).into_owned()))
        .collect()
}

/// Longer values are noted in the baseline by a fingerprint: the baseline is only ever
/// compared, and the kept columns (a JSON of ~100 cells per person) would otherwise
/// be stored a third time, after the record and its op.
const NOTED_IN_FULL: usize = 64;

/// A value as the baseline notes it: itself, or the fingerprint of a long one (a
/// baseline written before fingerprints holds long values in full: they read alike).
pub(super) fn as_noted(value: &str) -> std::borrow::Cow<'_, str> {
    if value.len() <= NOTED_IN_FULL || is_fingerprint(value) {
        return std::borrow::Cow::Borrowed(value);
    }
    let hash = crate::domain::fingerprint::fnv1a64(value);
    std::borrow::Cow::Owned(format!("{FINGERPRINT}{hash:016x}"))
}

/// What starts a fingerprint: a character no cell text holds.
const FINGERPRINT: &str = "\u{1}fnv64:";

fn is_fingerprint(value: &str) -> bool {
    value.starts_with(FINGERPRINT) && value.len() == FINGERPRINT.len() + 16
}

/// A matched record after this export, field by field: a field the export changed since
/// the last import takes the export's value — unless bangfu changed it too, then bangfu's
/// value stays and the export's is written beside it as a dispute (reported too); a
/// field the export did not change keeps
/// bangfu's value (a correction made here is never undone by an old figure there).
pub(super) fn reconcile<T: Record>(
    known: &Known,
    old: &T,
    export: &Draft,
    (who, line): (&str, usize),
    report: &mut ImportReport,
) -> Reconciled<T> {
    let ours = old.to_draft();
    let theirs = T::from_draft(old.id(), &overlay(ours.clone(), export))?.to_draft();
    let modeled: Vec<&String> = export.entries().map(|(k, _)| k).filter(|k| T::DEF.field(k).is_some()).collect();
    // The baseline of the next import is what this export says, not what is kept.
    let said: Said = modeled.iter().map(|k| (k.to_string(), as_noted(theirs.get(k)).into_owned())).collect();
    // Read only when the two differ (a re-import mostly says again what is held).
    let base = std::cell::OnceCell::new();
    let (mut take, mut disputed) = (Draft::default(), Draft::default());
    for key in modeled {
        let (t, o) = (theirs.get(key), ours.get(key));
        if t == o {
            continue;
        }
        match base.get_or_init(|| known.baseline(old.id())).get(key.as_str()).map(|b| as_noted(b)) {
            Some(b) if b == as_noted(t) => {}
            Some(b) if b != as_noted(o) => {
                report.issues.push((
                    line,
                    Issue::Conflict { who: who.to_string(), field: key.clone(), ours: o.into(), theirs: t.into() },
                ));
                disputed.set(key, t);
            }
            _ => take.set(key, t),
        }
    }
    let beside = match disputed.entries().next() {
        None => None,
        Some(_) => T::from_draft(old.id(), &overlay(overlay(ours.clone(), &take), &disputed))
            .ok()
            .map(|r| (r, disputed.entries().map(|(k, _)| k.clone()).collect())),
    };
    if take.entries().next().is_none() {
        return Ok((old.clone(), said, beside, Vec::new()));
    }
    let new = T::from_draft(old.id(), &overlay(ours, &take))?;
    let changed = changed_keys(&new, old);
    Ok((new, said, beside, changed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_value_is_noted_by_its_fingerprint_and_reads_alike_either_way() {
        assert_eq!(as_noted("脱贫不稳定户"), "脱贫不稳定户", "a short value is noted as it is");
        let cells = format!("{{\"家庭住址\":\"{}\"}}", "恩阳区柳林镇柳林村三组".repeat(4));
        let noted = as_noted(&cells);
        assert!(noted.len() < cells.len() && is_fingerprint(&noted), "{noted}");
        assert_eq!(as_noted(&noted), noted, "a fingerprint read back from the baseline is itself");
        let other = cells.replace("三组", "四组");
        assert_ne!(as_noted(&other), noted, "another value, another fingerprint");
    }
}

//! A field's stored value as a person reads it, by the field's kind: a vocabulary
//! label for a code, 元 for money, 是/否 for a flag, an ID number masked.

use super::Labels;
use crate::domain::FieldValue;
use crate::domain::field::{FieldDef, Kind};
use crate::domain::idnum::mask;
use crate::domain::money::format_yuan;
use crate::domain::record::split_codes;
use crate::domain::vocab::Vocab;

pub fn field_text(labels: &Labels, vocab: &Vocab, def: &FieldDef, values: &[FieldValue]) -> String {
    let first = values.first().cloned().unwrap_or_default();
    let text = first.to_text();
    match def.kind {
        Kind::Money => first.as_int().map(format_yuan).unwrap_or_default(),
        Kind::Flag => labels.t(if first.as_int().unwrap_or(0) != 0 { "common.yes" } else { "common.no" }).into(),
        Kind::Tri => labels
            .t(match first.as_int() {
                Some(0) => "common.no",
                Some(_) => "common.yes",
                None => "common.unconfirmed",
            })
            .into(),
        Kind::Code(list) => vocab.label(list, &text, labels.lang).to_string(),
        Kind::Codes(list, _) => {
            let codes: Vec<String> = if values.len() > 1 {
                values.iter().map(FieldValue::to_text).filter(|c| !c.is_empty()).collect()
            } else {
                split_codes(&text)
            };
            vocab.labels(list, &codes, labels.lang)
        }
        Kind::IdNumber if def.masked => mask(&text),
        _ => text,
    }
}

/// An amount in 万元 as reports give it, but in 元 when under 100 元, where 万元 with two
/// decimals would show 0.00.
pub fn amount_text(labels: &Labels, fen: i64) -> String {
    if fen.unsigned_abs() < 10_000 {
        format!("{} {}", format_yuan(fen), labels.t("unit.yuan"))
    } else {
        format!("{} {}", crate::domain::money::format_wan(fen), labels.t("unit.wan_yuan"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::vocab::Lang;

    #[test]
    fn small_amounts_in_yuan_larger_in_wan() {
        let labels = Labels::get(Lang::Zh);
        assert_eq!(amount_text(labels, 500), "5.00 元");
        assert_eq!(amount_text(labels, 9_999), "99.99 元");
        assert_eq!(amount_text(labels, 12_345_600), "12.35 万元");
    }
}

//! Every parser of what a person types or pastes, fed arbitrary Unicode (and text
//! built from the characters a Chinese keyboard produces): none may panic, and what
//! each accepts is well formed.

use bangfu::domain::dates::{format_date, parse_date, parse_month, stored_date};
use bangfu::domain::divisions::{locate_village, province_of_code, short_village_name};
use bangfu::domain::idnum::{parse_disability_cert, parse_resident_id};
use bangfu::domain::member::Member;
use bangfu::domain::money::{format_yuan, parse_fen};
use bangfu::domain::phone::parse_phone;
use bangfu::domain::search::{Query, tokens};
use bangfu::domain::{Draft, Record};
use proptest::prelude::*;

/// Text as people produce it: ASCII, full-width forms, CJK, emoji, controls, combining marks.
fn typed() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        "[0-9Xx./:\\-, ]{0,4}",
        "[０-９ＸＸ．／：－，　]{0,4}",
        "[\\u{4e00}-\\u{9fff}]{0,3}",
        "[万元年月日号]{0,2}",
        "\\PC{0,3}",
        "[\\u{0}-\\u{1f}\\u{7f}\\u{1b}]{0,2}",
        "[\\u{1F300}-\\u{1FAFF}\\u{200d}\\u{fe0f}\\u{301}]{0,2}",
    ];
    prop::collection::vec(pieces, 0..8).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn id_numbers(text in typed(), digits in "[0-9０-９]{17}[0-9Xx]") {
        for input in [text.as_str(), digits.as_str(), &format!("{digits}{text}"), &format!("{text}{digits}")] {
            if let Ok(id) = parse_resident_id(input) {
                prop_assert_eq!(id.number.chars().count(), 18);
                prop_assert!(id.number.is_ascii());
            }
            let _ = parse_disability_cert(input);
        }
    }

    #[test]
    fn money(text in typed(), n in any::<i64>()) {
        if let Ok(fen) = parse_fen(&text) {
            prop_assert!(fen >= 0, "{text:?} gave {fen}");
        }
        let _ = parse_fen(&n.to_string());
        let _ = format_yuan(n);
    }

    /// The file's dates are read by a shortcut for their own shape: it reads each
    /// text, of that shape or not, as chrono's `%Y-%m-%d` does.
    #[test]
    fn stored_dates_read_as_chrono_reads_them(text in typed(), shaped in "[0-9+\\-a ]{4}-[0-9０]{1,2}-[0-9 ]{1,2}") {
        let edges = ["+026-01-01", " 026-01-01", "-026-01-01", "2026-02-29", "2028-02-29", "0000-01-01", "2026-00-10"];
        for input in [text.as_str(), shaped.as_str()].into_iter().chain(edges) {
            let chrono = chrono::NaiveDate::parse_from_str(input, "%Y-%m-%d").ok();
            prop_assert_eq!(stored_date(input), chrono, "{:?}", input);
        }
    }

    #[test]
    fn dates_and_months(text in typed()) {
        if let Ok(d) = parse_date(&text) {
            prop_assert_eq!(parse_date(&format_date(d)), Ok(d));
        }
        if let Ok(m) = parse_month(&text) {
            prop_assert_eq!(parse_month(&m.to_string()), Ok(m));
        }
    }

    #[test]
    fn phones(text in typed()) {
        if let Ok(p) = parse_phone(&text) {
            prop_assert!(p.chars().all(|c| c.is_ascii_digit() || c == '-'), "{p:?}");
        }
    }

    #[test]
    fn division_codes_and_names(text in typed()) {
        let _ = locate_village(&text);
        let _ = province_of_code(&text);
        let _ = short_village_name(&text);
    }

    #[test]
    fn search_input_and_tokens(text in typed()) {
        let _ = Query::parse(&text);
        let _ = tokens(&[&text], &[&text], &[&text]);
    }

    #[test]
    fn a_member_form_with_anything_in_every_field(values in prop::collection::vec(typed(), 20)) {
        let mut draft = Draft::default();
        for (def, value) in Member::DEF.fields.iter().zip(&values) {
            draft.set(def.key, value.clone());
        }
        if let Ok(m) = Member::from_draft("", &draft) {
            prop_assert!(!m.name.chars().any(char::is_control));
        }
    }
}

//! What a stored row must look like, field by field, from each record's declaration:
//! what `bangfu check` holds a file to after someone edited it by hand (money as text,
//! a month 2026-13, a code no list has, an empty required name). Forms never write such
//! values; the checks here find them in a file that did not come through a form.

use super::dates::{stored_date, stored_month};
use super::field::{Kind, NAME_MAX, PEOPLE_MAX};
use super::idnum::{parse_disability_cert, parse_resident_id};
use super::invalid::Invalid;
use super::phone::parse_phone;
use super::record::FieldValue;

/// Whether a stored record id is one bangfu could have written (a UUID, or a seeded
/// name-based one): hex digits and dashes.
pub fn id_problem(id: &str) -> Option<Invalid> {
    let well_formed = (32..=36).contains(&id.len()) && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    (!well_formed).then_some(Invalid::MalformedId)
}

/// What is wrong with the value stored in one column of a field, if anything.
/// `known_code(list, code)` says whether a vocabulary list has a code. References are
/// checked against their tables by the store.
pub fn stored_problem(
    kind: &Kind,
    required: bool,
    value: &FieldValue,
    known_code: &dyn Fn(&str, &str) -> bool,
) -> Option<Invalid> {
    let empty = match value {
        FieldValue::Null => true,
        FieldValue::Text(t) => t.trim().is_empty(),
        FieldValue::Int(_) => false,
    };
    if empty {
        return required.then_some(Invalid::Required);
    }
    let int = || match value {
        FieldValue::Int(n) => Some(*n),
        _ => None,
    };
    let text = value.to_text();
    let within = |n: Option<i64>, min: i64, max: i64, problem: Invalid| match n {
        Some(n) if (min..=max).contains(&n) => None,
        Some(_) => Some(problem),
        None => Some(Invalid::Number),
    };
    match kind {
        Kind::Money => match int() {
            Some(n) if n > super::money::MAX_FEN => Some(Invalid::AboveLimit),
            Some(n) if n >= 0 => None,
            _ => Some(Invalid::Money),
        },
        Kind::Count => within(int(), 0, i64::MAX, Invalid::Range { min: 0, max: i64::MAX }),
        Kind::Year => within(int(), 2000, 2100, Invalid::Year),
        Kind::Percent => within(int(), 0, 100, Invalid::Percent),
        Kind::Int(min, max) => within(int(), *min, *max, Invalid::Range { min: *min, max: *max }),
        Kind::Flag | Kind::Tri => within(int(), 0, 1, Invalid::NotAChoice),
        Kind::Date => stored_date(&text).is_none().then_some(Invalid::Date),
        Kind::Month => stored_month(&text).is_none().then_some(Invalid::Month),
        Kind::Code(list) => (!known_code(list, &text)).then_some(Invalid::NotAChoice),
        Kind::Codes(list, _) => text
            .split(',')
            .filter(|c| !c.trim().is_empty())
            .any(|c| !known_code(list, c.trim()))
            .then_some(Invalid::NotAChoice),
        // What forms ask for beyond a sound value (an area code, a known province) is
        // for the warnings, not a broken row.
        Kind::Phone => parse_phone(&text).err().filter(|e| *e != Invalid::PhoneNeedsArea),
        Kind::IdNumber => parse_resident_id(&text)
            .err()
            .filter(|e| *e != Invalid::IdRegion)
            .filter(|_| parse_disability_cert(&text).is_err()),
        Kind::DivisionCode => {
            (text.len() != 12 || !text.chars().all(|c| c.is_ascii_digit())).then_some(Invalid::DivisionCode)
        }
        Kind::Province => (text.len() != 2 || !text.chars().all(|c| c.is_ascii_digit())).then_some(Invalid::Number),
        Kind::Text(max) | Kind::Side(max) => text_problem(&text, *max),
        Kind::Name | Kind::Person => text_problem(&text, NAME_MAX),
        Kind::People => text_problem(&text, PEOPLE_MAX),
        Kind::Ref(_) | Kind::Refs(_) | Kind::Subject | Kind::Links(_) => None,
    }
}

/// A control character (an escape sequence retitles or clears a terminal that shows
/// it), also one hidden in a JSON map of kept columns as `\u001b`; or too long.
pub fn text_problem(text: &str, max: usize) -> Option<Invalid> {
    if text.chars().any(char::is_control) || json_hides_control(text) {
        return Some(Invalid::ControlCharacter);
    }
    (text.chars().count() > max).then_some(Invalid::TooLong { max })
}

/// A value as written to a terminal or a file: each control character but a line
/// break and a tab spelled out (`\x1b`, `\r` as `\x0d`, `\u{9b}`), so that a hand-edited or older file can
/// neither retitle nor clear the screen it is listed on, nor carry the bytes into a
/// sheet. Line breaks and tabs stay: a header of the national file may hold one
/// (`户籍\n地址`), and a quoted CSV cell carries it as it is.
pub fn escaped(text: &str) -> std::borrow::Cow<'_, str> {
    let harmful = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(harmful) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !harmful(c) => out.push(c),
            c if u32::from(c) < 0x80 => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A control character a header of the national file may not keep (a line break and
/// a tab it may: `户籍\n地址`).
pub fn harmful_in_header(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// A value from outside (a cell of an import) without its control characters: a line
/// break or tab becomes a space, anything else is dropped.
pub fn cleaned(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let spaced = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{85}');
    std::borrow::Cow::Owned(
        text.chars().filter_map(|c| if spaced(c) { Some(' ') } else { (!c.is_control()).then_some(c) }).collect(),
    )
}

fn json_hides_control(text: &str) -> bool {
    if !text.starts_with('{') || !text.contains("\\u") {
        return false;
    }
    fn any_control(value: &serde_json::Value) -> bool {
        match value {
            serde_json::Value::String(s) => s.chars().any(char::is_control),
            serde_json::Value::Array(items) => items.iter().any(any_control),
            // A key is a header of the national file, which may hold a line break.
            serde_json::Value::Object(map) => {
                map.iter().any(|(k, v)| k.chars().any(harmful_in_header) || any_control(v))
            }
            _ => false,
        }
    }
    serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| any_control(&v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(kind: Kind, value: FieldValue) -> Option<Invalid> {
        stored_problem(&kind, false, &value, &|list, code| list == "sex" && code == "female")
    }

    #[test]
    fn hand_edited_values_are_named() {
        assert_eq!(problem(Kind::Money, FieldValue::text("很多")), Some(Invalid::Money));
        assert_eq!(problem(Kind::Money, FieldValue::Int(-5)), Some(Invalid::Money));
        assert_eq!(problem(Kind::Money, FieldValue::Int(0)), None);
        assert_eq!(problem(Kind::Money, FieldValue::Int(crate::domain::money::MAX_FEN)), None);
        assert_eq!(problem(Kind::Money, FieldValue::Int(crate::domain::money::MAX_FEN + 1)), Some(Invalid::AboveLimit));
        assert_eq!(
            problem(Kind::Text(500), FieldValue::text(r#"{"户籍地址":"村\u001b]0;pwned\u0007"}"#)),
            Some(Invalid::ControlCharacter)
        );
        assert_eq!(
            problem(Kind::Text(500), FieldValue::text(r#"{"户籍地址":"村\\u001b"}"#)),
            None,
            "a backslash written out"
        );
        assert_eq!(problem(Kind::Month, FieldValue::text("2026-13")), Some(Invalid::Month));
        assert_eq!(problem(Kind::Month, FieldValue::text("2026-12")), None);
        assert_eq!(problem(Kind::Date, FieldValue::text("2026-02-30")), Some(Invalid::Date));
        assert_eq!(problem(Kind::Code("sex"), FieldValue::text("zzz")), Some(Invalid::NotAChoice));
        assert_eq!(problem(Kind::Code("sex"), FieldValue::text("female")), None);
        assert_eq!(problem(Kind::Flag, FieldValue::Int(2)), Some(Invalid::NotAChoice));
        assert_eq!(problem(Kind::DivisionCode, FieldValue::text("村村村村村村")), Some(Invalid::DivisionCode));
        assert_eq!(problem(Kind::Name, FieldValue::text("王\u{1b}]0;x")), Some(Invalid::ControlCharacter));
        assert_eq!(stored_problem(&Kind::Name, true, &FieldValue::text(" "), &|_, _| true), Some(Invalid::Required));
        assert_eq!(problem(Kind::Date, FieldValue::Null), None, "an empty optional field is fine");
    }

    #[test]
    fn control_characters_are_written_out() {
        assert_eq!(escaped("王小二"), "王小二");
        assert_eq!(escaped("王\u{1b}]0;pwned\u{7}"), "王\\x1b]0;pwned\\x07");
        assert_eq!(escaped("a\u{85}b\u{9b}\r"), "a\\u{85}b\\u{9b}\\x0d", "a line can be overwritten by neither");
        assert_eq!(escaped("户籍\n地址\t"), "户籍\n地址\t");
        assert!(matches!(escaped("plain"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(cleaned("王\r\n二\u{1b}]0;x\u{7}"), "王  二]0;x");
        assert_eq!(cleaned("村\t组"), "村 组");
    }

    #[test]
    fn ids_are_uuids() {
        assert_eq!(id_problem("0199f655-2b9c-7705-94ac-0a239568c439"), None);
        assert_eq!(id_problem("487e7ec582795016993edf56a50faa20"), None);
        assert_eq!(id_problem("1"), Some(Invalid::MalformedId));
        assert_eq!(id_problem("0199f655-2b9c-7705-94ac-0a239568c43Z"), Some(Invalid::MalformedId));
    }
}

//! Money is kept in fen (integer). People type it in 元, with or without
//! thousands separators, or in 万元 or 亿元 (docs/records.md, "Money": the unit policy).

use super::Invalid;

/// The most one amount may be: 1 万亿元 (a county's whole budget for decades is far
/// below it), so that no sum of a ledger's amounts comes near what an i64 holds.
pub const MAX_FEN: i64 = 100_000_000_000_000;

/// Parses `1234.5`, `1,234.50`, `¥1234`, `1234元`, `1.2万`, `50万元`, `88亿` into fen.
pub fn parse_fen(text: &str) -> Result<i64, Invalid> {
    let mut t: String = text.trim().chars().filter(|c| !c.is_whitespace()).collect();
    for prefix in ["¥", "￥"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest.to_string();
        }
    }
    if let Some(rest) = t.strip_suffix('元') {
        t = rest.to_string();
    }
    // "-5" is an amount with a sign, not a typo: say that amounts are never negative.
    if let Some(rest) = t.strip_prefix(['-', '－', '−'])
        && parse_fen(rest).is_ok()
    {
        return Err(Invalid::Negative);
    }
    // The decimals each unit takes are those that still name whole fen, so a
    // fraction's digits are fen once padded (1.2万 → 200000 fen of fraction).
    let (number, scale_decimals) = if let Some(rest) = t.strip_suffix('亿') {
        (rest.to_string(), 10)
    } else if let Some(rest) = t.strip_suffix('万') {
        (rest.to_string(), 6)
    } else {
        (t, 2)
    };
    let unit_fen = 10i64.pow(scale_decimals as u32);
    let number = strip_thousands(&number)?;
    let (int_part, frac_part) = match number.split_once('.') {
        Some((i, f)) => (i, f),
        None => (number.as_str(), ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(Invalid::Money);
    }
    if !int_part.chars().all(|c| c.is_ascii_digit()) || !frac_part.chars().all(|c| c.is_ascii_digit()) {
        return Err(Invalid::Money);
    }
    if frac_part.len() > scale_decimals {
        return Err(Invalid::Money);
    }
    // Digits only, checked above: a number that does not parse is too large.
    let whole: i64 = if int_part.is_empty() { 0 } else { int_part.parse().map_err(|_| Invalid::AboveLimit)? };
    let frac_digits = format!("{frac_part:0<width$}", width = scale_decimals);
    let frac_fen: i64 = frac_digits.parse().map_err(|_| Invalid::Money)?;
    let fen = whole.checked_mul(unit_fen).and_then(|w| w.checked_add(frac_fen)).ok_or(Invalid::AboveLimit)?;
    if fen > MAX_FEN { Err(Invalid::AboveLimit) } else { Ok(fen) }
}

/// Removes thousands separators, refusing ones in the wrong places (`12,34`).
fn strip_thousands(number: &str) -> Result<String, Invalid> {
    let normalized = number.replace('，', ",");
    if !normalized.contains(',') {
        return Ok(normalized);
    }
    let int_part = normalized.split('.').next().unwrap_or("");
    let mut groups = int_part.split(',');
    let first = groups.next().unwrap_or("");
    let well_placed = !first.is_empty() && first.len() <= 3 && groups.all(|g| g.len() == 3);
    if !well_placed {
        return Err(Invalid::Money);
    }
    Ok(normalized.replace(',', ""))
}

pub fn parse_optional_fen(text: &str) -> Result<Option<i64>, Invalid> {
    if text.trim().is_empty() { Ok(None) } else { parse_fen(text).map(Some) }
}

/// 撬动比 in hundredths, rounded half up: social funds per yuan of the assisting
/// side's (none without assisting funds). Integer arithmetic, so 概览 and every
/// report print the same figure.
pub fn leverage_hundredths(social_fen: i64, assisting_fen: i64) -> Option<i64> {
    if assisting_fen <= 0 {
        return None;
    }
    let hundredths = (i128::from(social_fen) * 100 + i128::from(assisting_fen) / 2) / i128::from(assisting_fen);
    i64::try_from(hundredths).ok()
}

/// `123456` fen → `1,234.56` (元, two decimals, thousands separated).
pub fn format_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", group_thousands(abs / 100), abs % 100)
}

/// Plain form for editing: `1234.5` fen 123450 → `1234.50`.
pub fn format_plain(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// 万元 with two decimals, rounded half up, as reports print it.
pub fn format_wan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let hundredths = (fen.unsigned_abs() + 5_000) / 10_000;
    format!("{sign}{}.{:02}", group_thousands(hundredths / 100), hundredths % 100)
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_negative_amount_says_so() {
        assert_eq!(parse_fen("-5"), Err(Invalid::Negative));
        assert_eq!(parse_fen("－1,234.50"), Err(Invalid::Negative));
        assert_eq!(parse_fen("-abc"), Err(Invalid::Money));
    }

    #[test]
    fn the_forms_people_type() {
        assert_eq!(parse_fen("1234.5"), Ok(123_450));
        assert_eq!(parse_fen("1,234.50"), Ok(123_450));
        assert_eq!(parse_fen("1.2万"), Ok(1_200_000));
        assert_eq!(parse_fen("4150万"), Ok(4_150_000_000));
        assert_eq!(parse_fen("50万元"), Ok(50_000_000));
        assert_eq!(parse_fen("88亿"), Ok(880_000_000_000));
        assert_eq!(parse_fen("2.25亿元"), Ok(22_500_000_000));
        assert_eq!(parse_fen("1468亿"), Ok(14_680_000_000_000));
        assert_eq!(parse_fen("1.0000000001亿"), Ok(10_000_000_001));
        assert_eq!(parse_fen("1.00000000001亿"), Err(Invalid::Money), "less than a fen");
        assert_eq!(parse_fen("10001亿"), Err(Invalid::AboveLimit));
        assert_eq!(parse_fen("¥ 7300"), Ok(730_000));
        assert_eq!(parse_fen("7300元"), Ok(730_000));
        assert_eq!(parse_fen("0.01"), Ok(1));
        assert_eq!(parse_fen(".5"), Ok(50));
        assert_eq!(parse_fen("1.234567万"), Ok(1_234_567));
        assert_eq!(parse_fen("1.2345678万"), Err(Invalid::Money));
        assert_eq!(parse_fen("1.23456万"), Ok(1_234_560));
    }

    #[test]
    fn an_amount_above_one_trillion_yuan_is_refused_and_none_wraps() {
        assert_eq!(parse_fen("1000000000000"), Ok(MAX_FEN), "1 万亿元 itself");
        assert_eq!(parse_fen("100000000万"), Ok(MAX_FEN));
        assert_eq!(parse_fen("1000000000000.01"), Err(Invalid::AboveLimit));
        assert_eq!(parse_fen("92233720368547758.07"), Err(Invalid::AboveLimit));
        assert_eq!(parse_fen("99999999999999999999999"), Err(Invalid::AboveLimit));
        // A county's whole ledger of amounts at the limit still sums inside an i64.
        assert!(MAX_FEN.checked_mul(90_000).is_some());
    }

    #[test]
    fn what_is_not_money() {
        for bad in ["", "abc", "1.234", "12,34", "1,2345", "1..2", "万"] {
            assert_eq!(parse_fen(bad), Err(Invalid::Money), "{bad}");
        }
    }

    #[test]
    fn display() {
        assert_eq!(format_yuan(123_450), "1,234.50");
        assert_eq!(format_yuan(5), "0.05");
        assert_eq!(format_yuan(100_000_000), "1,000,000.00");
        assert_eq!(format_wan(4_150_000_000), "4,150.00");
        assert_eq!(format_wan(1_234_560), "1.23");
        assert_eq!(format_plain(123_450), "1234.50");
    }
}

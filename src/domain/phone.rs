//! Mobile (11 digits, 1[3-9]…) and landline (area code 0xx/0xxx, then 7–8 digits) numbers.

use super::Invalid;

/// Returns the number in a normal form: mobile as 11 digits, landline as `0827-5221234`.
pub fn parse_phone(text: &str) -> Result<String, Invalid> {
    let cleaned: String =
        text.trim().chars().filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '（' | '）')).collect();
    let cleaned = cleaned.strip_prefix("+86").unwrap_or(&cleaned).to_string();
    let digits: String = cleaned.chars().filter(|c| *c != '-').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(Invalid::Phone);
    }
    let mut leading = digits.chars();
    if digits.len() == 11 && leading.next() == Some('1') && leading.next().is_some_and(|c| ('3'..='9').contains(&c)) {
        return Ok(digits);
    }
    if digits.starts_with('0') {
        return landline(&cleaned, &digits);
    }
    if (7..=8).contains(&digits.len()) && !cleaned.contains('-') {
        // A landline without its area code cannot be dialled from the township or
        // the county: the area code is asked for, not guessed.
        return Err(Invalid::PhoneNeedsArea);
    }
    Err(Invalid::Phone)
}

fn landline(cleaned: &str, digits: &str) -> Result<String, Invalid> {
    if let Some((area, local)) = cleaned.split_once('-') {
        let ok = (3..=4).contains(&area.len()) && (7..=8).contains(&local.len()) && !local.contains('-');
        return if ok { Ok(format!("{area}-{local}")) } else { Err(Invalid::Phone) };
    }
    // Without a dash the split is ambiguous only in length: 3+8 and 4+7 both give 11.
    // Area codes starting 01/02 have three digits (010, 020–029).
    let area_len = if digits.starts_with("01") || digits.starts_with("02") { 3 } else { 4 };
    let local_len = digits.len().saturating_sub(area_len);
    match digits.split_at_checked(area_len) {
        Some((area, local)) if (7..=8).contains(&local_len) => Ok(format!("{area}-{local}")),
        _ => Err(Invalid::Phone),
    }
}

pub fn parse_optional_phone(text: &str) -> Result<Option<String>, Invalid> {
    if text.trim().is_empty() { Ok(None) } else { parse_phone(text).map(Some) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiles() {
        assert_eq!(parse_phone("138 0827 1234"), Ok("13808271234".into()));
        assert_eq!(parse_phone("+86 13808271234"), Ok("13808271234".into()));
        assert_eq!(parse_phone("12808271234"), Err(Invalid::Phone));
        assert_eq!(parse_phone("1380827123"), Err(Invalid::Phone));
    }

    #[test]
    fn landlines() {
        assert_eq!(parse_phone("0827-5221234"), Ok("0827-5221234".into()));
        assert_eq!(parse_phone("08275221234"), Ok("0827-5221234".into()));
        assert_eq!(parse_phone("(028)86001234"), Ok("028-86001234".into()));
        assert_eq!(parse_phone("5221234"), Err(Invalid::PhoneNeedsArea));
        assert_eq!(parse_phone("0827-52"), Err(Invalid::Phone));
        assert_eq!(parse_phone("电话"), Err(Invalid::Phone));
    }
}

//! Identity numbers: the 18-character 居民身份证 number (GB 11643, ISO 7064 MOD 11-2)
//! and the 20/22-digit 残疾人证 number built on it.

use super::Invalid;
use chrono::NaiveDate;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// The vocabulary code kept in the ledger.
    pub fn code(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
}

/// What a valid resident ID number tells about its holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentId {
    pub number: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
}

/// The check character for the first 17 digits.
pub fn check_char(first17: &str) -> Option<char> {
    let mut sum = 0u32;
    let mut count = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += c.to_digit(10)? * w;
        count += 1;
    }
    if count != 17 {
        return None;
    }
    CHECK_CHARS.get((sum % 11) as usize).copied()
}

/// The number made of `len` digits from `start` (the digits were checked to be digits).
fn number_in(digits: &[u32], start: usize, len: usize) -> u32 {
    digits.iter().skip(start).take(len).fold(0, |n, d| n * 10 + d)
}

fn normalize(text: &str) -> String {
    text.trim().chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect()
}

/// The 18-character form of a 15-digit number issued before 1999: the century `19`
/// inserted before the two-digit birth year, and the check character added.
pub fn upgrade_15(number: &str) -> Option<String> {
    let n = normalize(number);
    if n.len() != 15 || !n.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let body = format!("{}19{}", n.get(..6)?, n.get(6..)?);
    let check = check_char(&body)?;
    Some(format!("{body}{check}"))
}

/// Reads an 18-character resident ID number. Works on characters, never bytes: a
/// full-width digit or a Chinese character typed in is refused, not a crash.
pub fn parse_resident_id(text: &str) -> Result<ResidentId, Invalid> {
    let number = normalize(text);
    let chars: Vec<char> = number.chars().collect();
    if chars.len() != 18 {
        // An old 15-digit number is offered in the form it has today.
        return Err(upgrade_15(&number).map_or(Invalid::IdLength, |new| Invalid::IdOld15 { new }));
    }
    let Some((&last, body)) = chars.split_last() else { return Err(Invalid::IdLength) };
    let digits: Vec<u32> = body.iter().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 17 || !(last.is_ascii_digit() || last == 'X') {
        return Err(Invalid::IdDigits);
    }
    let year = number_in(&digits, 6, 4) as i32;
    let birth_date = NaiveDate::from_ymd_opt(year, number_in(&digits, 10, 2), number_in(&digits, 12, 2))
        .ok_or(Invalid::IdBirthDate)?;
    if !(1880..=2100).contains(&year) {
        return Err(Invalid::IdBirthDate);
    }
    let body: String = body.iter().collect();
    if !issuing_province(body.get(..2).unwrap_or("")) {
        return Err(Invalid::IdRegion);
    }
    let expected = check_char(&body).ok_or(Invalid::IdDigits)?;
    if last != expected {
        return Err(Invalid::IdChecksum { expected });
    }
    let sex = if number_in(&digits, 16, 1) % 2 == 1 { Sex::Male } else { Sex::Female };
    Ok(ResidentId { number, birth_date, sex })
}

/// The first two digits of a number name a province (or 71 台湾, 81 香港, 82 澳门 for
/// residence permits); anything else was mistyped.
fn issuing_province(code: &str) -> bool {
    matches!(code, "71" | "81" | "82") || super::divisions::province(code).is_some()
}

/// A 残疾人证 number: the holder's ID number, then category (1–7) and grade (1–4);
/// the 22-digit form adds a two-digit issue number.
pub fn parse_disability_cert(text: &str) -> Result<ResidentId, Invalid> {
    let number = normalize(text);
    let len = number.chars().count();
    if len != 20 && len != 22 {
        return Err(Invalid::CertLength);
    }
    let resident: String = number.chars().take(18).collect();
    let mut id = parse_resident_id(&resident)?;
    let tail: Vec<u32> = number.chars().skip(18).filter_map(|c| c.to_digit(10)).collect();
    if tail.len() != len - 18 {
        return Err(Invalid::IdDigits);
    }
    let (category, grade) = (number_in(&tail, 0, 1), number_in(&tail, 1, 1));
    if !(1..=7).contains(&category) || !(1..=4).contains(&grade) {
        return Err(Invalid::CertCategory);
    }
    id.number = number;
    Ok(id)
}

/// The number as shown by default: first 6 and last 4 characters, the rest hidden.
pub fn mask(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    if chars.len() <= 10 {
        return number.to_string();
    }
    let hidden = chars.len() - 10;
    let mut out: String = chars.iter().take(6).collect();
    out.extend(std::iter::repeat_n('*', hidden));
    out.extend(chars.iter().skip(chars.len() - 4));
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_first_two_digits_name_a_province() {
        use super::*;
        let with = |body: &str| format!("{body}{}", check_char(body).unwrap());
        assert_eq!(parse_resident_id(&with("99190319800412013")), Err(Invalid::IdRegion));
        assert_eq!(parse_resident_id(&with("10190319800412013")), Err(Invalid::IdRegion));
        assert!(parse_resident_id(&with("51190319800412013")).is_ok());
        assert!(parse_resident_id(&with("81000019800412013")).is_ok(), "a Hong Kong residence permit");
    }

    #[test]
    fn an_old_15_digit_number_is_offered_as_18() {
        // 110101 90 03 07 451 → 110101 19900307 451 + check character.
        use super::*;
        let new = upgrade_15("110101900307451").unwrap();
        assert_eq!(new.len(), 18);
        assert!(new.starts_with("11010119900307451"));
        assert!(parse_resident_id(&new).is_ok(), "{new}");
        assert_eq!(parse_resident_id("110101900307451"), Err(Invalid::IdOld15 { new }));
        assert_eq!(parse_resident_id("11010190030745"), Err(Invalid::IdLength));
    }

    #[test]
    fn anything_typed_or_pasted_is_refused_not_a_crash() {
        use super::*;

        for text in [
            "５１１９０３１９８７０２１０１２３Ｘ",
            "张三李四王五赵六钱七孙八周九吴十郑冯",
            "51190319870210123😀",
            "5119031987021012\u{301}3X",
            "",
        ] {
            assert!(parse_resident_id(text).is_err(), "{text}");
            assert!(parse_disability_cert(text).is_err(), "{text}");
            let _ = mask(text);
        }
    }

    use super::*;

    // 11010519491231002X is the example number printed in GB 11643 itself.
    #[test]
    fn standard_example_is_valid_and_female() {
        let id = parse_resident_id("11010519491231002x").unwrap();
        assert_eq!(id.number, "11010519491231002X");
        assert_eq!(id.birth_date, NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
        assert_eq!(id.sex, Sex::Female);
    }

    #[test]
    fn wrong_check_character_names_the_right_one() {
        assert_eq!(parse_resident_id("110105194912310021"), Err(Invalid::IdChecksum { expected: 'X' }));
    }

    #[test]
    fn impossible_birth_date_is_refused() {
        let body = "51190319870230123";
        let full = format!("{body}{}", check_char(body).unwrap());
        assert_eq!(parse_resident_id(&full), Err(Invalid::IdBirthDate));
    }

    #[test]
    fn length_and_digits() {
        assert_eq!(parse_resident_id("5119031987"), Err(Invalid::IdLength));
        assert_eq!(parse_resident_id("5119031987021012A4"), Err(Invalid::IdDigits));
    }

    #[test]
    fn odd_sequence_is_male() {
        let body = "51190319870210123";
        let id = parse_resident_id(&format!("{body}{}", check_char(body).unwrap())).unwrap();
        assert_eq!(id.sex, Sex::Male);
        assert_eq!(id.birth_date, NaiveDate::from_ymd_opt(1987, 2, 10).unwrap());
    }

    #[test]
    fn disability_certificates() {
        let body = "51190319870210123";
        let id = format!("{body}{}", check_char(body).unwrap());
        assert!(parse_disability_cert(&format!("{id}42")).is_ok());
        assert!(parse_disability_cert(&format!("{id}4201")).is_ok());
        assert_eq!(parse_disability_cert(&format!("{id}82")), Err(Invalid::CertCategory));
        assert_eq!(parse_disability_cert(&format!("{id}45")), Err(Invalid::CertCategory));
        assert_eq!(parse_disability_cert(&format!("{id}4")), Err(Invalid::CertLength));
    }

    #[test]
    fn masking_keeps_first_six_and_last_four() {
        assert_eq!(mask("11010519491231002X"), "110105********002X");
    }
}

//! Finding a record as cadres type: a Chinese substring (`张`), pinyin initials
//! (`zs` finds 张三, polyphonic characters match any of their readings), or the
//! last digits of an ID number. Keys are built once per record, so filtering a
//! county's households on every keystroke stays cheap.

use pinyin::ToPinyinMulti;

const SEPARATOR: char = '\u{1f}';

/// What a record can be found by.
#[derive(Debug, Clone, Default)]
pub struct SearchKey {
    text: Vec<char>,
    /// Per character of `text`, the set of initial letters as a bitmask (a = bit 0).
    initials: Vec<u32>,
    id_numbers: Vec<String>,
}

fn letter_bit(c: char) -> u32 {
    if c.is_ascii_alphabetic() { 1 << (c.to_ascii_lowercase() as u8 - b'a') } else { 0 }
}

fn initials_of(c: char) -> u32 {
    if c.is_ascii() {
        return letter_bit(c);
    }
    c.to_pinyin_multi()
        .map(|readings| {
            readings.into_iter().filter_map(|p| p.first_letter().chars().next()).fold(0, |mask, l| mask | letter_bit(l))
        })
        .unwrap_or(0)
}

impl SearchKey {
    /// `texts` are searched by substring and initials; `id_numbers` by their tail.
    pub fn new(texts: &[&str], id_numbers: &[&str]) -> SearchKey {
        let mut text = Vec::new();
        for t in texts.iter().filter(|t| !t.is_empty()) {
            if !text.is_empty() {
                text.push(SEPARATOR);
            }
            text.extend(t.chars().flat_map(char::to_lowercase));
        }
        let initials = text.iter().map(|&c| initials_of(c)).collect();
        let id_numbers = id_numbers.iter().filter(|s| !s.is_empty()).map(|s| s.to_ascii_lowercase()).collect();
        SearchKey { text, initials, id_numbers }
    }

    pub fn matches(&self, query: &Query) -> bool {
        query.terms.iter().all(|t| self.matches_term(t))
    }

    fn matches_term(&self, term: &Term) -> bool {
        match term {
            Term::Letters(chars) => self.contains(chars) || self.initials_run(chars),
            Term::Digits(chars) => {
                let tail: String = chars.iter().collect();
                self.contains(chars) || self.id_numbers.iter().any(|n| n.ends_with(&tail))
            }
            Term::Text(chars) => self.contains(chars),
        }
    }

    fn contains(&self, needle: &[char]) -> bool {
        !needle.is_empty() && self.text.windows(needle.len()).any(|w| w == needle)
    }

    fn initials_run(&self, letters: &[char]) -> bool {
        let bits: Vec<u32> = letters.iter().map(|&c| letter_bit(c)).collect();
        !bits.is_empty()
            && self.initials.windows(bits.len()).any(|w| w.iter().zip(&bits).all(|(mask, bit)| mask & bit != 0))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    Letters(Vec<char>),
    Digits(Vec<char>),
    Text(Vec<char>),
}

/// A filter as typed; space-separated terms must all match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    terms: Vec<Term>,
}

impl Query {
    pub fn parse(text: &str) -> Query {
        let terms = text
            .split_whitespace()
            .map(|word| {
                let chars: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
                let digits_then_x = chars.iter().any(char::is_ascii_digit)
                    && chars.iter().enumerate().all(|(i, c)| c.is_ascii_digit() || (*c == 'x' && i + 1 == chars.len()));
                if chars.iter().all(char::is_ascii_alphabetic) {
                    Term::Letters(chars)
                } else if digits_then_x {
                    Term::Digits(chars)
                } else {
                    Term::Text(chars)
                }
            })
            .collect();
        Query { terms }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(key: &SearchKey, q: &str) -> bool {
        key.matches(&Query::parse(q))
    }

    #[test]
    fn chinese_substring_and_initials() {
        let key = SearchKey::new(&["张三", "柳林村", "5119031010010023"], &["51190319870210123X"]);
        assert!(finds(&key, "张"));
        assert!(finds(&key, "zs"));
        assert!(finds(&key, "ZS"));
        assert!(finds(&key, "llc"));
        assert!(finds(&key, "zs llc"));
        assert!(!finds(&key, "ww"));
        assert!(!finds(&key, "sl"), "initials runs do not cross fields");
        assert!(finds(&key, "123x"), "ID tail");
        assert!(finds(&key, "0023"), "household number digits");
        assert!(!finds(&key, "1987"), "ID numbers match only at their end");
    }

    #[test]
    fn polyphonic_surnames_match_every_reading() {
        // 曾 reads zeng (the surname) or ceng; 单 reads shan (the surname) or dan.
        let key = SearchKey::new(&["曾国强", "单丽"], &[]);
        assert!(finds(&key, "zgq"));
        assert!(finds(&key, "sl"));
        assert!(finds(&key, "dl"));
    }

    #[test]
    fn empty_query_matches_everything() {
        let key = SearchKey::new(&["李四"], &[]);
        assert!(Query::parse("  ").is_empty());
        assert!(finds(&key, ""));
    }
}

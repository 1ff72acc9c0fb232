//! Finding a record as cadres type: a Chinese substring (`张`), pinyin initials
//! (`zs` finds 张三, polyphonic characters match any of their readings), full
//! pinyin from a syllable on (`chen` finds 陈), or the last digits of an ID number.
//! Records keep their search tokens in the ledger (`tokens`), so a filter is an index
//! query; a
//! short list of choices in a form is matched in memory (`SearchKey`).

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
                let chars: Vec<char> = super::record::halfwidth(word).chars().flat_map(char::to_lowercase).collect();
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

    /// For each term, the token prefixes it matches a record by (any of them).
    pub fn prefixes(&self) -> Vec<Vec<String>> {
        self.terms
            .iter()
            .map(|term| match term {
                Term::Letters(chars) | Term::Text(chars) => vec![prefix(plain(chars))],
                Term::Digits(chars) => {
                    let digits = plain(chars);
                    let backwards: Vec<char> = std::iter::once(ID_MARK).chain(digits.iter().rev().copied()).collect();
                    vec![prefix(digits), prefix(backwards)]
                }
            })
            .map(|alternatives: Vec<String>| alternatives.into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>())
            .filter(|alternatives| !alternatives.is_empty())
            .collect()
    }
}

/// Characters as the index keeps them: ASCII punctuation dropped (`0827-5221234` is
/// found as `08275221234`), so a token is never split by the index's tokenizer.
fn plain(chars: &[char]) -> Vec<char> {
    chars.iter().copied().filter(|c| !c.is_ascii_punctuation() && !c.is_control()).collect()
}

/// Marks the token of an ID number, kept backwards so that its tail is a prefix
/// (a character the index reads as part of a word).
const ID_MARK: char = '¤';
/// Tokens are cut to this many characters; a longer query matches by its start.
const TOKEN_CHARS: usize = 12;
/// At most this many readings of one field are kept (names with several polyphonic characters).
const MAX_VARIANTS: usize = 8;

fn prefix(chars: impl IntoIterator<Item = char>) -> String {
    chars.into_iter().take(TOKEN_CHARS).collect()
}

/// What a record can be found by, as tokens a prefix finds in an index. Names (of
/// people, villages) give every suffix of the text and of its pinyin initials (so
/// `zs` and `三` find 张三) and the full pinyin from each syllable on (`zhangsan`,
/// `san`); other words give every suffix of the text and their initials from the
/// start; each ID number gives itself backwards (so its tail is found, not its
/// middle). Kept current by every save.
pub fn tokens(names: &[&str], words: &[&str], id_numbers: &[&str]) -> Vec<String> {
    let mut out = std::collections::BTreeSet::new();
    for (t, is_name) in names.iter().map(|t| (t, true)).chain(words.iter().map(|t| (t, false))) {
        let chars: Vec<char> = plain(&t.trim().chars().flat_map(char::to_lowercase).collect::<Vec<_>>());
        if chars.is_empty() {
            continue;
        }
        add_suffixes(&mut out, &chars);
        for variant in initials_variants(&chars) {
            for run in variant.split(SEPARATOR).filter(|r| !r.is_empty()) {
                let run: Vec<char> = run.chars().collect();
                if is_name {
                    add_suffixes(&mut out, &run);
                } else {
                    out.insert(prefix(run));
                }
            }
        }
        if is_name {
            for suffix in pinyin_suffixes(&chars) {
                out.insert(prefix(suffix.chars()));
            }
        }
    }
    for id in id_numbers.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let digits = plain(&id.to_ascii_lowercase().chars().collect::<Vec<_>>());
        out.insert(prefix(std::iter::once(ID_MARK).chain(digits.into_iter().rev())));
    }
    out.into_iter().collect()
}

/// Every suffix of a run of characters, cut to the token length; spaces split runs.
fn add_suffixes(out: &mut std::collections::BTreeSet<String>, chars: &[char]) {
    for run in chars.split(|c| c.is_whitespace() || *c == SEPARATOR) {
        for start in 0..run.len() {
            out.insert(prefix(run.iter().skip(start).copied()));
        }
    }
}

/// The letters each character may start with: its own for ASCII letters, every
/// reading's initial for Chinese characters, none for anything else.
fn letters_of(c: char) -> Vec<char> {
    if c.is_ascii_alphabetic() {
        return vec![c.to_ascii_lowercase()];
    }
    let mut letters: Vec<char> = c
        .to_pinyin_multi()
        .map(|readings| readings.into_iter().filter_map(|p| p.first_letter().chars().next()).collect())
        .unwrap_or_default();
    letters.sort_unstable();
    letters.dedup();
    letters
}

/// The initials of a text, once per combination of polyphonic readings (capped); a
/// character without initials breaks the run, so a match never spans it.
fn initials_variants(chars: &[char]) -> Vec<String> {
    let mut variants = vec![String::new()];
    for &c in chars {
        let letters = letters_of(c);
        if letters.is_empty() {
            variants.iter_mut().for_each(|v| v.push(SEPARATOR));
            continue;
        }
        let mut next = Vec::new();
        for v in &variants {
            for l in &letters {
                if next.len() < MAX_VARIANTS {
                    next.push(format!("{v}{l}"));
                }
            }
        }
        variants = next;
    }
    variants.retain(|v| v.chars().any(|c| c != SEPARATOR));
    variants
}

/// Full pinyin of the text from each Chinese syllable on (`zhangsan`, `san`), so a
/// query matches from the start of a syllable; a polyphonic first character gives
/// one suffix per reading (曾 zeng / ceng).
fn pinyin_suffixes(chars: &[char]) -> Vec<String> {
    let readings: Vec<Vec<&'static str>> = chars
        .iter()
        .map(|c| c.to_pinyin_multi().map(|r| r.into_iter().map(|p| p.plain()).collect()).unwrap_or_default())
        .collect();
    let default: Vec<&str> = readings.iter().map(|r| r.first().copied().unwrap_or("")).collect();
    let mut out = Vec::new();
    for (i, first) in readings.iter().enumerate() {
        let rest: String = default.iter().skip(i + 1).copied().collect();
        let mut seen: Vec<&str> = Vec::new();
        for reading in first.iter().take(MAX_VARIANTS) {
            if !seen.contains(reading) {
                seen.push(reading);
                out.push(format!("{reading}{rest}"));
            }
        }
    }
    out
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

    /// Whether a query finds a record with these tokens, as the index answers it.
    fn token_finds(tokens: &[String], q: &str) -> bool {
        Query::parse(q)
            .prefixes()
            .iter()
            .all(|alternatives| alternatives.iter().any(|p| tokens.iter().any(|t| t.starts_with(p.as_str()))))
    }

    #[test]
    fn tokens_find_what_the_memory_keys_find() {
        let key = tokens(&["张三", "柳林村"], &["5119031010010023"], &["51190319870210123X"]);
        for (q, expected) in [
            ("张", true),
            ("三", true),
            ("zs", true),
            ("ZS", true),
            ("llc", true),
            ("zs llc", true),
            ("ww", false),
            ("sl", false),
            ("123x", true),
            ("0023", true),
            ("1987", false),
            ("zhangsan", true),
            ("san", true),
            ("liulin", true),
            ("angsa", false),
            ("ｚｓ", true),
            ("5119-0310", true),
        ] {
            assert_eq!(token_finds(&key, q), expected, "{q}");
        }
        let key = tokens(&["曾国强", "单丽"], &[], &[]);
        assert!(token_finds(&key, "zgq") && token_finds(&key, "cgq") && token_finds(&key, "dl"));
        assert!(token_finds(&key, "zeng") && token_finds(&key, "shanli"));
    }

    #[test]
    fn long_queries_match_by_their_start() {
        let key = tokens(&[], &["四川省巴中市恩阳区柳林镇柳林村茶叶基地建设项目"], &[]);
        assert!(token_finds(&key, "柳林镇柳林村茶叶基地建设项目"));
        assert!(token_finds(&key, "scs"), "words are found by the initials they start with");
        assert!(!token_finds(&key, "lzl"), "but not by initials from the middle");
        assert!(key.iter().all(|t| t.chars().count() <= TOKEN_CHARS));
    }

    #[test]
    fn empty_query_matches_everything() {
        let key = SearchKey::new(&["李四"], &[]);
        assert!(Query::parse("  ").is_empty());
        assert!(finds(&key, ""));
    }
}

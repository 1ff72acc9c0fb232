//! A field is declared once: its key, the column(s) that keep it, what kind of value
//! it holds, whether it is required, whether a form shows it and how a list draws
//! it. Drafts, SQL, forms, lists, exports and (later) merge and spreadsheet mapping
//! all read these declarations; see docs/records.md.

use super::invalid::Invalid;

/// What a field holds, which decides how typed text is read and how the value is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line of text, at most this many characters.
    Text(usize),
    /// The name of an assisting side (帮扶方), at most this many characters: the
    /// ledger's sides are suggested as typed, so the name a side's figures are counted
    /// by is the one written (one not yet recorded may still be typed).
    Side(usize),
    /// A person's name as written (a household head, a member).
    Name,
    /// The name of one of the ledger's people (a helper, an owner): suggested as typed.
    Person,
    /// Several of them joined by 、 (the visitors of a visit).
    People,
    Phone,
    /// Money in fen, typed in 元 or 万元.
    Money,
    /// A whole number of people, households …, never negative.
    Count,
    /// A calendar year (2000–2100).
    Year,
    /// 0–100.
    Percent,
    /// A whole number in a range.
    Int(i64, i64),
    Date,
    Month,
    /// Yes or no.
    Flag,
    /// Yes, no, or not yet confirmed.
    Tri,
    /// A code of a vocabulary list.
    Code(&'static str),
    /// Several codes of a list, at most this many.
    Codes(&'static str, usize),
    /// The id of a record of a table.
    Ref(&'static str),
    /// Several ids of a table.
    Refs(&'static str),
    /// 居民身份证 or 残疾人证 number.
    IdNumber,
    /// The 12-digit statistical division code of a village.
    DivisionCode,
    /// A two-digit province code.
    Province,
    /// What a task concerns: `village:ID`, `household:ID` or `project:ID`.
    Subject,
    /// Records linked through a link table (a project's beneficiary households).
    Links(&'static LinkTable),
}

/// A table that links records of two tables (`project_households`).
#[derive(Debug, PartialEq, Eq)]
pub struct LinkTable {
    pub table: &'static str,
    /// The column naming the owner (`project_id`) and the one naming the linked record.
    pub owner: &'static str,
    pub target: &'static str,
    pub target_table: &'static str,
}

/// How a list column is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldDef {
    /// The stable key: in drafts, forms, label catalogs (`household.head_name`), ops.
    pub key: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// Explicit columns; empty means one column named after the key (money: `KEY_fen`).
    pub columns: &'static [&'static str],
    /// Not shown in forms: the household a member belongs to, values that follow from others.
    pub hidden: bool,
    /// Shown masked (first 6 and last 4 characters) unless revealed on purpose.
    pub masked: bool,
    /// When something was done (a visit, a step, a birth): never after today.
    pub past: bool,
    /// Width of a list column in terminal cells.
    pub width: usize,
    pub align: Align,
}

impl FieldDef {
    pub const fn new(kind: Kind) -> FieldDef {
        let (width, align) = default_width(kind);
        FieldDef {
            key: "",
            kind,
            required: false,
            columns: &[],
            hidden: false,
            masked: false,
            past: false,
            width,
            align,
        }
    }
    pub const fn named(mut self, key: &'static str) -> FieldDef {
        self.key = key;
        self
    }
    pub const fn required(mut self) -> FieldDef {
        self.required = true;
        self
    }
    pub const fn hidden(mut self) -> FieldDef {
        self.hidden = true;
        self
    }
    pub const fn masked(mut self) -> FieldDef {
        self.masked = true;
        self
    }
    pub const fn past(mut self) -> FieldDef {
        self.past = true;
        self
    }
    pub const fn col(mut self, column: &'static [&'static str]) -> FieldDef {
        self.columns = column;
        self
    }
    pub const fn width(mut self, cells: usize) -> FieldDef {
        self.width = cells;
        self
    }

    /// How many stored values the field takes (a link field none: it lives in its link table).
    pub fn arity(&self) -> usize {
        match self.kind {
            Kind::Links(_) => 0,
            _ if !self.columns.is_empty() => self.columns.len(),
            _ => 1,
        }
    }

    /// How many values a query returns for the field: a link field comes as one
    /// value, the comma-joined ids of its links.
    pub fn read_arity(&self) -> usize {
        match self.kind {
            Kind::Links(_) => 1,
            _ => self.arity(),
        }
    }

    /// The names of the columns that keep this field.
    pub fn column_names(&self) -> Vec<String> {
        match self.kind {
            Kind::Links(_) => Vec::new(),
            _ if !self.columns.is_empty() => self.columns.iter().map(|c| c.to_string()).collect(),
            Kind::Money => vec![format!("{}_fen", self.key)],
            _ => vec![self.key.to_string()],
        }
    }

    /// The vocabulary list of a code field.
    pub fn vocab_list(&self) -> Option<&'static str> {
        match self.kind {
            Kind::Code(list) | Kind::Codes(list, _) => Some(list),
            _ => None,
        }
    }
}

const fn default_width(kind: Kind) -> (usize, Align) {
    match kind {
        Kind::Money => (12, Align::Right),
        Kind::Count | Kind::Year | Kind::Percent | Kind::Int(..) => (6, Align::Right),
        Kind::Date => (10, Align::Left),
        Kind::Month => (7, Align::Left),
        Kind::Flag | Kind::Tri => (4, Align::Left),
        Kind::Phone => (13, Align::Left),
        Kind::IdNumber => (18, Align::Left),
        Kind::DivisionCode => (12, Align::Left),
        Kind::Name | Kind::Person => (8, Align::Left),
        _ => (10, Align::Left),
    }
}

/// One record type: its table, the prefix of its labels, and its fields in form order.
#[derive(Debug, PartialEq, Eq)]
pub struct RecordDef {
    pub table: &'static str,
    /// `household` → labels `household.head_name`, title `record.household`.
    pub prefix: &'static str,
    pub fields: &'static [FieldDef],
}

impl RecordDef {
    pub fn field(&self, key: &str) -> Option<&'static FieldDef> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// Every stored column, in field order.
    pub fn column_names(&self) -> Vec<String> {
        self.fields.iter().flat_map(FieldDef::column_names).collect()
    }

    /// The field that keeps a column, and the column's place among the field's columns.
    pub fn field_of_column(&self, column: &str) -> Option<(&'static FieldDef, usize)> {
        self.fields.iter().find_map(|f| f.column_names().iter().position(|c| c == column).map(|i| (f, i)))
    }

    /// The fields a form edits.
    pub fn form_fields(&self) -> impl Iterator<Item = &'static FieldDef> {
        self.fields.iter().filter(|f| !f.hidden)
    }
}

/// The fields of a record dated after `today` that must not be (declared `past`):
/// a date, a month after this one, a year after this one.
pub fn future_fields(def: &RecordDef, draft: &super::Draft, today: chrono::NaiveDate) -> Vec<super::FieldError> {
    use super::dates::{month_not_future, not_future, parse_date, parse_month};
    def.fields
        .iter()
        .filter(|f| f.past)
        .filter_map(|f| {
            let text = super::record::halfwidth(draft.get(f.key));
            let text = text.as_str();
            let problem = match f.kind {
                Kind::Date => parse_date(text).ok().and_then(|d| not_future(d, today).err()),
                Kind::Month => parse_month(text).ok().and_then(|m| month_not_future(m, today).err()),
                Kind::Year => text
                    .trim()
                    .parse::<i32>()
                    .ok()
                    .and_then(|y| super::dates::YearMonth::new(y, 1))
                    .and_then(|m| month_not_future(m, today).err()),
                _ => None,
            };
            problem.map(|p| super::FieldError::new(f.key, p))
        })
        .collect()
}

/// Text as a person typed it: trimmed, and refused when it holds control characters
/// (an escape sequence pasted into a name would rewrite the terminal when listed).
pub fn clean_text(text: &str, max: usize) -> Result<String, Invalid> {
    let t = text.trim();
    if t.chars().any(char::is_control) {
        return Err(Invalid::ControlCharacter);
    }
    if t.chars().count() > max {
        return Err(Invalid::TooLong { max });
    }
    Ok(t.to_string())
}

/// A person's name as written: letters of any script (Chinese, Tibetan, Uyghur,
/// Latin …), joined by a middle dot or a space as ethnic and foreign names are; no
/// digits, symbols or emoji (a unit named as the doer, 县防返贫监测工作专班, is letters too).
pub fn clean_name(text: &str, max: usize) -> Result<String, Invalid> {
    let t = clean_text(text, max)?;
    let joiner = |c: char| matches!(c, '·' | '•' | '・' | '.' | '-' | ' ' | '\u{3000}');
    if t.chars().all(|c| c.is_alphabetic() || joiner(c)) && (t.is_empty() || t.chars().any(char::is_alphabetic)) {
        Ok(t)
    } else {
        Err(Invalid::NameLetters)
    }
}

/// The longest a deletion's reason may be.
pub const REASON_MAX: usize = 200;

/// A deletion's reason as kept: never refused (the deletion matters more), so what a
/// terminal could misread (control characters, an escape sequence pasted in) is
/// dropped and the text cut at `REASON_MAX` characters.
pub fn reason_text(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).take(REASON_MAX).collect::<String>().trim().to_string()
}

/// The longest a name may be: the longest Chinese names (with ethnic names written in
/// Chinese) stay well below it.
pub const NAME_MAX: usize = 30;
/// Several names joined by 、.
pub const PEOPLE_MAX: usize = 100;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_keeps_fen_columns_and_links_keep_none() {
        static LINK: LinkTable = LinkTable { table: "l", owner: "a_id", target: "b_id", target_table: "b" };
        assert_eq!(FieldDef::new(Kind::Money).named("paid").column_names(), ["paid_fen"]);
        assert_eq!(FieldDef::new(Kind::Links(&LINK)).named("x").arity(), 0);
        let spread = FieldDef::new(Kind::Codes("risk", 2)).named("risks").col(&["risk1", "risk2"]);
        assert_eq!(spread.column_names(), ["risk1", "risk2"]);
    }

    #[test]
    fn control_characters_and_length() {
        assert_eq!(clean_text(" 张三 ", 5), Ok("张三".into()));
        assert_eq!(clean_text("张\u{1b}]0;x\u{7}三", 30), Err(Invalid::ControlCharacter));
        assert_eq!(clean_text("一二三四五六", 5), Err(Invalid::TooLong { max: 5 }));
    }

    #[test]
    fn names_are_letters() {
        for ok in ["王秀英", "阿依古丽·买买提", "扎西 顿珠", "Mary Smith", "县防返贫监测工作专班", ""]
        {
            assert_eq!(clean_name(ok, 30).as_deref(), Ok(ok), "{ok}");
        }
        for bad in ["张三1", "李四😀", "王五!", "·", "陈_明"] {
            assert_eq!(clean_name(bad, 30), Err(Invalid::NameLetters), "{bad}");
        }
    }
}

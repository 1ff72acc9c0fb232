//! Vocabularies (docs/rules.md, "Vocabularies"): a stable code is stored, a label is shown.
//! The lists are rows of the `vocab` table, so a new label needs no code change.

use std::collections::HashMap;

/// Names of the vocabulary lists, as kept in `vocab.list`.
pub mod list {
    pub const HOUSEHOLD_TYPE: &str = "household_type";
    pub const MONITOR_CATEGORY: &str = "monitor_category";
    pub const RISK: &str = "risk";
    pub const MEASURE_CATEGORY: &str = "measure_category";
    pub const ELIMINATION_METHOD: &str = "elimination_method";
    pub const VISIT_TYPE: &str = "visit_type";
    pub const VISIT_CHECK: &str = "visit_check";
    pub const PROJECT_CATEGORY: &str = "project_category";
    pub const PROJECT_NATURE: &str = "project_nature";
    pub const PROJECT_SECTOR: &str = "project_sector";
    pub const ASSIST_FORCE: &str = "assist_force";
    pub const FUND_SOURCE: &str = "fund_source";
    pub const PROJECT_STATUS: &str = "project_status";
    pub const TASK_STATUS: &str = "task_status";
    pub const HEALTH: &str = "health";
    pub const LABOR_SKILL: &str = "labor_skill";
    pub const ID_TYPE: &str = "id_type";
    pub const RELATION: &str = "relation";
    pub const SEX: &str = "sex";
    pub const ETHNICITY: &str = "ethnicity";
    pub const EDUCATION: &str = "education";
    pub const SCHOOLING: &str = "schooling";
    pub const WORK_STATUS: &str = "work_status";
    pub const WELFARE: &str = "welfare";
    pub const CLUE_CHANNEL: &str = "clue_channel";
    pub const MONITORING_STEP: &str = "monitoring_step";
    pub const TASK_SOURCE: &str = "task_source";
    pub const SUBJECT_KIND: &str = "subject_kind";
    pub const CADRE_ROLE: &str = "cadre_role";
    pub const VISIT_GROUP: &str = "visit_group";
    pub const VISIT_PERIOD: &str = "visit_period";
    pub const MEMBER_LEFT: &str = "member_left";
    pub const INCOME_PERIOD: &str = "income_period";
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh_cn" | "cn" => Some(Lang::Zh),
            "en" | "en-us" | "en_us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VocabEntry {
    pub list: String,
    pub code: String,
    pub zh: String,
    pub en: String,
    pub sort: i64,
}

impl VocabEntry {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En if self.en.is_empty() => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// All vocabulary entries of a ledger, looked up by list and code.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    entries: Vec<VocabEntry>,
    by_key: HashMap<(String, String), usize>,
}

impl Vocab {
    pub fn new(mut entries: Vec<VocabEntry>) -> Self {
        entries.sort_by(|a, b| (&a.list, a.sort, &a.code).cmp(&(&b.list, b.sort, &b.code)));
        let by_key = entries.iter().enumerate().map(|(i, e)| ((e.list.clone(), e.code.clone()), i)).collect();
        Vocab { entries, by_key }
    }

    pub fn entry(&self, list: &str, code: &str) -> Option<&VocabEntry> {
        self.by_key.get(&(list.to_string(), code.to_string())).and_then(|&i| self.entries.get(i))
    }

    /// The label of a code; an unknown code is shown as itself, never hidden.
    pub fn label<'a>(&'a self, list: &str, code: &'a str, lang: Lang) -> &'a str {
        self.entry(list, code).map_or(code, |e| e.label(lang))
    }

    /// Labels of several codes joined for display.
    pub fn labels(&self, list: &str, codes: &[String], lang: Lang) -> String {
        let sep = if lang == Lang::Zh { "、" } else { ", " };
        codes.iter().map(|c| self.label(list, c, lang)).collect::<Vec<_>>().join(sep)
    }

    /// The code a label stands for in a list (either language; a code typed as
    /// itself is taken too), as the national export and spreadsheets write labels.
    pub fn code_of<'a>(&'a self, list: &str, label: &str) -> Option<&'a str> {
        let label = label.trim();
        self.entries
            .iter()
            .filter(|e| e.list == list)
            .find(|e| e.zh == label || e.en.eq_ignore_ascii_case(label) || e.code == label)
            .map(|e| e.code.as_str())
    }

    pub fn choices(&self, list: &str) -> impl Iterator<Item = &VocabEntry> {
        self.entries.iter().filter(move |e| e.list == list)
    }

    pub fn contains(&self, list: &str, code: &str) -> bool {
        self.entry(list, code).is_some()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

//! The names a spreadsheet writes for the records a row refers to (a village, a side,
//! a project, a task), and reads back. A name the ledger holds once is written as it
//! is; a name held by several records is written with what tells them apart — a
//! village with its township, a project with its village, a side with its unit, a
//! task with its owner — and, where even that repeats, with the start of its id. The
//! writer and the reader build the names here, so a sheet written by bangfu is read
//! back to the same records (docs/cooperation.md, "Names in the sheets").

use super::Store;
use super::error::Result;
use crate::domain::cooperation::Party;
use crate::domain::project::Project;
use crate::domain::task::Task;
use crate::domain::village::Village;
use std::collections::HashMap;

/// The tables a sheet's references name records of.
const NAMED_TABLES: [&str; 4] = ["villages", "parties", "projects", "tasks"];

/// How many characters of an id (its end: ids begin with the time they were made)
/// tell two records of one name and qualifier apart.
const ID_SHOWN: usize = 10;

/// Each named record's name as a sheet writes it, and what a name read back stands for.
#[derive(Debug, Default)]
pub struct SheetNames {
    written: HashMap<(&'static str, String), String>,
    /// A name as written (qualified where needed) → its record.
    exact: HashMap<(&'static str, String), String>,
    /// A plain name → every record of that name (a hand-typed sheet's name).
    plain: HashMap<(&'static str, String), Vec<String>>,
}

/// What a name read back stands for.
#[derive(Debug, PartialEq, Eq)]
pub enum Named<'a> {
    One(&'a str),
    Several,
    None,
}

impl SheetNames {
    /// The name a sheet writes for a record of `table` (empty for none known).
    pub fn name(&self, table: &str, id: &str) -> String {
        let Some(table) = NAMED_TABLES.iter().find(|t| **t == table) else { return String::new() };
        self.written.get(&(*table, id.to_string())).cloned().unwrap_or_default()
    }

    /// The record a name read from a sheet stands for: as bangfu writes it, or a
    /// plain name the ledger holds once.
    pub fn find(&self, table: &str, text: &str) -> Named<'_> {
        let Some(table) = NAMED_TABLES.iter().find(|t| **t == table) else { return Named::None };
        let key = (*table, text.to_string());
        if let Some(id) = self.exact.get(&key) {
            return Named::One(id);
        }
        match self.plain.get(&key).map(Vec::as_slice) {
            Some([id]) => Named::One(id),
            Some([_, _, ..]) => Named::Several,
            _ => Named::None,
        }
    }

    /// A record a dry run would add, known by its name to what is read after it.
    pub fn expect(&mut self, table: &str, name: &str, id: &str) {
        let Some(table) = NAMED_TABLES.iter().find(|t| **t == table) else { return };
        self.plain.entry((*table, name.to_string())).or_default().push(id.to_string());
    }

    fn add(&mut self, table: &'static str, records: Vec<(String, String, String)>) {
        let mut count: HashMap<String, usize> = HashMap::new();
        for (_, name, _) in &records {
            *count.entry(name.clone()).or_default() += 1;
        }
        let qualified = |name: &str, qualifier: &str| {
            if count.get(name).copied().unwrap_or(0) > 1 && !qualifier.trim().is_empty() {
                format!("{name}（{}）", qualifier.trim())
            } else {
                name.to_string()
            }
        };
        let mut again: HashMap<String, usize> = HashMap::new();
        for (_, name, qualifier) in &records {
            *again.entry(qualified(name, qualifier)).or_default() += 1;
        }
        for (id, name, qualifier) in records {
            let mut written = qualified(&name, &qualifier);
            if again.get(&written).copied().unwrap_or(0) > 1 {
                let skip = id.chars().count().saturating_sub(ID_SHOWN);
                let short: String = id.chars().skip(skip).collect();
                written = format!("{name}（{short}）");
            }
            self.plain.entry((table, name)).or_default().push(id.clone());
            self.exact.insert((table, written.clone()), id.clone());
            self.written.insert((table, id), written);
        }
    }
}

impl Store {
    /// The names of every live village, side, project and task, as sheets write them.
    pub fn sheet_names(&self) -> Result<SheetNames> {
        let villages: Vec<Village> = self.all()?;
        // A project is told apart by its village, written with its township.
        let village_names: HashMap<String, String> =
            villages.iter().map(|v| (v.id.clone(), format!("{}{}", v.township.trim(), v.name))).collect();
        let mut names = SheetNames::default();
        names.add("villages", villages.into_iter().map(|v| (v.id, v.name, v.township)).collect());
        let parties: Vec<Party> = self.all()?;
        names.add("parties", parties.into_iter().map(|p| (p.id, p.name, p.unit)).collect());
        let projects: Vec<Project> = self.all()?;
        let village_of = |p: &Project| p.village_id.as_ref().and_then(|v| village_names.get(v)).cloned();
        names.add(
            "projects",
            projects.into_iter().map(|p| (p.id.clone(), p.name.clone(), village_of(&p).unwrap_or_default())).collect(),
        );
        let tasks: Vec<Task> = self.all()?;
        names.add("tasks", tasks.into_iter().map(|t| (t.id, t.title, t.owner)).collect());
        Ok(names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(items: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
        items.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect()
    }

    #[test]
    fn a_repeated_name_is_written_with_what_tells_it_apart_and_read_back() {
        let mut names = SheetNames::default();
        names.add(
            "villages",
            rows(&[
                ("v1", "新村", "城关镇"),
                ("v2", "新村", "龙泉镇"),
                ("v3", "石门村", "城关镇"),
                ("0192a1b2c3d4e5", "双河村", "龙泉镇"),
                ("0192f6e5d4c3b2", "双河村", "龙泉镇"),
            ]),
        );
        assert_eq!(names.name("villages", "v1"), "新村（城关镇）");
        assert_eq!(names.name("villages", "v3"), "石门村");
        assert_eq!(names.name("villages", "0192a1b2c3d4e5"), "双河村（a1b2c3d4e5）");
        for id in ["v1", "v2", "v3", "0192a1b2c3d4e5", "0192f6e5d4c3b2"] {
            assert_eq!(names.find("villages", &names.name("villages", id)), Named::One(id));
        }
        assert_eq!(names.find("villages", "石门村"), Named::One("v3"));
        assert_eq!(names.find("villages", "新村"), Named::Several);
        assert_eq!(names.find("villages", "白岩村"), Named::None);
        assert_eq!(names.find("households", "新村"), Named::None);
    }
}

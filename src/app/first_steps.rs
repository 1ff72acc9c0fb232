//! Adding villages from the official list (docs/keys.md, "First steps"): a cadre
//! chooses her county once (an empty ledger has none), then types a village's or a
//! township's name or pinyin initials; Enter adds the village, or every village of the
//! township not yet in the ledger, each named as people say it (柳林村, 新场社区).

use super::{App, Popup, RecordKind};
use crate::domain::Draft;
use crate::domain::divisions::{
    all_counties, county_of_village, short_village_name, townships_of_county, villages_of_township,
};
use crate::domain::record::Record;
use crate::domain::search::{Query, SearchKey};
use crate::domain::village::Village;
use crate::widgets::text_field::TextField;
use std::collections::BTreeSet;

/// The setting that keeps the county chosen on an empty ledger.
pub(crate) const COUNTY_SETTING: &str = "county";

/// What a line of the picker adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    County {
        code: String,
        name: String,
    },
    Township {
        code: String,
    },
    Village {
        code: String,
    },
    /// A village not in the list (or outside the bundled provinces): the form.
    ByHand,
}

#[derive(Debug, Clone)]
pub struct Choice {
    pub pick: Pick,
    /// The line shown (without the mark of villages already added).
    pub text: String,
    key: SearchKey,
}

#[derive(Debug, Clone)]
pub struct DivisionPicker {
    /// The county chosen (code, name); `None` while choosing it.
    pub county: Option<(String, String)>,
    pub query: TextField,
    choices: Vec<Choice>,
    /// Indexes into `choices` that match the query.
    pub shown: Vec<usize>,
    pub cursor: usize,
    /// Division codes of the ledger's villages.
    pub present: BTreeSet<String>,
}

impl DivisionPicker {
    pub fn choice(&self, shown_index: usize) -> Option<&Choice> {
        self.shown.get(shown_index).and_then(|i| self.choices.get(*i))
    }

    /// Whether a line's villages are all in the ledger already.
    pub fn added(&self, choice: &Choice) -> bool {
        match &choice.pick {
            Pick::Village { code } => self.present.contains(code),
            Pick::Township { code } => {
                let villages = villages_of_township(code);
                !villages.is_empty() && villages.iter().all(|v| self.present.contains(&v.code))
            }
            _ => false,
        }
    }

    /// The lines that match the query; "手工填写" always, so a village the list does
    /// not know can be typed in whatever was searched.
    fn refresh(&mut self) {
        let query = Query::parse(self.query.value());
        let shown = |c: &Choice| query.is_empty() || c.pick == Pick::ByHand || c.key.matches(&query);
        self.shown = (0..self.choices.len()).filter(|i| self.choices.get(*i).is_some_and(shown)).collect();
        self.cursor = self.cursor.min(self.shown.len().saturating_sub(1));
    }
}

fn choice(pick: Pick, text: String, names: &[&str]) -> Choice {
    Choice { key: SearchKey::new(names, &[]), pick, text }
}

impl App {
    /// `a` on the villages tab: the official list, at the ledger's county (or at the
    /// choice of one, for an empty ledger).
    pub fn open_division_picker(&mut self) {
        let villages: Vec<Village> = self.store.all().unwrap_or_default();
        let present: BTreeSet<String> = villages.iter().filter_map(|v| v.code.clone()).collect();
        // The county of the ledger's coded villages, else the one chosen before (a
        // ledger whose villages were all typed in by hand has no code to tell it).
        let county = present.iter().find_map(|c| county_of_village(c)).map(|d| (d.code, d.name)).or_else(|| {
            let code = self.store.setting(COUNTY_SETTING).ok().flatten()?;
            crate::domain::divisions::county(&code).map(|d| (d.code, d.name))
        });
        let mut picker = DivisionPicker {
            county: None,
            query: TextField::default(),
            choices: Vec::new(),
            shown: Vec::new(),
            cursor: 0,
            present,
        };
        match county {
            Some((code, name)) => self.choose_county(&mut picker, code, name),
            None => {
                picker.choices = all_counties()
                    .into_iter()
                    .map(|c| {
                        let text = format!("{}  {}", c.name, c.context);
                        choice(Pick::County { code: c.code, name: c.name.clone() }, text, &[&c.name, &c.context])
                    })
                    .collect();
                picker.choices.push(self.by_hand());
            }
        }
        picker.refresh();
        self.popups.push(Popup::Divisions(Box::new(picker)));
    }

    fn choose_county(&self, picker: &mut DivisionPicker, code: String, name: String) {
        let mut choices = Vec::new();
        for town in townships_of_county(&code) {
            let villages = villages_of_township(&town.code);
            if !villages.is_empty() {
                let n = villages.len().to_string();
                let text = self.labels.f("first.township", &[("township", &town.name), ("n", &n)]);
                choices.push(choice(Pick::Township { code: town.code.clone() }, text, &[&town.name]));
            }
            for v in villages {
                let short = short_village_name(&v.name);
                let text = format!("    {short}  {}", town.name);
                choices.push(choice(Pick::Village { code: v.code.clone() }, text, &[&short, &town.name]));
            }
        }
        choices.push(self.by_hand());
        picker.choices = choices;
        picker.county = Some((code, name));
        picker.query.clear();
        picker.cursor = 0;
    }

    /// The last line of either step: a village typed in by hand.
    fn by_hand(&self) -> Choice {
        let text = self.t("first.by_hand").to_string();
        choice(Pick::ByHand, text.clone(), &[&text])
    }

    pub(super) fn division_key(&mut self, key: crossterm::event::KeyEvent) {
        use crossterm::event::KeyCode;
        let Some(Popup::Divisions(picker)) = self.popups.last_mut() else { return };
        match key.code {
            KeyCode::Esc => {
                self.popups.pop();
            }
            KeyCode::Up => picker.cursor = picker.cursor.saturating_sub(1),
            KeyCode::Down => picker.cursor = (picker.cursor + 1).min(picker.shown.len().saturating_sub(1)),
            KeyCode::Home => picker.cursor = 0,
            KeyCode::End => picker.cursor = picker.shown.len().saturating_sub(1),
            KeyCode::PageUp => picker.cursor = picker.cursor.saturating_sub(10),
            KeyCode::PageDown => picker.cursor = (picker.cursor + 10).min(picker.shown.len().saturating_sub(1)),
            KeyCode::Enter => self.pick_division(),
            _ => {
                picker.query.handle_key(key);
                picker.cursor = 0;
                picker.refresh();
            }
        }
    }

    pub(super) fn division_paste(&mut self, text: &str) {
        if let Some(Popup::Divisions(picker)) = self.popups.last_mut() {
            picker.query.paste(text);
            picker.cursor = 0;
            picker.refresh();
        }
    }

    fn pick_division(&mut self) {
        let Some(Popup::Divisions(picker)) = self.popups.last_mut() else { return };
        let Some(pick) = picker.choice(picker.cursor).map(|c| c.pick.clone()) else { return };
        match pick {
            Pick::County { code, name } => {
                if let Err(e) = self.store.set_setting(COUNTY_SETTING, &code) {
                    self.status = Some(self.store_error_text(&e));
                    return;
                }
                let Some(Popup::Divisions(picker)) = self.popups.last() else { return };
                let mut picker = picker.clone();
                self.choose_county(&mut picker, code, name);
                picker.refresh();
                if let Some(Popup::Divisions(open)) = self.popups.last_mut() {
                    *open = picker;
                }
            }
            Pick::ByHand => {
                self.popups.pop();
                self.open_new_form(RecordKind::Village, Draft::default());
            }
            Pick::Township { code } => {
                let codes: Vec<String> = villages_of_township(&code).into_iter().map(|v| v.code).collect();
                self.add_villages(&codes);
            }
            Pick::Village { code } => self.add_villages(&[code]),
        }
    }

    /// Adds the villages of these codes not yet in the ledger, in one save.
    fn add_villages(&mut self, codes: &[String]) {
        let Some(Popup::Divisions(picker)) = self.popups.last() else { return };
        let new: Vec<&String> = codes.iter().filter(|c| !picker.present.contains(*c)).collect();
        if new.is_empty() {
            self.status = Some(self.t("first.already").into());
            return;
        }
        let mut records = Vec::new();
        for code in &new {
            let official = crate::domain::divisions::locate_village(code).ok().and_then(|l| l.village);
            let name = short_village_name(official.as_deref().unwrap_or(code));
            match Village::from_draft("", &Draft::default().with("code", code.as_str()).with("name", name)) {
                Ok(v) => records.push(v),
                Err(_) => continue,
            }
        }
        let result = self.store.write(|w| records.iter_mut().try_for_each(|v| w.insert(v).map(drop)));
        match result {
            Ok(()) => {
                self.remember_save();
                self.records_changed();
                let names: Vec<&str> = records.iter().map(|v| v.name.as_str()).take(3).collect();
                let n = records.len().to_string();
                self.status = Some(self.labels.f("first.added", &[("n", &n), ("names", &names.join("、"))]));
                if let Some(Popup::Divisions(picker)) = self.popups.last_mut() {
                    picker.present.extend(records.iter().filter_map(|v| v.code.clone()));
                }
            }
            Err(e) => self.status = Some(self.store_error_text(&e)),
        }
    }
}

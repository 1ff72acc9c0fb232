//! The tabs' declarations held to the registry, the keymap and the catalogs.
use super::*;

/// Each action a key line names has a key in the default keymap (else the line
/// would drop it unseen), and its words are in both catalogs.
#[test]
fn every_command_has_a_key_and_words() {
    use crate::domain::vocab::Lang;
    use crate::ui::labels::Labels;
    let keymap = super::super::action::Keymap::default();
    for tab in Tab::ALL {
        let def = tab.def();
        let lines = def.views.iter().flat_map(|v| [Some(v.commands), v.details]).flatten();
        for command in lines.flatten() {
            for action in command.actions {
                assert!(keymap.key_of(*action).is_some(), "{tab:?}: {action:?} has no key");
            }
            for lang in [Lang::Zh, Lang::En] {
                assert!(Labels::get(lang).keys().any(|k| *k == command.words), "{}: {lang:?}", command.words);
            }
        }
        assert_eq!(super::super::action::Action::parse(&format!("tab_{}", tab.name())), Some(Action::Tab(tab.index())));
    }
    assert_eq!(super::super::action::Action::parse("tab_nowhere"), None);
}

/// A key line offers a tab's own action only on that tab (else the key would
/// be shown where it only says it works elsewhere).
#[test]
fn key_lines_offer_only_their_own_tabs_actions() {
    let owned_somewhere = |a: &Action| Tab::ALL.iter().any(|t| t.def().owns.contains(a));
    for tab in Tab::ALL {
        let def = tab.def();
        let lines = def.views.iter().flat_map(|v| [Some(v.commands), v.details]).flatten();
        for action in lines.flatten().flat_map(|c| c.actions) {
            if owned_somewhere(action) {
                assert!(def.owns.contains(action), "{tab:?} shows {action:?}, which another tab owns");
            }
        }
    }
}

/// A list made from a declaration names only fields of its kind (a misspelt one
/// would show an empty column, or order by nothing).
#[test]
fn declared_lists_name_their_kinds_fields() {
    for tab in Tab::ALL {
        for view in tab.def().views {
            if let Some(ListKind::Records(list)) = view.list {
                for key in list.columns.iter().chain(list.order) {
                    assert!(list.kind.def().field(key).is_some(), "{tab:?}: {key} is no field of {:?}", list.kind);
                }
                assert_eq!(view.record, Some(list.kind), "{tab:?}: the view edits what it lists");
            }
        }
    }
}

/// Every kind is shown on exactly one tab (as a row, or under the record it belongs
/// to), and a tab's views list only the kinds it shows.
#[test]
fn every_kind_has_one_place() {
    for kind in RecordKind::ALL {
        let row_kind = kind.row_kind();
        let tabs: Vec<Tab> = Tab::ALL.into_iter().filter(|t| t.def().shows.contains(&row_kind)).collect();
        assert_eq!(tabs.len(), 1, "{kind:?} is shown on {tabs:?}");
    }
    for tab in Tab::ALL {
        let def = tab.def();
        for record in def.views.iter().filter_map(|v| v.record).chain(def.adds) {
            assert!(def.shows.contains(&record), "{tab:?} lists or adds {record:?} but does not show it");
        }
    }
}

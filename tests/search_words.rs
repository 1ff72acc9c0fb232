//! `/` finds households by the words of their category, type and risks (边缘 for
//! 边缘易致贫户, 因病, marginal) and by full pinyin (chen), as a cadre types them.

mod common;

use bangfu::app::Tab;
use bangfu::domain::household::Household;
use bangfu::domain::vocab::Lang;
use common::*;
use crossterm::event::KeyCode;

fn filtered(app: &mut bangfu::app::App, text: &str) -> Vec<String> {
    press(app, &[KeyCode::Char('3'), KeyCode::Esc, KeyCode::Char('/')]);
    type_text(app, text);
    shown_ids(app, Tab::Households)
}

#[test]
fn category_and_risk_words_and_full_pinyin_find_households() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    let households: Vec<Household> = all(&app);
    let by_id = |id: &String| households.iter().find(|h| &h.id == id).unwrap().clone();

    let marginal = filtered(&mut app, "边缘");
    let want = households.iter().filter(|h| h.monitor_category.as_deref() == Some("marginal")).count();
    assert!(want > 0);
    assert_eq!(marginal.len(), want, "every 边缘易致贫户 and nothing else");
    assert!(marginal.iter().all(|id| by_id(id).monitor_category.as_deref() == Some("marginal")));

    app.handle_key(key(KeyCode::Esc));
    let ill = filtered(&mut app, "因病");
    assert!(!ill.is_empty());
    assert!(ill.iter().all(|id| by_id(id).risks.iter().any(|r| r == "illness")));

    app.handle_key(key(KeyCode::Esc));
    let english = filtered(&mut app, "marginal");
    assert_eq!(english.len(), want, "the English words too");

    app.handle_key(key(KeyCode::Esc));
    let chen = filtered(&mut app, "chen");
    assert!(chen.iter().any(|id| by_id(id).head_name.starts_with('陈')), "full pinyin finds 陈");
}

//! Keys through a form: pinyin pickers, multiple choices, save and cancel.
use super::*;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::from(code)
}

fn form() -> Form {
    let villages =
        Rc::new(vec![ChoiceOption::new("v1", "柳林村", "柳林镇"), ChoiceOption::new("v2", "石河村", "玉山镇")]);
    let risks = Rc::new(vec![ChoiceOption::new("illness", "因病", ""), ChoiceOption::new("schooling", "因学", "")]);
    let fields = vec![
        FormField::new("head_name", "户主", FieldKind::Text).required(),
        FormField::new("village_id", "村", FieldKind::Choice(villages)),
        FormField::new("risks", "风险", FieldKind::Multi { options: risks, max: 1 }),
        FormField::new("no_labor_capacity", "整户无劳动能力", FieldKind::Flag),
    ];
    Form::new("新增".into(), fields, &Draft::default())
}

#[test]
fn typing_pinyin_initials_picks_a_village() {
    let mut f = form();
    f.paste("张三");
    f.handle_key(key(KeyCode::Tab));
    f.handle_key(key(KeyCode::Char('s')));
    f.handle_key(key(KeyCode::Char('h')));
    assert_eq!(f.picker.as_ref().unwrap().matches, [1]);
    assert_eq!(f.handle_key(key(KeyCode::Enter)), FormOutcome::Changed("village_id"));
    let d = f.draft();
    assert_eq!((d.get("head_name"), d.get("village_id")), ("张三", "v2"));
    assert_eq!(f.focus, 2, "picking moves on to the next field");
    assert!(f.is_dirty());
}

#[test]
fn multiple_choice_toggles_with_space_and_respects_its_limit() {
    let mut f = form();
    f.focus = 2;
    f.handle_key(key(KeyCode::Enter));
    assert_eq!(f.handle_key(key(KeyCode::Char(' '))), FormOutcome::Changed("risks"));
    f.handle_key(key(KeyCode::Down));
    assert_eq!(f.handle_key(key(KeyCode::Char(' '))), FormOutcome::LimitReached(1));
    assert!(f.picker.is_some(), "Space keeps the list open");
    // Enter after Space only closes, and moves on: typing goes to the next field.
    f.handle_key(key(KeyCode::Enter));
    assert!(f.picker.is_none());
    assert_eq!(f.draft().get("risks"), "illness");
    assert_eq!(f.focus, 3);
    f.handle_key(key(KeyCode::Char(' ')));
    assert_eq!(f.draft().get("no_labor_capacity"), "1");
}

/// Enter in a multiple choice's list closes it as a single choice does, ticking the
/// highlighted option (所驻村: Enter once kept the list open, and the next field's
/// typing went into its filter).
#[test]
fn enter_in_a_multiple_choice_ticks_and_closes() {
    let mut f = form();
    f.focus = 2;
    f.handle_key(key(KeyCode::Enter));
    f.handle_key(key(KeyCode::Down));
    assert_eq!(f.handle_key(key(KeyCode::Enter)), FormOutcome::Changed("risks"));
    assert!(f.picker.is_none());
    assert_eq!((f.draft().get("risks"), f.focus), ("schooling", 3));
}

#[test]
fn ctrl_s_saves_and_esc_cancels() {
    let mut f = form();
    assert_eq!(f.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)), FormOutcome::Save);
    assert_eq!(f.handle_key(key(KeyCode::Esc)), FormOutcome::Cancel);
    assert!(!f.is_dirty());
}

#[test]
fn names_are_suggested_by_pinyin_and_kept_when_not_on_the_list() {
    let people =
        Rc::new(vec![ChoiceOption::new("李明", "李明", "帮扶责任人"), ChoiceOption::new("王芳", "王芳", "第一书记")]);
    let fields = vec![FormField::new("visitors", "走访人", FieldKind::Suggest(people))];
    let mut f = Form::new("走访".into(), fields, &Draft::default());
    f.handle_key(key(KeyCode::Char('l')));
    f.handle_key(key(KeyCode::Char('m')));
    assert_eq!(f.handle_key(key(KeyCode::Enter)), FormOutcome::Changed("visitors"));
    f.paste("、wf");
    // Pasting does not reopen the suggestions; typing does.
    f.handle_key(key(KeyCode::Backspace));
    f.handle_key(key(KeyCode::Char('f')));
    f.handle_key(key(KeyCode::Enter));
    assert_eq!(f.draft().get("visitors"), "李明、王芳");
    f.paste("、赵书记");
    assert_eq!(f.draft().get("visitors"), "李明、王芳、赵书记", "a name not on the list stays as typed");
}

/// A counter shows once a text field holds four fifths of what it takes, and says
/// when it holds too much — while typing, not first at save.
#[test]
fn a_counter_shows_near_a_fields_limit() {
    let fields = vec![FormField::new("notes", "备注", FieldKind::Text).limited(10)];
    let mut f = Form::new("走访".into(), fields, &Draft::default());
    f.paste("一二三四五六七");
    assert_eq!(f.focused().counter(), None);
    f.paste("八");
    assert_eq!(f.focused().counter(), Some(("8/10".into(), false)));
    f.paste("九十零");
    assert_eq!(f.focused().counter(), Some(("11/10".into(), true)));
}

/// An amount shows its unit and what it comes to: "50" is 50 元, "50万" 50.00 万元.
#[test]
fn money_shows_its_unit() {
    let labels = crate::ui::Labels::get(crate::domain::vocab::Lang::Zh);
    let fields = vec![
        FormField::new("planned", "计划资金", FieldKind::Text).money(),
        FormField::new("notes", "备注", FieldKind::Text),
    ];
    let mut f = Form::new("项目".into(), fields, &Draft::default());
    let screen = |f: &Form| {
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 8)).unwrap();
        terminal.draw(|frame| crate::widgets::form_view::render_form(frame, frame.area(), f, labels)).unwrap();
        let buffer = terminal.backend().buffer().clone();
        buffer.content().iter().map(|c| c.symbol()).filter(|s| !s.trim().is_empty()).collect::<String>()
    };
    f.paste("50");
    assert!(screen(&f).contains("计划资金50元│"), "{}", screen(&f));
    f.paste("万");
    assert!(screen(&f).contains("50万＝50.00万元│"), "{}", screen(&f));
    f.handle_key(key(KeyCode::Backspace));
    f.paste("0000万");
    assert!(screen(&f).contains("500000万＝50.00亿元│"), "{}", screen(&f));
    // Full-width digits, as an input method types them, read the same.
    let fields = vec![
        FormField::new("planned", "计划资金", FieldKind::Text).money(),
        FormField::new("n", "备注", FieldKind::Text),
    ];
    let mut f = Form::new("项目".into(), fields, &Draft::default());
    f.paste("５０万");
    assert!(screen(&f).contains("５０万＝50.00万元│"), "{}", screen(&f));
}

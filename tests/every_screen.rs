//! Every screen true at 80×24 (issue 21, item 1): each tab, detail, form, popup and
//! message is drawn in Chinese and in English over the county demo (20,000
//! households, so figures have their real widths), and the drawing is searched for
//! text that runs into the edge of its area — a figure split over two lines, a word
//! or message cut without "…", a popup running over its border.

#![allow(clippy::indexing_slicing, clippy::string_slice)]

mod common;

use bangfu::app::App;
use bangfu::cli::Scale;
use bangfu::domain::vocab::Lang;
use common::*;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use std::sync::OnceLock;

/// The county demo, written once for the whole file (about half a minute unoptimised).
fn county() -> &'static Fixture {
    static COUNTY: OnceLock<Fixture> = OnceLock::new();
    COUNTY.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("县台账.db");
        bangfu::demo::write(&path, Scale::County, 11, 1, today()).unwrap();
        Fixture { dir, path }
    })
}

/// Keys as a person types them: characters, and `<Enter>`, `<Esc>`, `<Down>`,
/// `<Tab>`, `<C-s>` … for the others.
fn keys(script: &str) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut rest = script;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
            && end > 1
        {
            let name = &rest[1..end];
            out.push(match name {
                "Enter" => key(KeyCode::Enter),
                "Esc" => key(KeyCode::Esc),
                "Down" => key(KeyCode::Down),
                "Up" => key(KeyCode::Up),
                "Tab" => key(KeyCode::Tab),
                "BackTab" => key(KeyCode::BackTab),
                "PageDown" => key(KeyCode::PageDown),
                "End" => key(KeyCode::End),
                "Space" => key(KeyCode::Char(' ')),
                n if n.starts_with("C-") => ctrl(n.chars().nth(2).unwrap()),
                n => panic!("no key named {n}"),
            });
            rest = &rest[end + 1..];
            continue;
        }
        out.push(key(KeyCode::Char(c)));
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The screens a cadre and a clerk meet, each as the keys that reach it from the start.
const SCREENS: &[(&str, &str)] = &[
    ("概览", "1"),
    ("概览 分村", "1f"),
    ("概览 下一月", "1]"),
    ("概览 上一月", "1["),
    ("概览 上一月 分村", "1[f"),
    ("概览 季度排名", "1ff"),
    ("概览 季度排名 上一季", "1[[[ff"),
    ("概览 需求统计", "1fff"),
    ("概览 需求统计 末行", "1fff<End>"),
    ("概览 项目储备", "1ffff"),
    ("概览 项目储备 末行", "1ffff<End>"),
    ("概览 帮扶方", "1B"),
    ("概览 帮扶力量", "1BBBBBBBBBBB"),
    ("概览 存在问题", "1w"),
    ("概览 写出报表", "1p"),
    ("概览 导入", "1I"),
    ("概览 导入后关闭", "1I<Esc>"),
    ("概览 写出后关闭", "1p<Esc>"),
    ("概览 提示打开", "1<Enter>"),
    ("村庄", "2"),
    ("村庄 详情", "2<Enter>"),
    ("村庄 新增", "2a"),
    ("村庄 修改", "2e"),
    ("村庄 删除", "2d"),
    ("村庄 历史", "2h"),
    ("村庄 筛选", "2/lin"),
    ("村庄 筛选无结果", "2/zzzzzz"),
    ("监测户", "3"),
    ("监测户 详情", "3<Enter>"),
    ("监测户 详情 成员", "3<Enter><Down>"),
    ("监测户 详情 证件号", "3<Enter><Down>r"),
    ("监测户 新增", "3a"),
    ("监测户 修改", "3e"),
    ("监测户 成员", "3m"),
    ("监测户 走访", "3v"),
    ("监测户 走访 走访人", "3v<Tab><Tab>"),
    ("监测户 流程", "3s"),
    ("监测户 措施", "3c"),
    ("监测户 收入", "3i"),
    ("监测户 保存出错", "3a<C-s>"),
    ("成员 校验位出错", "3m王五<Tab>511903198702101231<C-s>"),
    ("监测户 日期出错", "7a张三<Tab><Tab><Tab>2026-03<C-s>"),
    ("项目", "4"),
    ("项目 详情", "4<Enter>"),
    ("项目 新增", "4a"),
    ("项目 修改", "4e"),
    ("项目 资金到位", "4z"),
    ("项目 详情 到位", "4<Enter><Down>"),
    ("走访", "5"),
    ("待走访", "5f"),
    ("走访 详情", "5<Enter>"),
    ("走访 修改", "5e"),
    ("任务", "6"),
    ("任务 详情", "6<Enter>"),
    ("任务 新增", "6a"),
    ("任务 进展", "6n"),
    ("任务 销号", "6x"),
    ("任务 另一视图", "6f"),
    ("需求清单", "6ffff"),
    ("需求清单 详情", "6ffff<Enter>"),
    ("需求清单 新增", "6ffffa"),
    ("需求清单 销号", "6ffffx"),
    ("需求清单 筛选", "6ffff/jx"),
    ("会议", "6fffff"),
    ("会议 详情", "6fffff<Enter>"),
    ("会议 加议定事项", "6fffff<Enter>a"),
    ("会议 新增", "6fffffa"),
    ("人员", "7"),
    ("人员 详情", "7<Enter>"),
    ("人员 新增", "7a"),
    ("人员 在村", "7t"),
    ("人员 设为本人", "7b"),
    ("设为本人后走访", "7b3v"),
    ("走访后撤销询问", "7b3v<C-s>1u"),
    ("协作", "8"),
    ("协作 详情", "8<Enter>"),
    ("协作 详情 末行", "8<Enter><End>"),
    ("协作 新增帮扶方", "8a"),
    ("协作 加目标", "8<Enter>a"),
    ("协作 目标出错", "8<Enter>a<Tab>px<Enter>5万<C-s>"),
    ("协作 目标重复", "8<Enter>a<Tab>cz<Enter>9万<C-s>"),
    ("协作 筛选", "8/jhs"),
    ("劳务协作", "8f"),
    ("劳务协作 详情", "8f<Enter>"),
    ("劳务协作 新增", "8fa"),
    ("消费帮扶", "8ff"),
    ("消费帮扶 详情", "8ff<Enter>"),
    ("消费帮扶 新增", "8ffa"),
    ("干部人才交流", "8fff"),
    ("干部人才交流 详情", "8fff<Enter>"),
    ("干部人才交流 新增", "8fffa"),
    ("培训", "8ffff"),
    ("培训 详情", "8ffff<Enter>"),
    ("培训 新增", "8ffffa"),
    ("产业园区", "8fffff"),
    ("产业园区 详情", "8fffff<Enter>"),
    ("产业园区 新增", "8fffffa"),
    ("社会捐赠", "8ffffff"),
    ("社会捐赠 详情", "8ffffff<Enter>"),
    ("结对共建", "8fffffff"),
    ("结对共建 详情", "8fffffff<Enter>"),
    ("结对共建 新增", "8fffffffa"),
    ("设置", "9"),
    ("设置 详情", "9<Enter>"),
    ("设置 修改", "9e"),
    ("设置 权重", "9<End>"),
    ("设置 权重 修改", "9<End>e"),
    ("设置 权重 出错", "9<End>e<C-u>200<Enter>"),
    ("帮助", "?"),
    ("帮助 翻页", "?<PageDown>"),
    ("已删除", "D"),
    ("冲突", "C"),
    ("撤销 无可撤销", "3u"),
    ("在概览新增", "1a"),
];

fn screen(lang: Lang, script: &str) -> (App, Buffer) {
    let mut app = app_on(county(), lang);
    for k in keys(script) {
        app.handle_key(k);
        // Work asked for (a ranking counted) runs after the frame that says so.
        if app.pending.is_some() {
            frame(&mut app, 80, 24);
            app.run_pending();
        }
    }
    let terminal = frame(&mut app, 80, 24);
    let buffer = terminal.backend().buffer().clone();
    (app, buffer)
}

fn is_border(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| ('\u{2500}'..='\u{257F}').contains(&c))
}

/// Whether the border at (x, y) closes a box on its right: its column, followed up,
/// meets ┐ (a box's left side meets ┌, and text left of it is the screen under the box).
fn closes_on_right(buffer: &Buffer, x: u16, y: u16) -> bool {
    let mut y = y;
    loop {
        match buffer[(x, y)].symbol() {
            "┐" | "┤" if y == 0 => return buffer[(x, y)].symbol() == "┐",
            "┐" => return true,
            "│" | "┤" | "┘" if y > 0 => y -= 1,
            _ => return false,
        }
    }
}

/// Row `y` as one symbol per cell; the cell a wide character covers repeats it, so
/// that a Chinese character ending at an edge is seen there.
fn row(buffer: &Buffer, y: u16) -> Vec<String> {
    let mut cells: Vec<String> = Vec::new();
    let mut covered = 0;
    for x in 0..buffer.area.width {
        let symbol = buffer[(x, y)].symbol();
        if covered > 0 {
            covered -= 1;
            let previous = cells.last().cloned().unwrap_or_default();
            cells.push(previous);
            continue;
        }
        covered = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
        cells.push(symbol.to_string());
    }
    cells
}

/// Row `y` as a person reads it.
fn line(buffer: &Buffer, y: u16) -> String {
    let cells = row(buffer, y);
    let mut out = String::new();
    for (x, cell) in cells.iter().enumerate() {
        if x == 0 || cells[x - 1] != *cell || unicode_width::UnicodeWidthStr::width(cell.as_str()) < 2 {
            out.push_str(cell);
        }
    }
    out.trim_end().to_string()
}

/// Places where text runs into the right edge of its area: the screen's last column,
/// or the cell before a frame's border. Text that reaches an edge was cut there or
/// wrapped inside a word or figure, unless it says so with "…"; every area keeps one
/// empty column at its right (a Chinese character in a terminal's last column is
/// also where some terminals wrap or draw it half).
fn edge_faults(buffer: &Buffer) -> Vec<String> {
    let mut faults = Vec::new();
    for y in 0..buffer.area.height {
        let cells = row(buffer, y);
        let last = cells.len() - 1;
        for x in 0..=last {
            let at_edge = x == last || (is_border(&cells[x + 1]) && closes_on_right(buffer, x as u16 + 1, y));
            let symbol = cells[x].as_str();
            if !at_edge || symbol.trim().is_empty() || symbol == "…" || is_border(symbol) {
                continue;
            }
            faults.push(format!("row {y:2}, column {x:2} ({symbol}): {}", line(buffer, y)));
        }
    }
    faults
}

/// A figure split over two rows: a row whose text ends in a digit at the right end of
/// its area (the gutter, or a box's right border) and the next row beginning with one.
fn split_figures(buffer: &Buffer) -> Vec<String> {
    let inner =
        |y: u16| line(buffer, y).trim_matches(|c: char| c.is_whitespace() || is_border(&c.to_string())).to_string();
    let full = |y: u16| {
        let cells = row(buffer, y);
        let end = cells.iter().rposition(|c| !c.trim().is_empty() && !is_border(c)).unwrap_or(0);
        end + 2 >= cells.len() || cells.get(end + 1).is_some_and(|c| is_border(c))
    };
    // A continued line starts at its area's left: the screen's, or just inside a box
    // (a table's rows start after their mark column).
    let continued = |y: u16| {
        let cells = row(buffer, y);
        let start = cells.iter().position(|c| !c.trim().is_empty()).unwrap_or(0);
        let first = cells.iter().skip(start).position(|c| !is_border(c)).map_or(start, |n| start + n);
        first == 0 || (first > 0 && is_border(&cells[first - 1]))
    };
    (1..buffer.area.height)
        .filter(|&y| {
            full(y - 1)
                && continued(y)
                && inner(y - 1).ends_with(|c: char| c.is_ascii_digit())
                && inner(y).starts_with(|c: char| c.is_ascii_digit())
        })
        .map(|y| format!("rows {}–{y}: {} / {}", y - 1, inner(y - 1), inner(y)))
        .collect()
}

/// Text that must be read whole (the status message, a form's errors), not found
/// whole on the screen once spaces and borders are taken out.
fn cut_texts(app: &App, buffer: &Buffer) -> Vec<String> {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace() && !is_border(&c.to_string())).collect::<String>();
    let screen: String = (0..buffer.area.height).map(|y| squeeze(&line(buffer, y))).collect();
    let mut wanted: Vec<String> = app.status.iter().cloned().collect();
    if let Some(bangfu::app::Popup::Form(form)) = app.popups.last() {
        wanted.extend(form.form.fields.iter().filter_map(|f| f.error.clone()));
    }
    wanted.into_iter().filter(|t| !screen.contains(&squeeze(t))).map(|t| format!("not whole on screen: {t}")).collect()
}

/// The whole screen as text, for a failure's message.
fn picture(buffer: &Buffer) -> String {
    (0..buffer.area.height).map(|y| line(buffer, y) + "\n").collect()
}

fn check_every_screen(lang: Lang) {
    let mut report = String::new();
    for (name, script) in SCREENS {
        let (app, buffer) = screen(lang, script);
        // SCREENS_OUT=folder keeps every screen as text, to look over by eye.
        if let Ok(dir) = std::env::var("SCREENS_OUT") {
            std::fs::write(format!("{dir}/{name} {lang:?}.txt"), picture(&buffer)).unwrap();
        }
        let faults = [edge_faults(&buffer), split_figures(&buffer), cut_texts(&app, &buffer)].concat();
        if !faults.is_empty() {
            report += &format!("\n== {name} ({lang:?}) ==\n{}\n{}", faults.join("\n"), picture(&buffer));
        }
    }
    assert!(report.is_empty(), "text runs into an edge:{report}");
}

#[test]
fn no_text_runs_into_an_edge_at_80x24_in_chinese() {
    check_every_screen(Lang::Zh);
}

#[test]
fn no_text_runs_into_an_edge_at_80x24_in_english() {
    check_every_screen(Lang::En);
}

/// Width used well (issue 21, item 7): from 120 columns the lists' category and
/// village columns are whole, in both languages, over the county's real names.
#[test]
fn lists_show_their_categories_and_villages_whole_from_120_columns() {
    for lang in [Lang::Zh, Lang::En] {
        // The lists with 村 and 监测对象类别 columns (a project's or task's own long
        // title is the column that gives way).
        for tab in ["2", "3", "5", "5f"] {
            let mut app = app_on(county(), lang);
            for k in keys(tab) {
                app.handle_key(k);
            }
            let terminal = frame(&mut app, 120, 40);
            let buffer = terminal.backend().buffer();
            let rows: Vec<String> = (2..buffer.area.height - 3).map(|y| line(buffer, y)).collect();
            // Only the list's columns: the detail pane beside it starts at its border.
            let cut: Vec<&String> = rows.iter().filter(|r| r.split('│').next().unwrap_or("").contains('…')).collect();
            assert!(cut.is_empty(), "{lang:?} tab {tab}: cut cells\n{}", picture(buffer));
        }
    }
}

/// The detectors themselves see what they look for: a figure wrapped inside itself,
/// text cut at the screen's edge, a message not shown whole.
#[test]
fn the_detectors_find_a_split_figure_and_a_cut_line() {
    use ratatui::layout::Rect;
    let mut buffer = Buffer::empty(Rect::new(0, 0, 20, 3));
    buffer.set_string(0, 0, "本月走访次数 2925123", ratatui::style::Style::default());
    buffer.set_string(0, 1, "4 其中逾期 3", ratatui::style::Style::default());
    assert_eq!(split_figures(&buffer).len(), 1, "{}", picture(&buffer));
    assert_eq!(edge_faults(&buffer).len(), 1, "{}", picture(&buffer));
    let mut boxed = Buffer::empty(Rect::new(0, 0, 12, 3));
    boxed.set_string(0, 0, "┌──────────┐", ratatui::style::Style::default());
    boxed.set_string(0, 1, "│任职开始：│", ratatui::style::Style::default());
    boxed.set_string(0, 2, "└──────────┘", ratatui::style::Style::default());
    assert_eq!(edge_faults(&boxed).len(), 1, "{}", picture(&boxed));
}

/// 月调度 and 概览 agree on every total for this month and the five before it, over the
/// county demo (issue 22, item 7).
#[test]
fn the_report_and_the_overview_agree_on_the_county() {
    // A copy: writing a past month's report keeps its first figures in the ledger.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.db");
    bangfu::store::Store::open(&county().path).unwrap().snapshot(&path).unwrap();
    let copy = Fixture { dir, path };
    let mut app = app_on(&copy, Lang::Zh);
    common::sheets::report_agrees_with_overview(&mut app, copy.dir.path(), 6);
}

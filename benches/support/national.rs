//! A county-size national person export, written as CSV, for the import and export
//! benchmarks: ~180 columns like the real one (the ones bangfu models and ~125 it only
//! keeps, some the same on every row of a household, some per person), two to four
//! people per household (three on average), an empty row between households,
//! households spread over every village of 恩阳区.

#![allow(clippy::indexing_slicing)] // fixed tables indexed by small counters

use bangfu::domain::divisions::{townships_of_county, villages_of_township};
use bangfu::domain::idnum::check_char;
use bangfu::domain::national::COLUMNS;
use std::path::Path;

/// Columns kept per household (the same on each of its rows).
const HOUSEHOLD_KEPT: usize = 60;
/// Columns kept per person.
const PERSON_KEPT: usize = 65;

fn kept_headers() -> Vec<String> {
    let named = ["省", "市", "家庭住址", "开户银行", "是否享受低保", "耕地面积（亩）", "信息采集人"];
    let mut headers: Vec<String> = named.iter().map(|s| s.to_string()).collect();
    headers.extend((headers.len()..HOUSEHOLD_KEPT).map(|i| format!("户指标{i}")));
    headers.extend((0..PERSON_KEPT).map(|i| format!("人员指标{i}")));
    headers
}

/// Writes an export of `households` households and returns how many people it lists.
#[allow(unreachable_pub)]
pub fn write_export(path: &Path, households: usize) -> usize {
    let kept = kept_headers();
    let mut headers: Vec<String> = COLUMNS.iter().map(|(h, _)| h.to_string()).collect();
    headers.extend(kept.iter().cloned());
    let mut w = csv::WriterBuilder::new().flexible(true).from_path(path).unwrap();
    w.write_record(["（自定义）监测对象信息 2026年"]).unwrap();
    w.write_record(["导出单位：恩阳区"]).unwrap();
    w.write_record(&headers).unwrap();
    let villages: Vec<(String, String, String)> = townships_of_county("511903")
        .into_iter()
        .flat_map(|t| villages_of_township(&t.code).into_iter().map(move |v| (t.name.clone(), v.name, v.code)))
        .collect();
    let mut people = 0;
    for n in 0..households {
        let (town, village, code) = &villages[n % villages.len()];
        // Three people a household on average (the 60,000 people), some two, some four.
        let size = [3, 2, 4][n % 3];
        for i in 0..size {
            people += 1;
            let row = person_row(n, i, (town, village, code), &kept);
            w.write_record(&row).unwrap();
        }
        w.write_record(vec![""; headers.len()]).unwrap();
    }
    w.flush().unwrap();
    people
}

fn person_row(n: usize, i: usize, (town, village, code): (&str, &str, &str), kept: &[String]) -> Vec<String> {
    let relation = ["户主", "配偶", "之子", "之女"][i];
    let sex = ["男", "女", "男", "女"][i];
    // Unique ID numbers: a birth date and a sequence number told apart by the person's
    // place in the file; the sequence's last digit says the sex.
    let p = n * 4 + i;
    let odd = if sex == "男" { 1 } else { 0 };
    let born = chrono::NaiveDate::from_ymd_opt([1950, 1955, 1985, 1990][i], 1, 1).unwrap()
        + chrono::Days::new((p % 9_000) as u64);
    let body = format!("511903{}{:03}", born.format("%Y%m%d"), p / 9_000 * 2 + odd);
    let id = format!("{body}{}", check_char(&body).unwrap());
    let monitored = n.is_multiple_of(3);
    let mut row: Vec<String> = COLUMNS
        .iter()
        .map(|(header, _)| match *header {
            "县" => "恩阳区".into(),
            "乡" => town.into(),
            "村" => village.into(),
            "户编号" => format!("{code}{n:06}"),
            "姓名" => name_of(n, i),
            "证件号码" => id.clone(),
            "证件类型" => "居民身份证".into(),
            "与户主关系" => relation.into(),
            "性别" => sex.into(),
            "民族" => "汉族".into(),
            "文化程度" => ["初中", "小学", "高中", "大专及以上"][i].into(),
            "健康状况" => "健康".into(),
            "户类型" => "脱贫户".into(),
            "监测对象类别" if monitored => "脱贫不稳定户".into(),
            "识别监测时间" if monitored => "202403".into(),
            "风险是否已消除" => "否".into(),
            "致贫/返贫风险1" if monitored => "因病".into(),
            "工资性收入" => format!("{}", 18_000 + n % 50 * 300),
            "转移性收入" => "1200.5".into(),
            // As the national system gives it: the year's net income per person.
            "人均纯收入" => {
                let fen = ((18_000 + n % 50 * 300) * 100 + 120_050) / [3, 2, 4][n % 3];
                format!("{}.{:02}", fen / 100, fen % 100)
            }
            "健康帮扶" if monitored => "是".into(),
            "产业帮扶" if monitored && n.is_multiple_of(2) => "是".into(),
            "户联系电话" => format!("138{:08}", n),
            _ => String::new(),
        })
        .collect();
    for (k, header) in kept.iter().enumerate() {
        let value = match header.as_str() {
            "省" => "四川省".into(),
            "市" => "巴中市".into(),
            "家庭住址" => format!("{village}{}组{}号", n % 9 + 1, n % 97 + 1),
            "开户银行" => "四川农信".into(),
            "是否享受低保" => if n.is_multiple_of(5) { "是" } else { "否" }.into(),
            "耕地面积（亩）" => format!("{}.{}", n % 6 + 1, n % 10),
            "信息采集人" => "李明".into(),
            _ if k < HOUSEHOLD_KEPT => match k % 4 {
                0 => if n.is_multiple_of(2) { "是" } else { "否" }.into(),
                1 => format!("{}", n % 13),
                2 => String::new(),
                _ => "无".into(),
            },
            _ => match k % 3 {
                0 => if (n + i).is_multiple_of(2) { "是" } else { "否" }.into(),
                1 => format!("{}", (n + i * 7) % 11),
                _ => String::new(),
            },
        };
        row.push(value);
    }
    row
}

/// A name made of letters: a surname and two characters from the household's number.
fn name_of(n: usize, i: usize) -> String {
    const GIVEN: [char; 20] = [
        '明', '华', '芳', '军', '丽', '强', '敏', '勇', '静', '伟', '秀', '兰', '平', '刚', '英', '霞', '杰', '涛',
        '燕', '林',
    ];
    let surname = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"][n % 10];
    format!("{surname}{}{}", GIVEN[(n / 10 + i) % 20], GIVEN[(n / 200 + i * 3) % 20])
}

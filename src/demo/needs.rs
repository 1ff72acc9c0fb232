//! The demo's 需求清单: two needs a village raised and one of each township, their
//! deadlines from two months back to four ahead — most past ones done or closed out,
//! a few overdue, as the warnings show. Drawn from a generator of their own, after
//! everything else, so the rest of the demo is the same with or without them.

use super::month_before;
use super::rng::Rng;
use crate::domain::need::Need;
use crate::domain::task::{STATUS_CLOSED, STATUS_DONE, STATUS_IN_PROGRESS, STATUS_NOT_STARTED};
use crate::domain::village::Village;
use crate::store::{Result, Writer};
use chrono::{Days, NaiveDate};
use std::collections::BTreeSet;

/// (title, class, who raised it)
const VILLAGE_NEEDS: [(&str, &str, &str); 6] = [
    ("通组道路硬化 2.3 公里", "infrastructure", "村两委"),
    ("蔬菜冷链仓储设施", "industry", "帮扶方调研"),
    ("电商直播技能培训", "employment", "村两委"),
    ("村卫生室设备更新", "public_service", "乡镇卫生院"),
    ("产业路灌溉渠维修", "infrastructure", "村民代表大会"),
    ("帮扶车间订单对接", "employment", "帮扶方调研"),
];

const TOWNSHIP_NEEDS: [(&str, &str); 3] =
    [("集镇污水处理站提标改造", "public_service"), ("茶叶初制加工厂扩建", "industry"), ("劳务品牌培育", "employment")];

pub(super) fn write(w: &mut Writer, seed: u64, villages: &[Village], today: NaiveDate) -> Result<()> {
    let mut rng = Rng::new(seed ^ 0x6e65_6564);
    for v in villages {
        let first = rng.below(VILLAGE_NEEDS.len() as u64) as usize;
        for k in 0..2 {
            let (title, class, source) =
                VILLAGE_NEEDS.get((first + k * 3) % VILLAGE_NEEDS.len()).copied().unwrap_or_default();
            let mut need = need(&mut rng, title, class, today);
            need.village_id = Some(v.id.clone());
            need.source = source.into();
            need.owner = v.first_secretary.clone();
            w.insert(&mut need)?;
        }
    }
    let townships: BTreeSet<&str> = villages.iter().map(|v| v.township.as_str()).collect();
    for township in townships {
        let (title, class) = *rng.pick(&TOWNSHIP_NEEDS);
        let mut need = need(&mut rng, title, class, today);
        need.township = township.into();
        need.source = format!("{township}人民政府");
        need.owner = format!("{township}分管领导");
        w.insert(&mut need)?;
    }
    Ok(())
}

fn need(rng: &mut Rng, title: &str, class: &str, today: NaiveDate) -> Need {
    let deadline = month_before(today, rng.range(-4, 2)).first_day() + Days::new(rng.below(28));
    let status = if deadline < today {
        *rng.weighted(&[(STATUS_CLOSED, 6), (STATUS_DONE, 2), (STATUS_IN_PROGRESS, 1), (STATUS_NOT_STARTED, 1)])
    } else {
        *rng.weighted(&[(STATUS_IN_PROGRESS, 3), (STATUS_NOT_STARTED, 2)])
    };
    let closed = status == STATUS_CLOSED;
    Need {
        title: title.into(),
        class: class.into(),
        deadline: Some(deadline),
        status: status.into(),
        evidence: if closed { "验收单及现场照片已归档".into() } else { String::new() },
        closed_on: closed.then_some(deadline.min(today)),
        closed_by: if closed { "乡镇包村干部".into() } else { String::new() },
        ..Need::default()
    }
}

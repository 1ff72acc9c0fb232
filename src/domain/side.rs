//! Who a report is made for: one assisting side (帮扶方, as the villages name it) or
//! one assistance force (帮扶力量, a code of vocabulary `assist_force`). A county
//! assisted by two cities reports each its own 月调度 (docs/reports.md).

/// One assisting side or force.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    /// 帮扶方: the villages whose 帮扶方 is this name; a project's own 帮扶方 where it
    /// names one, else its village's.
    Party(String),
    /// 帮扶力量: the same by the force's code.
    Force(String),
}

impl Side {
    /// The column of `villages` and `projects` it is read from, and the value.
    pub fn column(&self) -> (&'static str, &str) {
        match self {
            Side::Party(name) => ("assisting_party", name),
            Side::Force(code) => ("assist_force", code),
        }
    }
}

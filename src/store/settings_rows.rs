//! The rows of 设置: the monitoring lines, the visit rules and the assessment's
//! weights, as one list (`ListKind::Settings`).

/// Monitoring lines (by province, newest year first), then the visit rules, then the
/// weights of the year's assessment (the setting as written, or none, and the
/// default; docs/reports.md), one row per indicator in their order.
use super::list_rows::{THRESHOLD, VISIT_RULE, WEIGHT};

pub(super) static SETTINGS_FROM: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    use crate::domain::assessment::{INDICATORS, weight_key};
    let weights: Vec<String> = INDICATORS
        .iter()
        .enumerate()
        .map(|(n, i)| {
            format!(
                "SELECT '{key}', '{WEIGHT}', 2, '', NULL, {n}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                    (SELECT value FROM settings WHERE key = '{key}'), {default}",
                key = weight_key(i),
                default = i.default_weight
            )
        })
        .collect();
    format!(
        "(SELECT id, '{THRESHOLD}' AS kind, 0 AS rank, province, year, 9999 - year AS year_order,
            amount_fen, source, wait_months, identification_days,
            NULL AS group_code, NULL AS visits, NULL AS period, NULL AS home_only,
            NULL AS weight_text, NULL AS weight_default
            FROM thresholds WHERE deleted = 0
        UNION ALL
        SELECT id, '{VISIT_RULE}', 1, '', NULL, CASE group_code WHEN 'monitored' THEN 0 WHEN 'settled' THEN 1 ELSE 2 END,
            NULL, NULL, NULL, NULL, group_code, visits, period, home_only, NULL, NULL
            FROM visit_rules WHERE deleted = 0
        UNION ALL {weights}) t",
        weights = weights.join(" UNION ALL ")
    )
});

-- bangfu ledger, format 4: derived tables and the indexes lists read in order. Frozen.
-- The derived_* tables hold what follows from the records (kept current by every
-- save, rebuilt by `bangfu check --rebuild`); they are never merged or logged.

CREATE TABLE derived_households (
    ref INTEGER PRIMARY KEY,
    household_id TEXT NOT NULL UNIQUE,
    village_id TEXT,
    sort_key TEXT NOT NULL,
    -- The household's monitoring, copied so that the month's figures read one table.
    monitor_category TEXT,
    risk_eliminated INTEGER NOT NULL DEFAULT 0,
    identified_month TEXT,
    eliminated_month TEXT,
    member_count INTEGER NOT NULL DEFAULT 0,
    visit_count INTEGER NOT NULL DEFAULT 0,
    last_visit TEXT,
    next_due TEXT,
    visit_group TEXT,
    first_measure TEXT,
    income_year INTEGER,
    per_capita_fen INTEGER,
    line_fen INTEGER
);
CREATE INDEX derived_households_order ON derived_households(sort_key, household_id, village_id);
CREATE INDEX derived_households_due ON derived_households(next_due, sort_key);
CREATE INDEX derived_households_village ON derived_households(village_id);
-- Covers the month's figures, so they are summed from the index alone.
CREATE INDEX derived_households_figures ON derived_households(village_id, monitor_category, member_count,
    risk_eliminated, identified_month, eliminated_month, first_measure, visit_group, last_visit, next_due);

-- Everything else a filter finds (villages, projects, tasks, people, visitors), by a
-- small number the tokens point at.
CREATE TABLE derived_search (
    ref INTEGER PRIMARY KEY,
    table_name TEXT NOT NULL,
    record_id TEXT NOT NULL,
    UNIQUE (table_name, record_id)
);

-- Search tokens (docs/search.md), in a contentless full-text index: a row per record,
-- its rowid the record's kind × 2^40 + its number (kind 1 households, numbered by
-- derived_households.ref; 2 villages, 3 visitors, 4 projects, 5 tasks, 6 people,
-- numbered by derived_search.ref). Prefix indexes make one- to three-letter
-- prefixes as quick as whole tokens.
CREATE VIRTUAL TABLE derived_fts USING fts5(
    tokens, tokenize = 'ascii', prefix = '1 2 3', detail = none, content = '', contentless_delete = 1
);

CREATE TABLE derived_warnings (
    rule TEXT NOT NULL,
    table_name TEXT NOT NULL,
    record_id TEXT NOT NULL,
    household_id TEXT,
    active_from TEXT,
    active_until TEXT,
    sort_key TEXT NOT NULL,
    facts TEXT NOT NULL
);
CREATE INDEX derived_warnings_household ON derived_warnings(household_id);
CREATE INDEX derived_warnings_order ON derived_warnings(sort_key);
CREATE INDEX derived_warnings_active ON derived_warnings(active_from, active_until, rule);

-- Live records per table, kept by every write: a long list is counted without
-- reading it.
CREATE TABLE derived_counts (
    table_name TEXT PRIMARY KEY,
    live INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE derived_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Lists read live records in their order from these, a window at a time.
-- Covering what a filter checks, so a filtered list is read from the index alone.
CREATE INDEX visits_order ON visits(date DESC, id DESC, household_id, village_id, visitors) WHERE deleted = 0;
CREATE INDEX visits_visitors ON visits(visitors, date);
CREATE INDEX members_household_live ON members(household_id) WHERE deleted = 0;
CREATE INDEX households_helper ON households(helper);
CREATE INDEX visits_deleted ON visits(deleted) WHERE deleted = 1;
CREATE INDEX tasks_order ON tasks((status IN ('done', 'closed')),
    (CASE WHEN status IN ('done', 'closed') THEN '' ELSE coalesce(deadline, '9999') END), id, subject_id)
    WHERE deleted = 0;
CREATE INDEX tasks_closed_on ON tasks(closed_on) WHERE deleted = 0;
CREATE INDEX projects_order ON projects(coalesce(start_month, ''), id, village_id) WHERE deleted = 0;
CREATE INDEX cadres_order ON cadres(name, id) WHERE deleted = 0;
CREATE INDEX projects_figures ON projects(status, start_month, fund_central_fen, fund_provincial_fen,
    fund_city_county_fen, fund_assisting_fen, fund_social_fen, fund_other_fen, arrived_fen, paid_fen)
    WHERE deleted = 0;
CREATE INDEX visits_village_live ON visits(village_id, date) WHERE deleted = 0;
CREATE INDEX measures_household_start ON measures(household_id, start_date);
CREATE INDEX monitoring_events_step ON monitoring_events(step, date);

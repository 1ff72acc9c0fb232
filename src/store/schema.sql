-- The ledger's schema, one section per file format, oldest first. A file of format
-- N is brought to the newest by running the sections after N, each in its own
-- transaction (src/store/migrations.rs), after a backup copy of the file is written.
-- Sections are frozen once released: a change is a new section at the end, headed
-- `-- format N+1` (docs/records.md, "Adding a field"). After any migration the
-- derived tables are rebuilt from the records.

-- format 1
PRAGMA application_id = 1112425031;

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE vocab (
    id TEXT PRIMARY KEY,
    list TEXT NOT NULL,
    code TEXT NOT NULL,
    zh TEXT NOT NULL,
    en TEXT NOT NULL DEFAULT '',
    sort INTEGER NOT NULL DEFAULT 0,
    valid_from TEXT,
    valid_to TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    UNIQUE (list, code)
);

CREATE TABLE villages (
    id TEXT PRIMARY KEY,
    code TEXT,
    name TEXT NOT NULL,
    township TEXT NOT NULL DEFAULT '',
    county TEXT NOT NULL DEFAULT '',
    key_village INTEGER NOT NULL DEFAULT 0,
    exited INTEGER NOT NULL DEFAULT 0,
    total_households INTEGER,
    total_population INTEGER,
    dibao_households INTEGER,
    tekun_people INTEGER,
    disabled_people INTEGER,
    dangerous_houses INTEGER,
    stats_year INTEGER,
    collective_income_fen INTEGER,
    farmer_income_fen INTEGER,
    assisting_party TEXT NOT NULL DEFAULT '',
    assist_force TEXT,
    first_secretary TEXT NOT NULL DEFAULT '',
    work_team TEXT NOT NULL DEFAULT '',
    contact_phone TEXT,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE households (
    id TEXT PRIMARY KEY,
    village_id TEXT NOT NULL REFERENCES villages(id),
    number TEXT NOT NULL DEFAULT '',
    group_name TEXT NOT NULL DEFAULT '',
    head_name TEXT NOT NULL,
    phone TEXT,
    household_type TEXT,
    monitor_category TEXT,
    identified_month TEXT,
    risk1 TEXT, risk2 TEXT, risk3 TEXT, risk4 TEXT, risk5 TEXT,
    risk_eliminated INTEGER NOT NULL DEFAULT 0,
    eliminated_month TEXT,
    elimination_method TEXT,
    no_labor_capacity INTEGER NOT NULL DEFAULT 0,
    helper TEXT NOT NULL DEFAULT '',
    school_dropout INTEGER,
    no_medical_insurance INTEGER,
    unsafe_housing INTEGER,
    unsafe_water INTEGER,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX households_village ON households(village_id);

CREATE TABLE members (
    id TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    name TEXT NOT NULL,
    id_number TEXT,
    id_type TEXT,
    relation TEXT,
    sex TEXT,
    birth_date TEXT,
    ethnicity TEXT,
    education TEXT,
    schooling TEXT,
    health TEXT,
    labor_skill TEXT,
    work_status TEXT,
    medical_insurance INTEGER NOT NULL DEFAULT 0,
    serious_illness_insurance INTEGER NOT NULL DEFAULT 0,
    pension_insurance INTEGER NOT NULL DEFAULT 0,
    welfare TEXT,
    phone TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX members_household ON members(household_id);
CREATE INDEX members_id_number ON members(id_number);

CREATE TABLE projects (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    village_id TEXT REFERENCES villages(id),
    category TEXT,
    nature TEXT,
    content TEXT NOT NULL DEFAULT '',
    assist_force TEXT,
    assisting_party TEXT NOT NULL DEFAULT '',
    implementing_unit TEXT NOT NULL DEFAULT '',
    responsible_person TEXT NOT NULL DEFAULT '',
    start_month TEXT,
    planned_end_month TEXT,
    fund_central_fen INTEGER NOT NULL DEFAULT 0,
    fund_provincial_fen INTEGER NOT NULL DEFAULT 0,
    fund_city_county_fen INTEGER NOT NULL DEFAULT 0,
    fund_assisting_fen INTEGER NOT NULL DEFAULT 0,
    fund_social_fen INTEGER NOT NULL DEFAULT 0,
    fund_other_fen INTEGER NOT NULL DEFAULT 0,
    arrived_fen INTEGER NOT NULL DEFAULT 0,
    paid_fen INTEGER NOT NULL DEFAULT 0,
    status TEXT,
    percent_complete INTEGER,
    jobs_created INTEGER,
    benefit_mechanism TEXT NOT NULL DEFAULT '',
    performance_target TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE project_households (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id),
    household_id TEXT NOT NULL REFERENCES households(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX project_households_project ON project_households(project_id);
CREATE INDEX project_households_household ON project_households(household_id);

CREATE TABLE visits (
    id TEXT PRIMARY KEY,
    date TEXT NOT NULL,
    visitors TEXT NOT NULL DEFAULT '',
    visit_type TEXT NOT NULL,
    household_id TEXT REFERENCES households(id),
    village_id TEXT NOT NULL REFERENCES villages(id),
    checks TEXT,
    new_risks TEXT,
    requests TEXT NOT NULL DEFAULT '',
    actions TEXT NOT NULL DEFAULT '',
    follow_up_date TEXT,
    confirmed INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX visits_household ON visits(household_id, date);
CREATE INDEX visits_village ON visits(village_id, date);

-- The operation log: audit trail, undo history and unit of merging.
CREATE TABLE ops (
    op_id TEXT PRIMARY KEY,
    hlc TEXT NOT NULL,
    table_name TEXT NOT NULL,
    record_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('create', 'update', 'delete')),
    field TEXT,
    old_value TEXT,
    new_value TEXT,
    replaces TEXT,
    os_user TEXT NOT NULL,
    host TEXT NOT NULL
);
CREATE INDEX ops_record ON ops(record_id, field);
CREATE INDEX ops_hlc ON ops(hlc);

-- format 2
-- The vocabularies, seeded from assets/vocab.tsv.

-- format 3
-- Monitoring work: incomes, measures, workflow steps, monitoring lines, visit rules,
-- tasks, people (vocabularies from assets/vocab_v3.tsv, the default visit rules).

CREATE TABLE incomes (
    id TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    year INTEGER NOT NULL,
    before_identification INTEGER NOT NULL DEFAULT 0,
    wages_fen INTEGER NOT NULL DEFAULT 0,
    business_income_fen INTEGER NOT NULL DEFAULT 0,
    business_costs_fen INTEGER NOT NULL DEFAULT 0,
    property_fen INTEGER NOT NULL DEFAULT 0,
    transfer_fen INTEGER NOT NULL DEFAULT 0,
    claims_fen INTEGER NOT NULL DEFAULT 0,
    out_of_pocket_fen INTEGER NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX incomes_household ON incomes(household_id);

CREATE TABLE measures (
    id TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    category TEXT NOT NULL,
    item TEXT NOT NULL DEFAULT '',
    start_date TEXT NOT NULL,
    end_date TEXT,
    amount_fen INTEGER,
    delivered_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX measures_household ON measures(household_id);

CREATE TABLE monitoring_events (
    id TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    episode INTEGER NOT NULL DEFAULT 1,
    step TEXT NOT NULL,
    date TEXT NOT NULL,
    month TEXT,
    channel TEXT,
    category TEXT,
    method TEXT,
    by_name TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX monitoring_events_household ON monitoring_events(household_id, episode, date);

CREATE TABLE thresholds (
    id TEXT PRIMARY KEY,
    province TEXT NOT NULL,
    year INTEGER NOT NULL,
    amount_fen INTEGER NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE visit_rules (
    id TEXT PRIMARY KEY,
    group_code TEXT NOT NULL,
    visits INTEGER NOT NULL,
    period TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE tasks (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    source TEXT,
    subject_kind TEXT,
    subject_id TEXT,
    lead_unit TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '',
    deadline TEXT,
    status TEXT NOT NULL DEFAULT 'not_started',
    evidence TEXT NOT NULL DEFAULT '',
    closed_on TEXT,
    closed_by TEXT NOT NULL DEFAULT '',
    visit_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX tasks_subject ON tasks(subject_id);

CREATE TABLE task_notes (
    id TEXT PRIMARY KEY,
    task_id TEXT NOT NULL REFERENCES tasks(id),
    date TEXT NOT NULL,
    text TEXT NOT NULL,
    by_name TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX task_notes_task ON task_notes(task_id);

CREATE TABLE cadres (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    role TEXT,
    phone TEXT,
    villages TEXT,
    term_start TEXT,
    term_end TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);

-- format 4
-- Derived tables and the indexes lists read in order.
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

-- format 5
-- The search index keeps its tokens, so that a term finding most records is checked
-- against one record's tokens as a list is read, instead of re-running the search
-- per row; and a prefix index for four characters, since four-letter pinyin
-- (wang, zhang) finds tens of thousands of tokens. Refilled by the rebuild that
-- follows every migration.
DROP TABLE derived_fts;
CREATE VIRTUAL TABLE derived_fts USING fts5(
    tokens, tokenize = 'ascii', prefix = '1 2 3 4', detail = none
);

-- format 6
-- The month's figures as last counted, per village ('' for the whole file's projects
-- and tasks) and for the day they were counted on. A save drops the entries of the
-- villages it touched, so opening the overview recounts only those.
CREATE TABLE derived_figures (
    village_id TEXT NOT NULL,
    month TEXT NOT NULL,
    day TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (village_id, month, day)
) WITHOUT ROWID;
DELETE FROM derived_meta WHERE key LIKE 'figures:%' OR key = 'writes';
-- A warning's village, so that a village's warnings are counted from one index.
ALTER TABLE derived_warnings ADD COLUMN village_id TEXT;
CREATE INDEX derived_warnings_village ON derived_warnings(village_id, rule, active_from, active_until);
-- How far through one kind's records a filter's first matches reached.
CREATE INDEX derived_search_kind ON derived_search(table_name, ref);
-- A filter's matching households by number, from an index a tenth of the table's size.
CREATE INDEX derived_households_ref ON derived_households(ref, household_id);
-- Each token behind its kind's digit (docs/search.md), so the prefix indexes are one
-- character longer.
DROP TABLE derived_fts;
CREATE VIRTUAL TABLE derived_fts USING fts5(
    tokens, tokenize = 'ascii', prefix = '2 3 4 5', detail = none
);

-- format 7
-- keeps the derived tables
-- Many hands on one ledger (docs/sharing.md). Which ledger a file is a copy of: the
-- first op ever logged names it, so copies made before this format agree; a ledger
-- with no ops yet gets a new name. Which copy this file is: new for every file,
-- and again when a file turns up at another host or path (a copy was carried).
CREATE TABLE ledger_info (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO ledger_info (key, value) VALUES
    ('ledger_id', coalesce((SELECT op_id FROM ops ORDER BY hlc, op_id LIMIT 1), lower(hex(randomblob(16))))),
    ('copy_id', lower(hex(randomblob(16))));
-- Every copy an op was made in, named by host and path, for the history view.
CREATE TABLE copies (
    copy_id TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    path TEXT NOT NULL,
    first_seen TEXT NOT NULL
);
-- The write (one save) an op was part of, the copy it was made in, and a note:
-- a deletion's reason, or which change an undo took back.
ALTER TABLE ops ADD COLUMN batch TEXT;
ALTER TABLE ops ADD COLUMN copy_id TEXT;
ALTER TABLE ops ADD COLUMN note TEXT;
CREATE INDEX ops_batch ON ops(batch);
CREATE INDEX ops_deletions ON ops(hlc) WHERE kind = 'delete';
-- Fields whose latest values were set in two copies that had not seen each other,
-- and records edited in one copy while deleted in another: derived from the ops
-- (`heads` are the op ids of the values in dispute), kept by saves and merges,
-- rebuilt with the other derived tables. Settling one is an op like any edit.
CREATE TABLE conflicts (
    table_name TEXT NOT NULL,
    record_id TEXT NOT NULL,
    field TEXT NOT NULL,
    heads TEXT NOT NULL,
    PRIMARY KEY (table_name, record_id, field)
) WITHOUT ROWID;

-- format 8
-- A member's days in the household (docs/rules.md, "Members"): the day they joined
-- (birth, marriage, moving in; empty means from birth or always) and the day they
-- left, with why (death, marriage, moving out). Per-capita income counts the members
-- of the income's year. The rules read these and gained checks (warnings about
-- projects, tasks and people among them), so the derived tables are rebuilt.
ALTER TABLE members ADD COLUMN joined_on TEXT;
ALTER TABLE members ADD COLUMN left_on TEXT;
ALTER TABLE members ADD COLUMN left_reason TEXT;
-- The national export's columns bangfu does not model, per person, as they came
-- (JSON by header), so an export writes them back (docs/national.md).
ALTER TABLE members ADD COLUMN national_extra TEXT;
-- An import matches households by 户编号.
CREATE INDEX households_number ON households(number) WHERE deleted = 0;
-- The day a project was finished (完工日期), which inspectors ask of a 已完工 project.
ALTER TABLE projects ADD COLUMN completed_on TEXT;
-- Who was shown or given people's full ID numbers, when, and what (docs/privacy.md):
-- `--reveal` on a list, the reveal key on a screen. Appended, never edited.
CREATE TABLE disclosures (
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    host TEXT NOT NULL,
    what TEXT NOT NULL,
    detail TEXT NOT NULL
);
-- What the last import of the national export set each field of a record to, so a
-- newer export changes only what changed there, never a correction made in bangfu
-- since; a field changed on both sides is reported, bangfu's value kept
-- (docs/national.md). Bookkeeping of this file's imports, not part of the op log.
CREATE TABLE import_baseline (
    table_name TEXT NOT NULL,
    record_id TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (table_name, record_id, field)
) WITHOUT ROWID;

-- format 9
-- keeps the derived tables
-- A cadre's days in the village and leave per month, for the 干部人才管理服务台账
-- (docs/reports.md): one record per cadre and month.
CREATE TABLE attendance (
    id TEXT PRIMARY KEY,
    cadre_id TEXT NOT NULL REFERENCES cadres(id),
    month TEXT NOT NULL,
    days_in_village INTEGER NOT NULL,
    sick_leave INTEGER NOT NULL DEFAULT 0,
    personal_leave INTEGER NOT NULL DEFAULT 0,
    official_leave INTEGER NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX attendance_cadre ON attendance(cadre_id, month);
-- The national export's columns bangfu does not model whose value is the same for
-- every person of a household (JSON by header), so a member added in bangfu is
-- exported with them (docs/national.md).
ALTER TABLE households ADD COLUMN national_extra TEXT;

-- format 10
-- keeps the derived tables
-- The import baseline as one row per record (the fields the last import set, as a
-- JSON object by field) instead of one per field: a county export is 90,000 records
-- but 1.4 million fields, which took half a gigabyte and a third of an import's time.
CREATE TABLE import_baselines (
    table_name TEXT NOT NULL,
    record_id TEXT NOT NULL,
    fields TEXT NOT NULL,
    PRIMARY KEY (table_name, record_id)
);
INSERT INTO import_baselines (table_name, record_id, fields)
    SELECT table_name, record_id, json_group_object(field, value)
    FROM (SELECT * FROM import_baseline ORDER BY table_name, record_id, field)
    GROUP BY table_name, record_id;
DROP TABLE import_baseline;

-- format 11
-- Rules that follow policy (docs/rules.md). An income record says which period it is
-- for (`period`, list income_period: a calendar year, the 12 months before
-- identification, the 12 months before an elimination, or the year's expected income)
-- instead of a flag for one of them; the old flag stays for copies of older formats,
-- whose ops on it a merge still applies (the trigger carries them over). An income
-- may note 刚性支出 (large unavoidable spending beyond 合规自付支出), the reason an
-- identification above the line is lawful. A province's line of a year carries the
-- waiting time before an elimination and the time limit from 线索 to 县级审定 (empty:
-- six months, fifteen days). A visit rule may require the visit at the home (入户):
-- the default monthly rule for monitored households does, when it was left as seeded.
ALTER TABLE incomes ADD COLUMN period TEXT NOT NULL DEFAULT 'year';
UPDATE incomes SET period = 'before_identification' WHERE before_identification = 1;
ALTER TABLE incomes ADD COLUMN rigid_spending_fen INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER incomes_period_from_older_copies AFTER UPDATE OF before_identification ON incomes
BEGIN
    UPDATE incomes SET period = CASE
        WHEN NEW.before_identification = 1 THEN 'before_identification'
        WHEN period = 'before_identification' THEN 'year'
        ELSE period END
    WHERE id = NEW.id;
END;
ALTER TABLE thresholds ADD COLUMN wait_months INTEGER;
ALTER TABLE thresholds ADD COLUMN identification_days INTEGER;
ALTER TABLE visit_rules ADD COLUMN home_only INTEGER NOT NULL DEFAULT 0;
UPDATE visit_rules SET home_only = 1
    WHERE group_code = 'monitored' AND visits = 1 AND period = 'month' AND deleted = 0
      AND created_at = '2026-01-01T00:00:00.000Z' AND created_at = updated_at;

-- format 12
-- keeps the derived tables
-- 开工率 over what was planned (issue 22): a project's planned start month (计划开工
-- 时间) beside its actual one (开工时间). A file of an older format had one month for
-- both; it becomes the plan as well. The figures' index covers the new column.
ALTER TABLE projects ADD COLUMN planned_start_month TEXT;
UPDATE projects SET planned_start_month = start_month;
DROP INDEX projects_figures;
CREATE INDEX projects_figures ON projects(status, start_month, planned_start_month, fund_central_fen,
    fund_provincial_fen, fund_city_county_fen, fund_assisting_fen, fund_social_fen, fund_other_fen, arrived_fen,
    paid_fen)
    WHERE deleted = 0;

-- format 13
-- keeps the derived tables
-- Funds as they arrive (issue 22): each arrival a dated record with its source
-- (vocabulary fund_source) and the assisting side it came from, so 到位 "as at" any
-- day is a sum. A project's arrived_fen is kept equal to the sum of its live
-- arrivals by every save and merge; a file of an older format had one figure per
-- project, which becomes one arrival dated the day the project was last saved, its
-- source left empty (未分来源), with an id made from the project's so every copy
-- upgraded makes the same one (migrations.rs).
CREATE TABLE fund_arrivals (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id),
    date TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    source TEXT,
    party TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX fund_arrivals_project ON fund_arrivals(project_id, date) WHERE deleted = 0;

-- format 14
-- keeps the derived tables
-- 需求清单 (issue 23, for issue 24): what a village or a township needs, with its
-- class (vocabulary need_class), who raised it, its owner and deadline, and its
-- closing-out (销号) with evidence; the project that answers it, when one does.
CREATE TABLE needs (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    class TEXT NOT NULL,
    village_id TEXT REFERENCES villages(id),
    township TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '',
    deadline TEXT,
    status TEXT NOT NULL DEFAULT 'not_started',
    project_id TEXT REFERENCES projects(id),
    evidence TEXT NOT NULL DEFAULT '',
    closed_on TEXT,
    closed_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX needs_village ON needs(village_id) WHERE deleted = 0;
-- A record's own warnings by the record (a list made from a declaration marks the
-- records a warning holds for, row by row).
CREATE INDEX derived_warnings_record ON derived_warnings(table_name, record_id) WHERE household_id IS NULL;

-- format 15
-- keeps the derived tables
-- The assisting side's ledger (issue 24, docs/cooperation.md): 帮扶方 with the
-- townships and villages they assist; each year's agreed targets per indicator
-- (money in fen, else a number); people placed in jobs (劳务协作), goods bought
-- (消费帮扶), people exchanged (干部人才交流) and trainings (培训).
CREATE TABLE parties (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    force TEXT,
    level TEXT,
    unit TEXT NOT NULL DEFAULT '',
    townships TEXT NOT NULL DEFAULT '',
    villages TEXT,
    contact TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE party_targets (
    id TEXT PRIMARY KEY,
    party_id TEXT NOT NULL REFERENCES parties(id),
    year INTEGER NOT NULL,
    indicator TEXT NOT NULL,
    amount_fen INTEGER,
    count INTEGER,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX party_targets_party ON party_targets(party_id, year) WHERE deleted = 0;
CREATE TABLE placements (
    id TEXT PRIMARY KEY,
    party_id TEXT NOT NULL REFERENCES parties(id),
    name TEXT NOT NULL,
    village_id TEXT REFERENCES villages(id),
    destination TEXT NOT NULL DEFAULT '',
    employer TEXT NOT NULL DEFAULT '',
    started TEXT NOT NULL,
    working INTEGER NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX placements_party ON placements(party_id, started) WHERE deleted = 0;
CREATE TABLE purchases (
    id TEXT PRIMARY KEY,
    party_id TEXT NOT NULL REFERENCES parties(id),
    date TEXT NOT NULL,
    buyer TEXT NOT NULL,
    product TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    village_id TEXT REFERENCES villages(id),
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX purchases_party ON purchases(party_id, date) WHERE deleted = 0;
CREATE TABLE exchanges (
    id TEXT PRIMARY KEY,
    party_id TEXT NOT NULL REFERENCES parties(id),
    person TEXT NOT NULL,
    kind TEXT,
    direction TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    start TEXT NOT NULL,
    until TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX exchanges_party ON exchanges(party_id, start) WHERE deleted = 0;
CREATE TABLE trainings (
    id TEXT PRIMARY KEY,
    party_id TEXT NOT NULL REFERENCES parties(id),
    title TEXT NOT NULL,
    date TEXT NOT NULL,
    headcount INTEGER NOT NULL,
    attendees TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX trainings_party ON trainings(party_id, date) WHERE deleted = 0;
-- 项目储备库: a project's sector (vocabulary project_sector), beside its stage (status).
ALTER TABLE projects ADD COLUMN sector TEXT;
-- Industrial parks by year, donations, 结对共建 activities; 月例会 and the tasks they decide.
CREATE TABLE parks (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    party_id TEXT NOT NULL REFERENCES parties(id),
    year INTEGER NOT NULL,
    enterprises INTEGER,
    jobs INTEGER,
    output_fen INTEGER NOT NULL DEFAULT 0,
    tax_fen INTEGER NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE donations (
    id TEXT PRIMARY KEY,
    donor TEXT NOT NULL,
    party_id TEXT NOT NULL REFERENCES parties(id),
    date TEXT NOT NULL,
    amount_fen INTEGER NOT NULL DEFAULT 0,
    goods TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL DEFAULT '',
    village_id TEXT REFERENCES villages(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE pairings (
    id TEXT PRIMARY KEY,
    activity TEXT NOT NULL,
    party_id TEXT NOT NULL REFERENCES parties(id),
    date TEXT NOT NULL,
    their_unit TEXT NOT NULL DEFAULT '',
    our_unit TEXT NOT NULL DEFAULT '',
    village_id TEXT REFERENCES villages(id),
    headcount INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE meetings (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    kind TEXT,
    date TEXT NOT NULL,
    host TEXT NOT NULL DEFAULT '',
    attendees TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    decisions TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
ALTER TABLE tasks ADD COLUMN meeting_id TEXT REFERENCES meetings(id);
CREATE INDEX tasks_meeting ON tasks(meeting_id) WHERE meeting_id IS NOT NULL;

-- format 16
-- keeps the derived tables
-- A need answered by a task (issue 24, item 2), as one may be by a project.
ALTER TABLE needs ADD COLUMN task_id TEXT REFERENCES tasks(id);

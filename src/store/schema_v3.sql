-- bangfu ledger, format 3: monitoring work (incomes, measures, workflow steps,
-- monitoring lines, visit rules, tasks, people). Frozen.

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

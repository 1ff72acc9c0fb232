-- bangfu ledger, format 1. Frozen: later changes go in new migrations.
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

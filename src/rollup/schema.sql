-- The roll-up database's schema (docs/rollup.md), in numbered sections like a
-- ledger's file format: `bangfu publish --init` (or a first publish) creates what is
-- missing and runs the sections after the one the server has, each in the same
-- transaction as its version (bangfu.meta 'format').

-- format 1
-- Each county's ledger, who publishes it, and which copies have sent what.
CREATE SCHEMA IF NOT EXISTS bangfu;
CREATE TABLE bangfu.meta (key text PRIMARY KEY, value text NOT NULL);
-- A ledger is owned by the role that first published it: only that role writes its rows.
CREATE TABLE bangfu.ledgers (
    ledger_id text PRIMARY KEY,
    owner name NOT NULL DEFAULT current_user,
    county text NOT NULL DEFAULT '',
    county_code text NOT NULL DEFAULT '',
    ids_revealed boolean NOT NULL DEFAULT false,
    first_published timestamptz NOT NULL DEFAULT now(),
    last_published timestamptz NOT NULL DEFAULT now(),
    -- The last op (its `received`) the records and the figures were published after,
    -- and the day the figures were counted for.
    records_mark bigint NOT NULL DEFAULT 0,
    figures_mark bigint NOT NULL DEFAULT 0,
    figures_day date
);
-- How far each copy of a ledger has published its op log (its ops' rowids there).
CREATE TABLE bangfu.copies (
    ledger_id text NOT NULL REFERENCES bangfu.ledgers(ledger_id),
    copy_id text NOT NULL,
    high_water bigint NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ledger_id, copy_id)
);
-- The op logs, as the ledgers keep them (an ID number masked unless revealed).
CREATE TABLE bangfu.ops (
    ledger_id text NOT NULL REFERENCES bangfu.ledgers(ledger_id),
    op_id text NOT NULL,
    hlc text NOT NULL,
    table_name text NOT NULL,
    record_id text NOT NULL,
    kind text NOT NULL,
    field text,
    old_value text,
    new_value text,
    replaces text,
    os_user text NOT NULL,
    host text NOT NULL,
    batch text,
    copy_id text,
    note text,
    -- The order the server received the ops in.
    received bigserial NOT NULL,
    PRIMARY KEY (ledger_id, op_id)
);
CREATE INDEX ops_received ON bangfu.ops (ledger_id, received);
-- The records the reports read, as each ledger holds them now (JSON of the columns).
CREATE TABLE bangfu.records (
    ledger_id text NOT NULL REFERENCES bangfu.ledgers(ledger_id),
    table_name text NOT NULL,
    record_id text NOT NULL,
    data jsonb NOT NULL,
    PRIMARY KEY (ledger_id, table_name, record_id)
);
-- Each village's figures of a quarter or a year (季通报, 年考评), as the county counts
-- them: summed by county (or township) and scored here by SQL.
CREATE TABLE bangfu.village_periods (
    ledger_id text NOT NULL REFERENCES bangfu.ledgers(ledger_id),
    period text NOT NULL,
    village_id text NOT NULL,
    township text NOT NULL,
    village text NOT NULL,
    visits_due bigint NOT NULL, visits_done bigint NOT NULL,
    due_end bigint NOT NULL, overdue_end bigint NOT NULL,
    monitored_end bigint NOT NULL, with_measure_end bigint NOT NULL,
    identified bigint NOT NULL, eliminated bigint NOT NULL,
    tasks_due bigint NOT NULL, tasks_closed bigint NOT NULL, tasks_overdue_end bigint NOT NULL,
    projects_planned bigint NOT NULL, projects_started bigint NOT NULL,
    planned_fen bigint NOT NULL, arrived_fen bigint NOT NULL,
    PRIMARY KEY (ledger_id, period, village_id)
);
-- Each village's month (月调度), its figures as JSON, as the month ended.
CREATE TABLE bangfu.village_months (
    ledger_id text NOT NULL REFERENCES bangfu.ledgers(ledger_id),
    month text NOT NULL,
    village_id text NOT NULL,
    township text NOT NULL,
    figures jsonb NOT NULL,
    PRIMARY KEY (ledger_id, month, village_id)
);
-- Who reads which counties: a role and an area code (a province's 2 digits, a city's
-- 4, a county's 6), prefix of the counties' codes.
CREATE TABLE bangfu.readers (role name NOT NULL, area_code text NOT NULL, PRIMARY KEY (role, area_code));
-- The roles allowed to publish (each its own ledgers) and to read.
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bangfu_publisher') THEN CREATE ROLE bangfu_publisher NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bangfu_reader') THEN CREATE ROLE bangfu_reader NOLOGIN; END IF;
END $$;
GRANT USAGE ON SCHEMA bangfu TO bangfu_publisher, bangfu_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA bangfu TO bangfu_publisher, bangfu_reader;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA bangfu TO bangfu_publisher;
GRANT INSERT, UPDATE, DELETE ON bangfu.ledgers, bangfu.copies, bangfu.ops, bangfu.records,
    bangfu.village_periods, bangfu.village_months TO bangfu_publisher;
-- Row-level security: a publisher writes and reads its own ledgers; a reader reads the
-- ledgers whose county code begins with one of its areas. A ledger's row is seen by
-- its owner and its readers; every other table's rows are seen when their ledger is
-- seen, and written when it is owned — each a set read once per statement, not a
-- function called per row.
-- (A function of the schema's owner, so that reading bangfu.readers inside the policy
-- on bangfu.ledgers is not itself filtered; the role asking is passed in.)
CREATE FUNCTION bangfu.reads(ledger_code text, who name) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog AS
    $$ SELECT ledger_code <> '' AND EXISTS (SELECT 1 FROM bangfu.readers r
                                           WHERE r.role = who AND starts_with(ledger_code, r.area_code)) $$;
ALTER TABLE bangfu.ledgers ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON bangfu.ledgers USING (owner = current_user) WITH CHECK (owner = current_user);
CREATE POLICY read ON bangfu.ledgers FOR SELECT USING (bangfu.reads(county_code, current_user));
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['copies', 'ops', 'records', 'village_periods', 'village_months'] LOOP
        EXECUTE format('ALTER TABLE bangfu.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY see ON bangfu.%I FOR SELECT
                            USING (ledger_id IN (SELECT l.ledger_id FROM bangfu.ledgers l))', t);
        EXECUTE format('CREATE POLICY add ON bangfu.%I FOR INSERT WITH CHECK
                            (ledger_id IN (SELECT l.ledger_id FROM bangfu.ledgers l WHERE l.owner = current_user))', t);
        EXECUTE format('CREATE POLICY change ON bangfu.%I FOR UPDATE
                            USING (ledger_id IN (SELECT l.ledger_id FROM bangfu.ledgers l WHERE l.owner = current_user))', t);
        EXECUTE format('CREATE POLICY remove ON bangfu.%I FOR DELETE
                            USING (ledger_id IN (SELECT l.ledger_id FROM bangfu.ledgers l WHERE l.owner = current_user))', t);
    END LOOP;
END $$;

-- format 2
-- How many ops the server holds of each ledger, kept by the server itself as ops come
-- and go (whoever writes them): a publish compares it with its own count to know it
-- holds every op, where counting them took a quarter of a second of each publish.
ALTER TABLE bangfu.ledgers ADD COLUMN op_count bigint NOT NULL DEFAULT 0;
UPDATE bangfu.ledgers l SET op_count = (SELECT count(*) FROM bangfu.ops o WHERE o.ledger_id = l.ledger_id);
CREATE FUNCTION bangfu.count_ops() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE bangfu.ledgers l SET op_count = l.op_count + n.count
        FROM (SELECT ledger_id, count(*) FROM added GROUP BY ledger_id) n WHERE l.ledger_id = n.ledger_id;
    ELSE
        UPDATE bangfu.ledgers l SET op_count = l.op_count - n.count
        FROM (SELECT ledger_id, count(*) FROM removed GROUP BY ledger_id) n WHERE l.ledger_id = n.ledger_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER ops_added AFTER INSERT ON bangfu.ops REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION bangfu.count_ops();
CREATE TRIGGER ops_removed AFTER DELETE ON bangfu.ops REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION bangfu.count_ops();

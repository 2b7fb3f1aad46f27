-- The records database: a read-only copy of the agencies' core system (regulation Art. 5-6).
-- Built by the data generator (or a validated load); the query API opens it read-only.
-- Money is INTEGER minor units (fen). Months are TEXT 'YYYY-MM', dates 'YYYY-MM-DD'.
-- The generator runs everything above the '@after-load' line before loading and the rest after it: indexes are
-- built once over the loaded rows (much faster than maintaining them row by row), then ANALYZE.
-- Monthly detail (contributions, benefit payments) starts in January 2016; earlier periods are summarised in
-- contribution_period and in the accounts' opening balances.

CREATE TABLE meta (
  key TEXT PRIMARY KEY,          -- 'schema_version', 'as_of' (ISO time of the load), 'region_profile' (JSON), 'seed', 'persons',
                                 -- 'employers', 'data_through' (last month covered, YYYY-MM), 'first_detail_month', 'kind' (demo | generated)
  value TEXT NOT NULL
) WITHOUT ROWID;

-- Contribution rates per year and insurance type, in basis points of the base.
CREATE TABLE contribution_rate (
  year INTEGER NOT NULL,
  insurance_type TEXT NOT NULL,
  employer_bp INTEGER NOT NULL,
  individual_bp INTEGER NOT NULL,
  PRIMARY KEY (year, insurance_type)
) WITHOUT ROWID;

-- Insuring regions (prefecture level): person.region, employer.region, transfer.from_region/to_region are codes.
CREATE TABLE region (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,            -- in the region's language, e.g. 深圳市
  name_en TEXT NOT NULL
) WITHOUT ROWID;

-- 1. Registration
CREATE TABLE person (
  id INTEGER PRIMARY KEY,
  national_id TEXT NOT NULL,     -- unique: index person_by_national_id (built after the load)
  name TEXT NOT NULL,
  sex TEXT NOT NULL CHECK (sex IN ('F','M')),
  birth_date TEXT NOT NULL,
  address TEXT NOT NULL,
  registered_on TEXT NOT NULL,
  region TEXT NOT NULL,          -- current insuring region
  status TEXT NOT NULL           -- working | unemployed | retired | flexible
);

CREATE TABLE employer (
  id INTEGER PRIMARY KEY,
  unit_number TEXT NOT NULL,     -- unique: index employer_by_unit_number (built after the load)
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  registered_on TEXT NOT NULL,
  region TEXT NOT NULL
);

CREATE TABLE enrolment (
  person_id INTEGER NOT NULL REFERENCES person(id),
  insurance_type TEXT NOT NULL,
  since TEXT NOT NULL,
  until TEXT,
  status TEXT NOT NULL,          -- active | suspended | ended
  PRIMARY KEY (person_id, insurance_type)
) WITHOUT ROWID;

-- Employment periods: what an employer's scope is computed from.
CREATE TABLE employment (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person(id),
  employer_id INTEGER NOT NULL REFERENCES employer(id),
  first_month TEXT NOT NULL,
  last_month TEXT               -- NULL while current
);

-- 2. Contributions: one row per person and month; the per-type parts are stored (not derived) as the core
-- system computed them. Work injury and maternity have no individual part.
CREATE TABLE contribution (
  person_id INTEGER NOT NULL,
  month TEXT NOT NULL,
  employer_id INTEGER,           -- NULL: flexible employment (the person pays both parts)
  base INTEGER NOT NULL,
  pension_employer INTEGER NOT NULL,
  pension_individual INTEGER NOT NULL,
  medical_employer INTEGER NOT NULL,
  medical_individual INTEGER NOT NULL,
  unemployment_employer INTEGER NOT NULL,
  unemployment_individual INTEGER NOT NULL,
  work_injury_employer INTEGER NOT NULL,
  maternity_employer INTEGER NOT NULL,
  status TEXT NOT NULL,          -- paid | arrears | late
  paid_date TEXT,                -- NULL while in arrears
  PRIMARY KEY (person_id, month)
) WITHOUT ROWID;

CREATE TABLE subsidy (
  person_id INTEGER NOT NULL,
  month TEXT NOT NULL,
  kind TEXT NOT NULL,            -- e.g. flexible_employment
  amount INTEGER NOT NULL,
  PRIMARY KEY (person_id, month, kind)
) WITHOUT ROWID;

-- 3. Benefits
CREATE TABLE benefit_eligibility (
  person_id INTEGER NOT NULL,
  benefit TEXT NOT NULL,         -- pension | unemployment_benefit | medical_reimbursement | work_injury_benefit | maternity_benefit
  eligible INTEGER NOT NULL,
  since TEXT,
  until TEXT,
  monthly_amount INTEGER,
  PRIMARY KEY (person_id, benefit)
) WITHOUT ROWID;

CREATE TABLE benefit_payment (
  person_id INTEGER NOT NULL,
  paid_date TEXT NOT NULL,
  benefit TEXT NOT NULL,
  period TEXT NOT NULL,          -- the month paid for
  amount INTEGER NOT NULL,
  PRIMARY KEY (person_id, paid_date, benefit, period)
) WITHOUT ROWID;

-- 4. Periods and accounts
CREATE TABLE contribution_period (
  person_id INTEGER NOT NULL,
  insurance_type TEXT NOT NULL,
  months INTEGER NOT NULL,       -- cumulative, including months transferred in
  PRIMARY KEY (person_id, insurance_type)
) WITHOUT ROWID;

CREATE TABLE account (
  person_id INTEGER NOT NULL,
  kind TEXT NOT NULL,            -- pension | medical
  balance INTEGER NOT NULL,
  PRIMARY KEY (person_id, kind)
) WITHOUT ROWID;

CREATE TABLE account_year (
  person_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  year INTEGER NOT NULL,
  accrual INTEGER NOT NULL,
  interest INTEGER NOT NULL,
  closing_balance INTEGER NOT NULL,
  PRIMARY KEY (person_id, kind, year)
) WITHOUT ROWID;

CREATE TABLE account_movement (
  person_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  date TEXT NOT NULL,
  seq INTEGER NOT NULL,
  movement TEXT NOT NULL,        -- contribution | interest | payout | transfer_in | transfer_out
  amount INTEGER NOT NULL,
  balance_after INTEGER NOT NULL,
  PRIMARY KEY (person_id, kind, date, seq)
) WITHOUT ROWID;

-- 5. Other
CREATE TABLE transfer (
  person_id INTEGER NOT NULL,
  date TEXT NOT NULL,
  from_region TEXT NOT NULL,
  to_region TEXT NOT NULL,
  months INTEGER NOT NULL,
  funds_transferred INTEGER NOT NULL,
  PRIMARY KEY (person_id, date)
) WITHOUT ROWID;

CREATE TABLE correction (
  person_id INTEGER NOT NULL,
  date TEXT NOT NULL,
  category TEXT NOT NULL,
  field TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (person_id, date, field)
) WITHOUT ROWID;

-- Authentication material lives with the records copy because the core system issues it (PINs, delegate
-- authorisations, employer credentials). Secrets are scrypt hashes ('scrypt$N$r$p$salt$hash', base64).
CREATE TABLE person_credential (
  person_id INTEGER PRIMARY KEY REFERENCES person(id),
  pin_hash TEXT NOT NULL
);

CREATE TABLE employer_credential (
  employer_id INTEGER PRIMARY KEY REFERENCES employer(id),
  password_hash TEXT NOT NULL,
  phone_pin_hash TEXT NOT NULL
);

CREATE TABLE delegate_authorization (
  id INTEGER PRIMARY KEY,
  delegate_national_id TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  person_id INTEGER NOT NULL REFERENCES person(id),
  categories TEXT NOT NULL,      -- comma-separated record categories
  from_month TEXT NOT NULL,
  to_month TEXT NOT NULL,
  valid_until TEXT NOT NULL      -- date
);

-- Derived tables, computed by the generator (or a validated load) from the rows above, so that the query API
-- answers a summary or a staff page with a few index lookups instead of scanning months.

-- One row per person: the figures of the phone summary that would otherwise need a scan of the contributions.
CREATE TABLE person_summary (
  person_id INTEGER PRIMARY KEY,
  latest_paid_month TEXT,        -- latest month with status paid or late; NULL if none
  months_in_arrears INTEGER NOT NULL,
  arrears_amount INTEGER NOT NULL,   -- all parts (employer + individual) of the months in arrears
  late_months INTEGER NOT NULL,
  last_contribution_month TEXT   -- latest month with a contribution row (any status); NULL if none
);

-- One row per employer and person who ever worked there: the employer's staff list. Figures cover only the
-- months the person worked for this unit. `ref` is the person's reference inside this unit (opaque, unique per
-- unit, meaningless elsewhere). status: arrears if any month at this unit is in arrears, else late if any was
-- paid late, else paid.
CREATE TABLE employer_staff_status (
  employer_id INTEGER NOT NULL,
  person_id INTEGER NOT NULL,
  ref TEXT NOT NULL,
  first_month TEXT NOT NULL,
  last_month TEXT,               -- NULL while current
  current INTEGER NOT NULL,      -- 1 if the person works there now
  status TEXT NOT NULL,          -- arrears | late | paid
  months_in_arrears INTEGER NOT NULL,
  arrears_amount INTEGER NOT NULL,
  late_months INTEGER NOT NULL,
  latest_paid_month TEXT
);

-- The unit's totals per month (every month of the detail window in which it had staff).
CREATE TABLE employer_month (
  employer_id INTEGER NOT NULL,
  month TEXT NOT NULL,
  headcount INTEGER NOT NULL,
  base INTEGER NOT NULL,
  employer_part INTEGER NOT NULL,
  individual_part INTEGER NOT NULL,
  paid_amount INTEGER NOT NULL,
  arrears_amount INTEGER NOT NULL,
  PRIMARY KEY (employer_id, month)
) WITHOUT ROWID;

-- The unit's headline figures: current staff, staff (current or former) with months in arrears at this unit,
-- and the amount in arrears.
CREATE TABLE employer_summary (
  employer_id INTEGER PRIMARY KEY,
  staff_count INTEGER NOT NULL,
  staff_in_arrears INTEGER NOT NULL,
  arrears_amount INTEGER NOT NULL
);

-- @after-load: indexes, built once the rows are in.
CREATE UNIQUE INDEX person_by_national_id ON person(national_id);
CREATE UNIQUE INDEX employer_by_unit_number ON employer(unit_number);
CREATE INDEX employment_by_employer ON employment(employer_id, person_id);
CREATE INDEX employment_by_person ON employment(person_id);
CREATE INDEX delegate_by_id ON delegate_authorization(delegate_national_id);
-- Staff list pages: by unit (optionally filtered by status), in ref order; lookup of one person's row.
CREATE UNIQUE INDEX staff_by_employer ON employer_staff_status(employer_id, ref);
CREATE INDEX staff_by_employer_status ON employer_staff_status(employer_id, status, ref);
CREATE UNIQUE INDEX staff_by_employer_person ON employer_staff_status(employer_id, person_id);
-- Current staff only (the kiosk's default view), optionally by status, in the same order.
CREATE INDEX staff_by_employer_current ON employer_staff_status(employer_id, current, status, ref);

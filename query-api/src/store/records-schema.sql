-- The records database: a read-only copy of the agencies' core system (regulation Art. 5-6).
-- Built by the data generator (or a validated load); the query API opens it read-only.
-- Money is INTEGER minor units (fen). Months are TEXT 'YYYY-MM', dates 'YYYY-MM-DD'.

CREATE TABLE meta (
  key TEXT PRIMARY KEY,          -- 'schema_version', 'as_of' (ISO time of the load), 'region_profile' (JSON), 'seed', 'persons'
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

-- 1. Registration
CREATE TABLE person (
  id INTEGER PRIMARY KEY,
  national_id TEXT NOT NULL UNIQUE,
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
  unit_number TEXT NOT NULL UNIQUE,
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

-- Indexes are created after the bulk load (see generator).
-- CREATE INDEX employment_by_employer ON employment(employer_id, person_id);
-- CREATE INDEX employment_by_person ON employment(person_id);
-- CREATE INDEX delegate_by_id ON delegate_authorization(delegate_national_id);

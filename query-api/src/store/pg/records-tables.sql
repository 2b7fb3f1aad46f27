-- The records tables on PostgreSQL, created in a new schema by each load (records-sink.ts runs it with that schema
-- first on the search_path). The same tables, columns and meaning as ../records-schema.sql (SQLite); text that is
-- compared or ordered uses the "C" collation (byte order, as SQLite). Money is bigint fen.
--
-- Layout for size (1 M persons: ~88 M contribution rows): the monthly contribution rows are hash-partitioned on
-- person_id into 16 partitions. Every read of them is one person's months (person_id = ? AND month BETWEEN …), so
-- each query prunes to one partition and walks its (person_id, month) primary key; each partition's index is a
-- sixteenth of the whole (shallower, rebuilt in parallel-friendly pieces), and a partition can be vacuumed,
-- reindexed or moved to a tablespace on its own. The rows arrive in person order, so one person's months sit on
-- one or two heap pages. No other index on contributions: the employer views read the derived tables.
-- Indexes are built after the rows are in (below the '@after-load' line), once, instead of row by row.

CREATE TABLE meta (key text COLLATE "C" PRIMARY KEY, value text NOT NULL);

CREATE TABLE contribution_rate (
  year integer NOT NULL,
  insurance_type text COLLATE "C" NOT NULL,
  employer_bp integer NOT NULL,
  individual_bp integer NOT NULL
);

CREATE TABLE region (code text COLLATE "C" NOT NULL, name text NOT NULL, name_en text NOT NULL);

CREATE TABLE person (
  id bigint NOT NULL,
  national_id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  sex text NOT NULL,
  birth_date text NOT NULL,
  address text NOT NULL,
  registered_on text NOT NULL,
  region text COLLATE "C" NOT NULL,
  status text NOT NULL
);

CREATE TABLE employer (
  id bigint NOT NULL,
  unit_number text COLLATE "C" NOT NULL,
  name text NOT NULL,
  address text NOT NULL,
  registered_on text NOT NULL,
  region text COLLATE "C" NOT NULL
);

CREATE TABLE enrolment (
  person_id bigint NOT NULL,
  insurance_type text COLLATE "C" NOT NULL,
  since text NOT NULL,
  until text,
  status text NOT NULL
);

CREATE TABLE employment (
  id bigint NOT NULL,
  person_id bigint NOT NULL,
  employer_id bigint NOT NULL,
  first_month text COLLATE "C" NOT NULL,
  last_month text COLLATE "C"
);

CREATE TABLE contribution (
  person_id bigint NOT NULL,
  month text COLLATE "C" NOT NULL,
  employer_id bigint,
  base bigint NOT NULL,
  pension_employer bigint NOT NULL,
  pension_individual bigint NOT NULL,
  medical_employer bigint NOT NULL,
  medical_individual bigint NOT NULL,
  unemployment_employer bigint NOT NULL,
  unemployment_individual bigint NOT NULL,
  work_injury_employer bigint NOT NULL,
  maternity_employer bigint NOT NULL,
  status text COLLATE "C" NOT NULL,
  paid_date text
) PARTITION BY HASH (person_id);
CREATE TABLE contribution_p00 PARTITION OF contribution FOR VALUES WITH (MODULUS 16, REMAINDER 0);
CREATE TABLE contribution_p01 PARTITION OF contribution FOR VALUES WITH (MODULUS 16, REMAINDER 1);
CREATE TABLE contribution_p02 PARTITION OF contribution FOR VALUES WITH (MODULUS 16, REMAINDER 2);
CREATE TABLE contribution_p03 PARTITION OF contribution FOR VALUES WITH (MODULUS 16, REMAINDER 3);
CREATE TABLE contribution_p04 PARTITION OF contribution FOR VALUES WITH (MODULUS 16, REMAINDER 4);
CREATE TABLE contribution_p05 PARTITION OF contribution FOR VALUES WITH (MODULUS 16, REMAINDER 5);
CREATE TABLE contribution_p06 PARTITION OF contribution FOR VALUES WITH (MODULUS 16, REMAINDER 6);
CREATE TABLE contribution_p07 PARTITION OF contribution FOR VALUES WITH (MODULUS 16, REMAINDER 7);
CREATE TABLE contribution_p08 PARTITION OF contribution FOR VALUES WITH (MODULUS 16, REMAINDER 8);
CREATE TABLE contribution_p09 PARTITION OF contribution FOR VALUES WITH (MODULUS 16, REMAINDER 9);
CREATE TABLE contribution_p10 PARTITION OF contribution FOR VALUES WITH (MODULUS 16, REMAINDER 10);
CREATE TABLE contribution_p11 PARTITION OF contribution FOR VALUES WITH (MODULUS 16, REMAINDER 11);
CREATE TABLE contribution_p12 PARTITION OF contribution FOR VALUES WITH (MODULUS 16, REMAINDER 12);
CREATE TABLE contribution_p13 PARTITION OF contribution FOR VALUES WITH (MODULUS 16, REMAINDER 13);
CREATE TABLE contribution_p14 PARTITION OF contribution FOR VALUES WITH (MODULUS 16, REMAINDER 14);
CREATE TABLE contribution_p15 PARTITION OF contribution FOR VALUES WITH (MODULUS 16, REMAINDER 15);

CREATE TABLE subsidy (
  person_id bigint NOT NULL,
  month text COLLATE "C" NOT NULL,
  kind text COLLATE "C" NOT NULL,
  amount bigint NOT NULL
);

CREATE TABLE benefit_eligibility (
  person_id bigint NOT NULL,
  benefit text COLLATE "C" NOT NULL,
  eligible smallint NOT NULL,
  since text,
  until text,
  monthly_amount bigint
);

CREATE TABLE benefit_payment (
  person_id bigint NOT NULL,
  paid_date text COLLATE "C" NOT NULL,
  benefit text COLLATE "C" NOT NULL,
  period text COLLATE "C" NOT NULL,
  amount bigint NOT NULL
);

CREATE TABLE contribution_period (
  person_id bigint NOT NULL,
  insurance_type text COLLATE "C" NOT NULL,
  months integer NOT NULL
);

CREATE TABLE account (person_id bigint NOT NULL, kind text COLLATE "C" NOT NULL, balance bigint NOT NULL);

CREATE TABLE account_year (
  person_id bigint NOT NULL,
  kind text COLLATE "C" NOT NULL,
  year integer NOT NULL,
  accrual bigint NOT NULL,
  interest bigint NOT NULL,
  closing_balance bigint NOT NULL
);

CREATE TABLE account_movement (
  person_id bigint NOT NULL,
  kind text COLLATE "C" NOT NULL,
  date text COLLATE "C" NOT NULL,
  seq integer NOT NULL,
  movement text NOT NULL,
  amount bigint NOT NULL,
  balance_after bigint NOT NULL
);

CREATE TABLE transfer (
  person_id bigint NOT NULL,
  date text COLLATE "C" NOT NULL,
  from_region text COLLATE "C" NOT NULL,
  to_region text COLLATE "C" NOT NULL,
  months integer NOT NULL,
  funds_transferred bigint NOT NULL
);

CREATE TABLE correction (
  person_id bigint NOT NULL,
  date text COLLATE "C" NOT NULL,
  category text NOT NULL,
  field text COLLATE "C" NOT NULL,
  reason text NOT NULL
);

CREATE TABLE person_credential (person_id bigint NOT NULL, pin_hash text NOT NULL);

CREATE TABLE employer_credential (
  employer_id bigint NOT NULL,
  password_hash text NOT NULL,
  phone_pin_hash text NOT NULL
);

CREATE TABLE delegate_authorization (
  id bigint NOT NULL,
  delegate_national_id text COLLATE "C" NOT NULL,
  code_hash text NOT NULL,
  person_id bigint NOT NULL,
  categories text NOT NULL,
  from_month text NOT NULL,
  to_month text NOT NULL,
  valid_until text COLLATE "C" NOT NULL
);

CREATE TABLE person_summary (
  person_id bigint NOT NULL,
  latest_paid_month text,
  months_in_arrears integer NOT NULL,
  arrears_amount bigint NOT NULL,
  late_months integer NOT NULL,
  last_contribution_month text
);

CREATE TABLE employer_staff_status (
  employer_id bigint NOT NULL,
  person_id bigint NOT NULL,
  ref text COLLATE "C" NOT NULL,
  first_month text NOT NULL,
  last_month text,
  current smallint NOT NULL,
  status text COLLATE "C" NOT NULL,
  months_in_arrears integer NOT NULL,
  arrears_amount bigint NOT NULL,
  late_months integer NOT NULL,
  latest_paid_month text
);

CREATE TABLE employer_month (
  employer_id bigint NOT NULL,
  month text COLLATE "C" NOT NULL,
  headcount integer NOT NULL,
  base bigint NOT NULL,
  employer_part bigint NOT NULL,
  individual_part bigint NOT NULL,
  paid_amount bigint NOT NULL,
  arrears_amount bigint NOT NULL
);

CREATE TABLE employer_summary (
  employer_id bigint NOT NULL,
  staff_count integer NOT NULL,
  staff_in_arrears integer NOT NULL,
  arrears_amount bigint NOT NULL
);

-- @after-load: keys and indexes, built once the rows are in.
ALTER TABLE contribution_rate ADD PRIMARY KEY (year, insurance_type);
ALTER TABLE region ADD PRIMARY KEY (code);
ALTER TABLE person ADD PRIMARY KEY (id);
CREATE UNIQUE INDEX person_by_national_id ON person (national_id);
ALTER TABLE employer ADD PRIMARY KEY (id);
CREATE UNIQUE INDEX employer_by_unit_number ON employer (unit_number);
ALTER TABLE enrolment ADD PRIMARY KEY (person_id, insurance_type);
ALTER TABLE employment ADD PRIMARY KEY (id);
CREATE INDEX employment_by_employer ON employment (employer_id, person_id);
CREATE INDEX employment_by_person ON employment (person_id);
ALTER TABLE contribution ADD PRIMARY KEY (person_id, month);
ALTER TABLE subsidy ADD PRIMARY KEY (person_id, month, kind);
ALTER TABLE benefit_eligibility ADD PRIMARY KEY (person_id, benefit);
ALTER TABLE benefit_payment ADD PRIMARY KEY (person_id, paid_date, benefit, period);
ALTER TABLE contribution_period ADD PRIMARY KEY (person_id, insurance_type);
ALTER TABLE account ADD PRIMARY KEY (person_id, kind);
ALTER TABLE account_year ADD PRIMARY KEY (person_id, kind, year);
ALTER TABLE account_movement ADD PRIMARY KEY (person_id, kind, date, seq);
ALTER TABLE transfer ADD PRIMARY KEY (person_id, date);
ALTER TABLE correction ADD PRIMARY KEY (person_id, date, field);
ALTER TABLE person_credential ADD PRIMARY KEY (person_id);
ALTER TABLE employer_credential ADD PRIMARY KEY (employer_id);
ALTER TABLE delegate_authorization ADD PRIMARY KEY (id);
CREATE INDEX delegate_by_id ON delegate_authorization (delegate_national_id);
ALTER TABLE person_summary ADD PRIMARY KEY (person_id);
CREATE UNIQUE INDEX staff_by_employer ON employer_staff_status (employer_id, ref);
CREATE INDEX staff_by_employer_status ON employer_staff_status (employer_id, status, ref);
CREATE UNIQUE INDEX staff_by_employer_person ON employer_staff_status (employer_id, person_id);
CREATE INDEX staff_by_employer_current ON employer_staff_status (employer_id, current, status, ref);
ALTER TABLE employer_month ADD PRIMARY KEY (employer_id, month);
ALTER TABLE employer_summary ADD PRIMARY KEY (employer_id);

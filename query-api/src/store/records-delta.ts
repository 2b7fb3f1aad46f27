// What a delta load does to the records tables, shared by both engines' sinks (sqlite/records-build.ts and
// pg/records-sink.ts): which tables hold a person's rows (removed whole, then written again), which reference
// tables a delta upserts by key, and the employer-month arithmetic. The SQL here runs unchanged on SQLite and
// PostgreSQL (the upserts qualify the target's columns, which PostgreSQL requires and SQLite allows).

/** Reference tables, whose rows a delta replaces by key (not per person), and their keys. */
export const REFERENCE_KEYS: ReadonlyMap<string, readonly string[]> = new Map([
  ['region', ['code']],
  ['contribution_rate', ['year', 'insurance_type']],
  ['employer', ['id']],
  ['employer_credential', ['employer_id']],
]);

/** The derived employer totals: a delta adds to them by key (EMPLOYER_MONTH_ADD). */
export const EMPLOYER_MONTH_KEY: readonly string[] = ['employer_id', 'month'];

/** Tables holding rows of one person, and the column naming the person. */
export const PERSON_TABLES: readonly (readonly [string, string])[] = [
  ['person', 'id'],
  ['enrolment', 'person_id'],
  ['employment', 'person_id'],
  ['contribution', 'person_id'],
  ['subsidy', 'person_id'],
  ['benefit_eligibility', 'person_id'],
  ['benefit_payment', 'person_id'],
  ['contribution_period', 'person_id'],
  ['account', 'person_id'],
  ['account_year', 'person_id'],
  ['account_movement', 'person_id'],
  ['transfer', 'person_id'],
  ['correction', 'person_id'],
  ['person_credential', 'person_id'],
  ['delegate_authorization', 'person_id'],
  ['person_summary', 'person_id'],
  ['employer_staff_status', 'person_id'],
];

/** The temporary table of a delta's persons (one column, `id`), created by each sink. */
export const DELTA_PERSON_TABLE = 'delta_person';

const TOTAL = `(pension_employer + pension_individual + medical_employer + medical_individual +
  unemployment_employer + unemployment_individual + work_injury_employer + maternity_employer)`;

/** Upsert clause of employer_month rows: a row for a month already there adds to it. */
export const EMPLOYER_MONTH_ADD = `ON CONFLICT (employer_id, month) DO UPDATE SET
  headcount = employer_month.headcount + excluded.headcount, base = employer_month.base + excluded.base,
  employer_part = employer_month.employer_part + excluded.employer_part,
  individual_part = employer_month.individual_part + excluded.individual_part,
  paid_amount = employer_month.paid_amount + excluded.paid_amount,
  arrears_amount = employer_month.arrears_amount + excluded.arrears_amount`;

/**
 * The employer totals lose what the delta's persons' old contributions added (their new rows add back, and the
 * sink drops the months left with headcount 0 when the rows are in). Run before the persons' rows are deleted.
 */
export const EMPLOYER_MONTH_SUBTRACT = `INSERT INTO employer_month (employer_id, month, headcount, base,
    employer_part, individual_part, paid_amount, arrears_amount)
  SELECT employer_id, month, -count(*), -sum(base),
    -sum(pension_employer + medical_employer + unemployment_employer + work_injury_employer + maternity_employer),
    -sum(pension_individual + medical_individual + unemployment_individual),
    -sum(CASE WHEN status = 'arrears' THEN 0 ELSE ${TOTAL} END),
    -sum(CASE WHEN status = 'arrears' THEN ${TOTAL} ELSE 0 END)
  FROM contribution WHERE person_id IN (SELECT id FROM ${DELTA_PERSON_TABLE}) AND employer_id IS NOT NULL
  GROUP BY employer_id, month
  ${EMPLOYER_MONTH_ADD}`;

/** Deletes every row of the delta's persons, table by table. */
export const DELETE_PERSON_ROWS: readonly string[] = PERSON_TABLES.map(
  ([table, column]) => `DELETE FROM ${table} WHERE ${column} IN (SELECT id FROM ${DELTA_PERSON_TABLE})`,
);

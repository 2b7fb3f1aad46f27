// The domain's vocabulary: one name per concept, used by every process (see ../../shared/brief/GLOSSARY.md).

export const INSURANCE_TYPES = ['pension', 'medical', 'unemployment', 'work_injury', 'maternity'] as const;
export type InsuranceType = (typeof INSURANCE_TYPES)[number];

/** The five categories of the record, in the regulation's order (Art. 2). */
export const RECORD_CATEGORIES = ['registration', 'contributions', 'benefits', 'accounts', 'other'] as const;
export type RecordCategory = (typeof RECORD_CATEGORIES)[number];

export const ROLES = ['insured', 'delegate', 'employer'] as const;
export type Role = (typeof ROLES)[number];

/** A registered kiosk or phone client fixes the channel; a request without a client key is the web channel. */
export const CHANNELS = ['kiosk', 'phone', 'web'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CONTRIBUTION_STATUSES = ['paid', 'arrears', 'late'] as const;
export type ContributionStatus = (typeof CONTRIBUTION_STATUSES)[number];

export const ENROLMENT_STATUSES = ['active', 'suspended', 'ended'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

export const PERSON_STATUSES = ['working', 'unemployed', 'retired', 'flexible'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export const BENEFIT_KINDS = [
  'pension',
  'unemployment_benefit',
  'medical_reimbursement',
  'work_injury_benefit',
  'maternity_benefit',
] as const;
export type BenefitKind = (typeof BENEFIT_KINDS)[number];

export const ACCOUNT_KINDS = ['pension', 'medical'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export const ACCOUNT_MOVEMENT_KINDS = [
  'contribution',
  'interest',
  'payout',
  'transfer_in',
  'transfer_out',
] as const;
export type AccountMovementKind = (typeof ACCOUNT_MOVEMENT_KINDS)[number];

/** Staff contribution status as the employer sees it, worst first. */
export const STAFF_STATUSES = ['arrears', 'late', 'paid'] as const;
export type StaffStatus = (typeof STAFF_STATUSES)[number];

/** Details the disclosure policy may withhold on a channel (published as these names; clients word them). */
export const WITHHELD_FIELDS = ['fullNationalId', 'address', 'name', 'otherPersonsNames'] as const;
export type WithheldField = (typeof WITHHELD_FIELDS)[number];

/** Kinds of contribution subsidy the records hold (clients word them; an unknown kind reads as "subsidy"). */
export const SUBSIDY_KINDS = ['flexible_employment'] as const;
export type SubsidyKind = (typeof SUBSIDY_KINDS)[number];

/** A month is written YYYY-MM everywhere (API, store, UI parsing). */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
/** A date is written YYYY-MM-DD. */
export const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

// The rights policy: who may file a request to check the record, read the requests, read the annual
// statement (and which parts of it), read "who looked at my record", and change a PIN, on which channel; and how a
// query-log entry is told to the person. Pure functions, like the disclosure policy beside it.
import { maskNationalId, type AccessLogItem, type Channel, type RecordCategory } from '@consulta/shared';
import type { MonthRange, StoredQueryLogEntry } from '../store/types.ts';
import { ALL_MONTHS, type Principal } from './disclosure.ts';

export type RightsDecision<T = object> = ({ allowed: true } & T) | { allowed: false; reason: string };

/** Statement sections and the record category each draws on. */
export const STATEMENT_SECTIONS = {
  person: 'registration',
  enrolments: 'registration',
  months: 'contributions',
  totals: 'contributions',
  cumulativeMonths: 'accounts',
  accounts: 'accounts',
  benefitsPaid: 'benefits',
} as const satisfies Record<string, RecordCategory>;
export type StatementSection = keyof typeof STATEMENT_SECTIONS;

function delegateValid(p: Extract<Principal, { role: 'delegate' }>, today: string): boolean {
  return today <= p.scope.validUntil;
}

/**
 * Filing a request to check the record: the insured person on any channel; a delegate (kiosk, web) only for a
 * category and months the authorisation names; an employer never.
 */
export function authorizeRequestFiling(
  principal: Principal,
  channel: Channel,
  category: RecordCategory,
  months: readonly string[],
  today: string,
): RightsDecision {
  switch (principal.role) {
    case 'insured':
      return { allowed: true };
    case 'employer':
      return { allowed: false, reason: 'wrong_role' };
    case 'delegate': {
      if (channel === 'phone') return { allowed: false, reason: 'channel' };
      if (!delegateValid(principal, today)) return { allowed: false, reason: 'expired' };
      if (!principal.scope.categories.includes(category)) return { allowed: false, reason: 'category' };
      const { fromMonth, toMonth } = principal.scope;
      if (months.some((m) => m < fromMonth || m > toMonth)) return { allowed: false, reason: 'months' };
      return { allowed: true };
    }
  }
}

/** Reading the requests: the insured person all of theirs; a delegate those they filed; an employer none. */
export function authorizeRequestList(principal: Principal, channel: Channel, today: string): RightsDecision {
  if (principal.role === 'employer') return { allowed: false, reason: 'wrong_role' };
  if (principal.role === 'delegate') {
    if (channel === 'phone') return { allowed: false, reason: 'channel' };
    if (!delegateValid(principal, today)) return { allowed: false, reason: 'expired' };
  }
  return { allowed: true };
}

/**
 * The annual statement: the insured person whole; a delegate only the sections whose category the
 * authorisation names, and only for a year that meets its months; an employer never.
 */
export function authorizeStatement(
  principal: Principal,
  channel: Channel,
  year: number | null,
  today: string,
): RightsDecision<{ range: MonthRange; sections: readonly StatementSection[] }> {
  const all = Object.keys(STATEMENT_SECTIONS) as StatementSection[];
  const yearRange = (r: MonthRange): MonthRange | null => {
    if (year === null) return r;
    const from = `${year}-01` > r.from ? `${year}-01` : r.from;
    const to = `${year}-12` < r.to ? `${year}-12` : r.to;
    return from <= to ? { from, to } : null;
  };
  switch (principal.role) {
    case 'employer':
      return { allowed: false, reason: 'wrong_role' };
    case 'insured': {
      const range = yearRange(ALL_MONTHS);
      return range ? { allowed: true, range, sections: all } : { allowed: false, reason: 'months' };
    }
    case 'delegate': {
      if (channel === 'phone') return { allowed: false, reason: 'channel' };
      if (!delegateValid(principal, today)) return { allowed: false, reason: 'expired' };
      const sections = all.filter((s) => principal.scope.categories.includes(STATEMENT_SECTIONS[s]));
      if (sections.length === 0) return { allowed: false, reason: 'category' };
      const range = yearRange({ from: principal.scope.fromMonth, to: principal.scope.toMonth });
      if (!range) return { allowed: false, reason: 'months' };
      return { allowed: true, range, sections };
    }
  }
}

/** A printed statement needs the contributions (a proof of contributions, like the certificate); not by phone. */
export function authorizeStatementDocument(
  principal: Principal,
  channel: Channel,
  year: number,
  today: string,
): RightsDecision<{ range: MonthRange; sections: readonly StatementSection[] }> {
  if (channel === 'phone') return { allowed: false, reason: 'channel' };
  const decision = authorizeStatement(principal, channel, year, today);
  if (decision.allowed && !decision.sections.includes('totals'))
    return { allowed: false, reason: 'category' };
  return decision;
}

/** Who looked at my record: the insured person only (it shows who else looked), on every channel. */
export function authorizeAccessLog(principal: Principal): RightsDecision {
  return principal.role === 'insured' ? { allowed: true } : { allowed: false, reason: 'wrong_role' };
}

/** Changing the PIN: the insured person on the kiosk or the web (the phone has no safe way to type it twice). */
export function authorizePinChange(principal: Principal, channel: Channel): RightsDecision {
  if (principal.role !== 'insured') return { allowed: false, reason: 'wrong_role' };
  if (channel === 'phone') return { allowed: false, reason: 'channel' };
  return { allowed: true };
}

// ---------------------------------------------------------------- telling a log entry to the person

const RESOURCE_CATEGORY: Record<string, string> = {
  'me/registration': 'registration',
  'me/contributions': 'contributions',
  'me/benefits': 'benefits',
  'me/accounts': 'accounts',
  'me/other': 'other',
  'me/summary': 'summary',
  'me/certificates': 'certificate',
  'me/statements': 'statement',
  'me/statements/document': 'statement',
  'me/requests': 'request',
  'me/access-log': 'access-log',
  'me/pin': 'pin',
  'pin/reset': 'pin',
  session: 'login',
  'certificates/verify': 'check',
  'employer/staff/lookup': 'registration',
  'employer/staff/contributions': 'contributions',
  'requests/show': 'request',
  'requests/resolve': 'request',
};

const OUTCOME_WORD: Record<string, string> = {
  invalid_credentials: 'wrong_pin',
  forbidden: 'refused',
};

export interface AccessLookups {
  delegateNationalId(authorizationId: number): string | null;
  employerName(employerId: number): string | null;
}

/** One query-log entry about the person, in words the person understands. */
export function describeAccess(
  entry: StoredQueryLogEntry,
  personId: number,
  lookups: AccessLookups,
): AccessLogItem {
  const [kind, idText] = entry.actor.split(':');
  const id = Number(idText);
  let who: AccessLogItem['who'];
  if (entry.role === 'agency') who = { kind: 'agency' };
  else if (entry.role === 'public') who = { kind: 'public' };
  else if (kind === 'person' && id === personId) who = { kind: 'self' };
  else if (kind === 'delegate') {
    const nationalId = lookups.delegateNationalId(id);
    who = { kind: 'delegate', ...(nationalId ? { maskedId: maskNationalId(nationalId) } : {}) };
  } else if (kind === 'employer') {
    const name = lookups.employerName(id);
    who = { kind: 'employer', ...(name ? { unitName: name } : {}) };
  } else who = { kind: 'unknown' };
  const channel =
    (['kiosk', 'phone', 'web', 'counter'] as const).find((c) => c === entry.channel) ?? 'counter';
  const outcome = entry.outcome.startsWith('forbidden')
    ? 'refused'
    : (OUTCOME_WORD[entry.outcome] ?? entry.outcome);
  return {
    at: entry.at,
    channel,
    who,
    category: RESOURCE_CATEGORY[entry.resource] ?? entry.resource,
    outcome,
  };
}

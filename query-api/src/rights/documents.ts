// Documents anyone can check (Art. 15): certificates and annual statements carry the agency's name, a serial,
// a check code and a QR code leading to the public check page. This module issues serials and check codes,
// registers a document's facts in the operational store (the check code only as a hash), and answers a check.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  LANGUAGES,
  type Certificate,
  type DocumentFacts,
  type Issuer,
  type Language,
  type Statement,
} from '@consulta/shared';
import type { OperationalStore } from '../store/types.ts';

export const CERTIFICATE_VALID_DAYS = 30;
/** A mailed statement stays checkable for a year. */
export const STATEMENT_VALID_DAYS = 366;
const CHECK_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** The agency as printed on documents: its name per language and the public web address of the check page. */
export interface AgencyConfig {
  name: Record<Language, string>;
  publicWebUrl: string;
}

export const DEFAULT_AGENCY: AgencyConfig = {
  name: { es: 'Agencia de Seguro Social', en: 'Social Insurance Agency', 'zh-CN': '社会保险经办机构' },
  publicWebUrl: 'http://127.0.0.1:8080',
};

/**
 * AGENCY_NAME (all languages), AGENCY_NAME_ES / _EN / _ZH (one language each), PUBLIC_WEB_URL (the check
 * page's origin, printed in the QR code).
 */
export function agencyFromEnv(env: NodeJS.ProcessEnv): AgencyConfig {
  const all = env['AGENCY_NAME']?.trim();
  const pick = (lang: Language, suffix: string): string =>
    env[`AGENCY_NAME_${suffix}`]?.trim() || all || DEFAULT_AGENCY.name[lang];
  const url = (env['PUBLIC_WEB_URL']?.trim() || DEFAULT_AGENCY.publicWebUrl).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(url))
    throw new Error(`PUBLIC_WEB_URL must be an http(s) origin (got "${url}")`);
  return {
    name: { es: pick('es', 'ES'), en: pick('en', 'EN'), 'zh-CN': pick('zh-CN', 'ZH') },
    publicWebUrl: url,
  };
}

export function verifyUrl(agency: AgencyConfig, serial: string, checkCode: string): string {
  const q = new URLSearchParams({ serial, code: checkCode });
  return `${agency.publicWebUrl}/verify?${q.toString()}`;
}

export function issuerOf(agency: AgencyConfig, serial: string, checkCode: string): Issuer {
  const name = Object.fromEntries(LANGUAGES.map((l) => [l, agency.name[l]])) as Record<Language, string>;
  return { name, verifyUrl: verifyUrl(agency, serial, checkCode) };
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function newCheckCode(length = 10): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += CHECK_CODE_ALPHABET[b % CHECK_CODE_ALPHABET.length];
  return out;
}

export function statementSerial(year: number): string {
  return `ST${year}-${randomBytes(5).toString('hex').toUpperCase()}`;
}

/** What a statement must say when checked. */
export function statementFacts(
  statement: Omit<Statement, 'asOf'>,
  maskedNationalId: string,
  serial: string,
  issuedAt: string,
  validUntil: string,
): DocumentFacts {
  const t = statement.totals ?? { monthsPaid: 0, amountPaid: 0, monthsInArrears: 0 };
  return {
    kind: 'statement',
    serial,
    issuedAt,
    validUntil,
    maskedNationalId,
    from: `${statement.year}-01`,
    to: `${statement.year}-12`,
    monthsPaid: t.monthsPaid,
    amountPaid: t.amountPaid,
    monthsInArrears: t.monthsInArrears,
  };
}

/** What a certificate must say when checked (its stored body is the certificate as issued). */
export function certificateFacts(c: Omit<Certificate, 'checkCode'>): DocumentFacts {
  let monthsPaid = 0;
  let amountPaid = 0;
  for (const line of c.lines) {
    monthsPaid = Math.max(monthsPaid, line.months);
    amountPaid += line.employerPart + line.individualPart;
  }
  return {
    kind: 'certificate',
    serial: c.serial,
    issuedAt: c.issuedAt,
    validUntil: c.validUntil,
    maskedNationalId: c.holder.maskedNationalId,
    from: c.from,
    to: c.to,
    monthsPaid,
    amountPaid,
    monthsInArrears: c.arrearsMonths,
  };
}

/** Registers an issued statement; the check code is kept only as a hash. */
export function registerStatement(
  ops: OperationalStore,
  personId: number,
  facts: DocumentFacts,
  checkCode: string,
): Promise<void> {
  return ops.insertCertificate({
    serial: facts.serial,
    checkHash: sha256Hex(checkCode),
    personId,
    issuedAt: facts.issuedAt,
    validUntil: facts.validUntil,
    body: JSON.stringify({ kind: 'statement', facts }),
  });
}

export type CheckResult =
  | { status: 'valid'; personId: number; facts: DocumentFacts; certificate?: Omit<Certificate, 'checkCode'> }
  | { status: 'expired'; personId: number }
  | { status: 'unknown' };

/** Checks a serial and check code: valid, expired (both match, validity passed) or unknown (anything else). */
export async function checkDocument(
  ops: OperationalStore,
  serialInput: string,
  codeInput: string,
  now: Date,
): Promise<CheckResult> {
  const row = await ops.certificate(serialInput.trim().toUpperCase());
  const presented = Buffer.from(sha256Hex(codeInput.trim().toUpperCase()), 'hex');
  if (!row || !timingSafeEqual(presented, Buffer.from(row.checkHash, 'hex'))) return { status: 'unknown' };
  if (now.toISOString() > row.validUntil) return { status: 'expired', personId: row.personId };
  const body = JSON.parse(row.body) as { kind?: string; facts?: DocumentFacts } & Omit<
    Certificate,
    'checkCode'
  >;
  if (body.kind === 'statement' && body.facts)
    return { status: 'valid', personId: row.personId, facts: body.facts };
  return { status: 'valid', personId: row.personId, facts: certificateFacts(body), certificate: body };
}

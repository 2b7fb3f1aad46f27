// National ID numbers and unit numbers: validation and masking, per region profile.

/** The region profile: currency and national ID scheme are settings of a deployment. */
export interface RegionProfile {
  code: string;
  currency: string;
  /** Minor units per major unit (fen per yuan). */
  minorUnits: number;
  idScheme: 'cn-resident-18';
}

export const DEFAULT_REGION_PROFILE: RegionProfile = {
  code: 'CN',
  currency: 'CNY',
  minorUnits: 100,
  idScheme: 'cn-resident-18',
};

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** ISO 7064 MOD 11-2 check character for the first 17 digits of a resident ID. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('expected 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/** Normalises (trim, upper-case x) and returns the ID if it is a valid 18-character resident ID. */
export function normalizeNationalId(input: string): string | null {
  const id = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return null;
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]) return null;
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return id;
}

export function isValidNationalId(input: string): boolean {
  return normalizeNationalId(input) !== null;
}

/** Masked form shown where the full number may not be: first 3 and last 4 characters. */
export function maskNationalId(id: string): string {
  if (id.length < 8) return '*'.repeat(id.length);
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}

/** The last four characters, as the phone reads an ID back ("ending in …"). */
export function nationalIdEnding(id: string): string {
  return id.slice(-4);
}

/** Unit numbers are 9 to 18 digits or capital letters (unified social credit codes are 18). */
export const UNIT_NUMBER_PATTERN = /^[0-9A-Z]{9,18}$/;
export const PIN_PATTERN = /^\d{6}$/;

// Slow salted hashing of secrets (PINs, passwords, authorisation codes, client keys) with scrypt.
// Stored form: 'scrypt$N$r$p$<salt base64>$<hash base64>' so parameters can be raised later.
import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** Interactive-login strength; deliberately slow (tens of milliseconds). */
export const SECRET_PARAMS: ScryptParams = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;
const MAXMEM = 64 * 1024 * 1024;

function scryptAsync(secret: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: MAXMEM };
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function encode(params: ScryptParams, salt: Buffer, key: Buffer): string {
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Hashes on the thread pool (does not block the event loop). */
export async function hashSecret(secret: string, params: ScryptParams = SECRET_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  return encode(params, salt, await scryptAsync(secret, salt, params));
}

/** Synchronous variant for bulk generation in a worker or CLI. */
export function hashSecretSync(secret: string, params: ScryptParams = SECRET_PARAMS): string {
  const salt = randomBytes(16);
  return encode(params, salt, scryptSync(secret, salt, KEY_LENGTH, { ...params, maxmem: MAXMEM }));
}

function decode(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [, n, r, p, salt, key] = parts;
  return {
    params: { N: Number(n), r: Number(r), p: Number(p) },
    salt: Buffer.from(salt ?? '', 'base64'),
    key: Buffer.from(key ?? '', 'base64'),
  };
}

/** Constant-time comparison. A malformed stored hash never verifies. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const decoded = decode(stored);
  if (!decoded) return false;
  const key = await scryptAsync(secret, decoded.salt, decoded.params);
  return key.length === decoded.key.length && timingSafeEqual(key, decoded.key);
}

/**
 * A hash of a random secret with the standard parameters, verified against when the identity is unknown,
 * so that an unknown ID and a wrong PIN take the same time.
 */
export const DUMMY_HASH = hashSecretSync(randomBytes(12).toString('hex'));

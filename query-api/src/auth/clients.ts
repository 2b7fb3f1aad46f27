// Registered clients (kiosk terminals, the phone server): `X-Client-Key: <clientId>.<secret>` fixes the channel.
// Keys are stored as scrypt hashes, which is slow on purpose, so a verified key is cached in memory under a
// SHA-256 of the presented key. Revocation is checked with one primary-key lookup at most once per second per
// cached key, so a revocation takes effect within a second (not on the very next request).
// A key that is not cached costs work, so it is throttled per address before anything else happens: its id is
// looked up first and only a known, unrevoked id is hashed. Wrong keys from one address therefore cost at most
// a few hashes (the burst) and then one token refill each, and never hold up the thread pool real logins use.
import { createHash, randomBytes } from 'node:crypto';
import type { OperationalStore } from '../store/types.ts';
import { RateLimiter, type BucketConfig } from './rate-limit.ts';
import { hashSecret, verifySecret } from './secrets.ts';

export interface ClientIdentity {
  clientId: string;
  channel: 'kiosk' | 'phone';
}

const CACHE_LIMIT = 1024;
/** How long a cached key is trusted before its revocation is looked up again: revocation takes effect within it. */
const REVOCATION_CHECK_MS = 1000;

interface CachedKey {
  identity: ClientIdentity;
  /** When revocation was last looked up (the injected clock's milliseconds). */
  checkedAt: number;
}
const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Presentations of a key that is not cached yet, per address: a restarting kiosk needs one. */
export const DEFAULT_UNVERIFIED_KEYS: BucketConfig = { perSecond: 0.5, burst: 20 };

export type ClientCheck =
  | { kind: 'ok'; identity: ClientIdentity }
  | { kind: 'unknown' }
  /** Too many uncached keys from this address: refused without a look-up or a hash. */
  | { kind: 'throttled'; retryAt: number };

export class ClientAuthenticator {
  readonly #ops: OperationalStore;
  readonly #verified = new Map<string, CachedKey>();
  readonly #unverified: RateLimiter;
  #hashes = 0;

  constructor(ops: OperationalStore, unverifiedKeys: BucketConfig = DEFAULT_UNVERIFIED_KEYS) {
    this.#ops = ops;
    this.#unverified = new RateLimiter(unverifiedKeys);
  }

  /** How many keys were hashed since start (what wrong keys cost). */
  get hashes(): number {
    return this.#hashes;
  }

  /** The client behind a key presented from `address`. */
  async check(presented: string, now: number, address: string): Promise<ClientCheck> {
    const digest = createHash('sha256').update(presented).digest('base64');
    if (!this.#verified.has(digest)) {
      const retryAt = this.#unverified.take(address, now);
      if (retryAt !== null) return { kind: 'throttled', retryAt };
    }
    const identity = await this.authenticate(presented, now);
    return identity ? { kind: 'ok', identity } : { kind: 'unknown' };
  }

  /** The client behind a presented key, or null when the key is unknown, wrong or revoked (not throttled). */
  async authenticate(presented: string, now: number): Promise<ClientIdentity | null> {
    const digest = createHash('sha256').update(presented).digest('base64');
    const cached = this.#verified.get(digest);
    if (cached) {
      // A clock that went back also forces a look-up.
      if (now - cached.checkedAt >= REVOCATION_CHECK_MS || now < cached.checkedAt) {
        if (await this.#ops.clientRevoked(cached.identity.clientId)) {
          this.#verified.delete(digest);
          return null;
        }
        cached.checkedAt = now;
      }
      return cached.identity;
    }
    const dot = presented.indexOf('.');
    if (dot <= 0) return null;
    const clientId = presented.slice(0, dot);
    if (!CLIENT_ID_PATTERN.test(clientId)) return null;
    const row = await this.#ops.client(clientId);
    if (!row || row.revokedAt !== null) return null;
    // The stored hash covers the whole key (id and secret), as the data loader and `ops clients add` write it.
    this.#hashes++;
    if (!(await verifySecret(presented, row.keyHash))) return null;
    if (this.#verified.size >= CACHE_LIMIT) this.#verified.clear();
    const identity: ClientIdentity = { clientId: row.clientId, channel: row.channel };
    this.#verified.set(digest, { identity, checkedAt: now });
    return identity;
  }
}

/** A new client's id and key (the key is shown once; only its hash is stored). */
export async function newClientKey(
  channel: 'kiosk' | 'phone',
): Promise<{ clientId: string; key: string; keyHash: string }> {
  const clientId = `${channel}-${randomBytes(6).toString('hex')}`;
  const key = `${clientId}.${randomBytes(24).toString('base64url')}`;
  return { clientId, key, keyHash: await hashSecret(key) };
}

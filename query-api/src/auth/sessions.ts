// Logins and sessions. A wrong secret and an unknown identity get the same answer in the same time (an unknown
// identity is verified against DUMMY_HASH and counts toward a lock-out like a known one); five wrong secrets in a
// row lock the identity. Tokens are 256 random bits, stored as SHA-256 hashes, with idle and absolute expiry,
// and bound to the channel and the client that logged in.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { normalizeNationalId, type Channel, type SessionRequest } from '@consulta/shared';
import { loginAllowed, type Principal } from '../policy/disclosure.ts';
import type { DelegateScope, OperationalStore, RecordsStore, SessionRow } from '../store/types.ts';
import { DUMMY_HASH, verifySecret } from './secrets.ts';

export const MAX_FAILURES = 5;
/** Idle-expiry bookkeeping is written at most this often per session. */
const TOUCH_INTERVAL_MS = 5_000;

export interface SessionConfig {
  idleSeconds: number;
  maxSeconds: number;
  lockoutMinutes: number;
}

export interface Caller {
  channel: Channel;
  /** The registered client, or null on the web channel. */
  clientId: string | null;
}

export type LoginResult =
  | {
      kind: 'ok';
      token: string;
      principal: Principal;
      expiresAt: number;
      scope?: DelegateScope;
    }
  | { kind: 'invalid_credentials'; attemptsLeft: number; actor: string }
  | { kind: 'locked'; retryAt: number; actor: string }
  | { kind: 'forbidden'; reason: 'channel' | 'expired'; actor: string }
  | { kind: 'bad_id' };

export type ResolveResult =
  | { kind: 'ok'; principal: Principal; session: SessionRow }
  | { kind: 'unauthenticated' }
  | { kind: 'session_expired' };

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function principalOf(row: SessionRow): Principal | null {
  switch (row.role) {
    case 'insured':
      return { role: 'insured', personId: row.subjectId };
    case 'employer':
      return { role: 'employer', employerId: row.subjectId };
    case 'delegate':
      return row.scope && row.authorizationId !== null
        ? {
            role: 'delegate',
            personId: row.subjectId,
            authorizationId: row.authorizationId,
            scope: row.scope,
          }
        : null;
  }
}

export class SessionService {
  readonly #records: RecordsStore;
  readonly #ops: OperationalStore;
  readonly #config: SessionConfig;
  readonly #identityKey: Buffer;
  #lastSweep = 0;

  constructor(records: RecordsStore, ops: OperationalStore, config: SessionConfig) {
    this.#records = records;
    this.#ops = ops;
    this.#config = config;
    this.#identityKey = ops.secret('lockout-identity');
  }

  get idleSeconds(): number {
    return this.#config.idleSeconds;
  }

  /** Lock-out rows are keyed by an HMAC so that no ID or unit number is stored in the operational store. */
  #identity(kind: string, id: string): string {
    return createHmac('sha256', this.#identityKey).update(`${kind}:${id}`).digest('hex');
  }

  async login(request: SessionRequest, caller: Caller, now: number): Promise<LoginResult> {
    if (!loginAllowed(request.method, caller.channel))
      return { kind: 'forbidden', reason: 'channel', actor: 'unknown' };

    let identity: string;
    let verify: () => Promise<{ principal: Principal; actor: string; scope?: DelegateScope } | null>;
    switch (request.method) {
      case 'pin': {
        const nationalId = normalizeNationalId(request.nationalId);
        if (!nationalId) return { kind: 'bad_id' };
        identity = this.#identity('person', nationalId);
        verify = async () => {
          const cred = this.#records.findPersonCredential(nationalId);
          const ok = await verifySecret(request.pin, cred?.pinHash ?? DUMMY_HASH);
          return ok && cred
            ? { principal: { role: 'insured', personId: cred.personId }, actor: `person:${cred.personId}` }
            : null;
        };
        break;
      }
      case 'delegate': {
        const nationalId = normalizeNationalId(request.delegateNationalId);
        if (!nationalId) return { kind: 'bad_id' };
        identity = this.#identity('delegate', nationalId);
        verify = async () => {
          const rows = this.#records.findDelegateAuthorizations(nationalId);
          if (rows.length === 0) {
            await verifySecret(request.authorizationCode, DUMMY_HASH);
            return null;
          }
          for (const row of rows) {
            if (await verifySecret(request.authorizationCode, row.codeHash)) {
              const scope: DelegateScope = {
                categories: row.categories,
                fromMonth: row.fromMonth,
                toMonth: row.toMonth,
                validUntil: row.validUntil,
              };
              return {
                principal: { role: 'delegate', personId: row.personId, authorizationId: row.id, scope },
                actor: `delegate:${row.id}`,
                scope,
              };
            }
          }
          return null;
        };
        break;
      }
      case 'employer':
      case 'employer-pin': {
        const unitNumber = request.unitNumber;
        identity = this.#identity('employer', unitNumber);
        verify = async () => {
          const cred = this.#records.findEmployerCredential(unitNumber);
          const stored = cred
            ? request.method === 'employer'
              ? cred.passwordHash
              : cred.phonePinHash
            : DUMMY_HASH;
          const secret = request.method === 'employer' ? request.password : request.pin;
          const ok = await verifySecret(secret, stored);
          return ok && cred
            ? {
                principal: { role: 'employer', employerId: cred.employerId },
                actor: `employer:${cred.employerId}`,
              }
            : null;
        };
        break;
      }
    }

    const before = this.#ops.lockout(identity);
    if (before?.lockedUntil && before.lockedUntil > now) {
      return { kind: 'locked', retryAt: before.lockedUntil, actor: 'unknown' };
    }

    const verified = await verify();
    // Read again after the slow hash: another attempt may have counted meanwhile.
    const current = this.#ops.lockout(identity);
    if (!verified) {
      const expiredLock = current?.lockedUntil !== null && current?.lockedUntil !== undefined;
      if (current?.lockedUntil && current.lockedUntil > now) {
        return { kind: 'locked', retryAt: current.lockedUntil, actor: 'unknown' };
      }
      const failures = (expiredLock ? 0 : (current?.failures ?? 0)) + 1;
      if (failures >= MAX_FAILURES) {
        const retryAt = now + this.#config.lockoutMinutes * 60_000;
        this.#ops.saveLockout({ identity, failures: 0, lockedUntil: retryAt });
        return { kind: 'locked', retryAt, actor: 'unknown' };
      }
      this.#ops.saveLockout({ identity, failures, lockedUntil: null });
      return { kind: 'invalid_credentials', attemptsLeft: MAX_FAILURES - failures, actor: 'unknown' };
    }
    if (current?.lockedUntil && current.lockedUntil > now) {
      return { kind: 'locked', retryAt: current.lockedUntil, actor: verified.actor };
    }
    if (current) this.#ops.clearLockout(identity);

    const today = new Date(now).toISOString().slice(0, 10);
    if (verified.scope && today > verified.scope.validUntil) {
      return { kind: 'forbidden', reason: 'expired', actor: verified.actor };
    }

    this.#sweep(now);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + this.#config.maxSeconds * 1000;
    const principal = verified.principal;
    this.#ops.insertSession({
      tokenHash: hashToken(token),
      role: principal.role,
      channel: caller.channel,
      clientId: caller.clientId,
      subjectId: principal.role === 'employer' ? principal.employerId : principal.personId,
      authorizationId: principal.role === 'delegate' ? principal.authorizationId : null,
      scope: verified.scope ?? null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
    });
    return { kind: 'ok', token, principal, expiresAt, ...(verified.scope ? { scope: verified.scope } : {}) };
  }

  /** The session behind a bearer token, refused when it was made by another channel or client. */
  resolve(token: string, caller: Caller, now: number): ResolveResult {
    const tokenHash = hashToken(token);
    const row = this.#ops.session(tokenHash);
    if (!row) return { kind: 'unauthenticated' };
    if (row.channel !== caller.channel || row.clientId !== caller.clientId)
      return { kind: 'unauthenticated' };
    if (now >= row.expiresAt || now - row.lastSeenAt >= this.#config.idleSeconds * 1000) {
      this.#ops.deleteSession(tokenHash);
      return { kind: 'session_expired' };
    }
    const principal = principalOf(row);
    if (!principal) return { kind: 'unauthenticated' };
    if (now - row.lastSeenAt >= TOUCH_INTERVAL_MS) this.#ops.touchSession(tokenHash, now);
    return { kind: 'ok', principal, session: row };
  }

  logout(session: SessionRow): void {
    this.#ops.deleteSession(session.tokenHash);
  }

  /** Expired sessions are removed now and then, at login time (never on the query path). */
  #sweep(now: number): void {
    if (now - this.#lastSweep < 60_000) return;
    this.#lastSweep = now;
    this.#ops.deleteExpiredSessions(now, this.#config.idleSeconds * 1000);
  }
}

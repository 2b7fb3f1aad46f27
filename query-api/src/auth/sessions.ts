// Logins and sessions. A wrong secret and an unknown identity get the same answer in the same time (an unknown
// identity is verified against DUMMY_HASH and is throttled like a known one). Wrong secrets are throttled per
// identity and source, within an hourly budget per identity (auth/throttle.ts). Tokens are 256 random bits,
// stored as SHA-256 hashes, with idle and absolute expiry, and bound to the channel and the client that logged in.
import { createHash, randomBytes } from 'node:crypto';
import { normalizeNationalId, type Channel, type SessionRequest } from '@consulta/shared';
import { loginAllowed, type Principal } from '../policy/disclosure.ts';
import type {
  DelegateScope,
  OperationalStore,
  RecordsStore,
  SessionRow,
  StoredSession,
} from '../store/types.ts';
import { DUMMY_HASH, verifySecret } from './secrets.ts';
import { LoginThrottle, loginPolicy, sourceOf } from './throttle.ts';

export { FAILURES_BEFORE_LOCK as MAX_FAILURES } from './throttle.ts';
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

/**
 * What the query log records about a refused login: whose identity was tried (`person:12`, `employer:4`, or
 * `unknown:<pseudonym>` when no such identity exists) and from where (the client id — on the phone with
 * `/line:<pseudonym>` of the calling line — or `web:<pseudonym>` of the caller's network).
 */
export interface AttemptTrace {
  target: string;
  source: string;
}

export type LoginResult =
  | {
      kind: 'ok';
      token: string;
      principal: Principal;
      expiresAt: number;
      scope?: DelegateScope;
    }
  | ({ kind: 'invalid_credentials'; attemptsLeft: number } & AttemptTrace)
  /** `imposed`: this attempt's failure set the lock (a lock-out), otherwise it was refused by one. */
  | ({ kind: 'locked'; retryAt: number; imposed: boolean } & AttemptTrace)
  | { kind: 'forbidden'; reason: 'channel' | 'expired'; actor: string }
  | { kind: 'bad_id' };

export type ResolveResult =
  | { kind: 'ok'; principal: Principal; session: StoredSession }
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
  readonly #throttle: LoginThrottle;
  #lastSweep = 0;

  constructor(records: RecordsStore, ops: OperationalStore, config: SessionConfig, throttle: LoginThrottle) {
    this.#records = records;
    this.#ops = ops;
    this.#config = config;
    this.#throttle = throttle;
  }

  /** The service with its login throttle (whose key is a server secret in the operational store). */
  static async open(
    records: RecordsStore,
    ops: OperationalStore,
    config: SessionConfig,
  ): Promise<SessionService> {
    return new SessionService(records, ops, config, await LoginThrottle.open(ops, config.lockoutMinutes));
  }

  get idleSeconds(): number {
    return this.#config.idleSeconds;
  }

  /** The throttling policy as configured (published in GET /v1/disclosure). */
  get loginPolicy() {
    return loginPolicy(this.#config.lockoutMinutes);
  }

  /**
   * Logs in. `address` is the caller's network address: on the web channel it is the source that wrong
   * secrets are throttled by (a registered client is its own source).
   */
  async login(request: SessionRequest, caller: Caller, now: number, address = ''): Promise<LoginResult> {
    if (!loginAllowed(request.method, caller.channel))
      return { kind: 'forbidden', reason: 'channel', actor: 'unknown' };

    let identity: string;
    let target: () => Promise<string>;
    let verify: () => Promise<{ principal: Principal; actor: string; scope?: DelegateScope } | null>;
    const unknown = (kind: string, id: string) => `unknown:${this.#throttle.pseudonym(`${kind}:${id}`)}`;
    switch (request.method) {
      case 'pin': {
        const nationalId = normalizeNationalId(request.nationalId);
        if (!nationalId) return { kind: 'bad_id' };
        identity = this.#throttle.identity('person', nationalId);
        target = async () => {
          const personId = await this.#records.personIdByNationalId(nationalId);
          return personId === null ? unknown('person', nationalId) : `person:${personId}`;
        };
        verify = async () => {
          const cred = await this.#records.findPersonCredential(nationalId);
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
        identity = this.#throttle.identity('delegate', nationalId);
        target = async () => {
          // The delegate's ID is not a record; the persons who authorised them are whose records are at stake.
          const persons = [
            ...new Set((await this.#records.findDelegateAuthorizations(nationalId)).map((r) => r.personId)),
          ];
          return persons.length === 0
            ? unknown('delegate', nationalId)
            : persons.map((id) => `person:${id}`).join('+');
        };
        verify = async () => {
          const rows = await this.#records.findDelegateAuthorizations(nationalId);
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
        identity = this.#throttle.identity('employer', unitNumber);
        target = async () => {
          const cred = await this.#records.findEmployerCredential(unitNumber);
          return cred ? `employer:${cred.employerId}` : unknown('employer', unitNumber);
        };
        verify = async () => {
          const cred = await this.#records.findEmployerCredential(unitNumber);
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

    const source = sourceOf(caller, address, request.line);
    const trace = async (): Promise<AttemptTrace> => ({
      target: await target(),
      source: traceSource(caller, source, (text) => this.#throttle.pseudonym(text)),
    });
    // The credential (an employer's password or phone PIN) is part of the throttled identity, so that wrong
    // passwords never lock the phone PIN.
    await this.#sweep(now);
    const admission = await this.#throttle.admit(identity, request.method, caller.channel, source, now);
    if (admission.kind === 'locked') {
      return { kind: 'locked', retryAt: admission.retryAt, imposed: false, ...(await trace()) };
    }

    let verified: Awaited<ReturnType<typeof verify>>;
    try {
      verified = await verify();
    } catch (err) {
      // Not checked: the attempt is not held against the identity.
      await this.#throttle.succeeded(admission.ticket);
      throw err;
    }
    if (!verified) {
      const outcome = await this.#throttle.failed(admission.ticket, now);
      return outcome.kind === 'locked'
        ? { kind: 'locked', retryAt: outcome.retryAt, imposed: true, ...(await trace()) }
        : { kind: 'invalid_credentials', attemptsLeft: outcome.attemptsLeft, ...(await trace()) };
    }
    await this.#throttle.succeeded(admission.ticket);

    const today = new Date(now).toISOString().slice(0, 10);
    if (verified.scope && today > verified.scope.validUntil) {
      return { kind: 'forbidden', reason: 'expired', actor: verified.actor };
    }

    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + this.#config.maxSeconds * 1000;
    const principal = verified.principal;
    await this.#ops.insertSession({
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
  async resolve(token: string, caller: Caller, now: number): Promise<ResolveResult> {
    const tokenHash = hashToken(token);
    const row = await this.#ops.session(tokenHash);
    if (!row) return { kind: 'unauthenticated' };
    if (row.channel !== caller.channel || row.clientId !== caller.clientId)
      return { kind: 'unauthenticated' };
    if (now >= row.expiresAt || now - row.lastSeenAt >= this.#config.idleSeconds * 1000) {
      await this.#ops.deleteSession(tokenHash);
      return { kind: 'session_expired' };
    }
    const principal = principalOf(row);
    if (!principal) return { kind: 'unauthenticated' };
    if (now - row.lastSeenAt >= TOUCH_INTERVAL_MS) await this.#ops.touchSession(tokenHash, now);
    return { kind: 'ok', principal, session: row };
  }

  /**
   * A logged-in person's current PIN (a PIN change), checked as a login attempt is: counted before the check,
   * per source and within the identity's hourly budget, so a session is no way around the login throttle.
   */
  async checkPin(
    nationalId: string,
    pinHash: string,
    pin: string,
    caller: Caller,
    now: number,
    address = '',
  ): Promise<
    { kind: 'ok' } | { kind: 'invalid'; attemptsLeft: number } | { kind: 'locked'; retryAt: number }
  > {
    const identity = this.#throttle.identity('person', normalizeNationalId(nationalId) ?? nationalId);
    const source = sourceOf(caller, address);
    const admission = await this.#throttle.admit(identity, 'pin', caller.channel, source, now);
    if (admission.kind === 'locked') return { kind: 'locked', retryAt: admission.retryAt };
    let ok: boolean;
    try {
      ok = await verifySecret(pin, pinHash);
    } catch (err) {
      await this.#throttle.succeeded(admission.ticket);
      throw err;
    }
    if (ok) {
      await this.#throttle.succeeded(admission.ticket);
      return { kind: 'ok' };
    }
    const outcome = await this.#throttle.failed(admission.ticket, now);
    return outcome.kind === 'locked'
      ? { kind: 'locked', retryAt: outcome.retryAt }
      : { kind: 'invalid', attemptsLeft: outcome.attemptsLeft };
  }

  logout(session: SessionRow): Promise<void> {
    return this.#ops.deleteSession(session.tokenHash);
  }

  /** Expired sessions are removed now and then, at login time (never on the query path). */
  async #sweep(now: number): Promise<void> {
    if (now - this.#lastSweep < 60_000) return;
    this.#lastSweep = now;
    await this.#ops.deleteExpiredSessions(now, this.#config.idleSeconds * 1000);
    await this.#throttle.prune(now);
  }
}

/** A source as the query log names it: no address or phone number in clear. */
function traceSource(caller: Caller, source: string, pseudonym: (text: string) => string): string {
  if (caller.clientId === null) return `web:${pseudonym(source)}`;
  return caller.channel === 'phone' ? `${caller.clientId}/line:${pseudonym(source)}` : caller.clientId;
}

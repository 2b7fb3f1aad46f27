// Login throttling: guessing stays bounded and nobody can lock a person out from afar.
//
// Two counts, both kept in the operational store (so that every API instance shares them):
// - per source: an identity's consecutive failures from one source (a registered client — one kiosk terminal;
//   on the phone, one calling line through the phone server — or one web network: an IPv4 address or an IPv6
//   /64). Five in a row lock that identity
//   for that source only, for a time that doubles with each lock (15 min, 30, 60 … at most a day). Wrong PINs
//   on the web therefore slow the web for that person, never the kiosk where they stand with their ID card.
// - per channel, per hour: at most 20 failed attempts on the web, 30 by phone and 50 at kiosks for one identity
//   in any rolling hour, from all sources of that channel together: at most 100 per identity per hour from all
//   sources together (OWASP ASVS 4.0 2.2.1), however many addresses an attacker holds.
// An attempt is counted before its secret is checked and given back when it succeeds, so concurrent attempts
// cannot slip past either count. Identities, sources and keys are HMACs: the store holds no ID number, unit
// number or address. Each step (admit, failed, succeeded) makes several store calls; within the process the
// steps of one source key run one after another (a KeyedQueue), so that no other request of this process reads
// or writes that source's row between a step's read and its write.
import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { Channel, LoginPolicy } from '@consulta/shared';
import { KeyedQueue } from '../store/keyed-queue.ts';
import type { OperationalStore } from '../store/types.ts';

export const FAILURES_BEFORE_LOCK = 5;
/** A lock never lasts longer than this, however many came before. */
export const MAX_LOCK_MS = 24 * 3_600_000;
/** Locks are forgotten (the next one is short again) this long after the last one ended. */
const LOCK_MEMORY_MS = 24 * 3_600_000;
export const BUDGET_WINDOW_MS = 3_600_000;
/** Failed attempts per identity per rolling hour, per channel: 100 in all (ASVS 2.2.1). */
export const HOURLY_BUDGET: Readonly<Record<Channel, number>> = { kiosk: 50, phone: 30, web: 20 };

/** The policy as published in GET /v1/disclosure and the README. */
export function loginPolicy(firstLockMinutes: number): LoginPolicy {
  return {
    failuresBeforeLock: FAILURES_BEFORE_LOCK,
    firstLockMinutes,
    maxLockHours: MAX_LOCK_MS / 3_600_000,
    lockScope:
      'one identity from one source: a registered kiosk terminal, one calling line on the phone (withheld numbers count as one line), or one web address (IPv6: its /64)',
    lockGrowth: 'each further lock of the same identity from the same source lasts twice as long',
    failedAttemptsPerHour: { ...HOURLY_BUDGET },
    note: 'wrong attempts on the web or by phone never lock the kiosk; employer password failures never lock the employer phone PIN',
  };
}

/**
 * The network an address belongs to: an IPv4 address as it is, an IPv6 address cut to its /64 (one
 * subscriber usually holds a whole /64), an IPv4-mapped IPv6 address as IPv4.
 */
export function networkOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return address || 'unknown';
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  const groups = address.includes('::') ? [...left, ...Array<string>(missing).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * The calling line a phone attempt comes from: the number's digits, or `withheld` for every number the network
 * did not give (Twilio's `anonymous`, `Restricted`, its placeholder numbers, nothing at all).
 */
export function lineOf(from: string | undefined): string {
  const digits = (from ?? '').replace(/[\s()-]/g, '');
  return /^\+?[1-9]\d{5,14}$/.test(digits) && !WITHHELD_NUMBERS.has(digits)
    ? digits.replace(/^\+/, '')
    : 'withheld';
}
/** Twilio's stand-ins for a number the caller withheld (https://www.twilio.com/docs/voice/twiml). */
const WITHHELD_NUMBERS = new Set(['+266696687', '+86282452253', '+7378742833', '+2562533']);

/**
 * Where an attempt comes from: a registered client (on the phone channel, with the calling line), or a web
 * network. `line` counts only for the phone channel: a kiosk or the web cannot split its source with it.
 */
export function sourceOf(
  caller: { channel: Channel; clientId: string | null },
  address: string,
  line?: string,
): string {
  if (caller.clientId === null) return `web:${networkOf(address)}`;
  return caller.channel === 'phone' ? `${caller.clientId}|line:${lineOf(line)}` : caller.clientId;
}

export type Ticket = {
  sourceKey: string;
  budgetId: number;
};

export type Admission =
  { kind: 'admitted'; ticket: Ticket } | { kind: 'locked'; retryAt: number; why: 'source' | 'budget' };

export type FailureOutcome =
  { kind: 'invalid'; attemptsLeft: number } | { kind: 'locked'; retryAt: number; why: 'source' };

export class LoginThrottle {
  readonly #ops: OperationalStore;
  readonly #key: Buffer;
  readonly #firstLockMs: number;
  readonly #steps = new KeyedQueue();

  /** `key`: the server secret the pseudonyms are made with (`open` reads it from the store). */
  constructor(ops: OperationalStore, key: Buffer, firstLockMinutes: number) {
    this.#ops = ops;
    this.#key = key;
    this.#firstLockMs = firstLockMinutes * 60_000;
  }

  static async open(ops: OperationalStore, firstLockMinutes: number): Promise<LoginThrottle> {
    return new LoginThrottle(ops, await ops.secret('lockout-identity'), firstLockMinutes);
  }

  #mac(text: string): string {
    return createHmac('sha256', this.#key).update(text).digest('hex');
  }

  /** An identity's pseudonym (no ID or unit number stored or logged). */
  identity(kind: string, id: string): string {
    return this.#mac(`${kind}:${id}`);
  }

  /** A short pseudonym for the query log (a web network, an unknown identity). */
  pseudonym(text: string): string {
    return this.#mac(`log:${text}`).slice(0, 16);
  }

  /**
   * Checks the source's lock and takes one attempt from the channel's hourly budget; the attempt counts as a
   * failure until `succeeded` gives it back. `credential` keeps an employer's password and phone PIN apart.
   */
  admit(
    identity: string,
    credential: string,
    channel: Channel,
    source: string,
    now: number,
  ): Promise<Admission> {
    const sourceKey = this.#mac(`${identity}|${credential}|${source}`);
    return this.#steps.run(sourceKey, () => this.#admit(sourceKey, identity, channel, now));
  }

  async #admit(sourceKey: string, identity: string, channel: Channel, now: number): Promise<Admission> {
    const before = await this.#ops.loginThrottle(sourceKey);
    if (before?.lockedUntil && before.lockedUntil > now) {
      return { kind: 'locked', retryAt: before.lockedUntil, why: 'source' };
    }
    const budget = await this.#ops.takeLoginBudget(
      `${identity}|${channel}`,
      now,
      BUDGET_WINDOW_MS,
      HOURLY_BUDGET[channel],
    );
    if (budget.kind === 'spent') return { kind: 'locked', retryAt: budget.retryAt, why: 'budget' };
    const counted = await this.#ops.addLoginFailure(sourceKey);
    if ((counted.lockedUntil && counted.lockedUntil > now) || counted.failures > FAILURES_BEFORE_LOCK) {
      // Another attempt from this source locked it meanwhile, or enough are already being checked.
      await this.#ops.releaseLoginBudget(budget.id);
      const retryAt =
        counted.lockedUntil && counted.lockedUntil > now ? counted.lockedUntil : now + this.#firstLockMs;
      return { kind: 'locked', retryAt, why: 'source' };
    }
    return { kind: 'admitted', ticket: { sourceKey, budgetId: budget.id } };
  }

  /** The secret was right: the attempt is given back and the source's count starts again. */
  succeeded(ticket: Ticket): Promise<void> {
    return this.#steps.run(ticket.sourceKey, async () => {
      await this.#ops.releaseLoginBudget(ticket.budgetId);
      await this.#ops.clearLoginThrottle(ticket.sourceKey);
    });
  }

  /** The secret was wrong: the attempt stays counted; the fifth in a row from a source locks it. */
  failed(ticket: Ticket, now: number): Promise<FailureOutcome> {
    return this.#steps.run(ticket.sourceKey, () => this.#failed(ticket, now));
  }

  async #failed(ticket: Ticket, now: number): Promise<FailureOutcome> {
    const row = await this.#ops.loginThrottle(ticket.sourceKey);
    const failures = row?.failures ?? 1;
    if (failures < FAILURES_BEFORE_LOCK) {
      return { kind: 'invalid', attemptsLeft: FAILURES_BEFORE_LOCK - failures };
    }
    const forgotten =
      row?.lockedUntil !== null && row?.lockedUntil !== undefined
        ? now - row.lockedUntil > LOCK_MEMORY_MS
        : false;
    const locks = forgotten ? 0 : (row?.locks ?? 0);
    const duration = Math.min(MAX_LOCK_MS, this.#firstLockMs * 2 ** Math.min(locks, 16));
    const retryAt = now + duration;
    await this.#ops.saveLoginThrottle({
      key: ticket.sourceKey,
      failures: 0,
      lockedUntil: retryAt,
      locks: locks + 1,
    });
    return { kind: 'locked', retryAt, why: 'source' };
  }

  /** Forgets budget entries that have left the window (called now and then, never on the query path). */
  prune(now: number): Promise<void> {
    return this.#ops.pruneLoginBudget(now - BUDGET_WINDOW_MS);
  }
}

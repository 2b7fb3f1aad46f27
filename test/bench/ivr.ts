// The phone server's benchmark: many simulated calls at once, each pressing a key every few seconds through the
// real phone server and the real API, measuring how long each webhook takes to answer (the API calls behind it
// included) — callers must hear no pause (target p99 < 20 ms) — and then the most webhooks per second the phone
// server sustains when callers press keys as fast as it answers. Called from test/bench/run.ts.
import { CallSimulator } from '../../ivr-server/src/call/simulator.ts';
import { keysForUnitNumber } from '../../ivr-server/src/menu/states.ts';

export interface BenchIvrOptions {
  apiUrl: string;
  ivrUrl: string;
  /** The phone server's Twilio auth token (it must be running with the same). */
  authToken: string;
  /** The URL the phone server checks signatures against (default ivrUrl). */
  publicBaseUrl?: string;
  /** Demo identities to log in with (demo-credentials.json), used in turn. */
  insured: { nationalId: string; pin: string }[];
  employers?: { unitNumber: string; phonePin: string }[];
  /** Concurrent calls (default 200). */
  calls?: number;
  /** Milliseconds between a caller's key presses (default 2000). */
  intervalMs?: number;
  /**
   * Calls begin spread over this many ms, as calls do (default 40000): 200 logins at once would measure the
   * API's deliberately slow PIN hash, not the phone server.
   */
  rampMs?: number;
  /** How long each call stays in the menus after login (default 40000, so that all calls overlap). */
  menuMs?: number;
  /** Concurrent callers pressing keys without pause, for the throughput phase (default 32; 0 skips it). */
  saturationCalls?: number;
  saturationMs?: number;
}

export interface Percentiles {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface BenchIvrResult {
  calls: number;
  intervalMs: number;
  /** Every webhook but the login (whose cost is the deliberately slow PIN hash at the API). */
  menu: Percentiles;
  /** Menu webhooks after the last login: every call in the menus, no PIN hashing beside them. */
  steady: Percentiles;
  login: Percentiles;
  all: Percentiles;
  /** Webhooks answered with something other than 200, or calls that ended before their last key. */
  errors: number;
  endedEarly: number;
  saturation: {
    calls: number;
    seconds: number;
    webhooksPerSecond: number;
    p99Ms: number;
    errors: number;
  } | null;
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    count: sorted.length,
    p50Ms: round(at(0.5)),
    p99Ms: round(at(0.99)),
    maxMs: round(sorted.at(-1) ?? 0),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The menu keys a benchmark caller presses after login: every record category (the menu's keys work right after
 * an answer), the details, the "more" menu, and back to the main menu.
 */
const INSURED_LOOP = ['1', '5', '2', '3', '4', '1', '2', '*', '9'];
const EMPLOYER_LOOP = ['1', '3', '*', '9'];

interface Caller {
  login: string[];
  loop: string[];
}

function callers(options: BenchIvrOptions, n: number): Caller[] {
  const out: Caller[] = [];
  const employers = options.employers ?? [];
  for (let i = 0; i < n; i++) {
    // One call in ten is an employer, when there are employers.
    const employer = employers.length > 0 && i % 10 === 9 ? employers[i % employers.length] : undefined;
    if (employer) {
      out.push({
        login: ['2', '2', `${keysForUnitNumber(employer.unitNumber)}#`, `${employer.phonePin}#`],
        loop: EMPLOYER_LOOP,
      });
    } else {
      const p = options.insured[i % options.insured.length];
      if (!p) throw new Error('benchIvr needs at least one insured identity');
      out.push({
        login: ['2', '1', `${p.nationalId.replace(/X$/, '*')}#`, '1', `${p.pin}#`],
        loop: INSURED_LOOP,
      });
    }
  }
  return out;
}

export async function benchIvr(options: BenchIvrOptions): Promise<BenchIvrResult> {
  const n = options.calls ?? 200;
  const intervalMs = options.intervalMs ?? 2000;
  const rampMs = options.rampMs ?? 40_000;
  const menuMs = options.menuMs ?? 40_000;
  const menu: number[] = [];
  const menuAt: number[] = [];
  const login: number[] = [];
  let lastLoginAt = 0;
  let errors = 0;
  let endedEarly = 0;

  async function oneCall(caller: Caller, delay: number): Promise<void> {
    await sleep(delay);
    let phase: 'menu' | 'login' = 'menu';
    const call = new CallSimulator({
      ivrUrl: options.ivrUrl,
      authToken: options.authToken,
      ...(options.publicBaseUrl ? { publicBaseUrl: options.publicBaseUrl } : {}),
      onWebhook: (ms, status, path) => {
        if (status !== 200 && !path.startsWith('/ivr/status')) errors += 1;
        if (path.startsWith('/ivr/status')) return;
        if (phase === 'login') {
          login.push(ms);
          lastLoginAt = Math.max(lastLoginAt, performance.now());
        } else {
          menu.push(ms);
          menuAt.push(performance.now() - ms);
        }
      },
    });
    await call.start();
    const keys = [...caller.login];
    const pinIndex = keys.length - 1;
    const until = Date.now() + delay + menuMs;
    for (let i = 0; ; i++) {
      await sleep(intervalMs);
      if (!call.waiting) {
        endedEarly += 1;
        break;
      }
      const key =
        i < keys.length
          ? keys[i]
          : Date.now() > until
            ? null
            : caller.loop[(i - keys.length) % caller.loop.length];
      if (key === null || key === undefined) break;
      phase = i === pinIndex ? 'login' : 'menu';
      await call.input(key);
      phase = 'menu';
    }
    if (call.waiting) await call.input('#');
    await call.finish();
  }

  const list = callers(options, n);
  await Promise.all(list.map((c, i) => oneCall(c, Math.floor((i * rampMs) / n))));

  let saturation: BenchIvrResult['saturation'] = null;
  const satCalls = options.saturationCalls ?? 32;
  if (satCalls > 0) {
    const satMs = options.saturationMs ?? 10_000;
    const times: number[] = [];
    let satErrors = 0;
    let counting = false;
    let ready = 0;
    let startedAt = 0;
    const loops = callers(options, satCalls).map(async (caller) => {
      const call = new CallSimulator({
        ivrUrl: options.ivrUrl,
        authToken: options.authToken,
        ...(options.publicBaseUrl ? { publicBaseUrl: options.publicBaseUrl } : {}),
        onWebhook: (ms, status, path) => {
          if (!counting || path.startsWith('/ivr/status')) return;
          times.push(ms);
          if (status !== 200) satErrors += 1;
        },
      });
      await call.start();
      for (const key of caller.login) if (call.waiting) await call.input(key);
      ready += 1;
      // Logins first (slow on purpose, and not what this phase measures), then keys as fast as answers come.
      while (!counting) await sleep(5);
      for (let i = 0; call.waiting && Date.now() - startedAt < satMs; i++) {
        await call.input(caller.loop[i % caller.loop.length] ?? '*');
      }
      if (call.waiting) await call.input('#');
      await call.finish();
    });
    while (ready < satCalls) await sleep(20);
    startedAt = Date.now();
    counting = true;
    await Promise.all(loops);
    const seconds = (Date.now() - startedAt) / 1000;
    saturation = {
      calls: satCalls,
      seconds: Math.round(seconds * 10) / 10,
      webhooksPerSecond: Math.round(times.length / seconds),
      p99Ms: percentiles(times).p99Ms,
      errors: satErrors,
    };
  }

  return {
    calls: n,
    intervalMs,
    menu: percentiles(menu),
    steady: percentiles(menu.filter((_, i) => (menuAt[i] ?? 0) > lastLoginAt)),
    login: percentiles(login),
    all: percentiles([...menu, ...login]),
    errors,
    endedEarly,
    saturation,
  };
}

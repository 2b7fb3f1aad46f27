// The phone server: the Express app Twilio's webhooks reach. It checks every request's X-Twilio-Signature, keeps
// each call's state in a call store by CallSid (never in URLs), and refuses what it has already seen, because
// Twilio's signature carries no timestamp and a captured webhook stays valid forever:
// - every TwiML it sends carries a fresh random step token in its action URLs; only the request carrying the
//   current token runs, once; a retry of the step just answered (same token, same input, within Twilio's 15 s)
//   gets the same answer again without running twice; any other token — guessed, stale or replayed — changes
//   nothing and discloses nothing;
// - a call that has ended (status callback, hang-up, transfer, goodbye, fallback) is remembered as ended, and
//   nothing for its CallSid ever runs again, the first webhook included.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import twilio from 'twilio';
import type { Language } from '../../shared/src/i18n.ts';
import { nationalIdEnding } from '../../shared/src/ids.ts';
import { speakCode } from '../../shared/src/speech.ts';
import type { AgentHours } from './agent-hours.ts';
import { ApiClient } from './api-client.ts';
import { MemoryCallStore, type CallStore } from './call-store.ts';
import { assertTokenAllowed } from './config.ts';
import { CallFlow, newCallState, type CallEvent, type CallState, type Outcome } from './flow.ts';
import { emptyTwiml, renderTwiml } from './menu/render.ts';
import { STATES } from './menu/states.ts';
import { VOICES, type Voices } from './menu/voices.ts';
import { IvrTelemetry, currentRequestId } from './telemetry.ts';

export interface IvrOptions {
  /** The query API's base URL. */
  apiUrl: string;
  /** The phone client's key at the query API. */
  clientKey: string;
  /** Twilio's auth token: the key of every request's signature. */
  authToken: string;
  /** The public base URL Twilio calls (https://… behind TLS); signatures are checked against it + path. */
  publicBaseUrl: string;
  /** Where "0" and repeated failures transfer the caller; without it they are offered a call-back. */
  agentNumber?: string;
  /** When the agent number is staffed; outside these hours callers are offered a call-back. Default: always. */
  agentHours?: AgentHours;
  /** The number called (Twilio's `To`) → the language its callers speak: no language menu on those numbers. */
  languageByNumber?: Record<string, Language>;
  voices?: Voices;
  now?: () => Date;
  /** Milliseconds the phone server waits for the API before apologising. */
  apiTimeoutMs?: number;
  /** A call's state is forgotten this long after its last request. */
  callIdleMs?: number;
  /** An ended call is remembered (as ended, with nothing else) this long, so that no replay of it runs. */
  endedCallMs?: number;
  /** Where calls live between webhooks; one process's memory by default. */
  store?: CallStore<CallEntry>;
  /** One line per webhook, with no personal data (call id, step, state, time taken). */
  log?: (line: string) => void;
}

/** Twilio's final call statuses: the call is over whatever way it ended. */
const FINAL_STATUSES = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

/** Twilio waits 15 s for a webhook; a retry of the same request comes within that. */
const RETRY_WINDOW_MS = 15_000;

/** How long a claimed step token stays claimed (longer than any step; the token changes after it anyway). */
const CLAIM_MS = 60_000;

/** What the call store holds for a call: JSON only. */
export interface CallEntry {
  /** The call's state; null once it has ended (nothing personal is kept after the end). */
  call: CallState | null;
  /** The step token the TwiML last sent carries; only a request with it runs. */
  token: string;
  /** Steps answered so far (for the log; never in a URL). */
  step: number;
  /** The answer to the step just processed, for Twilio's retries of it. */
  done: { token: string; fingerprint: string; twiml: string; at: number } | null;
  ended: boolean;
}

export interface IvrApp {
  app: express.Express;
  /** Calls in progress in this process's memory store (for tests and the benchmark). */
  activeCalls: () => number;
  /** Calls in progress in the store, whichever it is (the active-calls gauge). */
  countActiveCalls: () => Promise<number>;
  /** Ends every call's API session and forgets all calls. */
  shutdown: () => Promise<void>;
}

/** A fresh, unguessable step token (128 bits). */
const newToken = (): string => randomBytes(16).toString('base64url');

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createIvrApp(options: IvrOptions): IvrApp {
  const now = options.now ?? (() => new Date());
  const api = new ApiClient({
    apiUrl: options.apiUrl,
    clientKey: options.clientKey,
    timeoutMs: options.apiTimeoutMs ?? 2000,
  });
  const agentAvailable = () =>
    Boolean(options.agentNumber) && (options.agentHours ? options.agentHours.open(now()) : true);
  const byNumber = options.languageByNumber ?? {};
  const flow = new CallFlow(api, now, {
    agentAvailable,
    languageFor: (to) => byNumber[to],
  });
  const publicBase = options.publicBaseUrl.replace(/\/+$/, '');
  const idleMs = options.callIdleMs ?? 30 * 60_000;
  const endedMs = options.endedCallMs ?? 7 * 24 * 60 * 60_000;
  const store: CallStore<CallEntry> =
    options.store ??
    new MemoryCallStore<CallEntry>(
      () => now().getTime(),
      (entry) => !entry.ended,
    );
  const voices = options.voices ?? VOICES;
  const log = options.log ?? (() => undefined);
  /** Steps being worked on in this process, so that a retry arriving meanwhile waits for the same answer. */
  const inflight = new Map<string, { token: string; fingerprint: string; promise: Promise<string> }>();

  const app = express();
  app.disable('x-powered-by');
  // Probes for the load balancer and the orchestrator, before the signature check (Twilio never calls them):
  // alive while the process answers; ready when the call store and the query API answer.
  app.get('/healthz', (_req, res) => {
    res.status(200).json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    const [callStore, queryApi] = await Promise.all([
      (store.ping?.() ?? Promise.resolve()).then(
        () => true,
        () => false,
      ),
      api.ready(),
    ]);
    res.status(callStore && queryApi ? 200 : 503).json({ ready: callStore && queryApi, callStore, queryApi });
  });
  // urlencoded first: the signature covers the POSTed parameters, so they must be parsed before it is checked.
  app.use(express.urlencoded({ extended: false, limit: '16kb' }));
  app.use((req, res, next) => {
    const signature = req.get('X-Twilio-Signature');
    const params = (req.body ?? {}) as Record<string, string>;
    if (
      !signature ||
      !twilio.validateRequest(options.authToken, signature, publicBase + req.originalUrl, params)
    ) {
      res.status(403).end();
      return;
    }
    next();
  });

  async function sweep(): Promise<void> {
    const expired = (await store.takeExpired?.()) ?? [];
    for (const entry of expired) if (entry.call && !entry.ended) void flow.endSession(entry.call);
  }

  /** Remembers a call as ended, with nothing but that: no replay of it ever runs again. */
  async function markEnded(sid: string, entry: CallEntry | undefined): Promise<void> {
    const tombstone: CallEntry = { call: null, token: '', step: entry?.step ?? 0, done: null, ended: true };
    await store.set(sid, tombstone, endedMs);
  }

  function render(entry: CallEntry, call: CallState, outcome: Outcome): string {
    const state = STATES[outcome.state];
    if (state.kind === 'end') entry.ended = true;
    const agent = agentAvailable() ? options.agentNumber : undefined;
    return renderTwiml(state, {
      lang: call.lang,
      multilingual: !call.langChosen,
      token: entry.token,
      reprompt: outcome.reprompt,
      notices: outcome.notices,
      before: outcome.before,
      vars: {
        ...(call.pendingId ? { idEnding: speakCode(nationalIdEnding(call.pendingId), call.lang) } : {}),
        details: call.details !== null,
      },
      voices,
      ...(agent ? { agentNumber: agent } : {}),
    });
  }

  function sendTwiml(res: Response, status: number, twiml: string): void {
    res.status(status).type('text/xml').send(twiml);
  }

  function field(req: Request, name: string): string {
    const value = (req.body as Record<string, unknown> | undefined)?.[name];
    return typeof value === 'string' ? value : '';
  }

  /** Saves a call after a step: live calls expire when idle, ended ones are kept as ended. */
  async function save(sid: string, entry: CallEntry): Promise<void> {
    if (entry.ended) {
      await markEnded(sid, entry);
      return;
    }
    await store.set(sid, entry, idleMs);
  }

  /**
   * The answer another request (here or on another instance) gave or is giving to a claimed step: its TwiML
   * when it is the same step (a retry), 410 when the call has ended, 409 otherwise or when none comes in time.
   */
  async function answerOf(
    sid: string,
    token: string,
    fingerprint: string,
  ): Promise<{ status: number; twiml: string }> {
    const refused = { status: 409, twiml: emptyTwiml() };
    const deadline = Date.now() + RETRY_WINDOW_MS;
    while (Date.now() < deadline) {
      const entry = await store.get(sid);
      if (!entry) return refused;
      if (entry.ended) return { status: 410, twiml: emptyTwiml() };
      const done = entry.done;
      if (done && sameToken(done.token, token))
        return done.fingerprint === fingerprint ? { status: 200, twiml: done.twiml } : refused;
      if (!sameToken(entry.token, token)) return refused;
      await new Promise((r) => setTimeout(r, 50));
    }
    return refused;
  }

  /** Runs one step of a call exactly once; retries of it share the first run's answer. */
  async function step(
    req: Request,
    res: Response,
    route: string,
    work: (call: CallState) => Promise<Outcome>,
  ): Promise<void> {
    const started = process.hrtime.bigint();
    await sweep();
    const sid = field(req, 'CallSid');
    const token = typeof req.query.t === 'string' ? req.query.t : '';
    const fingerprint = `${route}|${field(req, 'Digits')}|${field(req, 'SpeechResult')}`;
    const entry = sid ? await store.get(sid) : undefined;
    if (!entry) {
      log(`unknown call on ${route}: ignored`);
      sendTwiml(res, 404, emptyTwiml());
      return;
    }
    const tag = `call ${sid.slice(-6)}`;
    if (entry.ended || !entry.call) {
      log(`${tag}: request on ${route} after the call ended: refused`);
      sendTwiml(res, 410, emptyTwiml());
      return;
    }
    const running = inflight.get(sid);
    if (running && sameToken(running.token, token) && running.fingerprint === fingerprint) {
      sendTwiml(res, 200, await running.promise);
      return;
    }
    const done = entry.done;
    if (
      done &&
      sameToken(done.token, token) &&
      done.fingerprint === fingerprint &&
      now().getTime() - done.at < RETRY_WINDOW_MS
    ) {
      sendTwiml(res, 200, done.twiml);
      return;
    }
    if (running || !token || !sameToken(token, entry.token)) {
      log(`${tag}: request on ${route} without the current step token: ignored`);
      sendTwiml(res, 409, emptyTwiml());
      return;
    }
    // The step token is claimed in the store before the step runs: when Twilio's retry of it (or a replay)
    // reaches another instance sharing the store at the same time, only one runs it; the other waits for its
    // answer (a retry) or refuses (anything else).
    if (!(await store.claim(`${sid}:${token}`, CLAIM_MS))) {
      const answer = await answerOf(sid, token, fingerprint);
      if (answer.status !== 200) log(`${tag}: step token on ${route} already used: refused`);
      sendTwiml(res, answer.status, answer.twiml);
      return;
    }
    const call = entry.call;
    const promise = (async () => {
      const outcome = await work(call);
      entry.step += 1;
      entry.token = newToken();
      return render(entry, call, outcome);
    })();
    inflight.set(sid, { token, fingerprint, promise });
    try {
      const twiml = await promise;
      entry.done = { token, fingerprint, twiml, at: now().getTime() };
      await save(sid, entry);
      sendTwiml(res, 200, twiml);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log(`${tag} step ${entry.step} ${route} → ${call.state} ${ms.toFixed(1)} ms`);
    } finally {
      inflight.delete(sid);
    }
  }

  app.post('/ivr/voice', async (req, res) => {
    await sweep();
    const sid = field(req, 'CallSid');
    if (!/^CA[0-9a-f]{32}$/i.test(sid)) {
      res.status(400).type('text/xml').send(emptyTwiml());
      return;
    }
    let existing = await store.get(sid);
    // The first webhook is claimed like a step: two instances given it at once start one call, not two.
    if (!existing && !(await store.claim(`${sid}:voice`, CLAIM_MS))) {
      const deadline = Date.now() + RETRY_WINDOW_MS;
      while (!existing && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        existing = await store.get(sid);
      }
      if (!existing) {
        sendTwiml(res, 409, emptyTwiml());
        return;
      }
    }
    if (existing) {
      // Twilio retrying the first webhook: the same answer, nothing new. Anything else for a known call —
      // above all a replay of a finished call's first webhook — starts nothing.
      const d = existing.done;
      if (
        !existing.ended &&
        existing.step === 1 &&
        d?.fingerprint === 'voice' &&
        now().getTime() - d.at < RETRY_WINDOW_MS
      )
        sendTwiml(res, 200, d.twiml);
      else {
        log(
          `call ${sid.slice(-6)}: first webhook again${existing.ended ? ' after the call ended' : ''}: refused`,
        );
        sendTwiml(res, existing.ended ? 410 : 409, emptyTwiml());
      }
      return;
    }
    const call = newCallState(sid, field(req, 'From'));
    const entry: CallEntry = { call, token: newToken(), step: 1, done: null, ended: false };
    const twiml = render(entry, call, await flow.start(call, field(req, 'To')));
    entry.done = { token: '', fingerprint: 'voice', twiml, at: now().getTime() };
    await save(sid, entry);
    log(`call ${sid.slice(-6)} began`);
    sendTwiml(res, 200, twiml);
  });

  app.post('/ivr/input', (req, res) =>
    step(req, res, 'input', (call) => {
      const event: CallEvent = {
        kind: 'input',
        digits: field(req, 'Digits'),
        speech: field(req, 'SpeechResult'),
      };
      return flow.handle(call, event);
    }),
  );

  app.post('/ivr/noinput', (req, res) =>
    step(req, res, 'noinput', (call) => flow.handle(call, { kind: 'noinput' })),
  );

  // Twilio's fallback URL: the main webhook failed. Apologise in the caller's language and hand over or end.
  app.post('/ivr/fallback', async (req, res) => {
    const sid = field(req, 'CallSid');
    const entry = sid ? await store.get(sid) : undefined;
    if (entry?.ended) {
      sendTwiml(res, 410, emptyTwiml());
      return;
    }
    const call = entry?.call ?? newCallState('fallback');
    await flow.endSession(call);
    if (sid) await markEnded(sid, entry);
    const agent = agentAvailable() ? options.agentNumber : undefined;
    sendTwiml(
      res,
      200,
      renderTwiml(STATES.agent, {
        lang: call.lang,
        multilingual: !call.langChosen,
        token: '',
        reprompt: false,
        notices: [(m) => [m.apiDown]],
        before: [],
        vars: {},
        voices,
        ...(agent ? { agentNumber: agent } : {}),
      }),
    );
  });

  // The call is over, whatever way it ended: end the API session and remember the call as ended.
  app.post('/ivr/status', async (req, res) => {
    const sid = field(req, 'CallSid');
    if (/^CA[0-9a-f]{32}$/i.test(sid) && FINAL_STATUSES.has(field(req, 'CallStatus'))) {
      const entry = await store.get(sid);
      if (!entry?.ended) {
        await markEnded(sid, entry);
        if (entry?.call) await flow.endSession(entry.call);
        log(`call ${sid.slice(-6)} ended (${field(req, 'CallStatus')})`);
      }
    }
    res.status(204).end();
  });

  app.use((_req: Request, res: Response) => {
    res.status(404).type('text/xml').send(emptyTwiml());
  });
  // Express 5 passes rejected promises here: never a stack trace to Twilio, and a caller hears the fallback.
  // A body that can't be parsed (too large, malformed) is the client's fault: its 4xx, not a 500.
  app.use((error: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).end();
      return;
    }
    log(`error: ${(error as Error)?.name ?? 'unknown'}`);
    res.status(500).type('text/xml').send(emptyTwiml());
  });

  return {
    app,
    activeCalls: () => (store.values?.() ?? []).filter((e) => !e.ended).length,
    countActiveCalls: async () =>
      store.countLive ? await store.countLive() : (store.values?.() ?? []).filter((e) => !e.ended).length,
    shutdown: async () => {
      const entries = store.values?.() ?? [];
      await Promise.all(entries.map((e) => (e.call && !e.ended ? flow.endSession(e.call) : undefined)));
      await store.close?.();
      api.close();
    },
  };
}

export interface RunningIvr {
  url: string;
  close: () => Promise<void>;
  ivr: IvrApp;
}

/**
 * Starts the phone server on loopback. `publicBaseUrl` defaults to the server's own URL (no proxy in between), so
 * a simulator signing for that URL is accepted.
 */
export async function startIvr(
  options: Omit<IvrOptions, 'publicBaseUrl'> & {
    publicBaseUrl?: string;
    port?: number;
    host?: string;
    /** JSON logs and /metrics (telemetry.ts); the call's lines go to its logger unless `log` is given. */
    telemetry?: IvrTelemetry;
  },
): Promise<RunningIvr> {
  const telemetry = options.telemetry ?? new IvrTelemetry();
  const host = options.host ?? '127.0.0.1';
  let publicBaseUrl = options.publicBaseUrl ?? '';
  assertTokenAllowed(options.authToken, host, publicBaseUrl);
  // The app needs the public URL before it knows its port when none is given: resolve it lazily.
  const holder: { ivr?: IvrApp } = {};
  const server = createServer((req: IncomingMessage, res: ServerResponse) =>
    telemetry.handle(req, res, () => {
      if (holder.ivr) void holder.ivr.app(req, res);
      else res.writeHead(503).end();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host}:${address.port}`;
  if (!publicBaseUrl) publicBaseUrl = url;
  holder.ivr = createIvrApp({
    ...options,
    publicBaseUrl,
    log: options.log ?? ((line) => telemetry.logger.info({ reqId: currentRequestId() }, line)),
  });
  const ivr = holder.ivr;
  telemetry.countCallsWith(ivr.countActiveCalls);
  return {
    url,
    ivr,
    close: async () => {
      await ivr.shutdown();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

// The phone server: the Express app Twilio's webhooks reach. It checks every request's X-Twilio-Signature, keeps
// each call's state in memory by CallSid (never in URLs), and makes webhooks idempotent: each TwiML it sends
// carries the call's step number in its action URLs; a retried request for the step just answered gets the same
// answer again, and a request for any other step — or for a call that never began here — changes nothing and
// discloses nothing.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import twilio from 'twilio';
import { ApiClient } from './api-client.ts';
import { CallFlow, newCallState, type CallEvent, type CallState, type Outcome } from './flow.ts';
import { emptyTwiml, renderTwiml } from './menu/render.ts';
import { STATES } from './menu/states.ts';
import { nationalIdEnding } from '../../shared/src/ids.ts';
import { IVR } from '../../shared/src/messages/ivr.ts';
import { speakCode } from '../../shared/src/speech.ts';

export interface IvrOptions {
  /** The query API's base URL. */
  apiUrl: string;
  /** The phone client's key at the query API. */
  clientKey: string;
  /** Twilio's auth token: the key of every request's signature. */
  authToken: string;
  /** The public base URL Twilio calls (https://… behind TLS); signatures are checked against it + path. */
  publicBaseUrl: string;
  /** Where "0" and repeated failures transfer the caller; without it they hear a polite goodbye. */
  agentNumber?: string;
  now?: () => Date;
  /** Milliseconds the phone server waits for the API before apologising. */
  apiTimeoutMs?: number;
  /** A call's state is forgotten this long after its last request. */
  callIdleMs?: number;
  /** One line per webhook, with no personal data (call id, step, state, time taken). */
  log?: (line: string) => void;
}

/** Twilio's final call statuses: the call is over whatever way it ended. */
const FINAL_STATUSES = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

interface CallEntry {
  call: CallState;
  /** The step number the TwiML last sent carries; the next request must carry it. */
  step: number;
  /** The answer to the step just processed, for Twilio's retries of it. */
  done: { step: number; fingerprint: string; twiml: string } | null;
  inflight: { step: number; fingerprint: string; promise: Promise<string> } | null;
  ended: boolean;
  lastSeen: number;
}

export interface IvrApp {
  app: express.Express;
  /** Calls currently held in memory (for tests and the benchmark). */
  activeCalls: () => number;
  /** Ends every call's API session and forgets all calls. */
  shutdown: () => Promise<void>;
}

export function createIvrApp(options: IvrOptions): IvrApp {
  const now = options.now ?? (() => new Date());
  const api = new ApiClient({
    apiUrl: options.apiUrl,
    clientKey: options.clientKey,
    timeoutMs: options.apiTimeoutMs ?? 2000,
  });
  const flow = new CallFlow(api, now);
  const publicBase = options.publicBaseUrl.replace(/\/+$/, '');
  const idleMs = options.callIdleMs ?? 30 * 60_000;
  const log = options.log ?? (() => undefined);
  const calls = new Map<string, CallEntry>();
  let lastSweep = 0;

  const app = express();
  app.disable('x-powered-by');
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

  function sweep(): void {
    const t = now().getTime();
    if (t - lastSweep < 60_000) return;
    lastSweep = t;
    for (const [sid, entry] of calls) {
      if (t - entry.lastSeen > idleMs) {
        calls.delete(sid);
        void flow.endSession(entry.call);
      }
    }
  }

  function render(entry: CallEntry, outcome: Outcome): string {
    const call = entry.call;
    const state = STATES[outcome.state];
    if (state.kind === 'end') entry.ended = true;
    return renderTwiml(state, {
      lang: call.lang,
      step: entry.step,
      reprompt: outcome.reprompt,
      before: outcome.before,
      vars: call.pendingId ? { idEnding: speakCode(nationalIdEnding(call.pendingId), call.lang) } : {},
      ...(options.agentNumber ? { agentNumber: options.agentNumber } : {}),
    });
  }

  function sendTwiml(res: Response, status: number, twiml: string): void {
    res.status(status).type('text/xml').send(twiml);
  }

  function field(req: Request, name: string): string {
    const value = (req.body as Record<string, unknown> | undefined)?.[name];
    return typeof value === 'string' ? value : '';
  }

  /** Runs one step of a call exactly once; retries of it share the first run's answer. */
  async function step(
    req: Request,
    res: Response,
    route: string,
    work: (entry: CallEntry) => Promise<Outcome> | Outcome,
  ): Promise<void> {
    const started = process.hrtime.bigint();
    sweep();
    const sid = field(req, 'CallSid');
    const entry = calls.get(sid);
    const s = Number(req.query.s);
    const fingerprint = `${route}|${field(req, 'Digits')}|${field(req, 'SpeechResult')}`;
    if (!entry) {
      log(`unknown call on ${route}: ignored`);
      sendTwiml(res, 404, emptyTwiml());
      return;
    }
    entry.lastSeen = now().getTime();
    if (entry.inflight && entry.inflight.step === s && entry.inflight.fingerprint === fingerprint) {
      sendTwiml(res, 200, await entry.inflight.promise);
      return;
    }
    if (entry.done && entry.done.step === s && entry.done.fingerprint === fingerprint) {
      sendTwiml(res, 200, entry.done.twiml);
      return;
    }
    if (entry.ended || entry.inflight || !Number.isInteger(s) || s !== entry.step) {
      log(
        `call ${sid.slice(-6)}: request for step ${Number.isInteger(s) ? s : '?'} at step ${entry.step}: ignored`,
      );
      sendTwiml(res, 409, emptyTwiml());
      return;
    }
    const promise = (async () => {
      const outcome = await work(entry);
      entry.step += 1;
      return render(entry, outcome);
    })();
    entry.inflight = { step: s, fingerprint, promise };
    try {
      const twiml = await promise;
      entry.done = { step: s, fingerprint, twiml };
      sendTwiml(res, 200, twiml);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log(`call ${sid.slice(-6)} step ${s} ${route} → ${entry.call.state} ${ms.toFixed(1)} ms`);
    } finally {
      entry.inflight = null;
    }
  }

  app.post('/ivr/voice', async (req, res) => {
    sweep();
    const sid = field(req, 'CallSid');
    if (!/^CA[0-9a-f]{32}$/i.test(sid)) {
      res.status(400).type('text/xml').send(emptyTwiml());
      return;
    }
    const existing = calls.get(sid);
    if (existing) {
      // Twilio retrying the first webhook: same answer, nothing new.
      if (existing.done?.step === 0 && existing.step === 1) sendTwiml(res, 200, existing.done.twiml);
      else sendTwiml(res, 409, emptyTwiml());
      return;
    }
    const entry: CallEntry = {
      call: newCallState(sid),
      step: 1,
      done: null,
      inflight: null,
      ended: false,
      lastSeen: now().getTime(),
    };
    calls.set(sid, entry);
    const twiml = render(entry, flow.start(entry.call));
    entry.done = { step: 0, fingerprint: 'voice', twiml };
    log(`call ${sid.slice(-6)} began`);
    sendTwiml(res, 200, twiml);
  });

  app.post('/ivr/input', (req, res) =>
    step(req, res, 'input', (entry) => {
      const event: CallEvent = {
        kind: 'input',
        digits: field(req, 'Digits'),
        speech: field(req, 'SpeechResult'),
      };
      return flow.handle(entry.call, event);
    }),
  );

  app.post('/ivr/noinput', (req, res) =>
    step(req, res, 'noinput', (entry) => flow.handle(entry.call, { kind: 'noinput' })),
  );

  // Twilio's fallback URL: the main webhook failed. Apologise in the caller's language and hand over or end.
  app.post('/ivr/fallback', async (req, res) => {
    const entry = calls.get(field(req, 'CallSid'));
    const call = entry?.call ?? newCallState('fallback');
    if (entry) entry.ended = true;
    await flow.endSession(call);
    sendTwiml(
      res,
      200,
      renderTwiml(STATES.agent, {
        lang: call.lang,
        step: entry?.step ?? 0,
        reprompt: false,
        before: [[IVR[call.lang].apiDown]],
        vars: {},
        ...(options.agentNumber ? { agentNumber: options.agentNumber } : {}),
      }),
    );
  });

  // The call is over, whatever way it ended: end the API session and forget the call.
  app.post('/ivr/status', async (req, res) => {
    const sid = field(req, 'CallSid');
    const entry = calls.get(sid);
    if (entry && FINAL_STATUSES.has(field(req, 'CallStatus'))) {
      calls.delete(sid);
      await flow.endSession(entry.call);
      log(`call ${sid.slice(-6)} ended (${field(req, 'CallStatus')})`);
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
    activeCalls: () => calls.size,
    shutdown: async () => {
      const entries = [...calls.values()];
      calls.clear();
      await Promise.all(entries.map((e) => flow.endSession(e.call)));
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
  options: Omit<IvrOptions, 'publicBaseUrl'> & { publicBaseUrl?: string; port?: number; host?: string },
): Promise<RunningIvr> {
  const host = options.host ?? '127.0.0.1';
  let publicBaseUrl = options.publicBaseUrl ?? '';
  // The app needs the public URL before it knows its port when none is given: resolve it lazily.
  const holder: { ivr?: IvrApp } = {};
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (holder.ivr) void holder.ivr.app(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host}:${address.port}`;
  if (!publicBaseUrl) publicBaseUrl = url;
  holder.ivr = createIvrApp({ ...options, publicBaseUrl });
  const ivr = holder.ivr;
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

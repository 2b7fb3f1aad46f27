// Plays Twilio's part in a call, for `npm run call`, the end-to-end tests and the benchmark: posts the webhooks
// Twilio would post (signed with the auth token for the public URL, as Twilio signs them), follows the TwiML
// (<Say>, <Gather action>, <Redirect>, <Dial>, <Hangup>), sends the caller's keys or words, and keeps a transcript
// of what the caller hears. Ends with the status callback, as Twilio does whatever way a call ends.
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';

// ---------------------------------------------------------------- a small XML reader (TwiML is simple XML)

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const lowerE = e.toLowerCase();
    if (lowerE === 'amp') return '&';
    if (lowerE === 'lt') return '<';
    if (lowerE === 'gt') return '>';
    if (lowerE === 'quot') return '"';
    if (lowerE === 'apos') return "'";
    return String.fromCodePoint(
      lowerE.startsWith('#x') ? parseInt(lowerE.slice(2), 16) : parseInt(lowerE.slice(1), 10),
    );
  });
}

/** Parses a TwiML document; throws on anything that is not well-formed. */
export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  const token =
    /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<\/([\w:-]+)\s*>|<([\w:-]+)((?:\s+[\w:-]+\s*=\s*"[^"]*")*)\s*(\/?)>|([^<]+)/g;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = token.exec(xml)) !== null) {
    if (match.index !== consumed) throw new Error('malformed XML');
    consumed = token.lastIndex;
    const top = stack[stack.length - 1] as XmlElement;
    if (match[1]) {
      if (top.name !== match[1]) throw new Error(`unexpected </${match[1]}>`);
      stack.pop();
    } else if (match[2]) {
      const attrs: Record<string, string> = {};
      for (const a of (match[3] ?? '').matchAll(/([\w:-]+)\s*=\s*"([^"]*)"/g))
        attrs[a[1] as string] = decode(a[2] ?? '');
      const el: XmlElement = { name: match[2], attrs, children: [] };
      top.children.push(el);
      if (!match[4]) stack.push(el);
    } else if (match[5] !== undefined) {
      if (match[5].trim() || stack.length > 1) top.children.push(decode(match[5]));
    }
  }
  if (consumed !== xml.length || stack.length !== 1) throw new Error('malformed XML');
  const response = root.children.find((c): c is XmlElement => typeof c !== 'string');
  if (!response) throw new Error('empty XML document');
  return response;
}

// ---------------------------------------------------------------- the transcript

/** One thing the caller hears: the text, and the voice and language it is said in. */
export interface Heard {
  voice: string;
  language: string;
  /** Plain text, codes read digit by digit ("1 2 3 4"), as espeak-ng should say it. */
  text: string;
  /** The digit strings marked `<say-as interpret-as="digits">`. */
  digits: string[];
}

export type TranscriptEntry =
  ({ kind: 'say' } & Heard) | { kind: 'input'; input: string } | { kind: 'event'; text: string };

function sayOf(el: XmlElement): Heard {
  const digits: string[] = [];
  let text = '';
  for (const child of el.children) {
    if (typeof child === 'string') text += child;
    else if (child.name === 'say-as') {
      const inner = child.children.filter((c): c is string => typeof c === 'string').join('');
      if (child.attrs['interpret-as'] === 'digits') {
        digits.push(inner);
        text += inner.split('').join(' ');
      } else text += inner;
    }
  }
  return {
    voice: el.attrs.voice ?? '',
    language: el.attrs.language ?? '',
    text: text.replace(/\s+/g, ' ').trim(),
    digits,
  };
}

/** The transcript as text: what the phone says (with its language) and what the caller does. */
export function formatTranscript(entries: TranscriptEntry[]): string {
  return entries
    .map((e) => {
      if (e.kind === 'say') return `  phone [${e.language}] ${e.text}`;
      if (e.kind === 'input') return `caller > ${e.input === '' ? '(silence)' : e.input}`;
      return `  [${e.text}]`;
    })
    .join('\n');
}

// ---------------------------------------------------------------- the simulated call

export interface SimulatorOptions {
  /** Where the phone server listens. */
  ivrUrl: string;
  /**
   * Several phone-server instances behind one public address: each webhook goes to the next of these in turn
   * (instead of ivrUrl). `retarget` changes them during a call.
   */
  ivrUrls?: string[];
  /** The URL Twilio would call (and sign for); defaults to ivrUrl. */
  publicBaseUrl?: string;
  authToken: string;
  callSid?: string;
  from?: string;
  to?: string;
  /** Called for every sentence as it is heard (the CLI prints or speaks it). */
  onSay?: (heard: Heard) => void | Promise<void>;
  /** Called for every webhook with the time it took (ms) and its HTTP status (the benchmark). */
  onWebhook?: (ms: number, status: number, path: string) => void;
}

interface PendingGather {
  action: string;
  finishOnKey: string;
  numDigits: number | null;
  actionOnEmptyResult: boolean;
  /** The verbs after the Gather: what Twilio runs when the caller gives nothing. */
  rest: XmlNode[];
  /** The URL of the document the Gather came from, to resolve relative URLs against. */
  base: string;
}

export type EndReason = 'hangup' | 'transferred' | 'completed' | 'error';

export class CallSimulator {
  readonly callSid: string;
  readonly transcript: TranscriptEntry[] = [];
  ended = false;
  endReason: EndReason | null = null;
  /** The number a <Dial> transferred the call to. */
  dialed: string | null = null;
  /** The HTTP status of the last webhook. */
  lastStatus = 0;
  /** Every webhook posted, in order, exactly as signed (a replay test posts them again). */
  readonly sent: { path: string; params: Record<string, string> }[] = [];
  private pending: PendingGather | null = null;
  private statusSent = false;
  private readonly publicBase: string;
  private ivrUrls: string[];
  private posts = 0;

  constructor(private readonly options: SimulatorOptions) {
    this.callSid = options.callSid ?? `CA${randomBytes(16).toString('hex')}`;
    this.ivrUrls = (options.ivrUrls ?? [options.ivrUrl]).map((url) => url.replace(/\/+$/, ''));
    this.publicBase = (options.publicBaseUrl ?? options.ivrUrl).replace(/\/+$/, '');
  }

  /** From now on, webhooks go to these instances in turn. */
  retarget(urls: string[]): void {
    this.ivrUrls = urls.map((url) => url.replace(/\/+$/, ''));
  }

  /** Whether the phone is waiting for the caller (a <Gather> is open). */
  get waiting(): boolean {
    return this.pending !== null && !this.ended;
  }

  /** The action URL (path and query) of the open <Gather>: where the caller's next input goes. */
  get pendingAction(): string | null {
    return this.pending ? this.resolve(this.pending.action, this.pending.base) : null;
  }

  /** The sentences heard so far, as text. */
  heardText(from = 0): string {
    return this.transcript
      .slice(from)
      .filter((e): e is Extract<TranscriptEntry, { kind: 'say' }> => e.kind === 'say')
      .map((e) => e.text)
      .join(' ');
  }

  /** The parameters Twilio posts with every webhook of this call. */
  baseParams(): Record<string, string> {
    return {
      AccountSid: 'AC00000000000000000000000000000000',
      ApiVersion: '2010-04-01',
      CallSid: this.callSid,
      CallStatus: 'in-progress',
      Called: this.options.to ?? '+15005550006',
      Caller: this.options.from ?? '+15005550001',
      Direction: 'inbound',
      From: this.options.from ?? '+15005550001',
      To: this.options.to ?? '+15005550006',
    };
  }

  /**
   * A signed POST, as Twilio makes it: the signature is computed over the public URL (with its query) and the
   * POSTed parameters. `signWith` lets a test sign wrongly.
   */
  async post(
    pathAndQuery: string,
    params: Record<string, string>,
    signWith: { token?: string; url?: string; omit?: boolean } = {},
  ): Promise<{ status: number; body: string }> {
    const signedUrl = signWith.url ?? this.publicBase + pathAndQuery;
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
    if (!signWith.omit) {
      headers['X-Twilio-Signature'] = twilio.getExpectedTwilioSignature(
        signWith.token ?? this.options.authToken,
        signedUrl,
        params,
      );
    }
    this.sent.push({ path: pathAndQuery, params });
    const started = performance.now();
    const target = this.ivrUrls[this.posts++ % this.ivrUrls.length] as string;
    const response = await fetch(target + pathAndQuery, {
      method: 'POST',
      headers,
      body: new URLSearchParams(params).toString(),
    });
    const body = await response.text();
    this.options.onWebhook?.(performance.now() - started, response.status, pathAndQuery);
    this.lastStatus = response.status;
    return { status: response.status, body };
  }

  /** The call comes in. */
  async start(): Promise<void> {
    await this.fetchAndRun('/ivr/voice', {});
  }

  /**
   * The caller's turn: keys ("1", "110105…#"), "say:<words>" for speech, or "" for silence.
   */
  async input(input: string): Promise<void> {
    const gather = this.pending;
    if (!gather || this.ended) throw new Error('the phone is not waiting for input');
    this.pending = null;
    this.transcript.push({ kind: 'input', input });
    if (input.startsWith('say:')) {
      await this.fetchAndRun(
        gather.action,
        { SpeechResult: input.slice(4).trim(), Confidence: '0.92' },
        gather.base,
      );
      return;
    }
    let digits = input;
    if (gather.finishOnKey && digits.includes(gather.finishOnKey)) {
      digits = digits.slice(0, digits.indexOf(gather.finishOnKey));
      if (digits === '' && !gather.actionOnEmptyResult) {
        await this.run(gather.rest, gather.base);
        return;
      }
    }
    if (gather.numDigits !== null) digits = digits.slice(0, gather.numDigits);
    if (digits === '' && !gather.actionOnEmptyResult) {
      // Silence: Twilio runs the next verb after the Gather.
      await this.run(gather.rest, gather.base);
      return;
    }
    await this.fetchAndRun(
      gather.action,
      { Digits: digits, FinishedOnKey: input.includes('#') ? '#' : '' },
      gather.base,
    );
  }

  /** The caller hangs up (or the call ended): Twilio's status callback, sent once. */
  async finish(
    status: 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled' = 'completed',
  ): Promise<void> {
    if (!this.ended) {
      this.ended = true;
      this.endReason = 'hangup';
      this.transcript.push({ kind: 'event', text: 'caller hangs up' });
    }
    this.pending = null;
    if (this.statusSent) return;
    this.statusSent = true;
    await this.post('/ivr/status', { ...this.baseParams(), CallStatus: status, CallDuration: '60' });
  }

  private resolve(url: string, base: string): string {
    const absolute = new URL(url, base);
    const publicOrigin = new URL(this.publicBase);
    if (absolute.origin !== publicOrigin.origin)
      throw new Error(`TwiML leads off the phone server: ${absolute.origin}`);
    return absolute.pathname + absolute.search;
  }

  private async fetchAndRun(url: string, extra: Record<string, string>, base?: string): Promise<void> {
    const path = this.resolve(url, base ?? this.publicBase + '/');
    const { status, body } = await this.post(path, { ...this.baseParams(), ...extra });
    if (status !== 200) {
      this.transcript.push({ kind: 'event', text: `application error: HTTP ${status}` });
      this.ended = true;
      this.endReason = 'error';
      return;
    }
    const doc = parseXml(body);
    if (doc.name !== 'Response') throw new Error(`not TwiML: <${doc.name}>`);
    await this.run(doc.children, this.publicBase + path);
  }

  private async say(el: XmlElement): Promise<void> {
    const heard = sayOf(el);
    if (!heard.text) return;
    this.transcript.push({ kind: 'say', ...heard });
    await this.options.onSay?.(heard);
  }

  private async run(verbs: XmlNode[], base: string): Promise<void> {
    for (let i = 0; i < verbs.length; i++) {
      const verb = verbs[i];
      if (verb === undefined || typeof verb === 'string') continue;
      switch (verb.name) {
        case 'Say':
          await this.say(verb);
          break;
        case 'Pause':
          break;
        case 'Gather': {
          for (const child of verb.children)
            if (typeof child !== 'string' && child.name === 'Say') await this.say(child);
          const numDigits = verb.attrs.numDigits ? Number(verb.attrs.numDigits) : null;
          this.pending = {
            action: verb.attrs.action ?? base,
            finishOnKey: verb.attrs.finishOnKey ?? '#',
            numDigits,
            actionOnEmptyResult: verb.attrs.actionOnEmptyResult === 'true',
            rest: verbs.slice(i + 1),
            base,
          };
          return;
        }
        case 'Redirect':
          await this.fetchAndRun(
            String(verb.children.find((c) => typeof c === 'string') ?? '').trim(),
            {},
            base,
          );
          return;
        case 'Dial': {
          this.dialed = String(verb.children.find((c) => typeof c === 'string') ?? '').trim();
          this.transcript.push({ kind: 'event', text: `transferred to ${this.dialed}` });
          this.ended = true;
          this.endReason = 'transferred';
          return;
        }
        case 'Hangup':
          this.transcript.push({ kind: 'event', text: 'the phone hangs up' });
          this.ended = true;
          this.endReason = 'hangup';
          return;
        default:
          throw new Error(`unsupported TwiML verb <${verb.name}>`);
      }
    }
    // The end of a document without a Gather ends the call.
    this.transcript.push({ kind: 'event', text: 'end of call' });
    this.ended = true;
    this.endReason = 'completed';
  }
}

/**
 * Runs a whole call from a list of inputs (an empty one is silence), then hangs up: the transcript of `--keys`.
 * Stops early when the call ends.
 */
export async function runCall(options: SimulatorOptions, inputs: string[]): Promise<CallSimulator> {
  const call = new CallSimulator(options);
  await call.start();
  for (const input of inputs) {
    if (!call.waiting) break;
    await call.input(input);
  }
  await call.finish();
  return call;
}

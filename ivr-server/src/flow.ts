// The call flow: interprets the menu data (menu/states.ts) for one call — what an input means in the current
// state, which API call it needs, and which state (with which sentences before its prompt) comes next. It keeps
// nothing but the call's own state object (plain JSON, so a shared call store can hold it); the HTTP layer
// (app.ts) handles signatures, step tokens and retries.
import { type Problem } from '../../shared/src/api.ts';
import type { RecordCategory } from '../../shared/src/domain.ts';
import { DEFAULT_LANGUAGE, type Language } from '../../shared/src/i18n.ts';
import { normalizeNationalId, PIN_PATTERN, UNIT_NUMBER_PATTERN } from '../../shared/src/ids.ts';
import { IVR, type IvrMessages } from '../../shared/src/messages/ivr.ts';
import { E164_PATTERN } from '../../shared/src/rights.ts';
import { speakCode, speakWait, type Spoken } from '../../shared/src/speech.ts';
import {
  accessLogAnswer,
  accountsAnswer,
  benefitsAnswer,
  contributionsAnswer,
  disclosureAnswer,
  otherAnswer,
  registrationAnswer,
  staffArrearsAnswer,
  staffMemberAnswer,
  statementAnswer,
  unitMonthsAnswer,
  type Answer,
  type Reply,
} from './answers.ts';
import type { ApiClient, ApiResult } from './api-client.ts';
import type { Notice } from './menu/render.ts';
import {
  ANSWER_STATE,
  matchOption,
  readEntry,
  STATES,
  type EmployerItem,
  type StateId,
  type Target,
} from './menu/states.ts';

export type CallbackTopic = 'agent' | 'locked' | 'record';

/** One call's state, kept in the call store by CallSid. Holds an ID number only between typing and login. */
export interface CallState {
  sid: string;
  state: StateId;
  lang: Language;
  /** The caller chose a language (or the number called fixed it): before that, notices are said in all three. */
  langChosen: boolean;
  failures: number;
  role: 'insured' | 'employer' | null;
  /** The ID number typed, until it is confirmed and used to log in. */
  pendingId: string | null;
  pendingUnit: string | null;
  token: string | null;
  /** The caller's number as Twilio gives it (`From`): used only for a call-back request the caller asks for. */
  from: string;
  /** From the ID number's sex digit (GB 11643), so that a man is not told about maternity benefit. */
  sex: 'M' | 'F' | null;
  /** The last answer read, for "9: hear it again", and its details behind key 5. */
  lastAnswer: Answer | null;
  details: Answer | null;
  /** What the call-back offer is for, while it is open. */
  callbackTopic: CallbackTopic | null;
  /** Where * leads back to from the call-back offer. */
  backTo: StateId | null;
}

export function newCallState(sid: string, from = ''): CallState {
  return {
    sid,
    state: 'language',
    lang: DEFAULT_LANGUAGE,
    langChosen: false,
    failures: 0,
    role: null,
    pendingId: null,
    pendingUnit: null,
    token: null,
    from,
    sex: null,
    lastAnswer: null,
    details: null,
    callbackTopic: null,
    backTo: null,
  };
}

/** What to render next. */
export interface Outcome {
  state: StateId;
  notices: Notice[];
  before: Spoken[];
  reprompt: boolean;
}

export type CallEvent = { kind: 'input'; digits: string; speech: string } | { kind: 'noinput' };

export interface FlowOptions {
  /** Whether an agent can take a call now (a number is configured and it is within the agent hours). */
  agentAvailable: () => boolean;
  /** The language of the number called (`LANGUAGE_BY_NUMBER`), which skips the language menu. */
  languageFor?: (to: string) => Language | undefined;
}

const say =
  (pick: (m: IvrMessages) => string): Notice =>
  (m) => [pick(m)];

export class CallFlow {
  constructor(
    private readonly api: ApiClient,
    private readonly now: () => Date,
    private readonly options: FlowOptions,
  ) {}

  /** The first thing a caller hears: the short trilingual greeting, or "who is calling" on a language's number. */
  start(call: CallState, to: string): Promise<Outcome> {
    const lang = this.options.languageFor?.(to);
    if (lang) {
      call.lang = lang;
      call.langChosen = true;
      return this.enter(call, 'who', []);
    }
    return this.enter(call, 'language', []);
  }

  async handle(call: CallState, event: CallEvent): Promise<Outcome> {
    const state = STATES[call.state];
    if (state.kind === 'end') return this.enter(call, call.state, []);
    if (event.kind === 'noinput')
      return this.fail(
        call,
        say((m) => m.noInput),
      );
    const digits = event.digits.trim();
    const speech = event.speech.trim();

    if (state.kind === 'choice') {
      const option = matchOption(state, IVR[call.lang], digits, speech);
      if (!option)
        return this.fail(
          call,
          say((m) => m.invalid),
        );
      call.failures = 0;
      return this.go(call, option.go);
    }

    // Entries take keys only. A lone 0 is the agent, a lone * goes back a step (from the PIN: the ID number).
    if (digits === '0') return this.agent(call, []);
    if (digits === '*') {
      if (state.back === 'menu') return this.enter(call, this.menuState(call), []);
      return this.enter(call, state.back, []);
    }
    const value = readEntry(state, digits);
    if (!value)
      return this.fail(
        call,
        say((m) => m.invalid),
      );
    switch (state.entry) {
      case 'nationalId': {
        const id = normalizeNationalId(value);
        if (!id)
          return this.fail(
            call,
            say((m) => m.nationalId.invalid),
          );
        call.pendingId = id;
        return this.enter(call, 'confirmId', []);
      }
      case 'pin':
        if (!PIN_PATTERN.test(value) || !call.pendingId)
          return this.fail(
            call,
            say((m) => m.pin.invalid),
          );
        return this.login(call, { method: 'pin', nationalId: call.pendingId, pin: value }, 'pin');
      case 'unitNumber':
        if (!UNIT_NUMBER_PATTERN.test(value))
          return this.fail(
            call,
            say((m) => m.unitNumber.invalid),
          );
        call.pendingUnit = value;
        return this.enter(call, 'employerPin', []);
      case 'employerPin':
        if (!PIN_PATTERN.test(value) || !call.pendingUnit)
          return this.fail(
            call,
            say((m) => m.employerPin.invalid),
          );
        return this.login(
          call,
          { method: 'employer-pin', unitNumber: call.pendingUnit, pin: value },
          'employerPin',
        );
      case 'staffNationalId': {
        const id = normalizeNationalId(value);
        if (!id)
          return this.fail(
            call,
            say((m) => m.nationalId.invalid),
          );
        return this.staffLookup(call, id);
      }
    }
  }

  /** Ends the API session (best effort: the session expires on its own anyway) and forgets what it held. */
  async endSession(call: CallState): Promise<void> {
    const token = call.token;
    call.token = null;
    call.pendingId = null;
    call.pendingUnit = null;
    call.lastAnswer = null;
    call.details = null;
    if (token) await this.api.call('logout', { token });
  }

  /** Fresh state with its long prompt; failures start over. */
  private async enter(
    call: CallState,
    state: StateId,
    before: Spoken[],
    notices: Notice[] = [],
    reprompt = false,
  ): Promise<Outcome> {
    call.state = state;
    if (!reprompt) call.failures = 0;
    if (STATES[state].kind === 'end') await this.endSession(call);
    return { state, before, notices, reprompt };
  }

  private fail(call: CallState, notice: Notice): Promise<Outcome> {
    const state = STATES[call.state];
    call.failures += 1;
    if (state.kind !== 'end' && call.failures >= state.maxFailures) {
      const notices = [notice, say((m) => m.tooManyFailures)];
      // The call-back offer itself failing three times: a polite goodbye, not another offer.
      if (call.state === 'callbackOffer' || call.state === 'callbackDone')
        return this.enter(call, 'goodbye', [], notices);
      return this.agent(call, notices);
    }
    return this.enter(call, call.state, [], [notice], true);
  }

  /** 0, or too many failures: the agent when one can take the call; otherwise the offer of a call-back. */
  private agent(call: CallState, notices: Notice[]): Promise<Outcome> {
    if (this.options.agentAvailable()) return this.enter(call, 'agent', [], notices);
    return this.offerCallback(call, 'agent', [...notices, say((m) => m.noAgentNow)]);
  }

  private offerCallback(call: CallState, topic: CallbackTopic, notices: Notice[]): Promise<Outcome> {
    call.callbackTopic = topic;
    // After a lock-out there is no PIN step to go back to: * leads to "who is calling".
    if (topic === 'locked') call.backTo = 'who';
    else if (call.state !== 'callbackOffer' && call.state !== 'callbackDone') call.backTo = call.state;
    return this.enter(call, 'callbackOffer', [], notices);
  }

  private menuState(call: CallState): StateId {
    return call.role === 'employer' ? 'employerMenu' : 'insuredMenu';
  }

  private async go(call: CallState, target: Target): Promise<Outcome> {
    if ('to' in target) {
      if (target.to === 'nationalId') call.role = 'insured';
      if (target.to === 'unitNumber') call.role = 'employer';
      return this.enter(call, target.to, []);
    }
    switch (target.action) {
      case 'language':
        call.lang = target.lang;
        call.langChosen = true;
        return this.enter(call, 'who', []);
      case 'confirmId':
        return this.enter(call, 'pin', []);
      case 'menu':
        return this.enter(call, this.menuState(call), []);
      case 'agent':
        return this.agent(call, []);
      case 'back': {
        // From the call-back offer: to the menu after login, otherwise to where the caller was (or "who").
        const back: StateId = call.token
          ? this.menuState(call)
          : call.backTo && call.backTo !== 'callbackOffer' && STATES[call.backTo].kind !== 'end'
            ? call.backTo
            : call.langChosen
              ? 'who'
              : 'language';
        call.callbackTopic = null;
        return this.enter(call, back, []);
      }
      case 'repeat':
        if (call.lastAnswer && (ANSWER_STATE[call.state] === call.state || call.state === 'callbackDone'))
          return this.enter(call, call.state, call.lastAnswer);
        return this.enter(call, call.state, []);
      case 'details':
        if (!call.details)
          return this.fail(
            call,
            say((m) => m.invalid),
          );
        return this.answer(call, { lead: call.details });
      case 'category':
        return this.category(call, target.category);
      case 'employer':
        return this.employer(call, target.item);
      case 'disclosure': {
        const r = await this.api.call('disclosure', {});
        if (r.kind !== 'ok') return this.trouble(call, r);
        const answer = disclosureAnswer(r.data, call.token ? call.role : null, call.lang);
        // Before login (the "who" menu), the caller is asked again who is calling after hearing it.
        if (!call.token) return this.enter(call, 'who', answer);
        return this.answer(call, { lead: answer });
      }
      case 'statement':
        return this.statement(call);
      case 'accessLog': {
        const r = await this.api.call('accessLog', this.auth(call));
        return r.kind === 'ok'
          ? this.answer(call, { lead: accessLogAnswer(r.data, call.lang) })
          : this.trouble(call, r);
      }
      case 'recordCallback':
        return this.requestCallback(call, 'record');
      case 'callback':
        return this.requestCallback(call, call.callbackTopic ?? 'agent');
    }
  }

  private auth(call: CallState): { token?: string } {
    return call.token ? { token: call.token } : {};
  }

  /** An answer, read in the answer state of the menu it came from: that menu's keys work at once after it. */
  private answer(call: CallState, reply: Reply): Promise<Outcome> {
    call.lastAnswer = reply.lead;
    call.details = reply.details ?? null;
    const state = ANSWER_STATE[call.state] ?? ANSWER_STATE[this.menuState(call)] ?? this.menuState(call);
    return this.enter(call, state, reply.lead);
  }

  /** An API answer that is not data: what the caller hears, and where the call goes. */
  private trouble(
    call: CallState,
    result: Exclude<ApiResult<unknown>, { kind: 'ok' }>,
    retry?: StateId,
  ): Promise<Outcome> {
    if (result.kind === 'unavailable') return this.agent(call, [say((m) => m.apiDown)]);
    const p: Problem = result.problem;
    switch (p.code) {
      case 'invalid_credentials':
      case 'bad_request': {
        // Not an input failure: the API counts wrong PINs and locks; the caller hears the short PIN prompt.
        call.failures = 0;
        const left = p.attemptsLeft ?? null;
        return this.enter(call, retry ?? this.menuState(call), [], [(m) => [m.wrongCredentials(left)]], true);
      }
      case 'locked': {
        const wait = this.wait(p.retryAt, call.lang);
        // A locked-out caller is not hung up on: they may leave a call-back request instead.
        call.pendingId = null;
        call.pendingUnit = null;
        return this.offerCallback(call, 'locked', [(m) => [m.locked(wait)]]);
      }
      case 'rate_limited':
        return this.agent(call, [say((m) => m.rateLimited)]);
      case 'unauthenticated':
      case 'session_expired':
        return this.enter(call, 'goodbye', [], [say((m) => m.sessionExpired)]);
      default:
        return this.agent(call, [say((m) => m.apiDown)]);
    }
  }

  /** When to try again, said as a wait ("15 minutes"): a clock time would need the caller's time zone. */
  private wait(retryAt: string | undefined, lang: Language): string | null {
    if (!retryAt) return null;
    const ms = Date.parse(retryAt) - this.now().getTime();
    if (!Number.isFinite(ms)) return null;
    return speakWait(ms / 60_000, lang);
  }

  private async login(
    call: CallState,
    body:
      | { method: 'pin'; nationalId: string; pin: string }
      | { method: 'employer-pin'; unitNumber: string; pin: string },
    retry: StateId,
  ): Promise<Outcome> {
    // The calling line scopes lock-outs: wrong PINs from a stranger's phone never lock the person's own line.
    const r = await this.api.call('login', {
      body: { ...body, ...(call.from ? { line: call.from.slice(0, 32) } : {}) },
    });
    if (r.kind !== 'ok') return this.trouble(call, r, retry);
    call.token = r.data.token;
    call.role = r.data.role === 'employer' ? 'employer' : 'insured';
    if (body.method === 'pin') {
      // GB 11643: the 17th character is odd for a man, even for a woman. Only this bit is kept.
      const digit = Number(body.nationalId[16]);
      call.sex = Number.isInteger(digit) ? (digit % 2 === 1 ? 'M' : 'F') : null;
    }
    call.pendingId = null;
    call.pendingUnit = null;
    if (r.data.mustChangePin) {
      // A one-time PIN from the counter must first be replaced at a kiosk or on the website.
      return this.enter(call, 'goodbye', [], [say((m) => m.oneTimePin)]);
    }
    return this.enter(call, this.menuState(call), [], [say((m) => m.loggedIn)]);
  }

  private async category(call: CallState, category: RecordCategory): Promise<Outcome> {
    const auth = this.auth(call);
    const lang = call.lang;
    switch (category) {
      case 'registration': {
        const r = await this.api.call('registration', auth);
        return r.kind === 'ok'
          ? this.answer(call, { lead: registrationAnswer(r.data, lang) })
          : this.trouble(call, r);
      }
      case 'contributions': {
        const s = await this.api.call('summary', auth);
        if (s.kind !== 'ok') return this.trouble(call, s);
        const latest = s.data.latestPaidMonth ?? null;
        const [recent, arrears] = await Promise.all([
          latest
            ? this.api.call('contributions', {
                ...auth,
                query: { from: monthsBefore(latest, 2), to: latest, pageSize: 200 },
              })
            : Promise.resolve(null),
          (s.data.monthsInArrears ?? 0) > 0
            ? this.api.call('contributions', { ...auth, query: { status: 'arrears', pageSize: 200 } })
            : Promise.resolve(null),
        ]);
        if (recent && recent.kind !== 'ok') return this.trouble(call, recent);
        if (arrears && arrears.kind !== 'ok') return this.trouble(call, arrears);
        return this.answer(
          call,
          contributionsAnswer(s.data, recent?.data.items ?? [], arrears?.data.items ?? [], lang),
        );
      }
      case 'benefits': {
        const r = await this.api.call('benefits', auth);
        return r.kind === 'ok'
          ? this.answer(call, { lead: benefitsAnswer(r.data, lang, call.sex) })
          : this.trouble(call, r);
      }
      case 'accounts': {
        const r = await this.api.call('accounts', auth);
        return r.kind === 'ok' ? this.answer(call, accountsAnswer(r.data, lang)) : this.trouble(call, r);
      }
      case 'other': {
        const r = await this.api.call('other', auth);
        return r.kind === 'ok'
          ? this.answer(call, { lead: otherAnswer(r.data, lang) })
          : this.trouble(call, r);
      }
    }
  }

  /** The latest complete year's statement (the current year's when it is the only one). */
  private async statement(call: CallState): Promise<Outcome> {
    const auth = this.auth(call);
    const years = await this.api.call('statementYears', auth);
    if (years.kind !== 'ok') return this.trouble(call, years);
    const thisYear = this.now().getUTCFullYear();
    const sorted = [...years.data.years].sort((a, b) => b - a);
    const year = sorted.find((y) => y < thisYear) ?? sorted[0];
    if (year === undefined) return this.answer(call, { lead: statementAnswer(null, call.lang) });
    const r = await this.api.call('statement', { ...auth, params: { year } });
    if (r.kind !== 'ok') return this.trouble(call, r);
    return this.answer(call, { lead: statementAnswer(r.data, call.lang) });
  }

  /**
   * A call-back request at the caller's own number: about the record (an insured person's request to check it,
   * filed in their session), or for an agent or after a lock-out (the phone client's request, no session).
   * The reference is read digit by digit, and 9 reads it again.
   */
  private async requestCallback(call: CallState, topic: CallbackTopic): Promise<Outcome> {
    const m = IVR[call.lang];
    if (!E164_PATTERN.test(call.from)) {
      if (topic === 'record') return this.answer(call, { lead: [[m.callback.noNumber]] });
      return this.enter(call, 'goodbye', [], [say((x) => x.callback.noNumber)]);
    }
    const result =
      topic === 'record' && call.token
        ? await this.api.call('fileRequest', {
            token: call.token,
            body: {
              category: 'other',
              description: m.callback.recordDescription,
              callbackPhone: call.from,
            },
          })
        : await this.api.call('callbackRequest', {
            body: { phoneNumber: call.from, language: call.lang, topic },
          });
    if (result.kind !== 'ok') {
      if (result.kind === 'problem' && ['session_expired', 'unauthenticated'].includes(result.problem.code))
        return this.trouble(call, result);
      if (topic === 'record') return this.answer(call, { lead: [[m.callback.failed]] });
      return this.enter(call, 'goodbye', [], [say((x) => x.callback.failed)]);
    }
    const reference = speakCode(result.data.reference, call.lang);
    const said: Spoken[] = [
      topic === 'record' ? m.callback.recordReceived(reference) : m.callback.received(reference),
    ];
    call.callbackTopic = null;
    if (topic === 'record') return this.answer(call, { lead: said });
    call.lastAnswer = said;
    call.details = null;
    return this.enter(call, 'callbackDone', said);
  }

  private async employer(call: CallState, item: EmployerItem): Promise<Outcome> {
    const r = await this.api.call('employerSummary', this.auth(call));
    if (r.kind !== 'ok') return this.trouble(call, r);
    const lead =
      item === 'arrears' ? staffArrearsAnswer(r.data, call.lang) : unitMonthsAnswer(r.data, call.lang);
    return this.answer(call, { lead });
  }

  private async staffLookup(call: CallState, nationalId: string): Promise<Outcome> {
    const r = await this.api.call('employerStaffLookup', {
      ...this.auth(call),
      body: { nationalId },
    });
    call.state = 'employerMenu';
    if (r.kind === 'ok')
      return this.answer(call, {
        lead: staffMemberAnswer(r.data.member, nationalId, r.data.asOf, call.lang),
      });
    if (r.kind === 'problem' && (r.problem.code === 'not_found' || r.problem.code === 'forbidden')) {
      return this.answer(call, { lead: [[IVR[call.lang].employer.notFound]] });
    }
    return this.trouble(call, r);
  }
}

/** "2024-03" minus n months. */
export function monthsBefore(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const mo = Number(month.slice(5, 7));
  const index = y * 12 + (mo - 1) - n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

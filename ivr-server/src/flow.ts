// The call flow: interprets the menu data (menu/states.ts) for one call — what an input means in the current
// state, which API call it needs, and which state (with which sentences before its prompt) comes next. It keeps
// nothing but the call's own state object; the HTTP layer (app.ts) handles signatures, steps and retries.
import type { Problem } from '../../shared/src/api.ts';
import type { RecordCategory } from '../../shared/src/domain.ts';
import { DEFAULT_LANGUAGE, type Language } from '../../shared/src/i18n.ts';
import { normalizeNationalId, PIN_PATTERN, UNIT_NUMBER_PATTERN } from '../../shared/src/ids.ts';
import { IVR } from '../../shared/src/messages/ivr.ts';
import { speakWait, type Spoken } from '../../shared/src/speech.ts';
import {
  accountsAnswer,
  benefitsAnswer,
  contributionsAnswer,
  disclosureAnswer,
  otherAnswer,
  registrationAnswer,
  staffArrearsAnswer,
  staffCountAnswer,
  staffMemberAnswer,
  unitMonthsAnswer,
  type Answer,
} from './answers.ts';
import type { ApiClient, ApiResult } from './api-client.ts';
import {
  matchOption,
  readEntry,
  STATES,
  type EmployerItem,
  type StateId,
  type Target,
} from './menu/states.ts';

/** One call's state, kept in memory by CallSid. Holds an ID number only between typing and login. */
export interface CallState {
  sid: string;
  state: StateId;
  lang: Language;
  failures: number;
  role: 'insured' | 'employer' | null;
  /** The ID number typed, until it is confirmed and used to log in. */
  pendingId: string | null;
  pendingUnit: string | null;
  token: string | null;
  /** The last answer read, for "9: hear it again". */
  lastAnswer: Answer | null;
}

export function newCallState(sid: string): CallState {
  return {
    sid,
    state: 'language',
    lang: DEFAULT_LANGUAGE,
    failures: 0,
    role: null,
    pendingId: null,
    pendingUnit: null,
    token: null,
    lastAnswer: null,
  };
}

/** What to render next. */
export interface Outcome {
  state: StateId;
  before: Spoken[];
  reprompt: boolean;
}

export type CallEvent = { kind: 'input'; digits: string; speech: string } | { kind: 'noinput' };

export class CallFlow {
  constructor(
    private readonly api: ApiClient,
    private readonly now: () => Date,
  ) {}

  /** The first thing a caller hears. */
  start(call: CallState): Outcome {
    call.state = 'language';
    return { state: 'language', before: [], reprompt: false };
  }

  async handle(call: CallState, event: CallEvent): Promise<Outcome> {
    const state = STATES[call.state];
    const m = IVR[call.lang];
    if (state.kind === 'end') return this.enter(call, call.state, []);
    if (event.kind === 'noinput') return this.fail(call, m.noInput);
    const digits = event.digits.trim();
    const speech = event.speech.trim();

    if (state.kind === 'choice') {
      const option = matchOption(state, m, digits, speech);
      if (!option) return this.fail(call, m.invalid);
      call.failures = 0;
      return this.go(call, option.go);
    }

    // Entry states. After login, a lone * is "back to the menu"; at the PIN, it is "type the ID again".
    if (digits === '*' && state.loggedIn) return this.go(call, { action: 'menu' });
    if (digits === '*' && state.entry === 'pin') return this.enter(call, 'nationalId', []);
    const value = readEntry(state, digits, speech);
    if (!value) return this.fail(call, m.invalid);
    switch (state.entry) {
      case 'nationalId': {
        const id = normalizeNationalId(value);
        if (!id) return this.fail(call, m.nationalId.invalid);
        call.pendingId = id;
        return this.enter(call, 'confirmId', []);
      }
      case 'pin':
        if (!PIN_PATTERN.test(value) || !call.pendingId) return this.fail(call, m.pin.invalid);
        return this.login(call, { method: 'pin', nationalId: call.pendingId, pin: value }, 'pin');
      case 'unitNumber':
        if (!UNIT_NUMBER_PATTERN.test(value)) return this.fail(call, m.unitNumber.invalid);
        call.pendingUnit = value;
        return this.enter(call, 'employerPin', []);
      case 'employerPin':
        if (!PIN_PATTERN.test(value) || !call.pendingUnit) return this.fail(call, m.pin.invalid);
        return this.login(
          call,
          { method: 'employer-pin', unitNumber: call.pendingUnit, pin: value },
          'employerPin',
        );
      case 'staffNationalId': {
        const id = normalizeNationalId(value);
        if (!id) return this.fail(call, m.nationalId.invalid);
        return this.staffLookup(call, id);
      }
    }
  }

  /** Ends the API session (best effort: the session expires on its own anyway). */
  async endSession(call: CallState): Promise<void> {
    const token = call.token;
    call.token = null;
    call.pendingId = null;
    call.pendingUnit = null;
    call.lastAnswer = null;
    if (token) await this.api.call('logout', { token });
  }

  /** Fresh state with its long prompt; failures start over. */
  private async enter(call: CallState, state: StateId, before: Spoken[], reprompt = false): Promise<Outcome> {
    call.state = state;
    if (!reprompt) call.failures = 0;
    if (STATES[state].kind === 'end') await this.endSession(call);
    return { state, before, reprompt };
  }

  private fail(call: CallState, notice: string): Promise<Outcome> {
    const state = STATES[call.state];
    call.failures += 1;
    if (state.kind !== 'end' && call.failures >= state.maxFailures) {
      return this.enter(call, 'agent', [[notice], [IVR[call.lang].tooManyFailures]]);
    }
    return this.enter(call, call.state, [[notice]], true);
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
        return this.enter(call, 'who', []);
      case 'confirmId':
        return this.enter(call, 'pin', []);
      case 'menu':
        return this.enter(call, this.menuState(call), []);
      case 'repeat':
        if (call.state === 'answer' && call.lastAnswer) return this.enter(call, 'answer', call.lastAnswer);
        return this.enter(call, call.state, []);
      case 'category':
        return this.category(call, target.category);
      case 'employer':
        return this.employer(call, target.item);
      case 'disclosure': {
        const r = await this.api.call('disclosure', {});
        if (r.kind !== 'ok') return this.trouble(call, r);
        return this.answer(call, disclosureAnswer(r.data, call.role ?? 'insured', call.lang));
      }
    }
  }

  private answer(call: CallState, answer: Answer): Promise<Outcome> {
    call.lastAnswer = answer;
    return this.enter(call, 'answer', answer);
  }

  /** An API answer that is not data: what the caller hears, and where the call goes. */
  private trouble(
    call: CallState,
    result: Exclude<ApiResult<unknown>, { kind: 'ok' }>,
    retry?: StateId,
  ): Promise<Outcome> {
    const m = IVR[call.lang];
    if (result.kind === 'unavailable') return this.enter(call, 'agent', [[m.apiDown]]);
    const p: Problem = result.problem;
    switch (p.code) {
      case 'invalid_credentials':
      case 'bad_request':
        // Not an input failure: the API counts wrong PINs and locks; the caller hears the short PIN prompt.
        call.failures = 0;
        return this.enter(
          call,
          retry ?? this.menuState(call),
          [[m.wrongCredentials(p.attemptsLeft ?? null)]],
          true,
        );
      case 'locked':
        return this.enter(call, 'goodbye', [[m.locked(this.wait(p.retryAt, call.lang))]]);
      case 'rate_limited':
        return this.enter(call, 'agent', [[m.rateLimited]]);
      case 'unauthenticated':
      case 'session_expired':
        return this.enter(call, 'goodbye', [[m.sessionExpired]]);
      default:
        return this.enter(call, 'agent', [[m.apiDown]]);
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
    const r = await this.api.call('login', { body });
    if (r.kind !== 'ok') return this.trouble(call, r, retry);
    call.token = r.data.token;
    call.role = r.data.role === 'employer' ? 'employer' : 'insured';
    call.pendingId = null;
    call.pendingUnit = null;
    return this.enter(call, this.menuState(call), [[IVR[call.lang].loggedIn]]);
  }

  private async category(call: CallState, category: RecordCategory): Promise<Outcome> {
    const token = call.token ?? undefined;
    const lang = call.lang;
    switch (category) {
      case 'registration': {
        const r = await this.api.call('registration', { token });
        return r.kind === 'ok' ? this.answer(call, registrationAnswer(r.data, lang)) : this.trouble(call, r);
      }
      case 'contributions': {
        const s = await this.api.call('summary', { token });
        if (s.kind !== 'ok') return this.trouble(call, s);
        const latest = s.data.latestPaidMonth ?? null;
        const [recent, arrears] = await Promise.all([
          latest
            ? this.api.call('contributions', {
                token,
                query: { from: monthsBefore(latest, 2), to: latest, pageSize: 200 },
              })
            : Promise.resolve(null),
          (s.data.monthsInArrears ?? 0) > 0
            ? this.api.call('contributions', { token, query: { status: 'arrears', pageSize: 200 } })
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
        const r = await this.api.call('benefits', { token });
        return r.kind === 'ok' ? this.answer(call, benefitsAnswer(r.data, lang)) : this.trouble(call, r);
      }
      case 'accounts': {
        const r = await this.api.call('accounts', { token });
        return r.kind === 'ok' ? this.answer(call, accountsAnswer(r.data, lang)) : this.trouble(call, r);
      }
      case 'other': {
        const r = await this.api.call('other', { token });
        return r.kind === 'ok' ? this.answer(call, otherAnswer(r.data, lang)) : this.trouble(call, r);
      }
    }
  }

  private async employer(call: CallState, item: EmployerItem): Promise<Outcome> {
    const r = await this.api.call('employerSummary', {
      token: call.token ?? undefined,
    });
    if (r.kind !== 'ok') return this.trouble(call, r);
    const answer =
      item === 'staff'
        ? staffCountAnswer(r.data, call.lang)
        : item === 'arrears'
          ? staffArrearsAnswer(r.data, call.lang)
          : unitMonthsAnswer(r.data, call.lang);
    return this.answer(call, answer);
  }

  private async staffLookup(call: CallState, nationalId: string): Promise<Outcome> {
    const r = await this.api.call('employerStaffLookup', {
      token: call.token ?? undefined,
      body: { nationalId },
    });
    if (r.kind === 'ok')
      return this.answer(call, staffMemberAnswer(r.data.member, nationalId, r.data.asOf, call.lang));
    if (r.kind === 'problem' && (r.problem.code === 'not_found' || r.problem.code === 'forbidden')) {
      return this.answer(call, [[IVR[call.lang].employer.notFound]]);
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

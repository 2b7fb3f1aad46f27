// From a menu state to TwiML: a pure function, tested without HTTP. Every <Gather> takes keys and speech in the
// caller's language and voice, can be interrupted (barge-in), and is followed by a <Redirect> to the no-input
// handler, because when a Gather gets nothing Twilio simply runs the next verb.
import twilio from 'twilio';
import type { Language } from '../../../shared/src/i18n.ts';
import { LANGUAGES } from '../../../shared/src/i18n.ts';
import { IVR } from '../../../shared/src/messages/ivr.ts';
import type { Spoken } from '../../../shared/src/speech.ts';
import type { PromptVars, State } from './states.ts';
import { VOICES } from './voices.ts';

type VoiceResponse = twilio.twiml.VoiceResponse;
type Say = ReturnType<VoiceResponse['say']>;

export const INPUT_PATH = '/ivr/input';
export const NO_INPUT_PATH = '/ivr/noinput';

export interface RenderContext {
  /** The caller's language (ignored by the language menu, which speaks all three). */
  lang: Language;
  /** The call's step counter: goes into the action URLs so a late or replayed request can be recognised. */
  step: number;
  /** After a wrong or missing answer: the short re-prompt instead of the long one. */
  reprompt: boolean;
  /** Sentences said before the prompt: a notice ("Sorry, I didn't get that") or an answer from the record. */
  before: Spoken[];
  vars: PromptVars;
  /** Where "0" and too many failures lead; without it the call ends with a polite goodbye. */
  agentNumber?: string;
}

function addSpoken(say: Say, spoken: Spoken): void {
  for (const part of spoken) {
    if (typeof part === 'string') say.addText(part);
    else say.sayAs({ 'interpret-as': 'digits' }, part.digits);
  }
}

function sayIn(parent: { say: VoiceResponse['say'] }, lang: Language, spoken: Spoken): void {
  if (spoken.length === 0) return;
  const v = VOICES[lang];
  addSpoken(parent.say({ voice: v.voice, language: v.sayLanguage }, ''), spoken);
}

/** The TwiML for a state. Pure: the same state and context always give the same document. */
export function renderTwiml(state: State, ctx: RenderContext): string {
  const response = new twilio.twiml.VoiceResponse();
  const m = IVR[ctx.lang];

  if (state.kind === 'end') {
    for (const s of ctx.before) sayIn(response, ctx.lang, s);
    if (state.id === 'agent' && ctx.agentNumber) {
      sayIn(response, ctx.lang, [m.transferring]);
      response.dial({}, ctx.agentNumber);
      // Twilio goes on here when the agent's leg ends.
      sayIn(response, ctx.lang, [m.goodbye]);
    } else {
      if (state.id === 'agent') sayIn(response, ctx.lang, [m.noAgent]);
      sayIn(response, ctx.lang, [m.goodbye]);
    }
    response.hangup();
    return response.toString();
  }

  const isLanguageMenu = state.id === 'language';
  const recognition = isLanguageMenu ? VOICES.es : VOICES[ctx.lang];
  const hints =
    state.kind === 'choice'
      ? [...new Set(state.options.flatMap((o) => o.words(m).filter((w) => w.length > 0)))].join(', ')
      : '$OOV_CLASS_DIGIT_SEQUENCE';
  const gather = response.gather({
    input: ['dtmf', 'speech'],
    action: `${INPUT_PATH}?s=${ctx.step}`,
    method: 'POST',
    language: recognition.gatherLanguage,
    hints,
    bargeIn: true,
    timeout: state.timeout,
    speechTimeout: 'auto',
    actionOnEmptyResult: false,
    ...(state.kind === 'choice' ? { numDigits: 1, finishOnKey: '' } : { finishOnKey: '#' }),
  });

  if (isLanguageMenu) {
    for (const s of ctx.before) sayIn(gather, ctx.lang, s);
    // Each option in its own language and voice, so every caller hears their language offered in it.
    for (const lang of LANGUAGES) sayIn(gather, lang, [IVR[lang].languageOption]);
  } else {
    for (const s of ctx.before) sayIn(gather, ctx.lang, s);
    const prompt = state.prompt(m, ctx.vars);
    sayIn(gather, ctx.lang, ctx.reprompt ? prompt.short : prompt.long);
  }
  response.redirect({ method: 'POST' }, `${NO_INPUT_PATH}?s=${ctx.step}`);
  return response.toString();
}

/** The answer to a request that must change and disclose nothing (unknown call, stale step). */
export function emptyTwiml(): string {
  return new twilio.twiml.VoiceResponse().toString();
}

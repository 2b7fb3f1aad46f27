// From a menu state to TwiML: a pure function, tested without HTTP. Every menu's <Gather> takes keys and speech,
// the recogniser listening in the menu's language; entries (ID numbers, PINs) take keys only. Every Gather can be
// interrupted (barge-in) and is followed by a <Redirect> to the no-input handler, because when a Gather gets
// nothing Twilio simply runs the next verb.
import twilio from 'twilio';
import type { Language } from '../../../shared/src/i18n.ts';
import { LANGUAGES } from '../../../shared/src/i18n.ts';
import { IVR, type IvrMessages } from '../../../shared/src/messages/ivr.ts';
import type { Spoken } from '../../../shared/src/speech.ts';
import type { PromptVars, State } from './states.ts';
import { VOICES, type Voices } from './voices.ts';

type VoiceResponse = twilio.twiml.VoiceResponse;
type Say = ReturnType<VoiceResponse['say']>;

export const INPUT_PATH = '/ivr/input';
export const NO_INPUT_PATH = '/ivr/noinput';

/** Something said before the prompt whose words come from the catalogue: said in every language before one is chosen. */
export type Notice = (m: IvrMessages) => Spoken;

export interface RenderContext {
  /** The caller's language (before a choice: the language the recogniser listens in). */
  lang: Language;
  /** No language chosen yet: notices and the end of the call are said in all three, each in its own voice. */
  multilingual: boolean;
  /** The call's current step token: goes into the action URLs, so a stale, guessed or replayed request is known. */
  token: string;
  /** After a wrong or missing answer: the short re-prompt instead of the long one. */
  reprompt: boolean;
  /** Catalogue sentences said first ("Sorry, I didn't get that"). */
  notices: Notice[];
  /** Sentences from the record said next, in the caller's language (an answer). */
  before: Spoken[];
  vars: PromptVars;
  /** Where the agent state transfers the caller; without it the call ends with a polite goodbye. */
  agentNumber?: string;
  voices?: Voices;
}

function addSpoken(say: Say, spoken: Spoken): void {
  for (const part of spoken) {
    if (typeof part === 'string') say.addText(part);
    else say.sayAs({ 'interpret-as': 'digits' }, part.digits);
  }
}

function sayIn(parent: { say: VoiceResponse['say'] }, voices: Voices, lang: Language, spoken: Spoken): void {
  if (spoken.length === 0) return;
  const v = voices[lang];
  // Voice names are configurable (IVR_VOICES): Twilio's type lists only some of Polly's.
  const attributes = { voice: v.voice, language: v.sayLanguage } as Parameters<VoiceResponse['say']>[0];
  addSpoken(parent.say(attributes, ''), spoken);
}

/** The languages a catalogue sentence is said in: the caller's, or all three (Spanish first) before a choice. */
function languagesOf(ctx: RenderContext): readonly Language[] {
  return ctx.multilingual ? LANGUAGES : [ctx.lang];
}

/** The TwiML for a state. Pure: the same state and context always give the same document. */
export function renderTwiml(state: State, ctx: RenderContext): string {
  const response = new twilio.twiml.VoiceResponse();
  const voices = ctx.voices ?? VOICES;
  const say = (parent: { say: VoiceResponse['say'] }, lang: Language, spoken: Spoken) =>
    sayIn(parent, voices, lang, spoken);
  const notices = (parent: { say: VoiceResponse['say'] }) => {
    for (const lang of languagesOf(ctx)) for (const n of ctx.notices) say(parent, lang, n(IVR[lang]));
  };
  const catalogue = (parent: { say: VoiceResponse['say'] }, pick: (m: IvrMessages) => string) => {
    for (const lang of languagesOf(ctx)) say(parent, lang, [pick(IVR[lang])]);
  };

  if (state.kind === 'end') {
    notices(response);
    for (const s of ctx.before) say(response, ctx.lang, s);
    if (state.id === 'agent' && ctx.agentNumber) {
      catalogue(response, (m) => m.transferring);
      response.dial({}, ctx.agentNumber);
      // Twilio goes on here when the agent's leg ends.
    }
    catalogue(response, (m) => m.goodbye);
    response.hangup();
    return response.toString();
  }

  const m = IVR[ctx.lang];
  const recognition = voices[ctx.lang];
  // Entries take keys only: an ID number or a PIN is never said aloud, and no recogniser hears it.
  const speech = state.kind === 'choice';
  const hints = speech
    ? [...new Set(state.options.flatMap((o) => o.words(m).filter((w) => w.length > 0)))].join(', ')
    : undefined;
  const gather = response.gather({
    input: speech ? ['dtmf', 'speech'] : ['dtmf'],
    action: `${INPUT_PATH}?t=${ctx.token}`,
    method: 'POST',
    ...(speech ? { language: recognition.gatherLanguage, hints, speechTimeout: 'auto' } : {}),
    bargeIn: true,
    timeout: state.timeout,
    actionOnEmptyResult: false,
    ...(state.kind === 'choice' ? { numDigits: 1, finishOnKey: '' } : { finishOnKey: '#' }),
  });

  notices(gather);
  for (const s of ctx.before) say(gather, ctx.lang, s);
  if (state.id === 'language') {
    // One short line per language, each in its own voice, so every caller hears their option within seconds.
    for (const lang of LANGUAGES) say(gather, lang, [IVR[lang].languageOption]);
  } else {
    const prompt = state.prompt(m, ctx.vars);
    say(gather, ctx.lang, ctx.reprompt ? prompt.short : prompt.long);
  }
  response.redirect({ method: 'POST' }, `${NO_INPUT_PATH}?t=${ctx.token}`);
  return response.toString();
}

/** The answer to a request that must change and disclose nothing (unknown call, stale step). */
export function emptyTwiml(): string {
  return new twilio.twiml.VoiceResponse().toString();
}

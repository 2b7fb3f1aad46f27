// The phone menu as data: each state's prompts (long first, short re-prompt), the keys and spoken words it accepts
// in each language, and where each leads. The call flow (../flow.ts) interprets this; render.ts turns a state into
// TwiML. Changing the menu means changing this table, not a route full of ifs.
import type { RecordCategory } from '../../../shared/src/domain.ts';
import type { Language } from '../../../shared/src/i18n.ts';
import { IVR, type IvrMessages } from '../../../shared/src/messages/ivr.ts';
import type { Spoken } from '../../../shared/src/speech.ts';

export type StateId =
  | 'language'
  | 'who'
  | 'nationalId'
  | 'confirmId'
  | 'pin'
  | 'unitNumber'
  | 'employerPin'
  | 'insuredMenu'
  | 'employerMenu'
  | 'answer'
  | 'staffLookupId'
  | 'agent'
  | 'goodbye';

export type EmployerItem = 'staff' | 'arrears' | 'months';

/** Where an input leads: another state, or an action the call flow performs (which then picks the state). */
export type Target =
  | { to: StateId }
  | { action: 'language'; lang: Language }
  | { action: 'category'; category: RecordCategory }
  | { action: 'employer'; item: EmployerItem }
  | { action: 'disclosure' }
  | { action: 'confirmId' }
  | { action: 'repeat' }
  | { action: 'menu' };

export interface MenuOption {
  /** The key, one of 0-9 * #. */
  key: string;
  /** What a caller may say instead, in the call's language. */
  words: (m: IvrMessages) => string[];
  go: Target;
}

export interface PromptVars {
  /** The last characters of an ID number just typed, spoken as a code. */
  idEnding?: Spoken;
}

export interface PromptText {
  long: Spoken;
  short: Spoken;
}

interface BaseState {
  id: StateId;
  /** Invalid or empty answers in a row before the caller is handed to an agent (or a polite goodbye). */
  maxFailures: number;
  /** Seconds of silence before the no-input handler runs. */
  timeout: number;
  prompt: (m: IvrMessages, vars: PromptVars) => PromptText;
  /** After login: 9 repeat, 0 agent, * main menu, # end call are accepted here too. */
  loggedIn: boolean;
}

/** A menu: one key (or a word) picks an option. */
export interface ChoiceState extends BaseState {
  kind: 'choice';
  options: MenuOption[];
}

/** A number typed and ended with #: an ID number (with * for X), a unit number, a PIN. */
export interface EntryState extends BaseState {
  kind: 'entry';
  /** What the typed number is; the call flow validates and submits it. */
  entry: 'nationalId' | 'pin' | 'unitNumber' | 'employerPin' | 'staffNationalId';
  /** * stands for the check character X (ID numbers). */
  starIsX: boolean;
  /** Letters are typed as * + key + place on the key (unit numbers may carry letters, credit-code style). */
  keypadLetters?: boolean;
}

/** The call ends here: transfer to an agent, or goodbye. */
export interface EndState {
  kind: 'end';
  id: 'agent' | 'goodbye';
}

export type State = ChoiceState | EntryState | EndState;

const MAX_FAILURES = 3;
const text = (s: string): Spoken => [s];
const fixed = (pick: (m: IvrMessages) => { long: string; short: string }) => (m: IvrMessages) => {
  const p = pick(m);
  return { long: text(p.long), short: text(p.short) };
};

/** The options every menu after login accepts, in the order they are announced. */
export const LOGGED_IN_OPTIONS: MenuOption[] = [
  { key: '9', words: (m) => m.commonWords.repeat, go: { action: 'repeat' } },
  { key: '0', words: (m) => m.commonWords.agent, go: { to: 'agent' } },
  { key: '*', words: (m) => m.commonWords.menu, go: { action: 'menu' } },
  { key: '#', words: (m) => m.commonWords.end, go: { to: 'goodbye' } },
];

const CATEGORY_KEYS: [string, RecordCategory][] = [
  ['1', 'registration'],
  ['2', 'contributions'],
  ['3', 'benefits'],
  ['4', 'accounts'],
  ['5', 'other'],
];

export const STATES: Record<StateId, State> = {
  language: {
    kind: 'choice',
    id: 'language',
    loggedIn: false,
    maxFailures: MAX_FAILURES,
    timeout: 6,
    // The language menu is said in all three voices by render.ts; this prompt is unused.
    prompt: () => ({ long: [], short: [] }),
    options: [
      { key: '1', words: () => IVR.es.languageWords, go: { action: 'language', lang: 'es' } },
      { key: '2', words: () => IVR.en.languageWords, go: { action: 'language', lang: 'en' } },
      { key: '3', words: () => IVR['zh-CN'].languageWords, go: { action: 'language', lang: 'zh-CN' } },
    ],
  },
  who: {
    kind: 'choice',
    id: 'who',
    loggedIn: false,
    maxFailures: MAX_FAILURES,
    timeout: 6,
    prompt: fixed((m) => m.who),
    options: [
      { key: '1', words: (m) => m.who.insuredWords, go: { to: 'nationalId' } },
      { key: '2', words: (m) => m.who.employerWords, go: { to: 'unitNumber' } },
    ],
  },
  nationalId: {
    kind: 'entry',
    id: 'nationalId',
    entry: 'nationalId',
    starIsX: true,
    loggedIn: false,
    maxFailures: MAX_FAILURES,
    timeout: 10,
    prompt: fixed((m) => m.nationalId),
  },
  confirmId: {
    kind: 'choice',
    id: 'confirmId',
    loggedIn: false,
    maxFailures: MAX_FAILURES,
    timeout: 6,
    prompt: (m, vars) => ({
      long: m.confirmId.long(vars.idEnding ?? []),
      short: m.confirmId.short(vars.idEnding ?? []),
    }),
    options: [
      { key: '1', words: (m) => m.confirmId.yesWords, go: { action: 'confirmId' } },
      { key: '2', words: (m) => m.confirmId.noWords, go: { to: 'nationalId' } },
    ],
  },
  pin: {
    kind: 'entry',
    id: 'pin',
    entry: 'pin',
    starIsX: false,
    loggedIn: false,
    maxFailures: MAX_FAILURES,
    timeout: 10,
    prompt: fixed((m) => m.pin),
  },
  unitNumber: {
    kind: 'entry',
    id: 'unitNumber',
    entry: 'unitNumber',
    starIsX: false,
    keypadLetters: true,
    loggedIn: false,
    maxFailures: MAX_FAILURES,
    timeout: 10,
    prompt: fixed((m) => m.unitNumber),
  },
  employerPin: {
    kind: 'entry',
    id: 'employerPin',
    entry: 'employerPin',
    starIsX: false,
    loggedIn: false,
    maxFailures: MAX_FAILURES,
    timeout: 10,
    prompt: fixed((m) => m.employerPin),
  },
  insuredMenu: {
    kind: 'choice',
    id: 'insuredMenu',
    loggedIn: true,
    maxFailures: MAX_FAILURES,
    timeout: 6,
    prompt: fixed((m) => m.insuredMenu),
    options: [
      ...CATEGORY_KEYS.map(([key, category]): MenuOption => ({
        key,
        words: (m) => m.insuredMenu.words[category],
        go: { action: 'category', category },
      })),
      { key: '8', words: (m) => m.insuredMenu.words.disclosure, go: { action: 'disclosure' } },
      ...LOGGED_IN_OPTIONS,
    ],
  },
  employerMenu: {
    kind: 'choice',
    id: 'employerMenu',
    loggedIn: true,
    maxFailures: MAX_FAILURES,
    timeout: 6,
    prompt: fixed((m) => m.employerMenu),
    options: [
      { key: '1', words: (m) => m.employerMenu.words.staff, go: { action: 'employer', item: 'staff' } },
      { key: '2', words: (m) => m.employerMenu.words.arrears, go: { action: 'employer', item: 'arrears' } },
      { key: '3', words: (m) => m.employerMenu.words.months, go: { action: 'employer', item: 'months' } },
      { key: '4', words: (m) => m.employerMenu.words.lookup, go: { to: 'staffLookupId' } },
      { key: '8', words: (m) => m.employerMenu.words.disclosure, go: { action: 'disclosure' } },
      ...LOGGED_IN_OPTIONS,
    ],
  },
  answer: {
    kind: 'choice',
    id: 'answer',
    loggedIn: true,
    maxFailures: MAX_FAILURES,
    timeout: 8,
    prompt: fixed((m) => m.afterAnswer),
    options: LOGGED_IN_OPTIONS,
  },
  staffLookupId: {
    kind: 'entry',
    id: 'staffLookupId',
    entry: 'staffNationalId',
    starIsX: true,
    loggedIn: true,
    maxFailures: MAX_FAILURES,
    timeout: 10,
    prompt: fixed((m) => m.staffLookupId),
  },
  agent: { kind: 'end', id: 'agent' },
  goodbye: { kind: 'end', id: 'goodbye' },
};

const normalize = (s: string): string =>
  s
    .toLowerCase()
    .normalize('NFC')
    .replace(/[.,!?;:"'¡¿。，！？；：“”]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * The option a caller picked, by key or by speech. A spoken digit ("2", as Twilio transcribes "two") counts as the
 * key. Longer words are tried first so that "main menu" is not taken for something else.
 */
export function matchOption(
  state: ChoiceState,
  m: IvrMessages,
  digits: string,
  speech: string,
): MenuOption | undefined {
  if (digits) return state.options.find((o) => o.key === digits.slice(0, 1));
  const said = normalize(speech);
  if (!said) return undefined;
  const byKey = state.options.find((o) => o.key === said);
  if (byKey) return byKey;
  const candidates = state.options.flatMap((o) => o.words(m).map((w) => ({ o, w: normalize(w) })));
  candidates.sort((a, b) => b.w.length - a.w.length);
  return candidates.find(({ w }) => w && said.includes(w))?.o;
}

const CHINESE_DIGITS: Record<string, string> = {
  零: '0',
  〇: '0',
  一: '1',
  幺: '1',
  二: '2',
  两: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};

/**
 * The characters of a typed or spoken number: keys as typed (with * as X where the state says so), or the digits
 * in a speech transcription (Chinese numerals included; "X", "equis" for the check character).
 */
export function readEntry(state: EntryState, digits: string, speech: string): string {
  if (digits) {
    const typed = digits.replace(/#/g, '');
    if (state.keypadLetters) return readKeypadLetters(typed);
    return state.starIsX ? typed.replace(/\*/g, 'X') : typed;
  }
  let out = '';
  const said = speech.toLowerCase().replace(/equis/g, 'x');
  for (const ch of said) {
    if (/\d/.test(ch)) out += ch;
    else if (CHINESE_DIGITS[ch]) out += CHINESE_DIGITS[ch];
    else if (ch === 'x' && state.starIsX) out += 'X';
    else if (state.keypadLetters && /[a-z]/.test(ch)) out += ch.toUpperCase();
  }
  return out;
}

/** The letters on each key of a phone keypad (ITU-T E.161). */
const KEYPAD: Record<string, string> = {
  '2': 'ABC',
  '3': 'DEF',
  '4': 'GHI',
  '5': 'JKL',
  '6': 'MNO',
  '7': 'PQRS',
  '8': 'TUV',
  '9': 'WXYZ',
};

/**
 * Reads digits with letters typed as * + key + place on the key ("*61" is M). A malformed letter makes the whole
 * entry empty, so the caller is asked again rather than logged in with a wrong number.
 */
export function readKeypadLetters(typed: string): string {
  let out = '';
  for (let i = 0; i < typed.length; i++) {
    const ch = typed[i] ?? '';
    if (ch !== '*') {
      out += ch;
      continue;
    }
    const letter = KEYPAD[typed[i + 1] ?? '']?.[Number(typed[i + 2] ?? '0') - 1];
    if (!letter) return '';
    out += letter;
    i += 2;
  }
  return out;
}

/** The keys that type a unit number: digits as they are, a letter as * + key + place ("M" → "*61"). */
export function keysForUnitNumber(unitNumber: string): string {
  let keys = '';
  for (const ch of unitNumber.toUpperCase()) {
    if (/\d/.test(ch)) {
      keys += ch;
      continue;
    }
    const key = Object.keys(KEYPAD).find((k) => KEYPAD[k]?.includes(ch));
    if (!key) throw new Error(`no key for ${ch}`);
    keys += `*${key}${(KEYPAD[key] ?? '').indexOf(ch) + 1}`;
  }
  return keys;
}

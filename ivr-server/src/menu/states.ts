// The phone menu as data: each state's prompts (long first, short re-prompt), the keys and spoken words it accepts
// in each language, and where each leads. The call flow (../flow.ts) interprets this; render.ts turns a state into
// TwiML. Changing the menu means changing this table, not a route full of ifs.
import type { RecordCategory } from '../../../shared/src/domain.ts';
import type { Language } from '../../../shared/src/i18n.ts';
import type { IvrMessages } from '../../../shared/src/messages/ivr.ts';
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
  | 'moreMenu'
  | 'employerMenu'
  | 'insuredAnswer'
  | 'moreAnswer'
  | 'employerAnswer'
  | 'staffLookupId'
  | 'callbackOffer'
  | 'callbackDone'
  | 'agent'
  | 'goodbye';

export type EmployerItem = 'arrears' | 'months';

/** Where an input leads: another state, or an action the call flow performs (which then picks the state). */
export type Target =
  | { to: StateId }
  | { action: 'language'; lang: Language }
  | { action: 'category'; category: RecordCategory }
  | { action: 'employer'; item: EmployerItem }
  | { action: 'disclosure' }
  | { action: 'statement' }
  | { action: 'accessLog' }
  | { action: 'recordCallback' }
  | { action: 'callback' }
  | { action: 'confirmId' }
  | { action: 'repeat' }
  | { action: 'details' }
  | { action: 'agent' }
  | { action: 'back' }
  | { action: 'menu' };

export interface MenuOption {
  /** The key, one of 0-9 * #. */
  key: string;
  /** What a caller may say instead, in the recogniser's language (the phrase tables of the message catalogue). */
  words: (m: IvrMessages) => string[];
  go: Target;
}

export interface PromptVars {
  /** The last characters of an ID number just typed, spoken as a code. */
  idEnding?: Spoken;
  /** The answer just read has details behind key 5. */
  details?: boolean;
}

export interface PromptText {
  long: Spoken;
  short: Spoken;
}

interface BaseState {
  id: StateId;
  /** Invalid or empty answers in a row before the caller is handed to an agent (or the call-back offer). */
  maxFailures: number;
  /** Seconds of silence before the no-input handler runs. */
  timeout: number;
  prompt: (m: IvrMessages, vars: PromptVars) => PromptText;
  /** After login: the API session is open. */
  loggedIn: boolean;
}

/** A menu: one key (or a word) picks an option. */
export interface ChoiceState extends BaseState {
  kind: 'choice';
  options: MenuOption[];
  /**
   * When what the caller said matches several options, this key wins (the confirmation's "no": a negation beats
   * the affirmation it contains, "not correct"); without it, an ambiguous answer is asked again.
   */
  prefer?: string;
}

/** A number typed and ended with #: an ID number (with * for X), a unit number, a PIN. Keys only, never speech. */
export interface EntryState extends BaseState {
  kind: 'entry';
  /** What the typed number is; the call flow validates and submits it. */
  entry: 'nationalId' | 'pin' | 'unitNumber' | 'employerPin' | 'staffNationalId';
  /** * stands for the check character X (ID numbers). */
  starIsX: boolean;
  /** Letters are typed as * + key + place on the key (unit numbers may carry letters, credit-code style). */
  keypadLetters?: boolean;
  /** Where a lone * leads (back a step). */
  back: StateId | 'menu';
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

/** 0 is the agent everywhere, before login too (entry states read a lone 0 the same way). */
const AGENT_OPTION: MenuOption = { key: '0', words: (m) => m.words.common.agent, go: { action: 'agent' } };

/** The keys every menu after login accepts besides its own choices. */
export const LOGGED_IN_OPTIONS: MenuOption[] = [
  { key: '9', words: (m) => m.words.common.repeat, go: { action: 'repeat' } },
  AGENT_OPTION,
  { key: '*', words: (m) => m.words.common.menu, go: { action: 'menu' } },
  { key: '#', words: (m) => m.words.common.end, go: { to: 'goodbye' } },
];

/** The insured main menu: the most asked-for first (contributions and arrears, then the pension). */
const INSURED_CHOICES: MenuOption[] = [
  {
    key: '1',
    words: (m) => m.words.insuredMenu.contributions,
    go: { action: 'category', category: 'contributions' },
  },
  { key: '2', words: (m) => m.words.insuredMenu.benefits, go: { action: 'category', category: 'benefits' } },
  { key: '3', words: (m) => m.words.insuredMenu.accounts, go: { action: 'category', category: 'accounts' } },
  { key: '4', words: (m) => m.words.insuredMenu.more, go: { to: 'moreMenu' } },
];

const MORE_CHOICES: MenuOption[] = [
  {
    key: '1',
    words: (m) => m.words.moreMenu.registration,
    go: { action: 'category', category: 'registration' },
  },
  { key: '2', words: (m) => m.words.moreMenu.other, go: { action: 'category', category: 'other' } },
  { key: '3', words: (m) => m.words.moreMenu.statement, go: { action: 'statement' } },
  { key: '4', words: (m) => m.words.moreMenu.accessLog, go: { action: 'accessLog' } },
  { key: '5', words: (m) => m.words.moreMenu.callback, go: { action: 'recordCallback' } },
];

const EMPLOYER_CHOICES: MenuOption[] = [
  { key: '1', words: (m) => m.words.employerMenu.arrears, go: { action: 'employer', item: 'arrears' } },
  { key: '2', words: (m) => m.words.employerMenu.lookup, go: { to: 'staffLookupId' } },
  { key: '3', words: (m) => m.words.employerMenu.months, go: { action: 'employer', item: 'months' } },
  { key: '4', words: (m) => m.words.employerMenu.disclosure, go: { action: 'disclosure' } },
];

const DETAILS_OPTION: MenuOption = {
  key: '5',
  words: (m) => m.words.common.details,
  go: { action: 'details' },
};

/** After an answer: what the caller hears, then the menu's own keys work at once (no need to press * first). */
const afterAnswer = (m: IvrMessages, vars: PromptVars): PromptText => ({
  long: vars.details ? [m.afterAnswer.details, ' ', m.afterAnswer.long] : text(m.afterAnswer.long),
  short: vars.details ? [m.afterAnswer.details, ' ', m.afterAnswer.short] : text(m.afterAnswer.short),
});

const choice = (
  id: StateId,
  options: MenuOption[],
  prompt: BaseState['prompt'],
  extra: Partial<ChoiceState> = {},
): ChoiceState => ({
  kind: 'choice',
  id,
  loggedIn: true,
  maxFailures: MAX_FAILURES,
  timeout: 6,
  prompt,
  options,
  ...extra,
});

const entry = (
  id: StateId,
  what: EntryState['entry'],
  prompt: BaseState['prompt'],
  back: EntryState['back'],
  extra: Partial<EntryState> = {},
): EntryState => ({
  kind: 'entry',
  id,
  entry: what,
  starIsX: false,
  loggedIn: false,
  maxFailures: MAX_FAILURES,
  timeout: 10,
  prompt,
  back,
  ...extra,
});

export const STATES: Record<StateId, State> = {
  language: choice(
    'language',
    [
      { key: '1', words: (m) => m.words.language.es, go: { action: 'language', lang: 'es' } },
      { key: '2', words: (m) => m.words.language.en, go: { action: 'language', lang: 'en' } },
      { key: '3', words: (m) => m.words.language['zh-CN'], go: { action: 'language', lang: 'zh-CN' } },
      AGENT_OPTION,
    ],
    // Said by render.ts in all three voices, one short line each; this prompt is unused.
    () => ({ long: [], short: [] }),
    { loggedIn: false },
  ),
  who: choice(
    'who',
    [
      { key: '1', words: (m) => m.words.who.insured, go: { to: 'nationalId' } },
      { key: '2', words: (m) => m.words.who.employer, go: { to: 'unitNumber' } },
      { key: '3', words: (m) => m.words.who.disclosure, go: { action: 'disclosure' } },
      AGENT_OPTION,
      { key: '9', words: (m) => m.words.common.repeat, go: { action: 'repeat' } },
    ],
    fixed((m) => m.who),
    { loggedIn: false },
  ),
  nationalId: entry(
    'nationalId',
    'nationalId',
    fixed((m) => m.nationalId),
    'who',
    { starIsX: true },
  ),
  confirmId: choice(
    'confirmId',
    [
      { key: '1', words: (m) => m.words.confirm.yes, go: { action: 'confirmId' } },
      { key: '2', words: (m) => m.words.confirm.no, go: { to: 'nationalId' } },
      AGENT_OPTION,
    ],
    (m, vars) => ({
      long: m.confirmId.long(vars.idEnding ?? []),
      short: m.confirmId.short(vars.idEnding ?? []),
    }),
    { loggedIn: false, prefer: '2' },
  ),
  pin: entry(
    'pin',
    'pin',
    (m) => ({ long: [m.pin.long, ' ', m.pin.forgot], short: [m.pin.short, ' ', m.pin.forgot] }),
    'nationalId',
  ),
  unitNumber: entry(
    'unitNumber',
    'unitNumber',
    fixed((m) => m.unitNumber),
    'who',
    { keypadLetters: true },
  ),
  employerPin: entry(
    'employerPin',
    'employerPin',
    fixed((m) => m.employerPin),
    'unitNumber',
  ),
  insuredMenu: choice(
    'insuredMenu',
    [...INSURED_CHOICES, ...LOGGED_IN_OPTIONS],
    fixed((m) => m.insuredMenu),
  ),
  moreMenu: choice(
    'moreMenu',
    [...MORE_CHOICES, ...LOGGED_IN_OPTIONS],
    fixed((m) => m.moreMenu),
  ),
  employerMenu: choice(
    'employerMenu',
    [...EMPLOYER_CHOICES, ...LOGGED_IN_OPTIONS],
    fixed((m) => m.employerMenu),
  ),
  insuredAnswer: choice(
    'insuredAnswer',
    [...INSURED_CHOICES, DETAILS_OPTION, ...LOGGED_IN_OPTIONS],
    afterAnswer,
    { timeout: 8 },
  ),
  moreAnswer: choice('moreAnswer', [...MORE_CHOICES, ...LOGGED_IN_OPTIONS], afterAnswer, { timeout: 8 }),
  employerAnswer: choice('employerAnswer', [...EMPLOYER_CHOICES, ...LOGGED_IN_OPTIONS], afterAnswer, {
    timeout: 8,
  }),
  staffLookupId: entry(
    'staffLookupId',
    'staffNationalId',
    fixed((m) => m.staffLookupId),
    'menu',
    {
      starIsX: true,
      loggedIn: true,
    },
  ),
  callbackOffer: choice(
    'callbackOffer',
    [
      { key: '1', words: (m) => m.words.callback.yes, go: { action: 'callback' } },
      { key: '*', words: (m) => m.words.common.menu, go: { action: 'back' } },
      { key: '#', words: (m) => m.words.common.end, go: { to: 'goodbye' } },
    ],
    fixed((m) => m.callback.offer),
    { loggedIn: false },
  ),
  callbackDone: choice(
    'callbackDone',
    [
      { key: '9', words: (m) => m.words.common.repeat, go: { action: 'repeat' } },
      { key: '*', words: (m) => m.words.common.menu, go: { action: 'back' } },
      { key: '#', words: (m) => m.words.common.end, go: { to: 'goodbye' } },
    ],
    fixed((m) => m.callback.done),
    { loggedIn: false },
  ),
  agent: { kind: 'end', id: 'agent' },
  goodbye: { kind: 'end', id: 'goodbye' },
};

/** The state a menu's answers are read in: its keys keep working after the answer. */
export const ANSWER_STATE: Partial<Record<StateId, StateId>> = {
  insuredMenu: 'insuredAnswer',
  moreMenu: 'moreAnswer',
  employerMenu: 'employerAnswer',
  insuredAnswer: 'insuredAnswer',
  moreAnswer: 'moreAnswer',
  employerAnswer: 'employerAnswer',
};

const normalize = (s: string): string =>
  s
    .toLowerCase()
    .normalize('NFC')
    .replace(/[.,!?;:"'¡¿。，！？；：“”、]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const HAN = /[\u3400-\u9fff]/;

/** Whether a phrase occurs in what was said: as whole words in alphabetic languages, anywhere in Chinese. */
function contains(said: string, phrase: string): boolean {
  const p = normalize(phrase);
  if (!p) return false;
  if (HAN.test(p)) return said.replace(/ /g, '').includes(p.replace(/ /g, ''));
  return ` ${said} `.includes(` ${p} `);
}

/** A key said aloud: "2", "two", "press two", "dos", "pulse el dos", "二", "按二", "星号". */
export function spokenKey(said: string, m: IvrMessages): string | undefined {
  const s = normalize(said);
  if (/^[0-9*#]$/.test(s)) return s;
  let rest: string;
  if (HAN.test(s)) {
    rest = s.replace(/ /g, '');
    for (const f of m.keyFillers) rest = rest.split(f).join('');
  } else {
    rest = s
      .split(' ')
      .filter((w) => !m.keyFillers.includes(w))
      .join(' ');
  }
  if (/^[0-9]$/.test(rest)) return rest;
  return Object.keys(m.keys).find((k) => (m.keys[k] ?? []).some((w) => normalize(w) === rest));
}

/**
 * The option a caller picked, by key or by speech. A key said aloud counts as the key. Words pick an option only
 * when they point at one option: when they match several, the state's preferred option wins if it is among them
 * (a negation over an affirmation), otherwise nothing does and the caller is asked again.
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
  const key = spokenKey(said, m);
  if (key !== undefined) return state.options.find((o) => o.key === key);
  const matched = state.options.filter((o) => o.words(m).some((w) => contains(said, w)));
  if (matched.length === 1) return matched[0];
  if (matched.length > 1 && state.prefer) return matched.find((o) => o.key === state.prefer);
  return undefined;
}

/**
 * The characters of a typed number: keys as typed (with * as X where the state says so, letters as * + key + place
 * for unit numbers). Keys only: an ID number or a PIN is never taken from speech, so it is never said aloud.
 */
export function readEntry(state: EntryState, digits: string): string {
  const typed = digits.replace(/#/g, '');
  if (state.keypadLetters) return readKeypadLetters(typed);
  return state.starIsX ? typed.replace(/\*/g, 'X') : typed;
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

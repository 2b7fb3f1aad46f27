// The menu data and its TwiML, without HTTP: every Gather is a serious one, voices match languages, codes are
// read as digits, entries take keys only, menus stay short, and every phrase of the catalogue's phrase tables
// picks its own option — phrase by phrase, in every menu and language.
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../shared/src/i18n.ts';
import { IVR } from '../../../shared/src/messages/ivr.ts';
import { parseXml, type XmlElement } from '../call/simulator.ts';
import { renderTwiml, type RenderContext } from './render.ts';
import {
  ANSWER_STATE,
  keysForUnitNumber,
  matchOption,
  readEntry,
  readKeypadLetters,
  spokenKey,
  STATES,
  type ChoiceState,
  type EntryState,
  type State,
} from './states.ts';
import { espeakVoice, parseVoices, STANDARD_VOICES, VOICES } from './voices.ts';

const ctx = (over: Partial<RenderContext> = {}): RenderContext => ({
  lang: 'en',
  multilingual: false,
  token: 'tok7',
  reprompt: false,
  notices: [],
  before: [],
  vars: {},
  ...over,
});

const elements = (el: XmlElement): XmlElement[] =>
  el.children.filter((c): c is XmlElement => typeof c !== 'string');
const textOf = (el: XmlElement): string =>
  el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');

const gatherStates = Object.values(STATES).filter((s): s is ChoiceState | EntryState => s.kind !== 'end');
const choiceStates = gatherStates.filter((s): s is ChoiceState => s.kind === 'choice');

describe('renderTwiml for menus and entries', () => {
  for (const lang of LANGUAGES) {
    for (const state of gatherStates) {
      it(`${state.id} in ${lang}: a Gather with barge-in, its voice and recogniser, then a Redirect`, () => {
        const doc = parseXml(
          renderTwiml(state, ctx({ lang, token: 'abc', vars: { idEnding: [{ digits: '1234' }] } })),
        );
        const verbs = elements(doc);
        expect(verbs.map((v) => v.name)).toEqual(['Gather', 'Redirect']);
        const [gather, redirect] = verbs as [XmlElement, XmlElement];
        expect(gather.attrs.bargeIn).toBe('true');
        expect(gather.attrs.action).toBe('/ivr/input?t=abc');
        expect(gather.attrs.method).toBe('POST');
        expect(redirect.attrs.method).toBe('POST');
        expect(textOf(redirect)).toBe('/ivr/noinput?t=abc');
        const says = elements(gather).filter((e) => e.name === 'Say');
        expect(says.length).toBeGreaterThan(0);
        if (state.kind === 'choice') {
          expect(gather.attrs.input).toBe('dtmf speech');
          expect(gather.attrs.numDigits).toBe('1');
          // The recogniser listens in the menu's language, with hints in that language only.
          expect(gather.attrs.language).toBe(VOICES[lang].gatherLanguage);
          expect(gather.attrs.hints?.length).toBeGreaterThan(0);
          if (lang !== 'zh-CN') expect(gather.attrs.hints).not.toMatch(/[\u3400-\u9fff]/);
        } else {
          // An ID number or a PIN is typed, never said: no speech recognition at all.
          expect(gather.attrs.input).toBe('dtmf');
          expect(gather.attrs.language).toBeUndefined();
          expect(gather.attrs.hints).toBeUndefined();
          expect(gather.attrs.finishOnKey).toBe('#');
        }
        if (state.id !== 'language') {
          for (const say of says) {
            expect(say.attrs.voice).toBe(VOICES[lang].voice);
            expect(say.attrs.language).toBe(VOICES[lang].sayLanguage);
          }
        }
      });
    }
  }

  it('greets in each language in its own voice, one short line each', () => {
    const doc = parseXml(renderTwiml(STATES.language, ctx({ lang: 'es' })));
    const says = elements(elements(doc)[0] as XmlElement);
    expect(says.map((s) => s.attrs.voice)).toEqual([
      'Polly.Lucia-Neural',
      'Polly.Joanna-Neural',
      'Polly.Zhiyu-Neural',
    ]);
    expect(says.map((s) => s.attrs.language)).toEqual(['es-ES', 'en-US', 'cmn-CN']);
    expect(textOf(says[0] as XmlElement)).toContain('español, pulse 1');
    expect(textOf(says[1] as XmlElement)).toContain('English, press 2');
    expect(textOf(says[2] as XmlElement)).toContain('中文服务请按3');
  });

  it('before a language is chosen, says notices in all three languages, each in its voice', () => {
    const doc = parseXml(
      renderTwiml(STATES.language, ctx({ lang: 'es', multilingual: true, notices: [(m) => [m.invalid]] })),
    );
    const says = elements(elements(doc)[0] as XmlElement).map((s) => [s.attrs.language, textOf(s)]);
    expect(says.slice(0, 3)).toEqual([
      ['es-ES', IVR.es.invalid],
      ['en-US', IVR.en.invalid],
      ['cmn-CN', IVR['zh-CN'].invalid],
    ]);
    const end = parseXml(renderTwiml(STATES.goodbye, ctx({ multilingual: true })));
    expect(elements(end).filter((e) => e.name === 'Say')).toHaveLength(3);
  });

  it('reads the ID ending as digits and never more of it', () => {
    const xml = renderTwiml(
      STATES.confirmId,
      ctx({ lang: 'es', vars: { idEnding: [{ digits: '123' }, 'equis'] } }),
    );
    expect(xml).toContain('termina en <say-as interpret-as="digits">123</say-as>equis');
  });

  it('says the long prompt first and the short one after a failure, after the notice', () => {
    const long = renderTwiml(STATES.who, ctx());
    const short = renderTwiml(STATES.who, ctx({ reprompt: true, notices: [(m) => [m.invalid]] }));
    expect(long).toContain(IVR.en.who.long);
    expect(short).toContain(IVR.en.who.short);
    expect(short.indexOf(IVR.en.invalid.replace("'", '&apos;'))).toBeLessThan(
      short.indexOf(IVR.en.who.short),
    );
  });

  it('tells where to go for a forgotten PIN wherever a PIN is asked', () => {
    for (const lang of LANGUAGES) {
      expect(renderTwiml(STATES.pin, ctx({ lang }))).toContain(IVR[lang].pin.forgot.replace(/'/g, '&apos;'));
      expect(renderTwiml(STATES.pin, ctx({ lang, reprompt: true }))).toContain(
        IVR[lang].pin.forgot.replace(/'/g, '&apos;'),
      );
    }
  });

  it('offers the details after an answer only when there are some', () => {
    expect(renderTwiml(STATES.insuredAnswer, ctx({ vars: { details: true } }))).toContain(
      IVR.en.afterAnswer.details,
    );
    expect(renderTwiml(STATES.insuredAnswer, ctx({ vars: { details: false } }))).not.toContain(
      IVR.en.afterAnswer.details,
    );
  });
});

describe('renderTwiml for the end of a call', () => {
  it('transfers to the agent when there is one, then says goodbye and hangs up', () => {
    const doc = parseXml(
      renderTwiml(STATES.agent, ctx({ agentNumber: '+34900000000', notices: [(m) => [m.apiDown]] })),
    );
    const verbs = elements(doc);
    expect(verbs.map((v) => v.name)).toEqual(['Say', 'Say', 'Dial', 'Say', 'Hangup']);
    expect(textOf(verbs[2] as XmlElement)).toBe('+34900000000');
  });
  it('says goodbye and hangs up', () => {
    const verbs = elements(parseXml(renderTwiml(STATES.goodbye, ctx({ lang: 'es' }))));
    expect(verbs.map((v) => v.name)).toEqual(['Say', 'Hangup']);
  });
});

describe('voices', () => {
  it('are neural by default, standard or one per language on request, and refuse nonsense', () => {
    expect(parseVoices(undefined)).toBe(VOICES);
    expect(parseVoices('standard')).toBe(STANDARD_VOICES);
    expect(STANDARD_VOICES.es.voice).toBe('Polly.Lucia');
    const mixed = parseVoices('es=Polly.Sergio-Neural');
    expect(mixed.es.voice).toBe('Polly.Sergio-Neural');
    expect(mixed.en.voice).toBe('Polly.Joanna-Neural');
    expect(() => parseVoices('fr=Polly.Lea')).toThrow(/IVR_VOICES/);
    expect(() => parseVoices('es=<Say>')).toThrow(/IVR_VOICES/);
    const xml = renderTwiml(STATES.who, ctx({ lang: 'es', voices: STANDARD_VOICES }));
    expect(xml).toContain('voice="Polly.Lucia"');
  });
  it('espeak-ng speaks Chinese with its Mandarin voice, not pinyin read in English', () => {
    expect(espeakVoice('cmn-CN')).toBe('cmn-latn-pinyin');
    expect(espeakVoice('es-ES')).toBe('es');
    expect(espeakVoice('en-US')).toBe('en-us');
  });
});

describe('the menu data', () => {
  it('leads only to states that exist', () => {
    for (const state of Object.values(STATES) as State[]) {
      if (state.kind !== 'choice') continue;
      for (const option of state.options) if ('to' in option.go) expect(STATES[option.go.to]).toBeDefined();
    }
    for (const target of Object.values(ANSWER_STATE)) expect(STATES[target]).toBeDefined();
  });

  it('announces at most five choices in every menu, in every language', () => {
    for (const lang of LANGUAGES) {
      for (const state of choiceStates.filter((s) => s.id !== 'language')) {
        const long = state
          .prompt(IVR[lang], { idEnding: [{ digits: '1234' }], details: true })
          .long.map((p) => (typeof p === 'string' ? p : ''))
          .join('');
        // Every "press N" / "pulse N" / "按N" said in the prompt.
        const announced = new Set([...long.matchAll(/(?:press|pulse|按)\s*([0-9])/g)].map((x) => x[1]));
        expect(announced.size, `${state.id} ${lang}`).toBeLessThanOrEqual(5);
      }
    }
  });

  it('puts the most asked-for first: contributions on 1 and benefits on 2; arrears first for employers', () => {
    const menu = STATES.insuredMenu as ChoiceState;
    expect(menu.options.find((o) => o.key === '1')?.go).toEqual({
      action: 'category',
      category: 'contributions',
    });
    expect(menu.options.find((o) => o.key === '2')?.go).toEqual({ action: 'category', category: 'benefits' });
    const employer = STATES.employerMenu as ChoiceState;
    expect(employer.options.find((o) => o.key === '1')?.go).toEqual({ action: 'employer', item: 'arrears' });
  });

  it('takes 0 for the agent in every menu, before login too, and the menu keys right after an answer', () => {
    for (const state of choiceStates.filter((s) => !s.id.startsWith('callback')))
      expect(state.options.find((o) => o.key === '0')?.go, state.id).toEqual({ action: 'agent' });
    for (const [menu, answer] of [
      ['insuredMenu', 'insuredAnswer'],
      ['moreMenu', 'moreAnswer'],
      ['employerMenu', 'employerAnswer'],
    ] as const) {
      const keys = (STATES[answer] as ChoiceState).options.map((o) => o.key);
      for (const o of (STATES[menu] as ChoiceState).options) expect(keys, answer).toContain(o.key);
    }
    for (const state of gatherStates) expect(state.maxFailures).toBe(3);
  });

  it('understands every phrase of every menu in its language, each picking its own option', () => {
    let checked = 0;
    for (const lang of LANGUAGES) {
      const m = IVR[lang];
      for (const state of choiceStates) {
        for (const option of state.options) {
          for (const phrase of option.words(m)) {
            expect(matchOption(state, m, '', phrase)?.key, `${state.id} ${lang} "${phrase}"`).toBe(
              option.key,
            );
            checked++;
          }
          // And the key said as a number word.
          for (const word of m.keys[option.key] ?? []) {
            expect(matchOption(state, m, '', word)?.key, `${state.id} ${lang} "${word}"`).toBe(option.key);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('understands what callers were heard saying', () => {
    const main = STATES.insuredMenu as ChoiceState;
    const who = STATES.who as ChoiceState;
    const employer = STATES.employerMenu as ChoiceState;
    expect(matchOption(main, IVR.es, '', 'quiero oír mis aportaciones')?.key).toBe('1');
    expect(matchOption(main, IVR.es, '', 'tengo una deuda')?.key).toBe('1');
    expect(matchOption(main, IVR.es, '', 'mi jubilación')?.key).toBe('2');
    expect(matchOption(main, IVR.en, '', 'representative')?.key).toBe('0');
    expect(matchOption(main, IVR.en, '', 'I want to talk to a person')?.key).toBe('0');
    expect(matchOption(main, IVR.en, '', 'help')?.key).toBe('9');
    expect(matchOption(main, IVR['zh-CN'], '', '查交费')?.key).toBe('1');
    expect(matchOption(who, IVR['zh-CN'], '', '社保查询')?.key).toBe('1');
    expect(matchOption(employer, IVR['zh-CN'], '', '查员工')?.key).toBe('2');
    expect(matchOption(main, IVR.en, '', 'one')?.key).toBe('1');
    expect(matchOption(main, IVR.en, '', 'press two please')?.key).toBe('2');
    expect(matchOption(main, IVR.es, '', 'uno')?.key).toBe('1');
    expect(matchOption(main, IVR.es, '', 'pulse el tres')?.key).toBe('3');
    expect(matchOption(main, IVR['zh-CN'], '', '二')?.key).toBe('2');
    expect(matchOption(main, IVR['zh-CN'], '', '按三')?.key).toBe('3');
    expect(matchOption(main, IVR.en, '', '4.')?.key).toBe('4');
    expect(matchOption(main, IVR.en, '', 'main menu please')?.key).toBe('*');
    expect(matchOption(main, IVR.en, '7', '')).toBeUndefined();
    expect(matchOption(main, IVR.en, '', 'banana')).toBeUndefined();
    expect(matchOption(STATES.language as ChoiceState, IVR.es, '', 'chino')?.key).toBe('3');
    expect(matchOption(STATES.language as ChoiceState, IVR.es, '', 'English please')?.key).toBe('2');
    expect(spokenKey('nine', IVR.en)).toBe('9');
    expect(spokenKey('twenty', IVR.en)).toBeUndefined();
  });

  it('asks again when words point at two options', () => {
    const main = STATES.insuredMenu as ChoiceState;
    expect(matchOption(main, IVR.en, '', 'my pension account balance')).toBeUndefined();
  });

  it('hears a negation over the affirmation it contains, in every language', () => {
    const confirm = STATES.confirmId as ChoiceState;
    const no: [keyof typeof IVR, string][] = [
      ['en', 'not correct'],
      ['en', "no that's not right"],
      ['en', 'incorrect'],
      ['en', 'yes no'],
      ['es', 'no es correcto'],
      ['es', 'incorrecto'],
      ['es', 'sí, digo, no'],
      ['zh-CN', '不对'],
      ['zh-CN', '不正确'],
      ['zh-CN', '不是'],
    ];
    for (const [lang, said] of no) expect(matchOption(confirm, IVR[lang], '', said)?.key, said).toBe('2');
    const yes: [keyof typeof IVR, string][] = [
      ['en', 'yes'],
      ['en', 'correct'],
      ['es', 'sí, correcto'],
      ['zh-CN', '对'],
      ['zh-CN', '正确'],
    ];
    for (const [lang, said] of yes) expect(matchOption(confirm, IVR[lang], '', said)?.key, said).toBe('1');
    // Nothing it knows: asked again, never taken for a yes.
    expect(matchOption(confirm, IVR.en, '', 'hmm maybe')).toBeUndefined();
  });

  it('reads typed numbers, and never a spoken one', () => {
    const id = STATES.nationalId as EntryState;
    const pin = STATES.pin as EntryState;
    expect(readEntry(id, '11010519491231002*')).toBe('11010519491231002X');
    expect(readEntry(pin, '123456')).toBe('123456');
    expect(readEntry(pin, '')).toBe('');
  });

  it('types unit numbers with letters as * + key + place, and refuses a malformed letter', () => {
    expect(keysForUnitNumber('91110101MA01XY3')).toBe('91110101*61*2101*92*933');
    expect(readKeypadLetters('91110101*61*2101*92*933')).toBe('91110101MA01XY3');
    expect(readEntry(STATES.unitNumber as EntryState, '9111*74')).toBe('9111S');
    expect(readKeypadLetters('9111*15')).toBe('');
    expect(readKeypadLetters('9111*6')).toBe('');
  });
});

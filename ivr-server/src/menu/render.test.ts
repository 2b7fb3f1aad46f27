// The menu data and its TwiML, without HTTP: every Gather is a serious one, voices match languages, codes are
// read as digits, and the menu's shape is the one the issue describes.
import { describe, expect, it } from 'vitest';
import { RECORD_CATEGORIES } from '../../../shared/src/domain.ts';
import { LANGUAGES } from '../../../shared/src/i18n.ts';
import { IVR } from '../../../shared/src/messages/ivr.ts';
import { parseXml, type XmlElement } from '../call/simulator.ts';
import { renderTwiml, type RenderContext } from './render.ts';
import {
  keysForUnitNumber,
  matchOption,
  readEntry,
  readKeypadLetters,
  STATES,
  type ChoiceState,
  type EntryState,
  type State,
} from './states.ts';
import { VOICES } from './voices.ts';

const ctx = (over: Partial<RenderContext> = {}): RenderContext => ({
  lang: 'en',
  step: 7,
  reprompt: false,
  before: [],
  vars: {},
  ...over,
});

const elements = (el: XmlElement): XmlElement[] =>
  el.children.filter((c): c is XmlElement => typeof c !== 'string');
const textOf = (el: XmlElement): string =>
  el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');

const gatherStates = Object.values(STATES).filter((s): s is ChoiceState | EntryState => s.kind !== 'end');

describe('renderTwiml for menus and entries', () => {
  for (const lang of LANGUAGES) {
    for (const state of gatherStates) {
      it(`${state.id} in ${lang}: a Gather with keys and speech, barge-in, hints, its voice, then a Redirect`, () => {
        const doc = parseXml(
          renderTwiml(state, ctx({ lang, step: 4, vars: { idEnding: [{ digits: '1234' }] } })),
        );
        const verbs = elements(doc);
        expect(verbs.map((v) => v.name)).toEqual(['Gather', 'Redirect']);
        const [gather, redirect] = verbs as [XmlElement, XmlElement];
        expect(gather.attrs.input).toBe('dtmf speech');
        expect(gather.attrs.bargeIn).toBe('true');
        expect(gather.attrs.hints?.length).toBeGreaterThan(0);
        expect(gather.attrs.action).toBe('/ivr/input?s=4');
        expect(gather.attrs.method).toBe('POST');
        expect(redirect.attrs.method).toBe('POST');
        expect(textOf(redirect)).toBe('/ivr/noinput?s=4');
        const says = elements(gather).filter((e) => e.name === 'Say');
        expect(says.length).toBeGreaterThan(0);
        if (state.id !== 'language') {
          expect(gather.attrs.language).toBe(VOICES[lang].gatherLanguage);
          for (const say of says) {
            expect(say.attrs.voice).toBe(VOICES[lang].voice);
            expect(say.attrs.language).toBe(VOICES[lang].sayLanguage);
          }
        }
        if (state.kind === 'choice') expect(gather.attrs.numDigits).toBe('1');
        else expect(gather.attrs.finishOnKey).toBe('#');
      });
    }
  }

  it('offers each language in its own language and voice', () => {
    const doc = parseXml(renderTwiml(STATES.language, ctx()));
    const says = elements(elements(doc)[0] as XmlElement);
    expect(says.map((s) => s.attrs.voice)).toEqual(['Polly.Lucia', 'Polly.Joanna', 'Polly.Zhiyu']);
    expect(says.map((s) => s.attrs.language)).toEqual(['es-ES', 'en-US', 'cmn-CN']);
    expect(textOf(says[0] as XmlElement)).toContain('español, pulse 1');
    expect(textOf(says[1] as XmlElement)).toContain('English, press 2');
    expect(textOf(says[2] as XmlElement)).toContain('中文服务请按3');
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
    const short = renderTwiml(STATES.who, ctx({ reprompt: true, before: [[IVR.en.invalid]] }));
    expect(long).toContain(IVR.en.who.long.replace(/"/g, '&quot;').slice(0, 40));
    expect(short).toContain(IVR.en.who.short);
    expect(short.indexOf(IVR.en.invalid.replace("'", '&apos;'))).toBeLessThan(
      short.indexOf(IVR.en.who.short),
    );
  });
});

describe('renderTwiml for the end of a call', () => {
  it('transfers to the agent when there is one, then says goodbye and hangs up', () => {
    const doc = parseXml(
      renderTwiml(STATES.agent, ctx({ agentNumber: '+34900000000', before: [[IVR.en.apiDown]] })),
    );
    const verbs = elements(doc);
    expect(verbs.map((v) => v.name)).toEqual(['Say', 'Say', 'Dial', 'Say', 'Hangup']);
    expect(textOf(verbs[2] as XmlElement)).toBe('+34900000000');
  });
  it('without an agent says so politely and hangs up', () => {
    const xml = renderTwiml(STATES.agent, ctx({ lang: 'zh-CN' }));
    expect(xml).not.toContain('<Dial');
    expect(xml).toContain(IVR['zh-CN'].noAgent);
    expect(xml).toContain('<Hangup/>');
    expect(xml).toContain('voice="Polly.Zhiyu"');
  });
  it('says goodbye and hangs up', () => {
    const verbs = elements(parseXml(renderTwiml(STATES.goodbye, ctx({ lang: 'es' }))));
    expect(verbs.map((v) => v.name)).toEqual(['Say', 'Hangup']);
  });
});

describe('the menu data', () => {
  it('leads only to states that exist', () => {
    for (const state of Object.values(STATES) as State[]) {
      if (state.kind !== 'choice') continue;
      for (const option of state.options) if ('to' in option.go) expect(STATES[option.go.to]).toBeDefined();
    }
  });
  it('puts the five categories on keys 1 to 5 in the regulation order, 8 disclosure, 9 0 * # after login', () => {
    const menu = STATES.insuredMenu as ChoiceState;
    const categories = menu.options.filter((o) => 'action' in o.go && o.go.action === 'category');
    expect(categories.map((o) => o.key)).toEqual(['1', '2', '3', '4', '5']);
    expect(categories.map((o) => ('category' in o.go ? o.go.category : null))).toEqual([
      ...RECORD_CATEGORIES,
    ]);
    expect(menu.options.find((o) => o.key === '8')?.go).toEqual({ action: 'disclosure' });
    for (const state of gatherStates.filter((s) => s.loggedIn && s.kind === 'choice') as ChoiceState[]) {
      expect(state.options.map((o) => o.key)).toEqual(expect.arrayContaining(['9', '0', '*', '#']));
    }
    for (const state of gatherStates) expect(state.maxFailures).toBe(3);
  });
  it('matches keys, and words in the call language', () => {
    const menu = STATES.insuredMenu as ChoiceState;
    expect(matchOption(menu, IVR.en, '2', '')?.go).toEqual({ action: 'category', category: 'contributions' });
    expect(matchOption(menu, IVR.es, '', 'quiero oír mis cotizaciones')?.key).toBe('2');
    expect(matchOption(menu, IVR['zh-CN'], '', '查询养老金')?.key).toBe('3');
    expect(matchOption(menu, IVR.en, '', '4.')?.key).toBe('4');
    expect(matchOption(menu, IVR.en, '', 'main menu please')?.key).toBe('*');
    expect(matchOption(menu, IVR.en, '7', '')).toBeUndefined();
    expect(matchOption(menu, IVR.en, '', 'banana')).toBeUndefined();
    expect(matchOption(STATES.language as ChoiceState, IVR.es, '', '中文')?.key).toBe('3');
  });
  it('reads typed and spoken numbers', () => {
    const id = STATES.nationalId as EntryState;
    const pin = STATES.pin as EntryState;
    expect(readEntry(id, '11010519491231002*', '')).toBe('11010519491231002X');
    expect(readEntry(pin, '123456', '')).toBe('123456');
    expect(readEntry(pin, '', '一二三 四五六')).toBe('123456');
    expect(readEntry(id, '', '1 1 0 equis')).toBe('110X');
    expect(readEntry(pin, '', 'x 1')).toBe('1');
  });
  it('types unit numbers with letters as * + key + place, and refuses a malformed letter', () => {
    expect(keysForUnitNumber('91110101MA01XY3')).toBe('91110101*61*2101*92*933');
    expect(readKeypadLetters('91110101*61*2101*92*933')).toBe('91110101MA01XY3');
    expect(readEntry(STATES.unitNumber as EntryState, '9111*74', '')).toBe('9111S');
    expect(readKeypadLetters('9111*15')).toBe('');
    expect(readKeypadLetters('9111*6')).toBe('');
    expect(readEntry(STATES.unitNumber as EntryState, '', '9 1 1 1 m a')).toBe('9111MA');
  });
});

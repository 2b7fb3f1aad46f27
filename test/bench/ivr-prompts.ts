// The "phone prompts" table of `npm run bench`: how long each prompt takes to say, per language, rendered to audio
// by espeak-ng at its default rate (the language's espeak voice, Chinese in Mandarin) and measured with sox.
// Limits (issue 10): each caller hears their own language's option within 8 s of the answer; every menu is said
// in at most 15 s; an answer says what the caller asked within 10 s. espeak-ng is a stand-in for Polly: the
// figures compare prompts and languages, and flag a prompt that has grown too long.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contributionsAnswer } from '../../ivr-server/src/answers.ts';
import { STATES, type ChoiceState, type EntryState } from '../../ivr-server/src/menu/states.ts';
import { espeakVoice, VOICES } from '../../ivr-server/src/menu/voices.ts';
import type { Summary } from '../../shared/src/api.ts';
import { LANGUAGES, type Language } from '../../shared/src/i18n.ts';
import { IVR } from '../../shared/src/messages/ivr.ts';
import { speakCode, spokenText, type Spoken } from '../../shared/src/speech.ts';

export interface PromptRow {
  prompt: string;
  /** Seconds of audio per language. */
  seconds: Record<Language, number>;
  limit: number;
  ok: boolean;
}

/** Seconds of speech for a text in a language: espeak-ng at its default rate into a WAV, measured by soxi. */
function seconds(dir: string, lang: Language, text: string, n: number): number {
  const file = join(dir, `${n}.wav`);
  execFileSync('espeak-ng', ['-v', espeakVoice(VOICES[lang].sayLanguage), '-w', file, text]);
  return Number(execFileSync('soxi', ['-D', file]).toString().trim());
}

const joined = (parts: Spoken[]): string => parts.map((p) => spokenText(p)).join(' ');

/** A worker with arrears, as the demo data has one: what the contributions answer leads with. */
const SAMPLE_SUMMARY: Summary = {
  asOf: '2026-11-28T00:00:00Z',
  latestPaidMonth: '2026-07',
  monthsInArrears: 3,
  arrearsAmount: 1_162_737,
} as Summary;

export function benchPrompts(): PromptRow[] {
  const dir = mkdtempSync(join(tmpdir(), 'consulta-prompts-'));
  let n = 0;
  const rows: PromptRow[] = [];
  const row = (prompt: string, limit: number, text: (lang: Language) => string) => {
    const s = {} as Record<Language, number>;
    for (const lang of LANGUAGES) s[lang] = Math.round(seconds(dir, lang, text(lang), n++) * 10) / 10;
    rows.push({ prompt, seconds: s, limit, ok: LANGUAGES.every((l) => s[l] <= limit) });
  };
  try {
    // The greeting: each language's line in its own voice, one after another. A caller hears their own option
    // once the lines before it and their own are said.
    const greeting = LANGUAGES.map((lang) => seconds(dir, lang, IVR[lang].languageOption, n++));
    const heardAt = {} as Record<Language, number>;
    let t = 0;
    LANGUAGES.forEach((lang, i) => {
      t += greeting[i] ?? 0;
      heardAt[lang] = Math.round(t * 10) / 10;
    });
    rows.push({
      prompt: 'greeting: own option heard at',
      seconds: heardAt,
      limit: 8,
      ok: LANGUAGES.every((l) => heardAt[l] <= 8),
    });
    const ending = (lang: Language) => speakCode('6315', lang);
    for (const state of Object.values(STATES)) {
      if (state.kind === 'end' || state.id === 'language') continue;
      const s = state as ChoiceState | EntryState;
      row(`${s.id} (long)`, 15, (lang) =>
        spokenText(s.prompt(IVR[lang], { idEnding: ending(lang), details: true }).long),
      );
    }
    row('contributions answer, lead', 10, (lang) =>
      joined(contributionsAnswer(SAMPLE_SUMMARY, [], [], lang).lead.slice(0, 2)),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

export function printPromptTable(rows: PromptRow[]): void {
  const pad = (v: string | number, w: number) => String(v).padStart(w);
  console.log('\nPhone prompts: seconds of audio (espeak-ng default rate, measured with sox)');
  console.log(`${'prompt'.padEnd(32)}${pad('es', 7)}${pad('en', 7)}${pad('zh-CN', 7)}${pad('limit', 7)}  ok`);
  for (const r of rows) {
    console.log(
      `${r.prompt.padEnd(32)}${pad(r.seconds.es, 7)}${pad(r.seconds.en, 7)}${pad(r.seconds['zh-CN'], 7)}${pad(`≤${r.limit}`, 7)}  ${r.ok ? 'yes' : 'NO'}`,
    );
  }
}

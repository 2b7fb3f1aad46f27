// The voice and recognition language for each caller language: a voice must match its language, or Polly reads
// Spanish with an English accent (DESIGN.md, Twilio traps). Amazon Polly's neural voices sound far more natural
// than the standard ones and Twilio offers them for all three languages, so they are the default;
// `IVR_VOICES=standard` (or one voice per language) changes that.
import type { Language } from '../../../shared/src/i18n.ts';
import { LANGUAGES } from '../../../shared/src/i18n.ts';

export interface VoiceSetting {
  /** Twilio <Say voice>. */
  voice: string;
  /** Twilio <Say language>. */
  sayLanguage: 'es-ES' | 'en-US' | 'cmn-CN';
  /** Twilio <Gather language> for speech recognition. */
  gatherLanguage: 'es-ES' | 'en-US' | 'cmn-Hans-CN';
}

export type Voices = Record<Language, VoiceSetting>;

const BASE: Record<Language, Omit<VoiceSetting, 'voice'> & { standard: string; neural: string }> = {
  es: {
    standard: 'Polly.Lucia',
    neural: 'Polly.Lucia-Neural',
    sayLanguage: 'es-ES',
    gatherLanguage: 'es-ES',
  },
  en: {
    standard: 'Polly.Joanna',
    neural: 'Polly.Joanna-Neural',
    sayLanguage: 'en-US',
    gatherLanguage: 'en-US',
  },
  'zh-CN': {
    standard: 'Polly.Zhiyu',
    neural: 'Polly.Zhiyu-Neural',
    sayLanguage: 'cmn-CN',
    gatherLanguage: 'cmn-Hans-CN',
  },
};

function build(pick: (lang: Language) => string): Voices {
  const out = {} as Voices;
  for (const lang of LANGUAGES) {
    const { sayLanguage, gatherLanguage } = BASE[lang];
    out[lang] = { voice: pick(lang), sayLanguage, gatherLanguage };
  }
  return out;
}

/** The default: Polly's neural voices. */
export const VOICES: Voices = build((lang) => BASE[lang].neural);
export const STANDARD_VOICES: Voices = build((lang) => BASE[lang].standard);

/**
 * `IVR_VOICES`: "neural" (default), "standard", or one voice per language ("es=Polly.Sergio-Neural,en=…");
 * languages not named keep their neural voice. Anything else is a configuration error.
 */
export function parseVoices(value: string | undefined): Voices {
  const v = (value ?? '').trim();
  if (!v || v === 'neural') return VOICES;
  if (v === 'standard') return STANDARD_VOICES;
  const chosen: Partial<Record<Language, string>> = {};
  for (const part of v.split(',')) {
    const [lang, voice] = part.split('=').map((x) => x.trim());
    if (!lang || !voice || !(LANGUAGES as readonly string[]).includes(lang) || !/^Polly\.[\w-]+$/.test(voice))
      throw new Error(
        `IVR_VOICES: "${part}" is not language=Polly.Voice (languages: ${LANGUAGES.join(', ')})`,
      );
    chosen[lang as Language] = voice;
  }
  return build((lang) => chosen[lang] ?? BASE[lang].neural);
}

/**
 * The espeak-ng voice for a <Say language>, for `npm run call --speak` and the prompt-length benchmark. Chinese
 * is `cmn-latn-pinyin`: espeak-ng's plain `cmn` spells the characters it has no word for as pinyin read by the
 * English voice ("wen two"), this one speaks them in Mandarin.
 */
export function espeakVoice(sayLanguage: string): 'es' | 'en-us' | 'cmn-latn-pinyin' {
  if (sayLanguage.startsWith('es')) return 'es';
  if (sayLanguage.startsWith('cmn') || sayLanguage.startsWith('zh')) return 'cmn-latn-pinyin';
  return 'en-us';
}

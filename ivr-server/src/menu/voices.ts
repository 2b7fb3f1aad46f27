// The voice and recognition language for each caller language: a voice must match its language, or Polly reads
// Spanish with an English accent (DESIGN.md, Twilio traps).
import type { Language } from '../../../shared/src/i18n.ts';

export interface VoiceSetting {
  /** Twilio <Say voice>. */
  voice: 'Polly.Lucia' | 'Polly.Joanna' | 'Polly.Zhiyu';
  /** Twilio <Say language>. */
  sayLanguage: 'es-ES' | 'en-US' | 'cmn-CN';
  /** Twilio <Gather language> for speech recognition. */
  gatherLanguage: 'es-ES' | 'en-US' | 'cmn-Hans-CN';
  /** espeak-ng voice for `npm run call --speak`. */
  espeak: 'es' | 'en' | 'cmn';
}

export const VOICES: Record<Language, VoiceSetting> = {
  es: { voice: 'Polly.Lucia', sayLanguage: 'es-ES', gatherLanguage: 'es-ES', espeak: 'es' },
  en: { voice: 'Polly.Joanna', sayLanguage: 'en-US', gatherLanguage: 'en-US', espeak: 'en' },
  'zh-CN': { voice: 'Polly.Zhiyu', sayLanguage: 'cmn-CN', gatherLanguage: 'cmn-Hans-CN', espeak: 'cmn' },
};

/** The voice setting for a Twilio <Say voice>, for tools that replay TwiML (the call simulator). */
export function voiceByName(name: string | undefined): VoiceSetting | undefined {
  return Object.values(VOICES).find((v) => v.voice === name);
}

// What every screen needs: the language's texts, the bridge, the session, navigation and failure handling.
import { createContext, useContext, useEffect, useState } from 'react';
import type {
  KioskBridge,
  KioskFailure,
  KioskResult,
  KioskSession,
  KioskSettings,
} from '../../shared/src/bridge.ts';
import type { ProblemCode } from '../../shared/src/api.ts';
import type { RecordCategory } from '../../shared/src/domain.ts';
import type { Language } from '../../shared/src/i18n.ts';
import { COMMON, type CommonMessages } from '../../shared/src/messages/common.ts';
import { KIOSK_MESSAGES, type KioskMessages } from '../../shared/src/messages/kiosk.ts';

/**
 * Screens are state, never URLs: nothing personal reaches the address bar or the history (the browser's history
 * holds only a step counter; the screens themselves stay in memory and go with the session).
 */
export type Screen =
  | { name: 'start' }
  | { name: 'disclosure' }
  | { name: 'login-id'; error?: 'invalid' }
  | { name: 'login-pin'; nationalId: string; fromCard: boolean }
  | { name: 'login-employer' }
  | { name: 'login-delegate' }
  | { name: 'menu' }
  | { name: 'registration' }
  | { name: 'contributions' }
  | { name: 'contributions-year'; year: number }
  | { name: 'benefits' }
  | { name: 'accounts' }
  | { name: 'other' }
  | { name: 'certificate' }
  | { name: 'statement'; year?: number }
  | { name: 'report'; category?: RecordCategory; year?: number }
  | { name: 'requests' }
  | { name: 'access-log' }
  | { name: 'change-pin'; forced?: boolean }
  | { name: 'check-document' }
  | { name: 'employer-summary' }
  | { name: 'employer-staff' }
  | { name: 'employer-member'; ref: string; maskedNationalId: string }
  | { name: 'error'; code: ProblemCode | 'network'; retryAt?: string };

export interface KioskContextValue {
  lang: Language;
  m: KioskMessages;
  c: CommonMessages;
  bridge: KioskBridge;
  settings: KioskSettings;
  /** The agency's time zone every time is shown in. */
  timeZone: string;
  /** The portrait kiosk layout (on-screen keypads, 64 px targets) rather than the responsive web one. */
  kioskLayout: boolean;
  largeText: boolean;
  session: KioskSession | null;
  go(screen: Screen): void;
  /** Called with a failed call's error: session, network and lock-out failures take over the screen. */
  fail(error: KioskFailure): void;
  signIn(session: KioskSession): void;
  logout(): void;
  speak(text: string): void;
}

export const KioskContext = createContext<KioskContextValue | null>(null);

export function useKiosk(): KioskContextValue {
  const value = useContext(KioskContext);
  if (!value) throw new Error('useKiosk outside KioskContext');
  return value;
}

export function messagesFor(lang: Language): { m: KioskMessages; c: CommonMessages } {
  return { m: KIOSK_MESSAGES[lang], c: COMMON[lang] };
}

export type Loaded<T> = { state: 'loading' } | { state: 'ready'; data: T } | { state: 'forbidden' };

/** Loads once per key; failures other than `forbidden` are handed to the app (error screen). */
export function useLoad<T>(load: () => Promise<KioskResult<T>>, key: string): Loaded<T> {
  const { fail } = useKiosk();
  const [loaded, setLoaded] = useState<{ key: string; value: Loaded<T> }>({
    key,
    value: { state: 'loading' },
  });
  useEffect(() => {
    let live = true;
    load().then((result) => {
      if (!live) return;
      if (result.ok) setLoaded({ key, value: { state: 'ready', data: result.data } });
      else if (result.error.code === 'forbidden') setLoaded({ key, value: { state: 'forbidden' } });
      else fail(result.error);
    });
    return () => {
      live = false;
    };
    // The key names what is loaded; the loader closes over the same values.
  }, [key]);
  return loaded.key === key ? loaded.value : { state: 'loading' };
}

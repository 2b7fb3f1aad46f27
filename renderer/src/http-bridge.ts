// The web channel's bridge: the same KioskBridge the kiosk's preload offers, over HTTP to the API on this origin.
// No client key (the API treats key-less requests as the web channel); the session token lives only in memory.
import type { KioskBridge, KioskSettings } from '../../shared/src/bridge.ts';
import { createKioskApiClient } from '../../shared/src/kiosk-client.ts';

/**
 * Idle timings may be shortened for tests and demos with ?idleWarning=…&idleLogout=… (seconds); `?layout=kiosk`
 * shows the kiosk's portrait layout in a browser (a preview: the channel is still the web's).
 */
export function settingsFromQuery(search: string): KioskSettings {
  const params = new URLSearchParams(search);
  const read = (name: string, fallback: number): number => {
    const value = Number(params.get(name));
    return Number.isFinite(value) && value > 0 && value <= 3600 ? value : fallback;
  };
  const idleWarningSeconds = read('idleWarning', 60);
  const idleLogoutSeconds = Math.max(read('idleLogout', 90), idleWarningSeconds + 1);
  const layout = params.get('layout') === 'kiosk' ? 'kiosk' : 'web';
  return { channel: 'web', idleWarningSeconds, idleLogoutSeconds, silentPrint: false, layout };
}

export function createHttpBridge(baseUrl = ''): KioskBridge {
  const client = createKioskApiClient({
    baseUrl,
    fetch: (url, init) =>
      fetch(url, { ...init, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' }),
  });
  const settings = settingsFromQuery(window.location.search);
  return {
    ...client,
    settings: () => Promise.resolve(settings),
    printCertificate() {
      window.print();
      return Promise.resolve({ ok: true, data: { printed: true } });
    },
    // A browser has no card reader attached through the shell: the person types the ID number.
    onCardRead: () => () => undefined,
  };
}

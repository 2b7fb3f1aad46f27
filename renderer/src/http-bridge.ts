// The web channel's bridge: the same KioskBridge the kiosk's preload offers, over HTTP to the API on this origin.
// No client key (the API treats key-less requests as the web channel); the session token lives only in memory.
import type { KioskBridge, KioskSettings } from '../../shared/src/bridge.ts';

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

type ApiClient = Omit<KioskBridge, 'settings' | 'printCertificate' | 'onCardRead'>;

/**
 * The API client (kiosk-client.ts, with the route table's schemas and their validation library: most of the
 * script a first visit would otherwise load and run) is fetched at the first touch or key press, or at the first
 * call: the start screen calls nothing, so a visit shows it without that code. Every other member of the bridge
 * forwards to the client, so an action added to the client needs no change here.
 */
export function createHttpBridge(baseUrl = ''): KioskBridge {
  let client: Promise<ApiClient> | null = null;
  const load = (): Promise<ApiClient> =>
    (client ??= import('../../shared/src/kiosk-client.ts').then(({ createKioskApiClient }) =>
      createKioskApiClient({
        baseUrl,
        fetch: (url, init) =>
          fetch(url, { ...init, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' }),
      }),
    ));
  for (const event of ['pointerdown', 'keydown'])
    window.addEventListener(event, () => void load(), { once: true, capture: true, passive: true });
  const settings = settingsFromQuery(window.location.search);
  const local: Pick<KioskBridge, 'settings' | 'printCertificate' | 'onCardRead'> = {
    settings: () => Promise.resolve(settings),
    printCertificate() {
      window.print();
      return Promise.resolve({ ok: true, data: { printed: true } });
    },
    // A browser has no card reader attached through the shell: the person types the ID number.
    onCardRead: () => () => undefined,
  };
  const forwarders = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  return new Proxy(local as KioskBridge, {
    get(target, name, receiver) {
      if (Reflect.has(target, name)) return Reflect.get(target, name, receiver) as unknown;
      // Not a thenable (`await bridge` must not call the client), and nothing else but the client's actions.
      if (typeof name !== 'string' || name === 'then') return undefined;
      let forward = forwarders.get(name);
      if (!forward) {
        forward = (...args: unknown[]) =>
          load().then((api) =>
            (api[name as keyof ApiClient] as (...a: unknown[]) => Promise<unknown>)(...args),
          );
        forwarders.set(name, forward); // one function per action, as with a plain object
      }
      return forward;
    },
  });
}

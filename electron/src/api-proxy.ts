// The main process's API client: it holds the terminal's client key and the session token, so neither ever
// reaches the renderer. Every call the screens make arrives here through IPC and leaves with the key.
import { createKioskApiClient, type FetchLike, type KioskApiActions } from '../../shared/src/kiosk-client.ts';
import type { KioskConfig } from './config.ts';

export interface ApiProxy extends KioskApiActions {
  hasSession(): boolean;
  /** Drops the session (renderer crashed or reloaded): the API's session is ended too, best effort. */
  reset(): Promise<void>;
}

export function createApiProxy(
  config: Pick<KioskConfig, 'apiUrl' | 'clientKey'>,
  fetch: FetchLike,
): ApiProxy {
  const client = createKioskApiClient({ baseUrl: config.apiUrl, clientKey: config.clientKey, fetch });
  return {
    ...client,
    reset: () => client.logout(),
  };
}

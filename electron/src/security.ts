// The guards every web contents gets: no navigation, no redirect, no new window, no webview, no permission,
// and a strict Content-Security-Policy on every response.
import type { App, Event, Session, WebContents } from 'electron';

import { KIOSK_CSP } from '../../shared/src/csp.ts';

/** Refuses everything that would take the renderer anywhere else. The start page is loaded by loadURL only. */
export function guardWebContents(contents: WebContents): void {
  const refuse = (event: Event) => event.preventDefault();
  contents.on('will-navigate', refuse);
  contents.on('will-frame-navigate', refuse);
  contents.on('will-redirect', refuse);
  contents.on('will-attach-webview', refuse);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function guardSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler?.(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [KIOSK_CSP],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
}

/** Applies the guards to every web contents the app will ever create. */
export function applySecurity(app: App, session: Session): void {
  guardSession(session);
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
}

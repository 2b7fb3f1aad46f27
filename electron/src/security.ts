// The guards every web contents gets: no navigation, no redirect, no new window, no webview, no permission,
// and a strict Content-Security-Policy on every response.
import type { App, Event, Session, WebContents } from 'electron';

export const KIOSK_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

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

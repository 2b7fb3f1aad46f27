// The kiosk's main process: reads the terminal's configuration, locks the app down, opens the one window and
// wires the bridge's actions to the API proxy, the printer and the card reader. Logic lives in the modules it
// imports (each takes Electron's objects as parameters, so tests mock Electron at the boundary).
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { app, BrowserWindow, ipcMain, powerSaveBlocker, protocol, session } from 'electron';
import { KIOSK_IPC } from '../../shared/src/bridge.ts';
import { createApiProxy } from './api-proxy.ts';
import { createCardReader } from './card-reader.ts';
import { loadKioskConfig, settingsFor } from './config.ts';
import { registerIpcHandlers } from './ipc.ts';
import { claimSingleInstance, keepDisplayAwake, recoverOnCrash } from './lifecycle.ts';
import { createPrinter } from './printing.ts';
import { APP_SCHEME, registerAppProtocol } from './protocol.ts';
import { applySecurity } from './security.ts';
import { createKioskWindow } from './window.ts';

const here = __dirname;
const config = loadKioskConfig(process.env, (path) => readFileSync(path, 'utf8'));
const rendererDir =
  config.rendererDir ??
  (app.isPackaged ? join(process.resourcesPath, 'renderer') : join(dirname(here), '..', 'renderer', 'dist'));

protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false },
  },
]);

let window: BrowserWindow | null = null;

if (claimSingleInstance(app, () => window?.focus())) {
  void app.whenReady().then(() => {
    applySecurity(app, session.defaultSession);
    registerAppProtocol(protocol, rendererDir, (path) => readFile(path));
    keepDisplayAwake(powerSaveBlocker);

    const api = createApiProxy(config, (url, init) => fetch(url, init));
    const printer = createPrinter(config, {
      writeFile: (path, data) => writeFile(path, data),
      now: () => new Date(),
    });
    registerIpcHandlers(
      ipcMain,
      {
        settings: async () => settingsFor(config),
        disclosure: () => api.disclosure(),
        login: (request) => api.login(request),
        logout: () => api.logout(),
        registration: () => api.registration(),
        contributions: (filter) => api.contributions(filter),
        benefits: () => api.benefits(),
        accounts: () => api.accounts(),
        other: () => api.other(),
        summary: () => api.summary(),
        employerSummary: () => api.employerSummary(),
        employerStaff: (filter) => api.employerStaff(filter),
        employerStaffContributions: (ref, filter) => api.employerStaffContributions(ref, filter),
        issueCertificate: (period) => api.issueCertificate(period),
        verifyCertificate: (request) => api.verifyCertificate(request),
        statementYears: () => api.statementYears(),
        statement: (year) => api.statement(year),
        statementDocument: (year, language) => api.statementDocument(year, language),
        fileRequest: (request) => api.fileRequest(request),
        listRequests: () => api.listRequests(),
        accessLog: () => api.accessLog(),
        changePin: (request) => api.changePin(request),
        async printCertificate() {
          if (!window) return { ok: false, error: { code: 'internal', status: 0 } };
          const outcome = await printer.print(window.webContents);
          return { ok: true, data: { printed: outcome.printed } };
        },
      },
      () => window?.webContents ?? null,
    );

    window = createKioskWindow(BrowserWindow, {
      preloadPath: join(here, 'preload.cjs'),
      development: config.development,
    });
    const contents = window.webContents;
    recoverOnCrash(window, () => api.reset());
    const reader = createCardReader({
      now: () => Date.now(),
      onCard: (nationalId) => contents.send(KIOSK_IPC.cardRead, nationalId),
    });
    contents.on('before-input-event', (event, input) => {
      if (config.development && input.type === 'keyDown' && input.key === 'F9' && config.devCardId) {
        contents.send(KIOSK_IPC.cardRead, config.devCardId);
        event.preventDefault();
        return;
      }
      if (reader.handle(input)) event.preventDefault();
    });
  });
  app.on('window-all-closed', () => app.quit());
}

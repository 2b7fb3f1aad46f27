// The preload: one function per bridge action, each a fixed IPC channel. ipcRenderer itself is never exposed.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { KIOSK_IPC, type KioskBridge } from '../../shared/src/bridge.ts';

export const kioskBridge = {
  settings: () => ipcRenderer.invoke(KIOSK_IPC.settings),
  disclosure: () => ipcRenderer.invoke(KIOSK_IPC.disclosure),
  login: (request) => ipcRenderer.invoke(KIOSK_IPC.login, request),
  logout: () => ipcRenderer.invoke(KIOSK_IPC.logout),
  registration: () => ipcRenderer.invoke(KIOSK_IPC.registration),
  contributions: (filter) => ipcRenderer.invoke(KIOSK_IPC.contributions, filter),
  benefits: () => ipcRenderer.invoke(KIOSK_IPC.benefits),
  accounts: () => ipcRenderer.invoke(KIOSK_IPC.accounts),
  other: () => ipcRenderer.invoke(KIOSK_IPC.other),
  summary: () => ipcRenderer.invoke(KIOSK_IPC.summary),
  employerSummary: () => ipcRenderer.invoke(KIOSK_IPC.employerSummary),
  employerStaff: (filter) => ipcRenderer.invoke(KIOSK_IPC.employerStaff, filter),
  employerStaffContributions: (ref, filter) =>
    ipcRenderer.invoke(KIOSK_IPC.employerStaffContributions, ref, filter),
  issueCertificate: (period) => ipcRenderer.invoke(KIOSK_IPC.issueCertificate, period),
  verifyCertificate: (request) => ipcRenderer.invoke(KIOSK_IPC.verifyCertificate, request),
  statementYears: () => ipcRenderer.invoke(KIOSK_IPC.statementYears),
  statement: (year) => ipcRenderer.invoke(KIOSK_IPC.statement, year),
  statementDocument: (year, language) => ipcRenderer.invoke(KIOSK_IPC.statementDocument, year, language),
  fileRequest: (request) => ipcRenderer.invoke(KIOSK_IPC.fileRequest, request),
  listRequests: () => ipcRenderer.invoke(KIOSK_IPC.listRequests),
  accessLog: () => ipcRenderer.invoke(KIOSK_IPC.accessLog),
  changePin: (request) => ipcRenderer.invoke(KIOSK_IPC.changePin, request),
  printCertificate: () => ipcRenderer.invoke(KIOSK_IPC.printCertificate),
  onCardRead(listener) {
    // Only the ID number crosses, never the IPC event (which would hand the page the sender object).
    const handler = (_event: IpcRendererEvent, nationalId: unknown) => {
      if (typeof nationalId === 'string') listener(nationalId);
    };
    ipcRenderer.on(KIOSK_IPC.cardRead, handler);
    return () => {
      ipcRenderer.removeListener(KIOSK_IPC.cardRead, handler);
    };
  },
} satisfies KioskBridge;

contextBridge.exposeInMainWorld('kiosk', kioskBridge);

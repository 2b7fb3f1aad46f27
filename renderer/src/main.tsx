// Entry point: picks the bridge (Electron's preload when present, else HTTP to the API) and mounts the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { KioskBridge } from '../../shared/src/bridge.ts';
import { Kiosk } from './App.tsx';
import { createHttpBridge } from './http-bridge.ts';
import { VerifyPage } from './screens/verify.tsx';
import './styles.css';

declare global {
  interface Window {
    /** Exposed by electron/src/preload.ts in the kiosk; absent in a plain browser. */
    kiosk?: KioskBridge;
  }
}

const bridge = window.kiosk ?? createHttpBridge();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      {/* The public check page a document's QR code opens (web channel); everything else is the kiosk. */}
      {!window.kiosk && window.location.pathname === '/verify' ? (
        <VerifyPage bridge={bridge} />
      ) : (
        <Kiosk bridge={bridge} />
      )}
    </StrictMode>,
  );
}

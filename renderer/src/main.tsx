// Entry point: picks the bridge (Electron's preload when present, else HTTP to the API) and mounts the app.
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import type { KioskBridge } from '../../shared/src/bridge.ts';
import { Kiosk } from './App.tsx';
import { createHttpBridge } from './http-bridge.ts';
import './styles.css';

declare global {
  interface Window {
    /** Exposed by electron/src/preload.ts in the kiosk; absent in a plain browser. */
    kiosk?: KioskBridge;
  }
}

// The check page is its own chunk: the kiosk's first screen does not load it (nor the document texts it shows).
const VerifyPage = lazy(() => import('./screens/verify.tsx').then((m) => ({ default: m.VerifyPage })));

const bridge = window.kiosk ?? createHttpBridge();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      {/* The public check page a document's QR code opens (web channel); everything else is the kiosk. */}
      {!window.kiosk && window.location.pathname === '/verify' ? (
        <Suspense fallback={null}>
          <VerifyPage bridge={bridge} />
        </Suspense>
      ) : (
        <Kiosk bridge={bridge} />
      )}
    </StrictMode>,
  );
}

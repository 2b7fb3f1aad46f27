// Serves the built renderer under app://kiosk/ (not file://), with the CSP header, refusing any path outside it.
import { extname, join, normalize, sep } from 'node:path';
import type { Protocol } from 'electron';
import { KIOSK_CSP } from '../../shared/src/csp.ts';

export const APP_SCHEME = 'app';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The file under rendererDir that a request names, or null when the request is not for app://kiosk or escapes. */
export function resolveAppFile(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== 'kiosk') return null;
  const pathname = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  const root = normalize(rendererDir);
  const file = normalize(join(root, pathname));
  if (!file.startsWith(root + sep)) return null;
  return file;
}

export async function appResponse(
  rendererDir: string,
  requestUrl: string,
  readFile: (path: string) => Promise<Uint8Array>,
): Promise<Response> {
  const file = resolveAppFile(rendererDir, requestUrl);
  if (!file) return new Response('not found', { status: 404 });
  try {
    const body = await readFile(file);
    return new Response(Buffer.from(body), {
      status: 200,
      headers: {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': KIOSK_CSP,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      },
    });
  } catch {
    return new Response('not found', { status: 404 });
  }
}

export function registerAppProtocol(
  protocol: Protocol,
  rendererDir: string,
  readFile: (path: string) => Promise<Uint8Array>,
): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(rendererDir, request.url, readFile));
}

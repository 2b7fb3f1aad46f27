// Serves the kiosk's web build (renderer/dist) on the API's origin: brotli or gzip as the browser accepts, a year
// of caching for the content-hashed assets (their name changes with their content), revalidation for the page
// itself, and the agency's time zone written into the page. Personal data never passes here: the API's JSON
// answers keep their own `no-store`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { NextFunction, Request, Response } from 'express';
import { resolveTimeZone } from '@consulta/shared';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt']);
/** Vite names built assets `name-<hash>.ext`: such a file never changes under its name. */
const HASHED = /-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

interface StaticFile {
  type: string;
  cacheControl: string;
  identity: Buffer;
  br?: Buffer;
  gzip?: Buffer;
}

/** Where the page says which time zone to show times in (read by the renderer). */
export const TIME_ZONE_META = 'agency-time-zone';

function load(path: string, urlPath: string, timeZone: string): StaticFile {
  const ext = extname(path).toLowerCase();
  let identity = readFileSync(path);
  const isIndex = urlPath === '/index.html';
  if (isIndex) {
    identity = Buffer.from(
      identity
        .toString('utf8')
        .replace('<head>', `<head>\n    <meta name="${TIME_ZONE_META}" content="${timeZone}" />`),
    );
  }
  const file: StaticFile = {
    type: TYPES[ext] ?? 'application/octet-stream',
    cacheControl: !isIndex && urlPath.startsWith('/assets/') && HASHED.test(urlPath) ? IMMUTABLE : REVALIDATE,
    identity,
  };
  if (COMPRESSIBLE.has(ext) && identity.length > 512) {
    // The build's own compressed copies (renderer/vite.config.ts) when present; the page itself is edited above.
    const built = (suffix: string) =>
      !isIndex && existsSync(path + suffix) ? readFileSync(path + suffix) : undefined;
    file.br = built('.br');
    file.gzip = built('.gz');
    if (file.br && file.gzip) return file;
    file.br = brotliCompressSync(identity, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    });
    file.gzip = gzipSync(identity, { level: 9 });
  }
  return file;
}

function walk(dir: string, root: string, out: Map<string, string>): void {
  for (const entry of readdirSync(dir)) {
    // The build's compressed copies are served through their originals, never by their own names.
    if (entry.startsWith('.') || entry.endsWith('.br') || entry.endsWith('.gz')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) walk(path, root, out);
    else out.set(`/${relative(root, path).split(sep).join('/')}`, path);
  }
}

/** Picks the encoding from Accept-Encoding: brotli first, then gzip, else none (q=0 refuses one). */
export function chooseEncoding(accept: string | undefined): 'br' | 'gzip' | null {
  if (!accept) return null;
  const offered = new Map<string, number>();
  for (const part of accept.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    offered.set(name ?? '', q ? Number(q.slice(2)) : 1);
  }
  const ok = (name: string) => (offered.get(name) ?? offered.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}

/**
 * Express middleware for the build folder: the files are read and compressed once (the build is a handful of
 * files), so each request is a lookup. Unknown non-API paths get the page (the kiosk is a single-page app).
 */
export function staticKiosk(
  staticDir: string,
  options: { timeZone?: string | undefined } = {},
): (req: Request, res: Response, next: NextFunction) => void {
  const root = resolve(staticDir);
  const timeZone = resolveTimeZone(options.timeZone);
  const paths = new Map<string, string>();
  if (existsSync(root)) walk(root, root, paths);
  const cache = new Map<string, StaticFile>();
  const get = (urlPath: string): StaticFile | null => {
    const path = paths.get(urlPath);
    if (!path) return null;
    let file = cache.get(urlPath);
    if (!file) {
      file = load(path, urlPath, timeZone);
      cache.set(urlPath, file);
    }
    return file;
  };
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let urlPath: string;
    try {
      urlPath = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    if (urlPath === '/') urlPath = '/index.html';
    let file = get(urlPath);
    // A single-page app: other paths outside the API get the page (never for the API's own prefixes).
    if (!file && !urlPath.startsWith('/v1/') && urlPath !== '/healthz' && !extname(urlPath))
      file = get('/index.html');
    if (!file) return next();
    const encoding = file.br ? chooseEncoding(req.headers['accept-encoding']) : null;
    const body = encoding === 'br' ? file.br! : encoding === 'gzip' ? file.gzip! : file.identity;
    res.setHeader('Content-Type', file.type);
    res.setHeader('Cache-Control', file.cacheControl);
    if (file.br) res.setHeader('Vary', 'Accept-Encoding');
    if (encoding) res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Length', String(body.length));
    res.status(200);
    if (req.method === 'HEAD') res.end();
    else res.end(body);
  };
}

// The kiosk's Content-Security-Policy, defined once for the three places that send it: the query API (the web
// version's documents), the Electron session and app:// protocol, and the built page's <meta> tag.

/** Directives a <meta> tag may carry (frame-ancestors is ignored there). */
export const KIOSK_CSP_META = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The full policy, for response headers. */
export const KIOSK_CSP = `${KIOSK_CSP_META}; frame-ancestors 'none'`;

/**
 * The teacher page's security headers, one definition for CloudFront's
 * response headers policy (infra/web.ts) and the local web server
 * (infra/local/web-server.ts), so the page is tested under the policy it is
 * deployed with.
 */

/** HSTS max-age: two years, the preload list's minimum is one. */
export const HSTS_MAX_AGE_IN_SECONDS = 2 * 365 * 24 * 60 * 60;

/**
 * Scripts, styles and API calls from the page's own origin only; the token
 * exchange also talks to the sign-in service. Nothing may frame the page.
 * @param signInOrigin the origin of Cognito's domain or of the local issuer
 */
export function contentSecurityPolicy(signInOrigin: string, https = true): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${signInOrigin}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Local pages are plain http on 127.0.0.1: upgrading would break them.
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** Every header but the CSP, as HTTP header names and values. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'strict-transport-security': `max-age=${HSTS_MAX_AGE_IN_SECONDS}; includeSubDomains`,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'cross-origin-opener-policy': 'same-origin',
};

/** Paths the page calls on its own origin, which the host forwards to the API. */
export const API_PATH_PATTERNS = [
  '/me/*',
  '/classes/*',
  '/students/*',
  '/assignments/*',
  '/openapi.json',
  '/health',
] as const;

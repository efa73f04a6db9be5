/**
 * Sign-in with the OAuth2 authorization code flow and PKCE, the shape both
 * Cognito's hosted UI (on AWS) and the local issuer (infra/local/issuer.ts)
 * answer: `/oauth2/authorize`, `/oauth2/token`, `/logout`. The page is a
 * public client (no secret); the ID token it gets is what the API's JWT
 * authorizer verifies.
 *
 * The token lives in sessionStorage: it dies with the tab, and the strict
 * Content-Security-Policy (scripts from 'self' only) is what keeps other
 * scripts from reading it. There is no refresh: after the ID token's hour the
 * next call answers 401 and the page signs in again.
 */

export interface PageConfig {
  /** Base URL of the sign-in service: Cognito's domain or the local issuer. */
  authUrl: string;
  clientId: string;
  /** Base URL of the API; '' when the page's own origin forwards it. */
  apiUrl: string;
}

const TOKEN_KEY = 'lablink.idToken';
const FLOW_KEY = 'lablink.signIn';
/** Refresh a little before expiry so a call never races the clock. */
const EXPIRY_MARGIN_IN_SECONDS = 30;

interface PendingSignIn {
  state: string;
  verifier: string;
  /** The hash route the teacher wanted before signing in. */
  returnTo: string;
}

function base64Url(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomText(byteCount: number): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

async function challengeFor(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(verifier),
  );
  return base64Url(new Uint8Array(digest));
}

/** Where the sign-in service sends the teacher back: the page's own root. */
export const redirectUri = () => `${location.origin}/`;

export interface TokenClaims {
  sub: string;
  exp: number;
  'custom:role'?: string;
  'custom:lablink_user_id'?: string;
  email?: string;
}

/** Reads a JWT's payload for display and expiry only; the API verifies the signature. */
export function claimsOf(token: string): TokenClaims | undefined {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(json) as TokenClaims;
  } catch {
    return undefined;
  }
}

export function currentToken(): string | undefined {
  const token = sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  const claims = token ? claimsOf(token) : undefined;
  if (!token || !claims) return undefined;
  if (claims.exp - EXPIRY_MARGIN_IN_SECONDS < Date.now() / 1000) {
    sessionStorage.removeItem(TOKEN_KEY);
    return undefined;
  }
  return token;
}

export async function startSignIn(config: PageConfig, loginHint?: string): Promise<void> {
  const pending: PendingSignIn = {
    state: randomText(16),
    verifier: randomText(32),
    returnTo: location.hash || '#/classes',
  };
  sessionStorage.setItem(FLOW_KEY, JSON.stringify(pending));
  const url = new URL('/oauth2/authorize', config.authUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: 'openid email profile',
    state: pending.state,
    code_challenge: await challengeFor(pending.verifier),
    code_challenge_method: 'S256',
    ...(loginHint ? { login_hint: loginHint } : {}),
  }).toString();
  location.assign(url.toString());
}

export class SignInError extends Error {}

/**
 * Finishes a sign-in when the page is loaded with `?code=&state=`: checks the
 * state against the one this tab started, trades the code (with the PKCE
 * verifier) for tokens, and removes the code from the address bar.
 * @returns the hash route to open, or undefined when this is no sign-in return.
 */
export async function completeSignIn(config: PageConfig): Promise<string | undefined> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const error = params.get('error');
  if (!code && !error) return undefined;
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  if (error) throw new SignInError(`Sign-in was refused: ${error}`);

  const pending = JSON.parse(
    sessionStorage.getItem(FLOW_KEY) ?? 'null',
  ) as PendingSignIn | null;
  sessionStorage.removeItem(FLOW_KEY);
  if (!pending || pending.state !== params.get('state'))
    throw new SignInError('This sign-in was not started here; sign in again.');

  const res = await fetch(new URL('/oauth2/token', config.authUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code: code as string,
      redirect_uri: redirectUri(),
      code_verifier: pending.verifier,
    }),
  });
  if (!res.ok)
    throw new SignInError(`The sign-in service refused the code (${res.status}).`);
  const tokens = (await res.json()) as { id_token?: string };
  if (!tokens.id_token)
    throw new SignInError('The sign-in service returned no ID token.');
  sessionStorage.setItem(TOKEN_KEY, tokens.id_token);
  return pending.returnTo;
}

export function signOut(config: PageConfig): void {
  sessionStorage.removeItem(TOKEN_KEY);
  const url = new URL('/logout', config.authUrl);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    logout_uri: redirectUri(),
  }).toString();
  location.assign(url.toString());
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

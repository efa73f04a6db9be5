/**
 * The local stand-in for the Cognito user pool: it signs RS256 ID tokens with
 * a key made at start and publishes the public key as JWKS over HTTP on
 * 127.0.0.1, so the local gateway verifies tokens exactly as API Gateway's
 * JWT authorizer does (fetching the JWKS, checking issuer, audience, expiry).
 * Tests and `npm start` mint tokens with `sign`. For the teacher page it also
 * stands in for Cognito's hosted UI with the same OAuth2 shape: the
 * authorization code flow with PKCE (`/oauth2/authorize`, `/oauth2/token`,
 * `/logout`, `/.well-known/openid-configuration`). Its sign-in page asks for
 * a roster id and a role, and no password: it binds 127.0.0.1 and signs for
 * whoever asks, exactly like `sign`, so it must never face a network.
 */
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { CLAIMS, ROLES, type Role } from '../../shared/auth/principal.js';

/** The app client id the local tokens are issued to (the JWT audience). */
export const LOCAL_AUDIENCE = 'lablink-local-client';
export const JWKS_PATH = '/.well-known/jwks.json';
/** How long a minted token lasts unless told, in seconds. */
export const DEFAULT_TOKEN_TTL_IN_SECONDS = 60 * 60;

export interface TokenRequest {
  role: Role;
  /** The roster id (`custom:lablink_user_id`) of a teacher or lab staff member. */
  userId?: string;
  /** The school (`custom:school_id`) of a school admin. */
  schoolId?: string;
  /** Put the role in `cognito:groups` (as a group membership) instead of `custom:role`. */
  asGroup?: boolean;
  sub?: string;
  ttlInSeconds?: number;
  /** Overrides for tests: an expired token, another audience or issuer. */
  expiresAt?: Date;
  audience?: string;
  issuer?: string;
}

export interface LocalIssuer {
  /** The `iss` of every token, also the base URL of the JWKS. */
  issuer: string;
  audience: string;
  jwksUrl: URL;
  sign(request: TokenRequest): Promise<string>;
  stop(): Promise<void>;
}

export async function startIssuer(port = 0): Promise<LocalIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const jwks = JSON.stringify({ keys: [jwk] });

  let signToken: LocalIssuer['sign'] = () => Promise.reject(new Error('not started'));
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === JWKS_PATH) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(jwks);
      return;
    }
    void handleSignIn(req, res, {
      issuer,
      audience: LOCAL_AUDIENCE,
      sign: signToken,
    }).then(
      (handled) => {
        if (handled) return;
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'not_found', message: `no ${req.url}` }));
      },
      () => {
        if (res.headersSent) return void res.end();
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'internal', message: 'sign-in failed' }));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  signToken = async function sign(request) {
    const now = Math.floor(Date.now() / 1000);
    const exp = request.expiresAt
      ? Math.floor(request.expiresAt.getTime() / 1000)
      : now + (request.ttlInSeconds ?? DEFAULT_TOKEN_TTL_IN_SECONDS);
    const claims: Record<string, unknown> = {
      token_use: 'id',
      ...(request.asGroup
        ? { [CLAIMS.groups]: [request.role] }
        : { [CLAIMS.role]: request.role }),
      ...(request.userId ? { [CLAIMS.userId]: request.userId } : {}),
      ...(request.schoolId ? { [CLAIMS.schoolId]: request.schoolId } : {}),
    };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject(request.sub ?? randomUUID())
      .setIssuer(request.issuer ?? issuer)
      .setAudience(request.audience ?? LOCAL_AUDIENCE)
      .setIssuedAt(Math.min(now, exp - 1))
      .setExpirationTime(exp)
      .sign(privateKey);
  };

  return {
    issuer,
    audience: LOCAL_AUDIENCE,
    jwksUrl: new URL(JWKS_PATH, issuer),
    sign: signToken,
    stop: () =>
      new Promise<void>((resolve) => {
        // The sign-in page's browser keeps connections alive; close them too.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An authorization code is good for one exchange within this many milliseconds. */
export const CODE_TTL_MS = 60_000;
/** Tokens from the sign-in page last as long as Cognito's ID tokens (infra/auth.ts). */
export const SIGN_IN_TOKEN_TTL_IN_SECONDS = 60 * 60;

interface SignInContext {
  issuer: string;
  audience: string;
  sign: LocalIssuer['sign'];
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  request: TokenRequest;
  expiresAt: number;
}

const codes = new Map<string, PendingCode>();

/** Only pages served from this machine may receive codes (Cognito: the client's callback URLs). */
function allowedRedirect(uri: string | null): URL | undefined {
  try {
    const url = new URL(uri ?? '');
    const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
    return local && url.protocol === 'http:' && !url.hash ? url : undefined;
  } catch {
    return undefined;
  }
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[
        c
      ] as string,
  );

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 16_384) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown, cors?: string) {
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    ...(cors ? { 'access-control-allow-origin': cors, vary: 'Origin' } : {}),
  });
  res.end(JSON.stringify(body));
}

function signInPage(params: URLSearchParams, redirect: URL): string {
  const hidden = ['client_id', 'redirect_uri', 'state', 'code_challenge']
    .map(
      (n) =>
        `<input type="hidden" name="${n}" value="${escapeHtml(params.get(n) ?? '')}">`,
    )
    .join('');
  const roles = ROLES.map(
    (r) =>
      `<option value="${r}"${r === 'teacher' ? ' selected' : ''}>${r.replace('_', ' ')}</option>`,
  ).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Lablink local</title></head><body><main>
<h1>Sign in to Lablink (local)</h1>
<p>The local stand-in for the district's sign-in: no password, for this machine only.</p>
<form method="post" action="/login">${hidden}
<p><label for="user">Roster id (teacher or lab staff)</label><br>
<input id="user" name="user_id" autocomplete="username" value="${escapeHtml(params.get('login_hint') ?? '')}"></p>
<p><label for="role">Role</label><br><select id="role" name="role">${roles}</select></p>
<p><label for="school">School id (school admins)</label><br><input id="school" name="school_id"></p>
<p><button type="submit">Sign in</button></p>
</form><p>Returns to ${escapeHtml(redirect.origin)}</p></main></body></html>`;
}

/**
 * The OAuth2 endpoints of the sign-in stand-in.
 * @returns false when the request is for none of them.
 */
async function handleSignIn(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: SignInContext,
): Promise<boolean> {
  const url = new URL(req.url ?? '/', ctx.issuer);
  const route = `${req.method} ${url.pathname}`;
  if (route === 'GET /.well-known/openid-configuration') {
    sendJson(
      res,
      200,
      {
        issuer: ctx.issuer,
        authorization_endpoint: `${ctx.issuer}/oauth2/authorize`,
        token_endpoint: `${ctx.issuer}/oauth2/token`,
        end_session_endpoint: `${ctx.issuer}/logout`,
        jwks_uri: `${ctx.issuer}${JWKS_PATH}`,
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code'],
        code_challenge_methods_supported: ['S256'],
        id_token_signing_alg_values_supported: ['RS256'],
        subject_types_supported: ['public'],
      },
      '*',
    );
    return true;
  }
  if (route === 'GET /oauth2/authorize') {
    const p = url.searchParams;
    const redirect = allowedRedirect(p.get('redirect_uri'));
    const problem =
      p.get('response_type') !== 'code'
        ? 'response_type must be code'
        : p.get('client_id') !== ctx.audience
          ? `client_id must be ${ctx.audience}`
          : !redirect
            ? 'redirect_uri must be an http page on 127.0.0.1 or localhost'
            : p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge')
              ? 'PKCE with code_challenge_method S256 is required'
              : undefined;
    if (problem || !redirect) {
      sendJson(res, 400, { error: 'invalid_request', error_description: problem });
      return true;
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // Chrome applies form-action to the redirect that follows the post.
      'content-security-policy': `default-src 'none'; form-action 'self' ${redirect.origin}; frame-ancestors 'none'`,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    res.end(signInPage(p, redirect));
    return true;
  }
  if (route === 'POST /login') {
    const form = await readForm(req);
    const redirect = allowedRedirect(form.get('redirect_uri'));
    const role = ROLES.find((r) => r === form.get('role'));
    const userId = form.get('user_id')?.trim() || undefined;
    const schoolId = form.get('school_id')?.trim() || undefined;
    if (!redirect || !role || form.get('client_id') !== ctx.audience) {
      sendJson(res, 400, { error: 'invalid_request' });
      return true;
    }
    const code = randomUUID();
    codes.set(code, {
      clientId: ctx.audience,
      redirectUri: redirect.toString(),
      challenge: form.get('code_challenge') ?? '',
      request: {
        role,
        userId,
        schoolId,
        sub: `local-${role}-${userId ?? schoolId ?? 'district'}`,
        ttlInSeconds: SIGN_IN_TOKEN_TTL_IN_SECONDS,
      },
      expiresAt: Date.now() + CODE_TTL_MS,
    });
    redirect.searchParams.set('code', code);
    const state = form.get('state');
    if (state) redirect.searchParams.set('state', state);
    res.writeHead(302, { location: redirect.toString(), 'cache-control': 'no-store' });
    res.end();
    return true;
  }
  if (route === 'POST /oauth2/token') {
    const form = await readForm(req);
    const code = form.get('code') ?? '';
    const pending = codes.get(code);
    codes.delete(code);
    const origin = pending ? new URL(pending.redirectUri).origin : undefined;
    const verifier = form.get('code_verifier') ?? '';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    if (
      form.get('grant_type') !== 'authorization_code' ||
      !pending ||
      pending.expiresAt < Date.now() ||
      pending.clientId !== form.get('client_id') ||
      pending.redirectUri !== form.get('redirect_uri') ||
      pending.challenge !== challenge
    ) {
      sendJson(res, 400, { error: 'invalid_grant' }, origin);
      return true;
    }
    const idToken = await ctx.sign(pending.request);
    sendJson(
      res,
      200,
      {
        id_token: idToken,
        access_token: idToken,
        token_type: 'Bearer',
        expires_in: SIGN_IN_TOKEN_TTL_IN_SECONDS,
      },
      origin,
    );
    return true;
  }
  if (route === 'GET /logout') {
    const back = allowedRedirect(url.searchParams.get('logout_uri'));
    res.writeHead(back ? 302 : 200, {
      'content-type': 'text/plain',
      ...(back ? { location: back.toString() } : {}),
    });
    res.end(back ? undefined : 'Signed out.');
    return true;
  }
  return false;
}

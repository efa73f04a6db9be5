/**
 * The local stand-in for the Cognito user pool: it signs RS256 ID tokens with
 * a key made at start and publishes the public key as JWKS over HTTP on
 * 127.0.0.1, so the local gateway verifies tokens exactly as API Gateway's
 * JWT authorizer does (fetching the JWKS, checking issuer, audience, expiry).
 * It has no sign-in: tests and `npm start` mint tokens with `sign`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { CLAIMS, type Role } from '../../shared/auth/principal.js';

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

  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === JWKS_PATH) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(jwks);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'not_found', message: 'only the JWKS is served' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    audience: LOCAL_AUDIENCE,
    jwksUrl: new URL(JWKS_PATH, issuer),
    async sign(request) {
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
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

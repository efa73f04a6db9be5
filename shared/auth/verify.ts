/**
 * Bearer token verification as API Gateway's JWT authorizer does it: RS256
 * signature against the issuer's JWKS, `iss`, `aud` (or `client_id`), `exp`
 * and `nbf`. The local gateway runs this; on AWS the authorizer does, and the
 * handlers read the resulting claims the same way in both places.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { UnauthorizedError } from './errors.js';

/** Clock skew tolerated between the issuer and the verifier, in seconds. */
export const CLOCK_TOLERANCE_IN_SECONDS = 5;

export interface TokenVerifierOptions {
  issuer: string;
  /** Accepted audiences (the user pool's app client ids). */
  audience: readonly string[];
  jwksUrl: URL;
}

export type TokenVerifier = (authorization: string | undefined) => Promise<JWTPayload>;

/**
 * How long a verified token is taken as verified without checking its
 * signature again (never past its `exp`). A dashboard sends the same token
 * with every request, and the RSA check was the largest single cost of a
 * cached report on the local gateway. The price: a key dropped from the
 * JWKS still admits the tokens it signed for up to this long, as the JWKS
 * cache itself would between refreshes.
 */
export const VERIFIED_TOKEN_TTL_MS = 60_000;
/** Verified tokens kept at once; the oldest goes first. */
export const MAX_VERIFIED_TOKENS = 1_000;

export function createTokenVerifier(
  options: TokenVerifierOptions,
  now: () => number = Date.now,
): TokenVerifier {
  const keys = createRemoteJWKSet(options.jwksUrl);
  const verified = new Map<string, { payload: JWTPayload; until: number }>();
  return async (authorization) => {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new UnauthorizedError('missing bearer token');
    const known = verified.get(token);
    if (known && now() < known.until) return known.payload;
    verified.delete(token);
    const payload = await verify(token);
    const expiresAt = typeof payload.exp === 'number' ? payload.exp * 1000 : Infinity;
    verified.set(token, {
      payload,
      until: Math.min(expiresAt, now() + VERIFIED_TOKEN_TTL_MS),
    });
    // Insertion order: the first key is the oldest entry.
    if (verified.size > MAX_VERIFIED_TOKENS) {
      verified.delete(verified.keys().next().value as string);
    }
    return payload;
  };

  async function verify(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        algorithms: ['RS256'],
        clockTolerance: CLOCK_TOLERANCE_IN_SECONDS,
        currentDate: new Date(now()),
      });
      // Cognito ID tokens carry `aud`, access tokens `client_id`; API Gateway accepts either.
      const audiences = [payload.aud, payload.client_id].flat().filter(Boolean);
      if (!audiences.some((a) => options.audience.includes(String(a)))) {
        throw new UnauthorizedError('token audience is not accepted');
      }
      return payload;
    } catch (error) {
      if (error instanceof UnauthorizedError) throw error;
      const reason = error instanceof errors.JOSEError ? error.code : 'ERR_UNKNOWN';
      throw new UnauthorizedError('invalid token', { reason }, { cause: error });
    }
  }
}

/**
 * Claims as API Gateway hands them to a function: every value a string,
 * arrays as `[a b]`, objects as JSON.
 */
export function flattenClaims(payload: JWTPayload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) out[name] = `[${value.join(' ')}]`;
    else if (typeof value === 'object') out[name] = JSON.stringify(value);
    else out[name] = String(value);
  }
  return out;
}

/**
 * The bearer-token check of the local gateway (shared/auth/verify.ts) against
 * the local issuer's JWKS over HTTP, with the verifier's clock moved by hand:
 * a token it has verified is taken as verified again for a while, never past
 * its own expiry, and never for another token.
 */
import { startIssuer, type LocalIssuer } from '../../infra/local/issuer.js';
import { createTokenVerifier, VERIFIED_TOKEN_TTL_MS } from '../../shared/auth/verify.js';
import { UnauthorizedError } from '../../shared/auth/errors.js';

let issuer: LocalIssuer;
let clock: number;
const verifierOf = (i: LocalIssuer) =>
  createTokenVerifier(
    { issuer: i.issuer, audience: [i.audience], jwksUrl: i.jwksUrl },
    () => clock,
  );

beforeAll(async () => {
  issuer = await startIssuer();
});

afterAll(async () => {
  await issuer.stop();
});

beforeEach(() => {
  clock = Date.now();
});

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: unknown) =>
      error instanceof UnauthorizedError
        ? `${error.message} ${JSON.stringify(error.details ?? {})}`
        : `unexpected ${String(error)}`,
  );

describe('the token verifier', () => {
  it('answers a verified token again from what it verified, until the token expires', async () => {
    const verify = verifierOf(issuer);
    const token = await issuer.sign({ role: 'teacher', userId: 't-1', ttlInSeconds: 30 });
    const first = await verify(`Bearer ${token}`);
    expect(first['custom:lablink_user_id']).toBe('t-1');

    clock += 29_000;
    expect(await verify(`Bearer ${token}`)).toBe(first);

    // Past its expiry (and the 5 s of clock skew allowed) it is checked again and refused.
    clock += 7_000;
    expect(await refusal(verify(`Bearer ${token}`))).toBe(
      'invalid token {"reason":"ERR_JWT_EXPIRED"}',
    );
  });

  it('checks a long-lived token again once the verified period is over', async () => {
    const verify = verifierOf(issuer);
    const token = await issuer.sign({
      role: 'teacher',
      userId: 't-2',
      ttlInSeconds: 3600,
    });
    const first = await verify(`Bearer ${token}`);

    clock += VERIFIED_TOKEN_TTL_MS - 1;
    expect(await verify(`Bearer ${token}`)).toBe(first);
    clock += 2;
    const again = await verify(`Bearer ${token}`);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it('never lends a verified token to another one: a changed signature is refused', async () => {
    const verify = verifierOf(issuer);
    const token = await issuer.sign({ role: 'teacher', userId: 't-3' });
    await verify(`Bearer ${token}`);
    const [header, payload] = token.split('.');
    const other = await startIssuer();
    const forged = await other.sign({ role: 'district_admin', issuer: issuer.issuer });
    await other.stop();

    expect(
      await refusal(verify(`Bearer ${header}.${payload}.${forged.split('.')[2]}`)),
    ).toBe('invalid token {"reason":"ERR_JWS_SIGNATURE_VERIFICATION_FAILED"}');
    expect(await refusal(verify(`Bearer ${forged}`))).toBe(
      'invalid token {"reason":"ERR_JWKS_NO_MATCHING_KEY"}',
    );
  });
});

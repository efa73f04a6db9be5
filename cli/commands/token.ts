/**
 * `lablink token`: a token for any role from the running local stack, for
 * curl and scripts. It signs in the way the teacher page does (the local
 * issuer's sign-in form, an authorization code, PKCE), so it holds no key
 * and takes no shortcut the page could not: the issuer stays the only signer,
 * and its tokens die with the stack's key when the stack stops.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Command, Option } from 'commander';
import { ROLES, type Role } from '../../shared/auth/principal.js';
import { findRunningStack, lablinkHome } from '../../infra/local/home.js';
import { LOCAL_AUDIENCE } from '../../infra/local/issuer.js';

/** Where the sign-in "returns": never opened, only its code is read from the redirect. */
const CLI_REDIRECT = 'http://127.0.0.1/lablink-cli';

export interface SignInRequest {
  role: Role;
  userId?: string;
  schoolId?: string;
}

/** Signs in at a local issuer as `request` says; returns the ID token. */
export async function signInLocally(
  issuer: string,
  request: SignInRequest,
): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const login = await fetch(new URL('/login', issuer), {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({
      client_id: LOCAL_AUDIENCE,
      redirect_uri: CLI_REDIRECT,
      code_challenge: challenge,
      role: request.role,
      user_id: request.userId ?? '',
      school_id: request.schoolId ?? '',
    }),
  });
  const location = login.headers.get('location');
  const code = location ? new URL(location).searchParams.get('code') : null;
  if (login.status !== 302 || !code) {
    throw new Error(`the local sign-in refused the request (HTTP ${login.status})`);
  }
  const exchange = await fetch(new URL('/oauth2/token', issuer), {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      client_id: LOCAL_AUDIENCE,
      redirect_uri: CLI_REDIRECT,
      code_verifier: verifier,
    }),
  });
  const body = (await exchange.json()) as { id_token?: string; error?: string };
  if (!exchange.ok || !body.id_token) {
    throw new Error(`the local sign-in gave no token (${body.error ?? exchange.status})`);
  }
  return body.id_token;
}

/** What a role needs besides itself, as the API reads the token (docs/api.md). */
export function missingForRole(request: SignInRequest): string | undefined {
  if ((request.role === 'teacher' || request.role === 'lab_staff') && !request.userId)
    return `a ${request.role} token needs --user <roster id>`;
  if (request.role === 'school_admin' && !request.schoolId)
    return 'a school_admin token needs --school <school id>';
  return undefined;
}

export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description(
      'a token from the running local stack (npm start) for any role, printed alone: ' +
        'export LABLINK_TOKEN=$(npx lablink token --role lab_staff --user <id>)',
    )
    .addOption(
      new Option('--role <role>', 'the role').choices(ROLES).makeOptionMandatory(),
    )
    .option('--user <id>', 'roster id of the teacher or lab staff member')
    .option('--school <id>', 'school id of a school admin')
    .action(async (opts: { role: Role; user?: string; school?: string }) => {
      const request = { role: opts.role, userId: opts.user, schoolId: opts.school };
      const missing = missingForRole(request);
      if (missing) throw new Error(missing);
      const stack = findRunningStack(lablinkHome());
      if (!stack?.urls.issuer) {
        throw new Error(
          `no local stack is running from ${lablinkHome()}: start it with npm start ` +
            '(tokens come from its issuer and die with it)',
        );
      }
      console.log(await signInLocally(stack.urls.issuer, request));
    });
}

/**
 * The HTTP side of a pull: authentication (API key or OAuth2 client
 * credentials with a cached token), a request rate the vendor accepts, and
 * retries of 429 and 5xx with exponential backoff and full jitter that never
 * waits less than the vendor's Retry-After.
 */
import { LablinkError } from '../errors.js';
import type { ConnectorAuth } from './connector.js';

/** Attempts per request (the first and the retries) before the run fails. */
export const MAX_ATTEMPTS = 6;
export const RETRY_BASE_MS = 200;
export const RETRY_CAP_MS = 30_000;
/** A token is renewed this long before the expiry the server gave. */
export const TOKEN_EARLY_RENEWAL_MS = 60_000;
/** Used when a token response gives no `expires_in`. */
export const DEFAULT_TOKEN_LIFETIME_MS = 5 * 60_000;

/** The vendor kept failing, or answered with a status a retry cannot fix. */
export class PullHttpError extends LablinkError {}

/** Waiting longer would pass the run's time budget; the run stops cleanly. */
export class PullBudgetExceeded extends LablinkError {}

export interface HttpClientOptions {
  auth: ConnectorAuth;
  /** Secret values by name (`apiKey`, `clientId`...). */
  secrets: Readonly<Record<string, string>>;
  requestsPerSecond: number;
  /** Epoch ms after which no request or wait starts. */
  deadlineMs: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

export interface PullResponse {
  status: number;
  headers: Headers;
  /** The body as received, archived byte for byte. */
  text: string;
}

const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const retryable = (status: number) => status === 429 || status >= 500;

/** Seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export class PullHttpClient {
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly intervalMs: number;
  private nextSlotMs = 0;
  private token?: { value: string; renewAtMs: number };
  /** Requests sent, retries included; the run reports it. */
  requests = 0;

  constructor(private readonly options: HttpClientOptions) {
    this.fetch = options.fetch ?? fetch;
    this.sleep = options.sleep ?? sleepFor;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.intervalMs = 1000 / options.requestsPerSecond;
  }

  /** GET with auth, pacing and retries; the response of a 2xx only. */
  async get(url: string): Promise<PullResponse> {
    for (let attempt = 1; ; attempt += 1) {
      await this.pace();
      let status = 0;
      let waitMs: number | undefined;
      try {
        const res = await this.fetch(url, { headers: await this.headers() });
        status = res.status;
        const text = await res.text();
        if (res.ok) return { status, headers: res.headers, text };
        if (status === 401 && this.options.auth.type === 'oauth2') this.token = undefined;
        else if (!retryable(status)) {
          throw new PullHttpError(`GET ${redact(url)} answered ${status}`, { status });
        }
        waitMs = retryAfterMs(res.headers.get('retry-after'), this.now());
      } catch (error) {
        if (error instanceof PullHttpError || error instanceof PullBudgetExceeded)
          throw error;
        // A refused or reset connection is retried like a 5xx.
        if (attempt >= MAX_ATTEMPTS) throw this.gaveUp(url, status, error);
      }
      if (attempt >= MAX_ATTEMPTS) throw this.gaveUp(url, status);
      await this.backoff(attempt, waitMs);
    }
  }

  private gaveUp(url: string, status: number, cause?: unknown): PullHttpError {
    return new PullHttpError(
      `GET ${redact(url)} failed after ${MAX_ATTEMPTS} attempts (last status ${status || 'none'})`,
      { status },
      { cause },
    );
  }

  /** Full jitter over an exponential ceiling, never shorter than Retry-After. */
  private async backoff(attempt: number, retryAfter: number | undefined): Promise<void> {
    const ceiling = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** (attempt - 1));
    const jitter = this.random() * ceiling;
    const waitMs = Math.max(retryAfter ?? 0, jitter);
    if (this.now() + waitMs > this.options.deadlineMs) {
      throw new PullBudgetExceeded(
        'the time budget ends before the vendor allows a retry',
        {
          waitMs: Math.round(waitMs),
        },
      );
    }
    await this.sleep(waitMs);
    // The vendor's own pause also resets our pacing.
    this.nextSlotMs = Math.max(this.nextSlotMs, this.now());
  }

  /** Spaces requests evenly at the configured rate. */
  private async pace(): Promise<void> {
    const now = this.now();
    if (now >= this.options.deadlineMs) {
      throw new PullBudgetExceeded('the time budget is spent', {});
    }
    const slot = Math.max(now, this.nextSlotMs);
    if (slot >= this.options.deadlineMs) {
      throw new PullBudgetExceeded(
        'the time budget ends before the next request slot',
        {},
      );
    }
    this.nextSlotMs = slot + this.intervalMs;
    if (slot > now) await this.sleep(slot - now);
    this.requests += 1;
  }

  private async headers(): Promise<Record<string, string>> {
    const { auth, secrets } = this.options;
    const accept = { accept: 'application/json' };
    if (auth.type === 'none') return accept;
    if (auth.type === 'apiKey') {
      return { ...accept, [auth.header]: requireSecret(secrets, auth.secretKey) };
    }
    return { ...accept, authorization: `Bearer ${await this.accessToken()}` };
  }

  private async accessToken(): Promise<string> {
    const auth = this.options.auth;
    if (auth.type !== 'oauth2') throw new Error('not an OAuth2 connector');
    if (this.token && this.now() < this.token.renewAtMs) return this.token.value;

    const body = new URLSearchParams({ grant_type: 'client_credentials' });
    if (auth.scope) body.set('scope', auth.scope);
    const basic = Buffer.from(
      `${requireSecret(this.options.secrets, auth.clientIdKey)}:` +
        requireSecret(this.options.secrets, auth.clientSecretKey),
    ).toString('base64');
    await this.pace();
    const res = await this.fetch(auth.tokenUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body,
    });
    if (!res.ok) {
      throw new PullHttpError(`the token endpoint answered ${res.status}`, {
        status: res.status,
      });
    }
    const json = (await res.json()) as { access_token?: string; expires_in?: number };
    if (!json.access_token) {
      throw new PullHttpError('the token endpoint returned no access_token', {});
    }
    const lifetimeMs =
      typeof json.expires_in === 'number'
        ? json.expires_in * 1000
        : DEFAULT_TOKEN_LIFETIME_MS;
    this.token = {
      value: json.access_token,
      renewAtMs: this.now() + Math.max(0, lifetimeMs - TOKEN_EARLY_RENEWAL_MS),
    };
    return json.access_token;
  }
}

function requireSecret(secrets: Readonly<Record<string, string>>, name: string): string {
  const value = secrets[name];
  if (!value) {
    throw new PullHttpError(
      `the connector's secret has no "${name}"; add it to the connector's secret`,
      { secret: name },
    );
  }
  return value;
}

/** Query values may carry tokens or dates; logs and errors get the path only. */
function redact(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

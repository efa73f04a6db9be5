/**
 * The HTTP connector: JSON to the vendor's endpoint, signed with HMAC-SHA256
 * over timestamp, method, path and body with the vendor's secret. It looks
 * the assignment up by our external reference before creating, and sends
 * the assignment id as the idempotency key, so a retry after a lost response
 * finds the assignment the first call created instead of making another.
 */
import { createHmac } from 'node:crypto';
import { VendorRejectedError, VendorUnavailableError } from './errors.js';
import type { Assignment, Connector, Delivery } from './model.js';

/** Gives up on one request after this long (the vendor may still act on it). */
export const VENDOR_TIMEOUT_MS = 10_000;

export const SIGNATURE_HEADER = 'x-lablink-signature';
export const TIMESTAMP_HEADER = 'x-lablink-timestamp';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

export interface HttpConnectorOptions {
  /** Base URL, e.g. `https://vendor.example/api` (paths `/v1/assignments` below it). */
  endpoint: string;
  secret: string;
  timeoutMs?: number;
  now?: () => Date;
}

/** What we send and what the vendor keeps. */
export interface VendorAssignment {
  externalRef: string;
  title: string;
  classSourcedId: string;
  contentId: string;
  dueAt: string;
  standards: string[];
  studentIds: string[];
}

/** The signature a vendor checks: hex HMAC-SHA256 of `timestamp.method.path.body`. */
export function signRequest(
  secret: string,
  timestamp: string,
  method: string,
  path: string,
  body: string,
): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.${method}.${path}.${body}`);
  return `sha256=${mac.digest('hex')}`;
}

export function vendorPayload(a: Assignment): VendorAssignment {
  return {
    externalRef: a.assignmentId,
    title: a.title,
    classSourcedId: a.classId,
    contentId: a.contentId,
    dueAt: a.dueAt,
    standards: a.standards,
    studentIds: a.studentIds,
  };
}

const FIELDS: (keyof VendorAssignment)[] = [
  'title',
  'classSourcedId',
  'contentId',
  'dueAt',
  'standards',
  'studentIds',
];

const same = (a: VendorAssignment, b: Partial<VendorAssignment>) =>
  FIELDS.every((f) => JSON.stringify(a[f]) === JSON.stringify(b[f]));

export class HttpConnector implements Connector {
  private readonly base: URL;

  constructor(private readonly options: HttpConnectorOptions) {
    this.base = new URL(
      options.endpoint.endsWith('/') ? options.endpoint : `${options.endpoint}/`,
    );
  }

  async deliver(assignment: Assignment): Promise<Delivery> {
    const payload = vendorPayload(assignment);
    const existing = await this.find(payload.externalRef);
    if (existing) return this.update(existing, payload);

    const created = await this.request('POST', 'v1/assignments', payload, {
      [IDEMPOTENCY_HEADER]: payload.externalRef,
    });
    if (created.status === 409) {
      // Another attempt created it between our look-up and our POST.
      const found = await this.find(payload.externalRef);
      if (found) return this.update(found, payload);
      throw new VendorUnavailableError('vendor answered 409 but has no such assignment');
    }
    const body = created.body as { id?: string };
    if (!body?.id)
      throw new VendorUnavailableError('vendor created without returning an id');
    return { status: 'acknowledged', vendorAssignmentId: body.id, change: 'created' };
  }

  private async update(
    existing: VendorAssignment & { id: string },
    payload: VendorAssignment,
  ) {
    if (same(payload, existing)) {
      return {
        status: 'acknowledged',
        vendorAssignmentId: existing.id,
        change: 'unchanged',
      } as const;
    }
    await this.request(
      'PUT',
      `v1/assignments/${encodeURIComponent(existing.id)}`,
      payload,
      {
        [IDEMPOTENCY_HEADER]: `${payload.externalRef}:update`,
      },
    );
    return {
      status: 'acknowledged',
      vendorAssignmentId: existing.id,
      change: 'updated',
    } as const;
  }

  private async find(externalRef: string) {
    const path = `v1/assignments?externalRef=${encodeURIComponent(externalRef)}`;
    const res = await this.request('GET', path);
    const items =
      (res.body as { items?: (VendorAssignment & { id: string })[] })?.items ?? [];
    return items.find((i) => i.externalRef === externalRef);
  }

  private async request(
    method: string,
    path: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: unknown }> {
    const url = new URL(path, this.base);
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const timestamp = (this.options.now?.() ?? new Date()).toISOString();
    const signed = signRequest(
      this.options.secret,
      timestamp,
      method,
      url.pathname + url.search,
      body,
    );
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          ...headers,
          ...(body ? { 'content-type': 'application/json' } : {}),
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signed,
        },
        body: body || undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? VENDOR_TIMEOUT_MS),
      });
    } catch (error) {
      const what =
        (error as Error).name === 'TimeoutError' ? 'timed out' : 'lost the response';
      throw new VendorUnavailableError(
        `${method} ${url.pathname} ${what}`,
        {},
        { cause: error },
      );
    }
    const text = await res.text().catch(() => '');
    if (res.status === 429 || res.status >= 500) {
      throw new VendorUnavailableError(
        `${method} ${url.pathname} answered ${res.status}`,
        {
          status: res.status,
        },
      );
    }
    if (res.status >= 400 && res.status !== 409) {
      throw new VendorRejectedError(`${method} ${url.pathname} answered ${res.status}`, {
        status: res.status,
      });
    }
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
}

/**
 * A pull connector: validated configuration that says where a vendor's API
 * is, how to authenticate, page and filter it, how fast and how long a run
 * may go, and which profile maps its records to evidence. One zod schema per
 * concept; every error names the JSON path and the fix.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  parseConfig,
  parseJsonConfig,
  type FixHints,
} from '../profiles/config-issues.js';

const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const slug = z.string().regex(SLUG, 'must be lower-case letters, digits and dashes');

/** A shared header the vendor checks (`X-Api-Key: ...`). */
export const ApiKeyAuth = z.strictObject({
  type: z.literal('apiKey'),
  /** The header carrying the key. */
  header: z.string().min(1).default('X-Api-Key'),
  /** Name of the secret value holding the key (never the key itself). */
  secretKey: z.string().min(1).default('apiKey'),
});

/** OAuth2 client credentials; the token is cached until shortly before it expires. */
export const OAuth2ClientCredentials = z.strictObject({
  type: z.literal('oauth2'),
  tokenUrl: z.url(),
  scope: z.string().optional(),
  clientIdKey: z.string().min(1).default('clientId'),
  clientSecretKey: z.string().min(1).default('clientSecret'),
});

export const ConnectorAuth = z.discriminatedUnion('type', [
  ApiKeyAuth,
  OAuth2ClientCredentials,
  z.strictObject({ type: z.literal('none') }),
]);
export type ConnectorAuth = z.output<typeof ConnectorAuth>;

/**
 * How the vendor pages: `page` sends a page number (1-based) and stops at an
 * empty page; `cursor` sends the cursor the previous body gave; `link`
 * follows the `Link: <...>; rel="next"` header.
 */
export const Pagination = z.discriminatedUnion('style', [
  z.strictObject({
    style: z.literal('page'),
    pageParam: z.string().min(1).default('page'),
    sizeParam: z.string().min(1).default('per_page'),
    pageSize: z.number().int().positive().max(1000).default(100),
  }),
  z.strictObject({
    style: z.literal('cursor'),
    cursorParam: z.string().min(1).default('cursor'),
    /** Dotted path of the next cursor in the body; absent or null ends the sweep. */
    nextCursorField: z.string().min(1).default('next_cursor'),
  }),
  z.strictObject({ style: z.literal('link') }),
]);
export type Pagination = z.output<typeof Pagination>;

export const Incremental = z.strictObject({
  /** Dotted path of the record's last-change time (ISO 8601). */
  field: z.string().min(1),
  /** Query parameter that asks for records changed at or after a time. */
  param: z.string().min(1),
  /**
   * The parameter's value with `{since}` in place of the instant; OneRoster
   * wants a filter, `dateLastModified>='{since}'`.
   * @default '{since}'
   */
  template: z
    .string()
    .includes('{since}', { message: 'must contain {since}' })
    .default('{since}'),
});
export type Incremental = z.output<typeof Incremental>;

export const PullConnector = z.strictObject({
  id: slug,
  /** `evidence` maps records through a profile; `oneroster` pulls enrollments. */
  kind: z.enum(['evidence', 'oneroster']).default('evidence'),
  programId: z.string().min(1),
  baseUrl: z.url(),
  /** Path of the resource under baseUrl, e.g. `/v1/responses`. */
  resource: z.string().startsWith('/', 'must start with "/"'),
  /** Dotted path of the record array in a response body; absent: the body is the array. */
  recordsField: z.string().min(1).optional(),
  auth: ConnectorAuth,
  pagination: Pagination,
  incremental: Incremental,
  rateLimit: z
    .strictObject({ requestsPerSecond: z.number().positive().max(100) })
    .default({ requestsPerSecond: 5 }),
  /** Wall-clock budget of one run; past it the run stops cleanly and resumes next time. */
  timeBudgetSeconds: z.number().int().positive().max(840).default(600),
  /** Builtin profile id whose column names pick the record's fields. Required for evidence. */
  profile: slug.optional(),
  /**
   * Record fields that identify a record when the profile names no record
   * key; evidence ids must be deterministic or a resumed run would duplicate.
   */
  recordKey: z.array(z.string().min(1)).min(1).optional(),
  /** EventBridge schedule, e.g. `cron(0 6 * * ? *)` (UTC). */
  schedule: z
    .string()
    .regex(/^cron\(.+\)$/, 'must be an EventBridge cron(...) expression'),
});
export type PullConnector = z.output<typeof PullConnector>;
export type PullConnectorInput = z.input<typeof PullConnector>;

export const ConnectorsFile = z.strictObject({
  connectors: z.array(PullConnector).superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((c, i) => {
      if (seen.has(c.id)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'id'],
          message: `duplicate connector id "${c.id}"`,
          params: { fix: 'give every connector its own id' },
        });
      }
      seen.add(c.id);
      if (c.kind === 'evidence' && !c.profile) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'profile'],
          message: 'required for an evidence connector',
          params: {
            fix: 'name the builtin profile, e.g. "profile": "assistments-skill-builder-2009"',
          },
        });
      }
    });
  }),
});

const HINTS: FixHints = {
  'connectors.*': 'known keys are connectors',
  baseUrl: 'write the API root with its scheme, e.g. "https://api.vendor.example"',
  schedule: 'write an EventBridge expression, e.g. "cron(0 6 * * ? *)" (06:00 UTC daily)',
};

function hintsFor(path: string): FixHints {
  return Object.fromEntries(
    Object.entries(HINTS).map(([key, fix]) => [
      key.startsWith('connectors') ? key : `${path}${key}`,
      fix,
    ]),
  );
}

/** The connectors of a configuration file (JSON text or parsed); ConfigError names path and fix. */
export function parseConnectors(json: unknown, fileName: string): PullConnector[] {
  const value = parseJsonConfig(json, fileName);
  const hints: FixHints = {};
  const list = (value as { connectors?: unknown[] })?.connectors;
  if (Array.isArray(list)) {
    list.forEach((_, i) => Object.assign(hints, hintsFor(`connectors[${i}].`)));
  }
  return parseConfig(ConnectorsFile, value, fileName, hints).connectors;
}

/** One connector (as a schedule's event carries it). */
export function parseConnector(value: unknown, fileName: string): PullConnector {
  return parseConfig(PullConnector, value, fileName, hintsFor(''));
}

/** Reads a dotted path (`meta.next`) of a JSON value. */
export function readPath(value: unknown, path: string): unknown {
  let at: unknown = value;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** Where the district's connectors are configured, relative to the repository root. */
export const CONNECTORS_FILE = 'config/connectors.json';

/** The connectors of a file, or none when it does not exist. */
export function loadConnectorsFile(path: string): PullConnector[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return parseConnectors(text, path);
}

/** The name of a connector's schedule, locally and as the rule's id stem. */
export const pullScheduleName = (connectorId: string) => `pull-${connectorId}`;

/**
 * The district's mastery configuration in use: which file it comes from, the
 * subject of a standard, and the policy a standard gets once stored BKT fits
 * are taken into account.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { loadCatalog } from '../standards/index.js';
import builtinConfig from './default-policy.json';
import type { BktParams, MasteryPolicy } from './policy.js';
import {
  parseMasteryPolicyConfig,
  resolvePolicy,
  type MasteryPolicyConfig,
  type ResolvedPolicy,
} from './resolver.js';

/** Names the district's configuration file; the builtin default when unset. */
export const MASTERY_POLICY_ENV = 'LABLINK_MASTERY_POLICY';

const loaded = new Map<string, MasteryPolicyConfig>();

/**
 * The configuration at `path` (default: `$LABLINK_MASTERY_POLICY`, else the
 * builtin decaying average, weight 0.65). Read and validated once per process.
 */
export function loadMasteryPolicyConfig(
  path: string | undefined = process.env[MASTERY_POLICY_ENV],
): MasteryPolicyConfig {
  const key = path ?? '(builtin)';
  const cached = loaded.get(key);
  if (cached) return cached;

  let input: unknown = builtinConfig;
  if (path !== undefined && path.trimStart().startsWith('{')) {
    // The deployed functions get the district's policy inline (see
    // shared/config/environment.ts): no file to ship beside the bundle.
    input = parseInline(path);
  } else if (path !== undefined) {
    try {
      input = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new ConfigError(
        `${path}: cannot read the mastery policy configuration (${(error as Error).message}); ` +
          `fix the file or unset ${MASTERY_POLICY_ENV} to use the builtin default`,
        { path },
        { cause: error },
      );
    }
  }
  const config = parseMasteryPolicyConfig(input);
  loaded.set(key, config);
  return config;
}

function parseInline(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new ConfigError(
      `${MASTERY_POLICY_ENV} holds JSON that does not parse (${(error as Error).message})`,
      {},
      { cause: error },
    );
  }
}

let subjects: Map<string, string> | undefined;

/**
 * The subject of a standard, from its framework in the catalog: the last
 * segment, lower case (`CCSS.MATH` is `math`). Unknown codes have none, so
 * they get their own policy or the district's.
 */
export function subjectOf(standard: string): string | undefined {
  subjects ??= new Map(
    loadCatalog().map((s) => [s.code, s.framework.split('.').pop()!.toLowerCase()]),
  );
  return subjects.get(standard);
}

/** What decides a standard's policy: the configuration and the stored fits. */
export interface PolicySource {
  config: MasteryPolicyConfig;
  /** Fitted BKT parameters by standard; only sound fits belong here. */
  fits?: ReadonlyMap<string, BktParams>;
}

export interface PolicyInUse extends ResolvedPolicy {
  /** True when the parameters are the district's stored fit for the standard. */
  fitted: boolean;
}

/** The policy for one standard; a bkt policy takes the standard's stored fit. */
export function policyFor(source: PolicySource, standard: string): PolicyInUse {
  const resolved = resolvePolicy(source.config, {
    standard,
    subject: subjectOf(standard),
  });
  const fit = source.fits?.get(standard);
  if (resolved.policy.method !== 'bkt' || !fit) return { ...resolved, fitted: false };
  return { ...resolved, policy: { ...resolved.policy, params: fit }, fitted: true };
}

/** Key order does not matter: a policy read back from storage may differ in it. */
export function samePolicy(a: MasteryPolicy, b: MasteryPolicy): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

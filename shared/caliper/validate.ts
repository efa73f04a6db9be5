/**
 * Caliper 1.2 validation: envelopes, events and entities, checked against
 * the vocabulary (types, actions per event type, entity types per property)
 * and the value formats (IRIs, ISO 8601 date-times and durations). Every
 * problem is reported with its JSON path; nothing is coerced or defaulted,
 * so an unknown action is reported as the action it is.
 */
import { ISO_DURATION } from '../iso-duration.js';
import { z } from 'zod';
import { PROPERTIES, REQUIRED, type PropertyRule } from './properties.js';
import {
  ALL_ACTIONS,
  EVENT_RULES,
  KNOWN_CONTEXT,
  PROFILES,
  SUPERTYPE,
  TERMS,
  isA,
  isEntityType,
} from './vocabulary.js';

export interface CaliperIssue {
  /** JSON path of the offending value, e.g. `data[2].object.type`. */
  path: string;
  message: string;
}

/** An absolute IRI: a scheme, then no whitespace. */
const IRI = /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/;
const UUID_URN =
  /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DateTime = z.iso.datetime({ offset: true });

export const isIri = (v: unknown): v is string => typeof v === 'string' && IRI.test(v);
export const isDuration = (v: unknown): v is string =>
  typeof v === 'string' && ISO_DURATION.test(v);
const isDateTime = (v: unknown) => DateTime.safeParse(v).success;
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

type Issues = CaliperIssue[];
const join = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

function checkContext(value: unknown, path: string, issues: Issues): void {
  const names = Array.isArray(value) ? value : [value];
  const strings = names.filter((n): n is string => typeof n === 'string');
  // An inline context object defines its own terms; a named one must be Caliper's.
  const ok =
    names.length > 0 &&
    names.every((n) => typeof n === 'string' || isPlainObject(n)) &&
    strings.every((n) => KNOWN_CONTEXT.test(n));
  if (!ok) issues.push({ path, message: 'must name the Caliper 1.2 context' });
}

function checkValue(
  rule: PropertyRule,
  value: unknown,
  path: string,
  owner: string,
  issues: Issues,
): void {
  const fail = (message: string) => issues.push({ path, message });
  switch (rule.kind) {
    case 'string':
      if (typeof value !== 'string') fail('must be a string');
      return;
    case 'int':
      if (!Number.isInteger(value)) fail('must be an integer');
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail('must be a number');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail('must be true or false');
      return;
    case 'datetime':
      if (!isDateTime(value)) fail('must be an ISO 8601 date-time with a time zone');
      return;
    case 'duration':
      if (!isDuration(value)) fail('must be an ISO 8601 duration, e.g. PT5M30S');
      return;
    case 'iri':
      if (!isIri(value)) fail('must be an IRI');
      return;
    case 'object':
      if (!isPlainObject(value)) fail('must be an object');
      return;
    case 'strings':
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
        fail('must be a list of strings');
      return;
    case 'term': {
      const test = TERMS[rule.term];
      const values = rule.list ? value : [value];
      if (!Array.isArray(values)) fail(`must be a list of ${rule.term} terms`);
      else if (!values.every((v) => typeof v === 'string' && test(v)))
        fail(`must be a ${rule.term} of the Caliper vocabulary`);
      return;
    }
    case 'entity':
    case 'entities': {
      const types = typeof rule.types === 'function' ? rule.types(owner) : rule.types;
      if (rule.kind === 'entity') return validateEntity(value, path, types, issues);
      if (!Array.isArray(value)) {
        fail('must be a list');
        return;
      }
      value.forEach((v, i) => validateEntity(v, join(path, i), types, issues));
    }
  }
}

/** Checks every known property of a typed object; unknown ones are allowed. */
function checkProperties(
  node: Record<string, unknown>,
  path: string,
  owner: string,
  skip: ReadonlySet<string>,
  issues: Issues,
): void {
  for (const [key, value] of Object.entries(node)) {
    if (skip.has(key)) continue;
    const rule = PROPERTIES[key];
    if (!rule) continue;
    if (value === null) {
      issues.push({ path: join(path, key), message: 'must not be null' });
      continue;
    }
    checkValue(rule, value, join(path, key), owner, issues);
  }
  for (const key of REQUIRED[owner] ?? []) {
    if (node[key] === undefined)
      issues.push({ path: join(path, key), message: 'is required' });
  }
}

const ENTITY_SKIP = new Set(['@context', 'id', 'type']);

/** An entity or a reference to one (its IRI) where `types` are allowed. */
export function validateEntity(
  value: unknown,
  path: string,
  types: readonly string[],
  issues: Issues,
): void {
  if (typeof value === 'string') {
    if (!isIri(value)) issues.push({ path, message: 'must be an entity or its IRI' });
    return;
  }
  if (!isPlainObject(value)) {
    issues.push({ path, message: 'must be an entity or its IRI' });
    return;
  }
  const type = value.type;
  if (typeof type !== 'string' || !isEntityType(type)) {
    issues.push({
      path: join(path, 'type'),
      message: `unknown entity type ${JSON.stringify(type)}`,
    });
    return;
  }
  if (!types.some((t) => isA(type, t))) {
    issues.push({
      path: join(path, 'type'),
      message: `must be ${types.join(' or ')}, not ${type}`,
    });
  }
  if (value['@context'] !== undefined)
    checkContext(value['@context'], join(path, '@context'), issues);
  const hasId = SUPERTYPE[type] !== undefined || type === 'Entity';
  if (hasId && !isIri(value.id))
    issues.push({ path: join(path, 'id'), message: 'must be an IRI' });
  checkProperties(value, path, type, ENTITY_SKIP, issues);
}

const EVENT_SKIP = new Set([
  '@context',
  'id',
  'type',
  'action',
  'profile',
  'object',
  'generated',
  'target',
  'actor',
]);

/** One Caliper event: required fields, its type's actions and entity types. */
export function validateEvent(value: unknown, path: string, issues: Issues): void {
  if (!isPlainObject(value)) {
    issues.push({ path, message: 'must be an event object' });
    return;
  }
  const at = (key: string) => join(path, key);
  checkContext(value['@context'], at('@context'), issues);
  if (typeof value.id !== 'string' || !UUID_URN.test(value.id))
    issues.push({ path: at('id'), message: 'must be a urn:uuid identifier' });
  const rule = typeof value.type === 'string' ? EVENT_RULES[value.type] : undefined;
  if (!rule) {
    issues.push({
      path: at('type'),
      message: `unknown event type ${JSON.stringify(value.type)}`,
    });
    return;
  }
  const action = value.action;
  if (typeof action !== 'string')
    issues.push({ path: at('action'), message: 'is required' });
  else if (!ALL_ACTIONS.has(action))
    issues.push({
      path: at('action'),
      message: `unknown action "${action}" (not in the Caliper 1.2 vocabulary)`,
    });
  else if (!rule.actions.includes(action))
    issues.push({
      path: at('action'),
      message: `"${action}" is not an action of ${value.type}`,
    });
  if (
    value.profile !== undefined &&
    !(typeof value.profile === 'string' && PROFILES.has(value.profile))
  )
    issues.push({
      path: at('profile'),
      message: `unknown profile ${JSON.stringify(value.profile)}`,
    });
  if (value.eventTime === undefined)
    issues.push({ path: at('eventTime'), message: 'is required' });
  for (const [key, types] of [
    ['actor', ['Agent']],
    ['object', rule.object],
  ] as const) {
    if (value[key] === undefined || value[key] === null)
      issues.push({ path: at(key), message: 'is required' });
    else validateEntity(value[key], at(key), types, issues);
  }
  if (value.generated !== undefined)
    validateEntity(
      value.generated,
      at('generated'),
      rule.generated ?? ['Entity'],
      issues,
    );
  if (value.target !== undefined)
    validateEntity(value.target, at('target'), rule.target ?? ['Entity'], issues);
  if (
    typeof action === 'string' &&
    rule.needsFederatedSession?.includes(action) &&
    value.federatedSession === undefined
  )
    issues.push({
      path: at('federatedSession'),
      message: `is required when the action is ${action}`,
    });
  checkProperties(value, path, String(value.type), EVENT_SKIP, issues);
}

/** True for a value that is (or claims to be) an event rather than an entity. */
export const looksLikeEvent = (v: unknown): boolean =>
  isPlainObject(v) &&
  ('action' in v ||
    (typeof v.type === 'string' && (v.type in EVENT_RULES || v.type.endsWith('Event'))));

export const Envelope = z.object({
  sensor: z.string().regex(IRI, 'must be an IRI'),
  sendTime: DateTime,
  dataVersion: z.string().regex(KNOWN_CONTEXT, 'must name the Caliper 1.2 context'),
  data: z.array(z.unknown()).min(1, 'must hold at least one event or entity'),
});
export type Envelope = z.infer<typeof Envelope>;

/** Issues of an envelope's own fields (not of its data). */
export function envelopeIssues(value: unknown): CaliperIssue[] {
  const parsed = Envelope.safeParse(value);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => ({
    path: i.path.join('.') || 'envelope',
    message: i.message,
  }));
}

/** Validates one data item of an envelope (an event or an entity). */
export function validateDataItem(value: unknown, path: string): CaliperIssue[] {
  const issues: Issues = [];
  if (looksLikeEvent(value)) validateEvent(value, path, issues);
  else
    validateEntity(
      value,
      path,
      ['Entity', 'SystemIdentifier', 'TextPositionSelector'],
      issues,
    );
  return issues;
}

/**
 * Any Caliper document: an envelope, an event, an entity, or the endpoint
 * configuration payload an endpoint publishes.
 */
export function validateCaliperDocument(value: unknown): CaliperIssue[] {
  if (isPlainObject(value) && ('sensor' in value || 'data' in value)) {
    const issues = envelopeIssues(value);
    if (Array.isArray(value.data))
      value.data.forEach((item, i) =>
        issues.push(...validateDataItem(item, `data[${i}]`)),
      );
    return issues;
  }
  if (isPlainObject(value) && 'caliper_supported_versions' in value) {
    const versions = value.caliper_supported_versions;
    return Array.isArray(versions) && versions.every((v) => typeof v === 'string')
      ? []
      : [{ path: 'caliper_supported_versions', message: 'must be a list of strings' }];
  }
  return validateDataItem(value, '');
}

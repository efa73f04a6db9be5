/**
 * xAPI 1.0.3 and 2.0 statements as zod schemas, one per object of the spec.
 * Objects are strict (an unknown property is an error, as the spec requires
 * of an LRS), inverse functional identifiers are checked (exactly one), and
 * interaction definitions allow only the components of their type.
 */
import { ISO_DURATION } from '../iso-duration.js';
import { z } from 'zod';
import { checkInteraction } from './interaction.js';

/** An absolute IRI: a scheme, then no whitespace (Unicode allowed). */
export const Iri = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/, 'must be an absolute IRI');
/** A URI proper: ASCII only (OpenID identifiers). */
export const OpenId = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9+.-]*:[\x21-\x7e]+$/, 'must be an absolute URI');
const Uuid = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    'must be a UUID',
  );
const LanguageTag = z
  .string()
  .regex(/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/, 'must be an RFC 5646 language tag');
export const LanguageMap = z.record(LanguageTag, z.string());
export const Extensions = z.record(Iri, z.unknown());
export const Timestamp = z.iso.datetime({ offset: true, local: true });
export const Duration = z.string().regex(ISO_DURATION, 'must be an ISO 8601 duration');

export const Mbox = z
  .string()
  .regex(/^mailto:[^\s@]+@[^\s@]+$/, 'must be mailto:<e-mail address>');
export const MboxSha1 = z.string().regex(/^[0-9a-f]{40}$/i, 'must be a SHA-1 hex digest');
export const Account = z.strictObject({ homePage: Iri, name: z.string().min(1) });

const IFI_KEYS = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;
const ifiFields = {
  mbox: Mbox.optional(),
  mbox_sha1sum: MboxSha1.optional(),
  openid: OpenId.optional(),
  account: Account.optional(),
};
const ifiCount = (o: Record<string, unknown>) =>
  IFI_KEYS.filter((k) => o[k] !== undefined).length;
const exactlyOneIfi = {
  message: 'must have exactly one of mbox, mbox_sha1sum, openid, account',
};

export const Agent = z
  .strictObject({
    objectType: z.literal('Agent').optional(),
    name: z.string().optional(),
    ...ifiFields,
  })
  .refine((a) => ifiCount(a) === 1, exactlyOneIfi);
export type Agent = z.infer<typeof Agent>;

const GroupFields = {
  objectType: z.literal('Group'),
  name: z.string().optional(),
  member: z.array(Agent).optional(),
  ...ifiFields,
};
export const AnonymousGroup = z
  .strictObject(GroupFields)
  .refine((g) => ifiCount(g) === 0, 'an anonymous group has no identifier')
  .refine((g) => (g.member?.length ?? 0) > 0, 'an anonymous group must list its members');
export const IdentifiedGroup = z
  .strictObject(GroupFields)
  .refine((g) => ifiCount(g) === 1, exactlyOneIfi);
export const Group = z
  .strictObject(GroupFields)
  .refine(
    (g) => ifiCount(g) === 1 || (ifiCount(g) === 0 && (g.member?.length ?? 0) > 0),
    {
      message: 'a group needs exactly one identifier, or none and a member list',
    },
  );
export const Actor = z.union([Agent, Group]);
export type Actor = z.infer<typeof Actor>;

export const Person = z.strictObject({
  objectType: z.literal('Person'),
  name: z.array(z.string()).optional(),
  mbox: z.array(Mbox).optional(),
  mbox_sha1sum: z.array(MboxSha1).optional(),
  openid: z.array(OpenId).optional(),
  account: z.array(Account).optional(),
});

export const Verb = z.strictObject({ id: Iri, display: LanguageMap.optional() });

export const InteractionComponent = z.strictObject({
  id: z.string().min(1).regex(/^\S+$/, 'must not contain spaces'),
  description: LanguageMap.optional(),
});
const Components = z.array(InteractionComponent);

/** The interaction part of a definition; other properties are not its concern. */
export const InteractionFields = z
  .looseObject({
    interactionType: z
      .enum([
        'true-false',
        'choice',
        'fill-in',
        'long-fill-in',
        'matching',
        'performance',
        'sequencing',
        'likert',
        'numeric',
        'other',
      ])
      .optional(),
    correctResponsesPattern: z.array(z.string()).optional(),
    choices: Components.optional(),
    scale: Components.optional(),
    source: Components.optional(),
    target: Components.optional(),
    steps: Components.optional(),
  })
  .superRefine(checkInteraction);

export const ActivityDefinition = z
  .strictObject({
    name: LanguageMap.optional(),
    description: LanguageMap.optional(),
    type: Iri.optional(),
    moreInfo: Iri.optional(),
    extensions: Extensions.optional(),
    interactionType: z.string().optional(),
    correctResponsesPattern: z.unknown().optional(),
    choices: z.unknown().optional(),
    scale: z.unknown().optional(),
    source: z.unknown().optional(),
    target: z.unknown().optional(),
    steps: z.unknown().optional(),
  })
  .pipe(InteractionFields);

export const Activity = z.strictObject({
  objectType: z.literal('Activity').optional(),
  id: Iri,
  definition: ActivityDefinition.optional(),
});
export const ActivityListOrObject = z.union([
  Activity,
  z.array(Activity).min(1, 'must not be empty'),
]);

export const StatementRef = z.strictObject({
  objectType: z.literal('StatementRef'),
  id: Uuid,
});

export const ContextActivities = z.strictObject({
  parent: ActivityListOrObject.optional(),
  grouping: ActivityListOrObject.optional(),
  category: ActivityListOrObject.optional(),
  other: ActivityListOrObject.optional(),
});

export const Context = z.strictObject({
  registration: Uuid.optional(),
  instructor: Actor.optional(),
  team: Group.optional(),
  contextActivities: ContextActivities.optional(),
  revision: z.string().optional(),
  platform: z.string().optional(),
  language: LanguageTag.optional(),
  statement: StatementRef.optional(),
  extensions: Extensions.optional(),
  // xAPI 2.0
  contextAgents: z
    .array(z.looseObject({ objectType: z.literal('contextAgent'), agent: Agent }))
    .optional(),
  contextGroups: z
    .array(z.looseObject({ objectType: z.literal('contextGroup'), group: Group }))
    .optional(),
});

/** The score's shape; what the numbers mean together is checked in semantics.ts. */
export const Score = z.strictObject({
  scaled: z
    .number()
    .min(-1, 'scaled must be at least -1')
    .max(1, 'scaled must be at most 1')
    .optional(),
  raw: z.number().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});

export const Result = z.strictObject({
  score: Score.optional(),
  success: z.boolean().optional(),
  completion: z.boolean().optional(),
  response: z.string().optional(),
  duration: Duration.optional(),
  extensions: Extensions.optional(),
});

export const Attachment = z.strictObject({
  usageType: Iri,
  display: LanguageMap,
  description: LanguageMap.optional(),
  contentType: z.string().min(1),
  length: z.number().int().nonnegative(),
  sha2: z
    .string()
    .regex(
      /^[0-9a-f]{56}$|^[0-9a-f]{64}$|^[0-9a-f]{96}$|^[0-9a-f]{128}$/i,
      'must be a SHA-2 hex digest',
    ),
  fileUrl: Iri.optional(),
});

const objectOf = (allowSubStatement: boolean) =>
  z.unknown().superRefine((value, ctx) => {
    const type = (value as { objectType?: unknown } | null)?.objectType;
    const schema =
      type === undefined || type === 'Activity'
        ? Activity
        : type === 'Agent'
          ? Agent
          : type === 'Group'
            ? Group
            : type === 'StatementRef'
              ? StatementRef
              : type === 'SubStatement' && allowSubStatement
                ? SubStatement
                : undefined;
    if (!schema) {
      ctx.addIssue({
        code: 'custom',
        message: `objectType ${JSON.stringify(type)} is not allowed here`,
      });
      return;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        ctx.addIssue({ ...issue, code: 'custom' } as never);
  });

export const SubStatement = z.strictObject({
  objectType: z.literal('SubStatement'),
  actor: Actor,
  verb: Verb,
  object: objectOf(false),
  result: Result.optional(),
  context: Context.optional(),
  timestamp: Timestamp.optional(),
  attachments: z.array(Attachment).optional(),
});

/** An OAuth authority is a group of exactly two agents (the consumer and the user). */
const Authority = z.union([
  Agent,
  z.strictObject({
    objectType: z.literal('Group'),
    name: z.string().optional(),
    member: z.array(Agent).length(2, 'an authority group has exactly two members'),
  }),
]);

export const Statement = z.strictObject({
  id: Uuid.optional(),
  actor: Actor,
  verb: Verb,
  object: objectOf(true),
  result: Result.optional(),
  context: Context.optional(),
  timestamp: Timestamp.optional(),
  stored: Timestamp.optional(),
  authority: Authority.optional(),
  version: z
    .string()
    .regex(/^(1\.0(\.\d+)?|2\.0(\.\d+)?)$/, 'must be a 1.0.x or 2.0.x version')
    .optional(),
  attachments: z.array(Attachment).optional(),
});
export type Statement = z.infer<typeof Statement>;

const Version = z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a full version, e.g. 1.0.3');
export const About = z.strictObject({
  version: z.union([Version, z.array(Version)]),
  extensions: Extensions.optional(),
});

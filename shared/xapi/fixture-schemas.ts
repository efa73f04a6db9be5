/**
 * The schema for each object kind the xAPI conformance fixtures are sorted by
 * (TinCanValidator's folder names), so one validator serves both statements
 * and their parts.
 */
import { z } from 'zod';
import * as x from './schema.js';

/** An interaction activity's definition must say which interaction it is. */
const interaction = (schema: z.ZodType) =>
  schema.refine(
    (d) => (d as { interactionType?: unknown }).interactionType !== undefined,
    {
      message: 'interactionType is required',
      path: ['interactionType'],
    },
  );

export const XAPI_FIXTURE_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  about: x.About,
  account: z.strictObject({ account: x.Account }),
  activity: x.Activity,
  activity_definition: x.ActivityDefinition,
  activity_list_or_obj: x.ActivityListOrObject,
  activityid: z.strictObject({ activityId: x.Iri }),
  agent: x.Agent,
  anonymousgroup: x.AnonymousGroup,
  attachment: x.Attachment,
  context: x.Context,
  contextactivities: x.ContextActivities,
  extensions: x.Extensions,
  group: x.Group,
  identifiedgroup: x.IdentifiedGroup,
  interactionactivity: interaction(x.ActivityDefinition),
  interactionactivity_choices: interaction(x.InteractionFields),
  interactionactivity_none: interaction(x.InteractionFields),
  interactionactivity_scale: interaction(x.InteractionFields),
  interactionactivity_sourcetarget: interaction(x.InteractionFields),
  interactionactivity_steps: interaction(x.InteractionFields),
  mbox: z.looseObject({ mbox: x.Mbox }),
  mbox_sha1sum: z.strictObject({ mbox_sha1sum: x.MboxSha1 }),
  openid: z.looseObject({ openid: x.OpenId }),
  person: x.Person,
  statement: x.Statement,
  statementref: x.StatementRef,
  substatement: x.SubStatement,
  verb: x.Verb,
};

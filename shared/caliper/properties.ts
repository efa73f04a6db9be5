/**
 * What each Caliper property holds. Properties are typed the same way on
 * every entity that has them, except the few whose allowed entity types
 * depend on the owner (`items`, `isPartOf`), which take a function.
 */
import { TERMS } from './vocabulary.js';

export type PropertyRule =
  | { kind: 'string' | 'int' | 'number' | 'boolean' | 'datetime' | 'duration' | 'iri' }
  | { kind: 'object' }
  | { kind: 'strings' }
  | { kind: 'term'; term: keyof typeof TERMS; list?: boolean }
  | { kind: 'entity'; types: readonly string[] | ((owner: string) => readonly string[]) }
  | {
      kind: 'entities';
      types: readonly string[] | ((owner: string) => readonly string[]);
    };

const s = { kind: 'string' } as const;
const int = { kind: 'int' } as const;
const num = { kind: 'number' } as const;
const bool = { kind: 'boolean' } as const;
const time = { kind: 'datetime' } as const;
const dur = { kind: 'duration' } as const;
const strings = { kind: 'strings' } as const;
const entity = (...types: string[]) => ({ kind: 'entity', types }) as const;
const entities = (...types: string[]) => ({ kind: 'entities', types }) as const;

/** The item type a collection of each kind holds. */
const ITEM_TYPES: Readonly<Record<string, string>> = {
  Assessment: 'AssessmentItem',
  AggregateMeasureCollection: 'AggregateMeasure',
  Forum: 'Thread',
  Thread: 'Message',
  Questionnaire: 'QuestionnaireItem',
  Survey: 'Questionnaire',
  DigitalResourceCollection: 'DigitalResource',
};

export const PROPERTIES: Readonly<Record<string, PropertyRule>> = {
  name: s,
  description: s,
  extensions: { kind: 'object' },
  messageParameters: { kind: 'object' },
  dateCreated: time,
  dateModified: time,
  datePublished: time,
  dateToActivate: time,
  dateToShow: time,
  dateToStartOn: time,
  dateToSubmit: time,
  startedAtTime: time,
  endedAtTime: time,
  eventTime: time,
  dateSent: time,
  dateTimeSelected: time,
  minDateTime: time,
  maxDateTime: time,
  duration: dur,
  currentTime: dur,
  version: s,
  mediaType: s,
  storageName: s,
  courseNumber: s,
  academicSession: s,
  category: s,
  body: s,
  comment: s,
  value: s,
  questionPosed: s,
  minLabel: s,
  maxLabel: s,
  selectionText: s,
  bookmarkNotes: s,
  host: s,
  ipAddress: s,
  userAgent: s,
  identifier: s,
  searchTerms: s,
  volumeLevel: s,
  volumeMin: s,
  volumeMax: s,
  maxAttempts: int,
  maxSubmits: int,
  count: int,
  index: int,
  start: int,
  end: int,
  scalePoints: int,
  maxSelections: int,
  minSelections: int,
  points: int,
  sentCount: int,
  searchResultsItemCount: int,
  maxScore: num,
  scoreGiven: num,
  resultScore: num,
  maxResultScore: num,
  metricValue: num,
  maxMetricValue: num,
  minValue: num,
  maxValue: num,
  step: num,
  weight: num,
  muted: bool,
  isTimeDependent: bool,
  isOrderedSelection: bool,
  keywords: strings,
  tags: strings,
  itemLabels: strings,
  itemValues: strings,
  categories: strings,
  values: strings,
  selections: strings,
  roles: { kind: 'term', term: 'role', list: true },
  status: { kind: 'term', term: 'status' },
  messageType: { kind: 'term', term: 'messageType' },
  metric: { kind: 'term', term: 'metric' },
  identifierType: { kind: 'term', term: 'identifierType' },
  otherIdentifiers: entities('SystemIdentifier'),
  items: {
    kind: 'entities',
    types: (owner) => [ITEM_TYPES[owner] ?? 'Entity'],
  },
  isPartOf: {
    kind: 'entity',
    types: (owner) => [owner === 'Attempt' ? 'Attempt' : 'Entity'],
  },
  members: entities('Agent'),
  withAgents: entities('Agent'),
  creators: entities('Agent'),
  attachments: entities('DigitalResource'),
  learningObjectives: entities('LearningObjective'),
  actor: entity('Agent'),
  edApp: entity('SoftwareApplication'),
  group: entity('Organization'),
  membership: entity('Membership'),
  session: entity('Session'),
  federatedSession: entity('LtiSession'),
  referrer: entity('DigitalResource', 'SoftwareApplication', 'Link'),
  assignable: entity('DigitalResource'),
  assignee: entity('Agent'),
  attempt: entity('Attempt'),
  scoredBy: entity('Agent'),
  annotated: entity('DigitalResource'),
  annotator: entity('Person'),
  commenter: entity('Person'),
  commentedOn: entity('Entity'),
  rater: entity('Person'),
  rated: entity('Entity'),
  question: entity('Question'),
  ratingComment: entity('Comment'),
  survey: entity('Survey'),
  scale: entity('Scale'),
  selection: entity('TextPositionSelector'),
  replyTo: entity('Message'),
  member: entity('Agent'),
  organization: entity('Organization'),
  subOrganizationOf: entity('Organization'),
  client: entity('SoftwareApplication'),
  user: entity('Person'),
  source: entity('SoftwareApplication', 'Organization'),
  creator: entity('Person'),
  query: entity('Query'),
  searchProvider: entity('SoftwareApplication'),
  searchTarget: entity('Entity'),
};

/** Properties an entity of a type must have, beyond `id` and `type`. */
export const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  AggregateMeasure: ['metric', 'metricValue'],
  SystemIdentifier: ['identifier', 'identifierType'],
};

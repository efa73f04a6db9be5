/**
 * The Caliper 1.2 vocabulary the validator checks against: entity types and
 * their supertypes, the actions each event type allows, what each event's
 * object, generated and target may be, and the closed term lists (roles,
 * statuses, metrics...). Taken from the 1EdTech Caliper Analytics 1.2 spec.
 */

/** Each entity type's direct supertype; `Entity` is the root. */
export const SUPERTYPE: Readonly<Record<string, string | undefined>> = {
  Entity: undefined,
  Agent: 'Entity',
  Person: 'Agent',
  SoftwareApplication: 'Agent',
  Organization: 'Agent',
  Group: 'Organization',
  CourseOffering: 'Organization',
  CourseSection: 'CourseOffering',
  DigitalResource: 'Entity',
  AssignableDigitalResource: 'DigitalResource',
  Assessment: 'AssignableDigitalResource',
  AssessmentItem: 'AssignableDigitalResource',
  Chapter: 'DigitalResource',
  Document: 'DigitalResource',
  Page: 'DigitalResource',
  WebPage: 'DigitalResource',
  Frame: 'DigitalResource',
  LtiLink: 'Link',
  Link: 'Entity',
  MediaObject: 'DigitalResource',
  AudioObject: 'MediaObject',
  VideoObject: 'MediaObject',
  ImageObject: 'MediaObject',
  MediaLocation: 'DigitalResource',
  DigitalResourceCollection: 'DigitalResource',
  Forum: 'DigitalResourceCollection',
  Thread: 'DigitalResourceCollection',
  Questionnaire: 'DigitalResourceCollection',
  QuestionnaireItem: 'DigitalResource',
  Message: 'DigitalResource',
  Collection: 'Entity',
  AggregateMeasureCollection: 'Collection',
  Survey: 'Collection',
  AggregateMeasure: 'Entity',
  Annotation: 'Entity',
  BookmarkAnnotation: 'Annotation',
  HighlightAnnotation: 'Annotation',
  SharedAnnotation: 'Annotation',
  TagAnnotation: 'Annotation',
  Attempt: 'Entity',
  Score: 'Entity',
  Result: 'Entity',
  Response: 'Entity',
  DateTimeResponse: 'Response',
  FillinBlankResponse: 'Response',
  MultipleChoiceResponse: 'Response',
  MultipleResponseResponse: 'Response',
  MultiselectResponse: 'Response',
  OpenEndedResponse: 'Response',
  RatingScaleResponse: 'Response',
  SelectTextResponse: 'Response',
  TrueFalseResponse: 'Response',
  Session: 'Entity',
  LtiSession: 'Session',
  Membership: 'Entity',
  LearningObjective: 'Entity',
  Query: 'Entity',
  SearchResponse: 'Entity',
  Comment: 'Entity',
  Rating: 'Entity',
  Question: 'Entity',
  DateTimeQuestion: 'Question',
  MultiselectQuestion: 'Question',
  OpenEndedQuestion: 'Question',
  RatingScaleQuestion: 'Question',
  Scale: 'Entity',
  LikertScale: 'Scale',
  MultiselectScale: 'Scale',
  NumericScale: 'Scale',
  SurveyInvitation: 'Entity',
  // Not entities (no id of their own), but typed objects inside entities.
  SystemIdentifier: undefined,
  TextPositionSelector: undefined,
};

/** True when `type` is `expected` or one of its subtypes. */
export function isA(type: string, expected: string): boolean {
  for (let t: string | undefined = type; t !== undefined; t = SUPERTYPE[t]) {
    if (t === expected) return true;
  }
  return false;
}

export const isEntityType = (type: string) => type in SUPERTYPE;

export const CALIPER_CONTEXT = 'http://purl.imsglobal.org/ctx/caliper/v1p2';
/** Contexts an event may name: 1.2, and 1.1 with its profile extensions. */
export const KNOWN_CONTEXT =
  /^http:\/\/purl\.imsglobal\.org\/ctx\/caliper\/v1p[12](\/.*)?$/;

export const PROFILES = new Set([
  'AnnotationProfile',
  'AssessmentProfile',
  'AssignableProfile',
  'FeedbackProfile',
  'ForumProfile',
  'GeneralProfile',
  'GradingProfile',
  'MediaProfile',
  'ReadingProfile',
  'ResourceManagementProfile',
  'SearchProfile',
  'SessionProfile',
  'SurveyProfile',
  'ToolLaunchProfile',
  'ToolUseProfile',
]);

const MEDIA_ACTIONS = [
  'Started',
  'Ended',
  'Paused',
  'Resumed',
  'Restarted',
  'ForwardedTo',
  'JumpedTo',
  'ChangedResolution',
  'ChangedSize',
  'ChangedSpeed',
  'ChangedVolume',
  'EnabledClosedCaptioning',
  'DisabledClosedCaptioning',
  'EnteredFullScreen',
  'ExitedFullScreen',
  'Muted',
  'Unmuted',
  'OpenedPopout',
  'ClosedPopout',
];
const RESOURCE_ACTIONS = [
  'Archived',
  'Copied',
  'Created',
  'Deleted',
  'Described',
  'Downloaded',
  'Modified',
  'Printed',
  'Published',
  'Restored',
  'Retrieved',
  'Saved',
  'Unpublished',
  'Uploaded',
];

export interface EventRule {
  actions: readonly string[];
  /** Types the object may be (or a subtype of). */
  object: readonly string[];
  generated?: readonly string[];
  target?: readonly string[];
  /** Actions that require a federated session (the LTI launch). */
  needsFederatedSession?: readonly string[];
}

/** Every action of the spec's vocabulary; the generic `Event` allows any. */
export const ALL_ACTIONS = new Set([
  ...MEDIA_ACTIONS,
  ...RESOURCE_ACTIONS,
  'Abandoned',
  'Accepted',
  'Activated',
  'Added',
  'Attached',
  'Bookmarked',
  'Changed',
  'Classified',
  'Commented',
  'Completed',
  'Deactivated',
  'Declined',
  'Disliked',
  'Graded',
  'Highlighted',
  'Hid',
  'Identified',
  'Launched',
  'Liked',
  'Linked',
  'LoggedIn',
  'LoggedOut',
  'MarkedAsRead',
  'MarkedAsUnread',
  'NavigatedTo',
  'OptedIn',
  'OptedOut',
  'Posted',
  'Questioned',
  'Ranked',
  'Recommended',
  'Removed',
  'Reset',
  'Returned',
  'Reviewed',
  'Rewound',
  'Searched',
  'Sent',
  'Shared',
  'Showed',
  'Skipped',
  'Submitted',
  'Subscribed',
  'Tagged',
  'TimedOut',
  'Unsubscribed',
  'Used',
  'Viewed',
]);

export const EVENT_RULES: Readonly<Record<string, EventRule>> = {
  Event: { actions: [...ALL_ACTIONS], object: ['Entity'] },
  AnnotationEvent: {
    actions: ['Bookmarked', 'Highlighted', 'Shared', 'Tagged'],
    object: ['DigitalResource'],
    generated: ['Annotation'],
    target: ['DigitalResource', 'TextPositionSelector'],
  },
  AssessmentEvent: {
    actions: ['Started', 'Paused', 'Resumed', 'Restarted', 'Reset', 'Submitted'],
    object: ['Assessment'],
    generated: ['Attempt'],
  },
  AssessmentItemEvent: {
    actions: ['Started', 'Skipped', 'Completed'],
    object: ['AssessmentItem'],
    // Started generates the item's Attempt; Completed its Response.
    generated: ['Response', 'Attempt'],
  },
  AssignableEvent: {
    actions: [
      'Activated',
      'Deactivated',
      'Started',
      'Completed',
      'Submitted',
      'Reviewed',
    ],
    object: ['AssignableDigitalResource'],
    generated: ['Attempt'],
    target: ['Frame'],
  },
  FeedbackEvent: {
    actions: ['Commented', 'Ranked'],
    object: ['Entity'],
    generated: ['Comment', 'Rating'],
    target: ['Frame'],
  },
  ForumEvent: { actions: ['Subscribed', 'Unsubscribed'], object: ['Forum'] },
  GradeEvent: {
    actions: ['Graded'],
    object: ['Attempt'],
    generated: ['Score', 'Result'],
  },
  MediaEvent: {
    actions: MEDIA_ACTIONS,
    object: ['MediaObject'],
    target: ['MediaLocation'],
  },
  MessageEvent: {
    actions: ['Posted', 'MarkedAsRead', 'MarkedAsUnread'],
    object: ['Message'],
  },
  NavigationEvent: {
    actions: ['NavigatedTo'],
    object: ['DigitalResource', 'SoftwareApplication'],
    target: ['DigitalResource'],
  },
  QuestionnaireEvent: { actions: ['Started', 'Submitted'], object: ['Questionnaire'] },
  QuestionnaireItemEvent: {
    actions: ['Started', 'Skipped', 'Completed'],
    object: ['QuestionnaireItem'],
    generated: ['Response'],
  },
  ResourceManagementEvent: {
    actions: RESOURCE_ACTIONS,
    object: ['DigitalResource'],
    generated: ['DigitalResource'],
  },
  SearchEvent: {
    actions: ['Searched'],
    object: ['Entity'],
    generated: ['SearchResponse'],
  },
  SessionEvent: {
    actions: ['LoggedIn', 'LoggedOut', 'TimedOut'],
    object: ['SoftwareApplication', 'Session'],
    target: ['DigitalResource'],
  },
  SurveyEvent: { actions: ['OptedIn', 'OptedOut'], object: ['Survey'] },
  SurveyInvitationEvent: {
    actions: ['Accepted', 'Declined', 'Sent'],
    object: ['SurveyInvitation'],
  },
  ThreadEvent: { actions: ['MarkedAsRead', 'MarkedAsUnread'], object: ['Thread'] },
  ToolLaunchEvent: {
    actions: ['Launched', 'Returned'],
    object: ['SoftwareApplication'],
    generated: ['Link'],
    target: ['Link'],
    needsFederatedSession: ['Launched'],
  },
  ToolUseEvent: {
    actions: ['Used'],
    object: ['SoftwareApplication'],
    generated: ['AggregateMeasureCollection'],
    target: ['SoftwareApplication'],
  },
  ViewEvent: {
    actions: ['Viewed'],
    // The spec's own example views a Result (a learner looking at a grade).
    object: ['DigitalResource', 'Result'],
    target: ['Frame'],
  },
};

const LIS_ROLE =
  /^(Learner|Instructor|Mentor|Administrator|ContentDeveloper|Manager|Member|Officer|TeachingAssistant)(#[A-Za-z-]+)?$/;

export const TERMS = {
  role: (v: string) => LIS_ROLE.test(v),
  status: (v: string) => v === 'Active' || v === 'Inactive',
  messageType: (v: string) =>
    [
      'LtiResourceLinkRequest',
      'LtiDeepLinkingRequest',
      'LtiDeepLinkingResponse',
    ].includes(v),
  metric: (v: string) =>
    [
      'AssessmentsPassed',
      'AssessmentsSubmitted',
      'MinutesOnTask',
      'SkillsMastered',
      'StandardsMastered',
      'UnitsCompleted',
      'UnitsPassed',
      'WordsRead',
    ].includes(v),
  identifierType: (v: string) =>
    [
      'AccountUserName',
      'CaseItemUri',
      'EmailAddress',
      'LisSourcedId',
      'LtiContextId',
      'LtiDeploymentId',
      'LtiPlatformId',
      'LtiToolId',
      'LtiUserId',
      'OneRosterSourcedId',
      'Other',
      'SisSourcedId',
      'SystemId',
    ].includes(v),
} as const;

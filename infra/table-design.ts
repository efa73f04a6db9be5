/**
 * The single table's physical design, shared by the CDK stack and the local
 * stack so both create the same table. The logical key layout is documented in
 * storage/keys.ts.
 */
export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  gsi1: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  ttlAttribute: 'expiresAt',
} as const;

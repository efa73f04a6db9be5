/**
 * A DynamoDB write that fails after the SDK's own retries (an outage, a
 * throttle that outlasts them) is what the emulator cannot produce, so a thin
 * document-client wrapper throws on the evidence batch writes and lets every
 * other command through to the emulator. It replaces the evidence store of
 * the push handlers' own container (the stores functions/push-deps.ts builds
 * once per container), so the request still goes through the local gateway
 * and the real handler.
 */
import { InternalServerError } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { log } from '../../functions/lib/env.js';
import { pushDeps } from '../../functions/push-deps.js';
import { createDocumentClient, DynamoStore } from '../../storage/dynamodb-store.js';

/** The message DynamoDB's InternalServerError carries. */
export const DYNAMODB_FAILURE = 'Internal server error';

type Requests = Record<string, { PutRequest?: { Item: { sk: string } } }[]>;

const writesEvidence = (command: BatchWriteCommand) =>
  Object.values((command.input.RequestItems ?? {}) as Requests).some((requests) =>
    requests.some((r) => r.PutRequest?.Item.sk.startsWith('EVIDENCE#')),
  );

/** Until `restore`, every evidence batch write of the push handlers throws. */
export function failPushEvidenceWrites(table: string): { restore(): void } {
  const doc = createDocumentClient();
  const scripted = {
    send: async (command: unknown) => {
      if (command instanceof BatchWriteCommand && writesEvidence(command)) {
        throw new InternalServerError({ message: DYNAMODB_FAILURE, $metadata: {} });
      }
      return doc.send(command as never);
    },
  };
  const deps = pushDeps(log);
  const real = deps.evidence;
  deps.evidence = new DynamoStore(scripted as never, table);
  return {
    restore() {
      deps.evidence = real;
    },
  };
}

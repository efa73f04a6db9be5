/**
 * The assignment queue, locally: an in-process queue with SQS's semantics
 * where they matter (visibility timeout, receive count, partial-batch
 * responses, redrive to a dead-letter queue after the receive limit) behind
 * a small SQS JSON-protocol endpoint on 127.0.0.1, so handlers send with the
 * real SQS client through AWS_ENDPOINT_URL_SQS and never branch.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { MAX_RECEIVES } from '../../shared/assignments/push.js';
import { localContext, type LocalHandler } from './handlers.js';

export const LOCAL_QUEUE_NAME = 'lablink-assignments';
/** SQS delivers at most this many records per Lambda invocation (the stack's batch size). */
export const LOCAL_BATCH_SIZE = 10;
/** Default visibility timeout; tests shorten it on the queue object. */
export const LOCAL_VISIBILITY_TIMEOUT_MS = 30_000;
const POLL_MS = 25;

interface Message {
  messageId: string;
  body: string;
  receiveCount: number;
  visibleAt: number;
  sentAt: number;
}

export interface LocalQueueOptions {
  handler: LocalHandler;
  onError?: (what: string, error: unknown) => void;
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

export class LocalQueue {
  url = '';
  visibilityTimeoutMs = LOCAL_VISIBILITY_TIMEOUT_MS;
  maxReceiveCount = MAX_RECEIVES;
  /** Messages redriven after the receive limit, as the DLQ would hold them. */
  readonly deadLetters: Message[] = [];
  private readonly messages: Message[] = [];
  private server?: Server;
  private timer?: NodeJS.Timeout;
  private inFlight = 0;

  constructor(private readonly options: LocalQueueOptions) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    this.timer = setInterval(() => void this.pump(), POLL_MS);
  }

  get queueUrl(): string {
    return `${this.url}/000000000000/${LOCAL_QUEUE_NAME}`;
  }

  send(body: string): string {
    const messageId = randomUUID();
    const now = Date.now();
    this.messages.push({ messageId, body, receiveCount: 0, visibleAt: now, sentAt: now });
    return messageId;
  }

  /** Resolves when every message has been deleted or dead-lettered. */
  async idle(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length > 0 || this.inFlight > 0) {
      if (Date.now() > deadline)
        throw new Error(`local queue not idle after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private async pump(): Promise<void> {
    const now = Date.now();
    const batch: Message[] = [];
    for (const m of [...this.messages]) {
      if (batch.length >= LOCAL_BATCH_SIZE) break;
      if (m.visibleAt > now) continue;
      if (m.receiveCount >= this.maxReceiveCount) {
        // SQS redrives on the receive after the limit, never delivering it again.
        this.messages.splice(this.messages.indexOf(m), 1);
        this.deadLetters.push(m);
        continue;
      }
      m.receiveCount += 1;
      m.visibleAt = now + this.visibilityTimeoutMs;
      batch.push(m);
    }
    if (batch.length === 0) return;
    this.inFlight += 1;
    try {
      const result = (await this.options.handler(
        this.eventOf(batch) as never,
        localContext('push-assignment'),
      )) as SQSBatchResponse | undefined;
      const failed = new Set(result?.batchItemFailures?.map((f) => f.itemIdentifier));
      for (const m of batch) {
        if (!failed.has(m.messageId)) this.messages.splice(this.messages.indexOf(m), 1);
      }
    } catch (error) {
      // A thrown handler fails the whole batch: every record comes back after the timeout.
      this.options.onError?.('push-assignment', error);
    } finally {
      this.inFlight -= 1;
    }
  }

  private eventOf(batch: Message[]): SQSEvent {
    const arn = `arn:aws:sqs:us-east-1:000000000000:${LOCAL_QUEUE_NAME}`;
    return {
      Records: batch.map<SQSRecord>((m) => ({
        messageId: m.messageId,
        receiptHandle: `${m.messageId}:${m.receiveCount}`,
        body: m.body,
        attributes: {
          ApproximateReceiveCount: String(m.receiveCount),
          SentTimestamp: String(m.sentAt),
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: String(m.sentAt),
        },
        messageAttributes: {},
        md5OfBody: md5(m.body),
        eventSource: 'aws:sqs',
        eventSourceARN: arn,
        awsRegion: 'us-east-1',
      })),
    };
  }

  /** SendMessage and SendMessageBatch of the SQS JSON protocol; nothing else is needed. */
  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(body));
    };
    if (target === 'AmazonSQS.SendMessage') {
      const id = this.send(input.MessageBody);
      reply(200, { MessageId: id, MD5OfMessageBody: md5(input.MessageBody) });
      return;
    }
    if (target === 'AmazonSQS.SendMessageBatch') {
      const entries = input.Entries as { Id: string; MessageBody: string }[];
      reply(200, {
        Successful: entries.map((e) => ({
          Id: e.Id,
          MessageId: this.send(e.MessageBody),
          MD5OfMessageBody: md5(e.MessageBody),
        })),
        Failed: [],
      });
      return;
    }
    reply(400, { __type: 'com.amazonaws.sqs#UnsupportedOperation', message: target });
  }
}

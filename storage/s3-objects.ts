/** The S3 implementation of the domain's object port. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { NotFoundError } from '../shared/errors.js';
import type { ObjectStore } from '../shared/ports.js';

export class S3Objects implements ObjectStore {
  constructor(private readonly s3: S3Client) {}

  async openRead(bucket: string, key: string, versionId?: string): Promise<Readable> {
    try {
      const out = await this.s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }),
      );
      return out.Body as Readable;
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') {
        throw new NotFoundError(
          `s3://${bucket}/${key} does not exist`,
          { bucket, key },
          {
            cause: error,
          },
        );
      }
      throw error;
    }
  }

  async putFile(bucket: string, key: string, path: string, contentType: string) {
    const { size } = await stat(path);
    await this.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: createReadStream(path),
        ContentLength: size,
        ContentType: contentType,
      }),
    );
  }
}

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { decodeS3Key, encodeS3Key } from '../../shared/ingest/s3-key.js';
import { describeWithShared, sharedPath } from '../support/shared-folder.js';

describeWithShared('cases/inputs', 'Function: decodeS3Key on case C02', () => {
  const fixture = JSON.parse(
    readFileSync(sharedPath('cases/inputs/C02-s3-event-encoded-key.json'), 'utf8'),
  ) as {
    Records: { s3: { object: { key: string } } }[];
    _expected_decoded_key: string;
    _wrong_if_only_decodeURIComponent: string;
    _wrong_if_decode_then_replace_plus: string;
  };
  const eventKey = fixture.Records[0]?.s3.object.key as string;

  it('replaces + with a space first, then percent-decodes', () => {
    expect(decodeS3Key(eventKey)).toBe(
      'incoming/vendor-b/Grade 3 + 4 results (copy) Zoë.csv',
    );
    expect(decodeS3Key(eventKey)).toBe(fixture._expected_decoded_key);
  });

  it('differs from both naive decodings the report lists', () => {
    expect(decodeS3Key(eventKey)).not.toBe(fixture._wrong_if_only_decodeURIComponent);
    expect(decodeS3Key(eventKey)).not.toBe(fixture._wrong_if_decode_then_replace_plus);
  });
});

describe('Function: encodeS3Key', () => {
  it('encodes as S3 notifications do', () => {
    expect(encodeS3Key('incoming/vendor-b/Grade 3 + 4 results (copy) Zoë.csv')).toBe(
      'incoming/vendor-b/Grade+3+%2B+4+results+%28copy%29+Zo%C3%AB.csv',
    );
  });

  it('round-trips every key, including %, =, &, + and any Unicode', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (key) => {
        expect(decodeS3Key(encodeS3Key(key))).toBe(key);
      }),
    );
  });
});

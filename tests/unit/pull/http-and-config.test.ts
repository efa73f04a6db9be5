import { ConfigError } from '../../../shared/errors';
import { parseConnectors } from '../../../shared/pull/connector';
import { retryAfterMs } from '../../../shared/pull/http-client';
import { parseLinkNext } from '../../../shared/pull/pagination';
import { flattenRecord } from '../../../shared/pull/records';
import { envPrefix, EnvSecretSource, parseEnvFile } from '../../../storage/secrets';

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, and ignores what it cannot read', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');

    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});

describe('parseLinkNext', () => {
  it('finds rel="next" among other relations', () => {
    const header =
      '</p?offset=0>; rel="first", </p?offset=40>; rel="next", </p?offset=80>; rel="last"';

    expect(parseLinkNext(header)).toBe('/p?offset=40');
    expect(parseLinkNext('</p?offset=0>; rel="prev"')).toBeUndefined();
  });
});

describe('flattenRecord', () => {
  it('flattens nested objects to dotted names and drops nulls', () => {
    expect(flattenRecord({ a: 1, b: { c: 'x', d: null }, e: [1, 2] })).toEqual({
      a: '1',
      'b.c': 'x',
      e: '1,2',
    });
  });
});

describe('parseConnectors', () => {
  it('names the path and the fix of each problem', () => {
    const bad = {
      connectors: [
        {
          id: 'Vendor X',
          programId: 'p',
          baseUrl: 'api.vendor',
          resource: '/r',
          auth: { type: 'none' },
          pagination: { style: 'page' },
          incremental: { field: 'u', param: 's' },
          schedule: '0 6 * * *',
        },
      ],
    };

    expect(() => parseConnectors(bad, 'connectors.json')).toThrow(ConfigError);
    expect(() => parseConnectors(bad, 'connectors.json')).toThrow(
      /connectors\[0\]\.baseUrl: .*; write the API root with its scheme/,
    );
    expect(() => parseConnectors(bad, 'connectors.json')).toThrow(
      /connectors\[0\]\.schedule: must be an EventBridge cron\(\.\.\.\) expression; write/,
    );
    expect(() => parseConnectors(bad, 'connectors.json')).toThrow(
      /connectors\[0\]\.profile: required/,
    );
  });
});

describe('EnvSecretSource', () => {
  it('takes the connector variables, the environment winning over the file', async () => {
    const file = parseEnvFile(
      '# local\nLABLINK_PULL_SIS_A__clientId="from-file"\nLABLINK_PULL_SIS_A__clientSecret=s\n',
    );
    const source = new EnvSecretSource(
      { LABLINK_PULL_SIS_A__clientId: 'from-env' },
      file,
    );

    expect(envPrefix('sis-a')).toBe('LABLINK_PULL_SIS_A__');
    expect(await source.connectorSecrets('sis-a')).toEqual({
      clientId: 'from-env',
      clientSecret: 's',
    });
  });
});

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../../../shared/errors.js';
import { parseDistrictConfig } from '../../../shared/config/load.js';

const EXAMPLE = resolve(__dirname, '../../../config/district.example.yaml');
const example = readFileSync(EXAMPLE, 'utf8');

function problemsOf(text: string): string[] {
  try {
    // The example's own district files sit next to it.
    parseDistrictConfig(text, 'district.yaml', dirname(EXAMPLE));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n').slice(1);
  }
  throw new Error('expected the configuration to be refused');
}

describe('Function: parseDistrictConfig', () => {
  it('accepts the example district with its values and defaults', () => {
    const config = parseDistrictConfig(example, EXAMPLE);

    expect(config.district).toEqual({
      name: 'Riverbend Unified School District',
      timeZone: 'America/Chicago',
    });
    expect(config.programs.map((p) => p.programId)).toEqual([
      'assistments',
      'iready-lessons',
    ]);
    expect([config.profiles, config.crosswalks]).toEqual([
      ['district-files/iready-lessons-day-first.json'],
      ['district-files/iready-lessons-ccss.json'],
    ]);
    expect(config.retention).toEqual({
      evidenceDays: 1095,
      auditDays: 365,
      rawDays: 120,
    });
    expect(config.schedules.rollupMastery).toBe('cron(15 * * * ? *)');
    expect(config.mastery?.district).toMatchObject({
      method: 'decaying_average',
      weight: 0.65,
    });
  });

  it('points at the line of a bad time zone and says what to write', () => {
    const text = example.replace('America/Chicago', 'Central Time');

    expect(problemsOf(text)).toEqual([
      'district.yaml:7:13: district.timeZone: use an IANA time zone, e.g. "America/Chicago"',
    ]);
  });

  it('names an unknown profile with the ones that exist, at its line', () => {
    const text = example.replace(
      'profile: assistments-skill-builder-2009',
      'profile: nwea-map',
    );

    const [problem] = problemsOf(text);
    expect(problem).toMatch(
      /^district\.yaml:12:14: programs\[0\]\.profile: unknown profile "nwea-map"; use one of .*assistments-skill-builder-2009/,
    );
  });

  it('reports every problem at once, a missing key at its parent', () => {
    const text = example
      .replace('  name: Riverbend Unified School District\n', '')
      .replace('weight: 0.65', 'weight: 1.5')
      .replace('rawDays: 120', 'rawDays: 0');

    expect(problemsOf(text)).toEqual([
      'district.yaml:6:3: district.name: required; add "name:" here',
      expect.stringMatching(/^district\.yaml:\d+:13: mastery\.district\.weight: /),
      expect.stringMatching(/^district\.yaml:\d+:12: retention\.rawDays: /),
    ]);
  });

  it('reports a YAML syntax error with its line', () => {
    const [problem] = problemsOf('version: 1\ndistrict: [unclosed\n');
    expect(problem).toMatch(/^district\.yaml:\d+:\d+: /);
  });

  it.each(['CST', 'EST', 'america/chicago'])('refuses the time zone %s', (zone) => {
    expect(problemsOf(example.replace('America/Chicago', zone))).toEqual([
      'district.yaml:7:13: district.timeZone: use an IANA time zone, e.g. "America/Chicago"',
    ]);
  });

  it('refuses a burst below the steady rate, and an unknown key with a hint', () => {
    const text = example
      .replace('burstLimit: 100', 'burstLimit: 10')
      .replace('  rawDays: 120', '  rawDays: 120\n  logDayz: 3');

    const problems = problemsOf(text);
    expect(problems).toHaveLength(2);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /: retention: Unrecognized key: "logDayz"; remove it or check its spelling/,
        ),
        expect.stringMatching(
          /: api\.burstLimit: burstLimit must be at least rateLimitPerSecond/,
        ),
      ]),
    );
  });
});

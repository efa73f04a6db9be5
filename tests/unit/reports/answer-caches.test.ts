/**
 * The two caches of a warm report function never answer with something the
 * table no longer says: parsed documents are reused only for the same string,
 * answers only for the same inputs.
 */
import { ParsedDocuments } from '../../../storage/parsed-documents';
import { AnswerCache } from '../../../functions/lib/answer-cache';

describe('ParsedDocuments', () => {
  it('parses a stored string once and again only when it changed', () => {
    const parsed: string[] = [];
    const cache = new ParsedDocuments((raw) => {
      parsed.push(raw);
      return JSON.parse(raw) as { n: number };
    });

    const first = cache.get('CLASS#C1|GRID#PAGE#0000', '{"n":1}');
    const again = cache.get('CLASS#C1|GRID#PAGE#0000', `{"n":${1}}`);
    const changed = cache.get('CLASS#C1|GRID#PAGE#0000', '{"n":2}');

    expect(again).toBe(first);
    expect(changed).toEqual({ n: 2 });
    expect(parsed).toEqual(['{"n":1}', '{"n":2}']);
  });

  it('freezes what it shares, so no caller can change the next answer', () => {
    const cache = new ParsedDocuments((raw) => JSON.parse(raw) as { rows: number[][] });
    const page = cache.get('k', '{"rows":[[1,2]]}');

    expect(() => (page.rows[0] as number[]).push(3)).toThrow(TypeError);
    expect(cache.get('k', '{"rows":[[1,2]]}')).toEqual({ rows: [[1, 2]] });
  });

  it('drops the least recently used strings beyond its byte bound', () => {
    const cache = new ParsedDocuments((raw) => raw.length, 10);
    cache.get('a', 'aaaa');
    cache.get('b', 'bbbb');
    cache.get('a', 'aaaa');
    cache.get('c', 'cccc');

    expect(cache.size).toBe(2);
    // 'b' was the least recently used: reading it parses again, which a
    // counting parser shows.
    let parses = 0;
    const counted = new ParsedDocuments((raw) => (parses += 1) && raw, 10);
    counted.get('a', 'aaaa');
    counted.get('b', 'bbbb');
    counted.get('a', 'aaaa');
    counted.get('c', 'cccc');
    counted.get('a', 'aaaa');
    counted.get('b', 'bbbb');
    expect(parses).toBe(4);
  });

  it('keeps nothing longer than its bound', () => {
    const cache = new ParsedDocuments((raw) => raw, 3);
    cache.get('a', 'aaaa');

    expect(cache.size).toBe(0);
  });
});

describe('AnswerCache', () => {
  it('reuses an answer only while every input is the same', async () => {
    const cache = new AnswerCache<string>();
    const page = { rows: [] };
    let builds = 0;
    const build = async () => `answer-${(builds += 1)}`;

    const first = await cache.get('C1', [page, 3, 's1\ns2'], build);
    const same = await cache.get('C1', [page, 3, 's1\ns2'], build);
    const otherPage = await cache.get('C1', [{ rows: [] }, 3, 's1\ns2'], build);
    const otherRoster = await cache.get('C1', [{ rows: [] }, 3, 's1'], build);
    const otherKey = await cache.get('C2', [page, 3, 's1\ns2'], build);

    expect([first, same, otherPage, otherRoster, otherKey]).toEqual([
      'answer-1',
      'answer-1',
      'answer-2',
      'answer-3',
      'answer-4',
    ]);
  });

  it('keeps at most its number of answers, least recently used out first', async () => {
    const cache = new AnswerCache<string>(2);
    let builds = 0;
    const build = async () => `answer-${(builds += 1)}`;
    await cache.get('a', [1], build);
    await cache.get('b', [1], build);
    await cache.get('a', [1], build);
    await cache.get('c', [1], build);

    expect(await cache.get('a', [1], build)).toBe('answer-1');
    expect(await cache.get('b', [1], build)).toBe('answer-4');
  });
});

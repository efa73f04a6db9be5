import { gunzipSync } from 'node:zlib';
import {
  GetCommand,
  PutCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
/**
 * The report documents the rollup path keeps (class grid pages, recent
 * evidence summaries) say exactly what the cells and the evidence say,
 * through the real store on dynalite.
 */
import { assembleGrid, gridCells } from '../../shared/reports/class-mastery';
import { classStandard } from '../../shared/reports/class-standard';
import { classGroups } from '../../shared/reports/groups';
import { buildGridPages, cellsOfGrid } from '../../shared/reports/grid-document';
import { recentEvidence } from '../../shared/reports/student-profile';
import { RECENT_EVIDENCE_LIMIT } from '../../shared/reports/recent-evidence';
import type { MasteryState } from '../../shared/model';
import type { DynamoStore } from '../../storage/dynamodb-store';
import { classPk, gridPageSk } from '../../storage/keys';
import { deliverRun, evidenceAt, startMasteryTable } from '../support/mastery-evidence';

const STANDARDS = ['6.SP.B.4', '6.SP.B.5', '6.RP.A.3', '7.RP.A.2'];
let store: DynamoStore;
let doc: DynamoDBDocumentClient;
let table: string;
let stop: () => Promise<void>;
const deps = () => ({ evidence: store, mastery: store, roster: store });

/** Both sources of the grid, rendered as the API would send them. */
async function bothWays(classId: string, filters = {}) {
  const [students, rollups, fromDocument, fromCells] = await Promise.all([
    store.listClassStudents(classId),
    store.listClassRollups(classId),
    gridCells({ mastery: store, grids: store }, classId),
    store.listClassMastery(classId),
  ]);
  const render = (cells: typeof fromDocument) =>
    JSON.stringify(assembleGrid(classId, students, cells, rollups, filters));
  return { document: render(fromDocument), cells: render(fromCells) };
}

beforeAll(async () => {
  ({ store, doc, table, stop } = await startMasteryTable());
  await store.putEnrollments(
    ['s1', 's2', 's3', 's4'].map((userId) => ({
      classId: 'C1',
      userId,
      role: 'student' as const,
      schoolId: 'SCH-1',
    })),
  );
  const evidence = ['s1', 's2', 's3'].flatMap((studentId, i) =>
    STANDARDS.slice(0, 2 + i).map((standard, j) =>
      evidenceAt({
        id: `${studentId}-${j}`,
        studentId,
        standard,
        score: (((i + 1) * (j + 2)) % 10) / 10,
        minute: i * 10 + j,
        runId: 'run-1',
      }),
    ),
  );
  await deliverRun(store, deps(), 'run-1', evidence);
});
afterAll(() => stop());

describe('Class grid document', () => {
  it('gives the same grid as the cells after an ingest run', async () => {
    const stored = await store.getClassGrid('C1');

    expect(cellsOfGrid(stored)).toHaveLength(2 + 3 + 4);
    const { document, cells } = await bothWays('C1');
    expect(document).toEqual(cells);
  });

  it('gives the same grid with filters and a page size', async () => {
    const filters = { domains: ['SP'], from: '2025-02-10', limit: 2 };

    const { document, cells } = await bothWays('C1', filters);

    expect(document).toEqual(cells);
  });

  it('is not trusted once a cell is written after it was built', async () => {
    await store.putMastery(
      [
        {
          studentId: 's4',
          standard: '6.SP.B.4',
          method: 'decaying_average',
          value: 0.5,
          level: 'developing',
          evidenceCount: 1,
          computedAt: '2025-02-11T00:00:00.000Z',
        },
      ],
      ['C1'],
    );

    expect(cellsOfGrid(await store.getClassGrid('C1'))).toBeUndefined();
    const { document, cells } = await bothWays('C1');
    expect(document).toEqual(cells);
    expect(document).toContain('"s4","cells":{"6.SP.B.4"');
  });

  it('is current again after the next run of the class', async () => {
    await deliverRun(store, deps(), 'run-2', [
      evidenceAt({
        id: 's4-late',
        studentId: 's4',
        standard: '7.RP.A.2',
        minute: 40,
        runId: 'run-2',
      }),
    ]);

    expect(cellsOfGrid(await store.getClassGrid('C1'))).toHaveLength(2 + 3 + 4 + 2);
    const { document, cells } = await bothWays('C1');
    expect(document).toEqual(cells);
  });
});

describe('Class standard and groups from the grid document', () => {
  /** The store, counting the reads of every cell of a class. */
  const counting = () => {
    let cellReads = 0;
    return {
      deps: {
        mastery: new Proxy(store, {
          get(target, name, receiver) {
            if (name === 'listClassMastery') cellReads += 1;
            const value = Reflect.get(target, name, receiver);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        }),
      },
      cellReads: () => cellReads,
    };
  };

  it('answer from the current document as from the cells, without reading the cells', async () => {
    const read = await store.readClassReport('C1');
    expect(cellsOfGrid(read.grid)).toHaveLength(2 + 3 + 4 + 2);
    const fromDocument = counting();
    const fromCells = counting();
    const withoutDocument = { ...read, grid: undefined };
    const options = { standards: STANDARDS, minSize: 2, maxSize: 2 };

    const standard = await classStandard(fromDocument.deps, 'C1', read, '6.SP.B.5');
    const groups = await classGroups(fromDocument.deps, 'C1', read, options);

    expect(fromDocument.cellReads()).toBe(0);
    expect(standard).toEqual(
      await classStandard(fromCells.deps, 'C1', withoutDocument, '6.SP.B.5'),
    );
    expect(groups).toEqual(
      await classGroups(fromCells.deps, 'C1', withoutDocument, options),
    );
    expect(fromCells.cellReads()).toBe(2);
    // After run-1 and run-2: s1 0.3, s2 0.6, s3 0.9 on 6.SP.B.5; s4 none.
    expect(standard).toMatchObject({
      mastered: [{ studentId: 's3', level: 'mastered', value: 0.9, evidenceCount: 1 }],
      close: [{ studentId: 's2', level: 'approaching', value: 0.6, evidenceCount: 1 }],
      working: [{ studentId: 's1', level: 'developing', value: 0.3, evidenceCount: 1 }],
      noEvidence: [{ studentId: 's4' }],
    });
    // No one has mastered 6.SP.B.4, the standard most students need: two groups of two.
    expect(groups.groups.map((g) => [g.groupId, g.studentIds])).toEqual([
      ['6.SP.B.4-1', ['s1', 's3']],
      ['6.SP.B.4-2', ['s2', 's4']],
    ]);
  });
});

describe('Stored grid pages', () => {
  it('are gzipped JSON of the page', async () => {
    const stored = await store.getClassGrid('C1');
    const out = await doc.send(
      new GetCommand({ TableName: table, Key: { pk: classPk('C1'), sk: gridPageSk(0) } }),
    );

    expect(out.Item?.grid).toBeUndefined();
    const page = JSON.parse(gunzipSync(out.Item?.gridGz as Uint8Array).toString('utf8'));
    expect(page).toEqual(stored?.pages[0]);
  });

  it('are read as well when an earlier release stored them as a JSON string', async () => {
    const before = await store.getClassGrid('C1');
    const page = before?.pages[0];
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: {
          pk: classPk('C1'),
          sk: gridPageSk(0),
          v: 1,
          revision: page?.revision,
          grid: JSON.stringify(page),
        },
      }),
    );

    const after = await store.getClassGrid('C1');

    expect(cellsOfGrid(after)).toEqual(cellsOfGrid(before));
    const { document, cells } = await bothWays('C1');
    expect(document).toEqual(cells);
  });
});

describe('Function: buildGridPages', () => {
  it('splits a big class into pages that hold every cell once', () => {
    const cells: MasteryState[] = [];
    for (let s = 0; s < 400; s += 1)
      for (let c = 0; c < 40; c += 1)
        cells.push({
          studentId: `student-${String(s).padStart(4, '0')}`,
          standard: `6.SP.B.${c}`,
          method: 'decaying_average',
          value: 0.5,
          level: 'approaching',
          evidenceCount: 3,
          lastEvidenceAt: '2025-02-10T09:00:00.000Z',
          computedAt: '2025-02-10T09:00:00.000Z',
        });

    const pages = buildGridPages('C9', cells, 7, '2025-02-10T10:00:00.000Z');

    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(JSON.stringify(page).length).toBeLessThan(300_000);
    expect(cellsOfGrid({ revision: 7, pages })).toHaveLength(16_000);
    expect(cellsOfGrid({ revision: 8, pages })).toBeUndefined();
    expect(cellsOfGrid({ revision: 7, pages: pages.slice(1) })).toBeUndefined();
  });
});

describe('Recent evidence summary', () => {
  it('gives the newest evidence as the whole history would', async () => {
    const history = Array.from({ length: RECENT_EVIDENCE_LIMIT + 5 }, (_, n) =>
      evidenceAt({
        id: `h${n}`,
        studentId: 's9',
        standard: '6.SP.B.4',
        minute: (n * 7) % 50,
        runId: `run-h${n % 3}`,
      }),
    );
    for (const run of ['run-h0', 'run-h1', 'run-h2'])
      await deliverRun(
        store,
        deps(),
        run,
        history.filter((e) => e.source.runId === run),
      );

    const summary = await store.getRecentEvidence('s9');
    const fromHistory = await recentEvidence({ ...deps() }, 's9');

    expect(summary?.entries).toEqual(fromHistory);
    expect(summary?.entries).toHaveLength(RECENT_EVIDENCE_LIMIT);
    expect(summary?.truncated).toBe(true);
  });

  it('follows a regrade of evidence it holds', async () => {
    const newest = (await store.getRecentEvidence('s9'))?.entries[0];
    const original = evidenceAt({
      id: newest?.evidenceId as string,
      studentId: 's9',
      standard: '6.SP.B.4',
      minute: 1,
      score: 0.25,
      runId: 'run-regrade',
    });

    await deliverRun(store, deps(), 'run-regrade', [original]);

    const summary = await store.getRecentEvidence('s9');
    expect(summary?.entries).toEqual(await recentEvidence({ ...deps() }, 's9'));
    expect(summary?.entries[0]?.evidenceId).not.toBe(newest?.evidenceId);
  });
});

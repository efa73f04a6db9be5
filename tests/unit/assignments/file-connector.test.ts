import { parse } from 'csv-parse/sync';
import {
  FileConnector,
  LINE_ITEM_COLUMNS,
  type Assignment,
} from '../../../shared/assignments/index.js';

const assignment: Assignment = {
  assignmentId: 'asg-1',
  classId: '13241',
  programId: 'mathlab',
  contentId: '5948',
  title: 'Skill Builder problem set 5948 (Box and Whisker)',
  standards: ['6.SP.B.4'],
  studentIds: ['64525'],
  dueAt: '2025-03-21T23:59:00-04:00',
  status: 'pending',
  attempts: 0,
  createdAt: '2025-03-17T12:00:00Z',
  updatedAt: '2025-03-17T12:00:00Z',
};

describe('Class: FileConnector', () => {
  it('drops a OneRoster 1.2 manifest and one line item with the due date offset kept', async () => {
    const files: Record<string, string> = {};
    const connector = new FileConnector(
      { bucket: 'b', prefix: 'outbound/mathlab/' },
      { putText: async (_b, key, body) => void (files[key] = body) },
    );

    const delivery = await connector.deliver(assignment);

    expect(delivery).toEqual({ status: 'sent', change: 'dropped' });
    expect(Object.keys(files).sort()).toEqual([
      'outbound/mathlab/asg-1/lineItems.csv',
      'outbound/mathlab/asg-1/manifest.csv',
    ]);
    const [row] = parse(files['outbound/mathlab/asg-1/lineItems.csv'] as string, {
      columns: true,
    }) as Record<string, string>[];
    expect(Object.keys(row ?? {})).toEqual([...LINE_ITEM_COLUMNS]);
    expect(row?.sourcedId).toBe('asg-1');
    expect(row?.dueDate).toBe('2025-03-21T23:59:00-04:00');
    expect(row?.classSourcedId).toBe('13241');
    expect(files['outbound/mathlab/asg-1/manifest.csv']).toContain(
      'oneroster.version,1.2',
    );
  });
});

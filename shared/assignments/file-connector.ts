/**
 * The file connector: a OneRoster 1.2 gradebook drop (manifest.csv and
 * lineItems.csv) under the vendor's S3 prefix, one folder per assignment.
 * Writing the same key with the same bytes again changes nothing, so a retry
 * is harmless; the vendor picks the files up on its own schedule, so the
 * status stays `sent` until a vendor's results show the line item.
 */
import { stringify } from 'csv-stringify/sync';
import type { Assignment, Connector, Delivery } from './model.js';

/** Where the drop goes; storage/assignment-store.ts has the S3 implementation. */
export interface TextObjectWriter {
  putText(bucket: string, key: string, body: string, contentType: string): Promise<void>;
}

export interface FileConnectorOptions {
  bucket: string;
  /** The vendor's prefix, e.g. `outbound/mathlab/`. */
  prefix: string;
}

/** The OneRoster 1.2 lineItems.csv columns we fill, in the specification's order. */
export const LINE_ITEM_COLUMNS = [
  'sourcedId',
  'status',
  'dateLastModified',
  'title',
  'description',
  'assignDate',
  'dueDate',
  'classSourcedId',
  'categorySourcedId',
  'gradingPeriodSourcedId',
  'resultValueMin',
  'resultValueMax',
] as const;

/** The two files of the drop, by file name. */
export function lineItemFiles(a: Assignment): Record<string, string> {
  const manifest = stringify([
    ['propertyName', 'value'],
    ['manifest.version', '1.0'],
    ['oneroster.version', '1.2'],
    ['file.lineItems', 'bulk'],
  ]);
  const row: Record<(typeof LINE_ITEM_COLUMNS)[number], string> = {
    sourcedId: a.assignmentId,
    status: 'active',
    // The assignment's own time, so the same assignment always gives the same bytes.
    dateLastModified: a.createdAt,
    title: a.title,
    description: `Standards: ${a.standards.join(' ')}; content ${a.contentId}`,
    assignDate: a.createdAt,
    // Kept as text: the local offset travels with the due date.
    dueDate: a.dueAt,
    classSourcedId: a.classId,
    categorySourcedId: 'lablink-aligned-practice',
    gradingPeriodSourcedId: '',
    resultValueMin: '0',
    resultValueMax: '1',
  };
  const lineItems = stringify([
    [...LINE_ITEM_COLUMNS],
    LINE_ITEM_COLUMNS.map((c) => row[c]),
  ]);
  return { 'manifest.csv': manifest, 'lineItems.csv': lineItems };
}

export class FileConnector implements Connector {
  constructor(
    private readonly options: FileConnectorOptions,
    private readonly writer: TextObjectWriter,
  ) {}

  async deliver(assignment: Assignment): Promise<Delivery> {
    const folder = `${this.options.prefix}${assignment.assignmentId}/`;
    // lineItems first: a vendor that watches for the manifest finds both files.
    const files = Object.entries(lineItemFiles(assignment)).reverse();
    for (const [name, body] of files) {
      await this.writer.putText(
        this.options.bucket,
        `${folder}${name}`,
        body,
        'text/csv',
      );
    }
    return { status: 'sent', change: 'dropped' };
  }
}

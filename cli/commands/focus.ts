/**
 * `lablink focus import <scope-and-sequence.csv>`: a school year's scope and
 * sequence, one focus plan per class. Every row is checked before anything
 * is saved, so a bad file changes nothing.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseScopeAndSequence, putClassFocus } from '../../shared/focus/index.js';
import { DynamoAssignmentStore } from '../../storage/assignment-store.js';
import { createDocumentClient } from '../../storage/dynamodb-store.js';
import { targetOption, withConnection } from './runs.js';
import type { Target } from '../connect.js';

export function registerFocusCommands(program: Command): void {
  const focus = program.command('focus').description('what classes are teaching, when');
  focus
    .command('import')
    .description('import a scope and sequence CSV: classId,standard,from,to[,unit]')
    .argument('<file>', 'the CSV file')
    .option('--json', 'machine-readable output')
    .addOption(targetOption())
    .action(async (file: string, opts: { json?: boolean; target: Target }) => {
      const plans = parseScopeAndSequence(await readFile(file, 'utf8'));
      const saved = await withConnection(opts.target, async () => {
        const table = process.env.LABLINK_TABLE ?? 'lablink';
        const store = new DynamoAssignmentStore(createDocumentClient(), table);
        const out: { classId: string; entries: number }[] = [];
        for (const [classId, input] of plans) {
          const plan = await putClassFocus(store, classId, input);
          out.push({ classId, entries: plan.entries.length });
        }
        return out;
      });
      if (opts.json) console.log(JSON.stringify(saved, null, 2));
      else
        for (const s of saved)
          console.log(`class ${s.classId}: ${s.entries} focus entries`);
    });
}

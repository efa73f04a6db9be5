/**
 * `npm run eval:mastery`: every mastery method as a next-response predictor
 * on the real ASSISTments and KDD Cup logs, by the protocol of PEERS.md,
 * beside a per-skill mean baseline and the peers' figures.
 */
import { resolve } from 'node:path';
import { loadAll } from './datasets.js';
import {
  defaultBkt,
  fittedBkt,
  policyPredictor,
  runningMean,
  skillMean,
  tunedAverage,
} from './predictors.js';
import { crossValidate, type Predictor } from './protocol.js';

const DATA_ROOT = resolve(__dirname, '../../shared/data/real');

const PREDICTORS: Predictor[] = [
  skillMean,
  runningMean,
  policyPredictor('latest', { method: 'latest' }),
  policyPredictor('highest', { method: 'highest' }),
  policyPredictor('average', { method: 'average' }),
  policyPredictor('weighted_latest w=0.65', { method: 'weighted_latest' }),
  policyPredictor('decaying_average w=0.65', { method: 'decaying_average' }),
  policyPredictor('n_mastery n=3', { method: 'n_mastery' }),
  defaultBkt,
  fittedBkt('bkt fitted (EM)', false),
  fittedBkt('bkt fitted with forgetting', true),
];

/** PEERS.md, pyBKT 1.4 and references on the same subsets with the same protocol. */
const PEERS: Record<string, [string, number, number][]> = {
  'ASSISTments 2009': [
    ['pyBKT BKT', 0.637, 0.42],
    ['pyBKT BKT with forgetting', 0.656, 0.417],
    ['skill mean', 0.496, 0.437],
    ["student's running mean, 0.5 first", 0.648, 0.464],
  ],
  'KDD Cup 2010': [
    ['pyBKT BKT', 0.66, 0.406],
    ['pyBKT BKT with forgetting', 0.662, 0.409],
    ['skill mean', 0.613, 0.408],
    ["student's running mean, 0.5 first", 0.689, 0.412],
  ],
};

function printPeers(dataset: string): void {
  for (const [name, auc, rmse] of PEERS[dataset] ?? []) {
    console.log(
      `peer: ${name.padEnd(32)} AUC ${auc.toFixed(3)}  RMSE ${rmse.toFixed(3)}`,
    );
  }
}

function main(): number {
  const data = loadAll(process.env.LABLINK_REAL_DATA ?? DATA_ROOT);
  if ('missing' in data) {
    console.log(`eval:mastery skipped: real data not found at ${data.missing}`);
    return process.env.CI === 'true' ? 1 : 0;
  }
  for (const dataset of data) {
    console.log(`\n${dataset.name}: ${dataset.responses.length} responses`);
    const tuned = tunedAverage();
    for (const predictor of [...PREDICTORS, tuned]) {
      const started = performance.now();
      const s = crossValidate(dataset.responses, predictor);
      const ms = performance.now() - started;
      console.log(
        `${predictor.name.padEnd(38)} AUC ${s.auc.toFixed(3)}  RMSE ${s.rmse.toFixed(3)}  n ${s.n}  ${ms.toFixed(0)} ms`,
      );
    }
    const settings = tuned.chosen.map((c) => `k=${c.strength} decay=${c.decay}`);
    console.log(`  tuned average per fold: ${settings.join(', ')}`);
    printPeers(dataset.name);
  }
  return 0;
}

process.exitCode = main();

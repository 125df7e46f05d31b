/**
 * One ETL in a child process, for crash tests: the parent SIGKILLs it at chosen moments.
 *   node --import tsx test/reliability/etl-child.ts '{"lake":"/tmp/lake","maxObjectsPerRun":2}'
 * Prints one line per step as it happens (`E <step>`), so the parent can kill right after a given step,
 * and `S <summary json>` at the end. stdout to a pipe is synchronous on Linux: a printed step has happened.
 */
import { Engine } from '../../src/engine/index.js';
import { runEtl, type BusyPolicy } from '../../src/etl/index.js';
import { LocalStore } from '../../src/storage/local.js';

export interface EtlChildOptions {
  lake: string;
  maxObjectsPerRun?: number;
  /** Short leases let the next attempt take over soon after a kill. */
  leaseMs?: number;
  heartbeatMs?: number;
  onBusy?: BusyPolicy;
}

export const childDefaults = { maxObjectsPerRun: 2, leaseMs: 1500, heartbeatMs: 300, onBusy: 'wait' as BusyPolicy } as const;

const arg = process.argv[2];
if (!arg) {
  process.stderr.write('usage: etl-child.ts <json options>\n');
  process.exit(2);
}
const options = JSON.parse(arg) as EtlChildOptions;
const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

say('E start');
const engine = await Engine.create({ threads: 1 });
try {
  const summary = await runEtl({
    store: new LocalStore(options.lake),
    engine,
    maxObjectsPerRun: options.maxObjectsPerRun ?? childDefaults.maxObjectsPerRun,
    leaseMs: options.leaseMs ?? childDefaults.leaseMs,
    heartbeatMs: options.heartbeatMs ?? childDefaults.heartbeatMs,
    onBusy: options.onBusy ?? childDefaults.onBusy,
    onProgress: (p) => {
      if (p.phase === 'read' && p.object) say(`E read ${p.version} ${p.object}`);
      else if (p.phase === 'commit') say(`E commit ${p.version} ${p.table ?? '?'}`);
      else if (p.phase !== 'read') say(`E ${p.phase} ${p.version}`);
    },
    afterStep: (step) => say(`E after ${step}`),
  });
  say(`S ${JSON.stringify({ versions: summary.versions, resumed: summary.resumed, commits: summary.commits.length })}`);
} finally {
  await engine.close();
}

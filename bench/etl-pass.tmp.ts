import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Engine } from '../src/engine/index.js';
import { generate } from '../src/generator/index.js';
import { LocalStore } from '../src/storage/local.js';
import { ingestFiles, discoverLanding } from '../src/etl/landing.js';
import { openLakeTables } from '../src/etl/lake-tables.js';
import { processObject, flushAll } from '../src/etl/process-object.js';
import { resolveEtlOptions } from '../src/etl/options.js';
import { ProgressReporter } from '../src/etl/progress.js';
import { emptyCounters } from '../src/etl/summary.js';
import { HourPartitions, TableSink } from '../src/etl/table-sink.js';
import { TableWriter } from '../src/table/index.js';
const dir = await mkdtemp(path.join(tmpdir(), 'pass-'));
await generate({ out: path.join(dir, 'gen'), days: 1, devices: Number(process.argv[2] ?? 10000), seed: 1, start: '2026-11-01T00:00:00Z' });
const store = new LocalStore(path.join(dir, 'lake'));
for (const s of ['dhcp', 'ise'] as const) await ingestFiles(store, s, (await readdir(path.join(dir, 'gen', s))).map((f) => path.join(dir, 'gen', s, f)));
const engine = await Engine.create();
const tables = await openLakeTables(store);
const objects = await discoverLanding(store, () => false);
for (const withWriters of (process.argv[3] === "w" ? [false, true] : [false])) {
  const opts = resolveEtlOptions({ store, engine });
  const mk = async (t: any) => new TableSink(t.spec, withWriters ? await TableWriter.create(engine, t) : null, 50000);
  const silver = new Map();
  for (const [k, t] of tables.silver) silver.set(k, await mk(t));
  const sinks = { bronze: { dhcp: await mk(tables.bronze.dhcp), ise: await mk(tables.bronze.ise) }, silver, quarantine: await mk(tables.quarantine), lookup: await mk(tables.lookup) };
  const state: any = { store, options: opts, sinks, counters: emptyCounters(), hours: new HourPartitions(), progress: new ProgressReporter(1, 1, Date.now(), Date.now, undefined), newEvents: [], maxEventTime: null };
  const t0 = performance.now();
  for (const o of objects) await processObject(o, state);
  await flushAll(sinks, true);
  const t1 = performance.now();
  const lines = state.counters.lines.dhcp + state.counters.lines.ise;
  console.log({ withWriters, lines, passMs: Math.round(t1 - t0), linesPerSec: Math.round(lines * 1000 / (t1 - t0)) });
  if (withWriters) {
    const all = [sinks.bronze.dhcp, sinks.bronze.ise, ...silver.values(), sinks.quarantine, sinks.lookup];
    for (const s of all) { const t = performance.now(); const files = await s.writer.finish(); console.log(s.spec.name, files.length, Math.round(performance.now() - t), 'ms'); }
  }
}
await engine.close();

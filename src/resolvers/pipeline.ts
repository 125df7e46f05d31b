import type { GatewayContext } from './context.js';

/**
 * The `pipeline` answer: gold table versions from their snapshots (always available), plus the ETL's last
 * run and quality counts when the ETL has recorded them. The watermark prefers the ETL's own; without it,
 * the newest event time in the events table's file stats stands in. Each table also says when the gateway last
 * checked its log: answers can miss commits younger than that check (at most snapshotMaxAgeSeconds old).
 */
export async function pipelineStatus(ctx: GatewayContext) {
  const [tables, lastRun] = await Promise.all([ctx.query.tables(), ctx.lastRun()]);
  let watermark = lastRun?.watermark ?? null;
  if (watermark === null) {
    for (const t of tables) {
      if (t.newestEventAt !== null && (watermark === null || t.newestEventAt > watermark)) watermark = t.newestEventAt;
    }
  }
  const checked = new Map(ctx.snapshots.tables().map((t) => [t.name, t.checkedAt]));
  return {
    tables: tables.map((t) => ({ ...t, snapshotCheckedAt: checked.get(t.name) ?? null })),
    snapshotMaxAgeSeconds: ctx.snapshots.maxAgeMs / 1000,
    watermark,
    freshnessSeconds: watermark === null ? null : Math.max(0, (ctx.now() - watermark) / 1000),
    lastRun,
    quality: lastRun?.quality ?? [],
  };
}

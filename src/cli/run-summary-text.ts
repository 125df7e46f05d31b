import type { RunSummary } from '../etl/summary.js';

/** A run summary as a person reads it: what was read, written, dropped and why. */
export function formatRunSummary(s: RunSummary): string {
  if (s.status === 'idle') return `etl: nothing new in the landing area (checked in ${s.durationMs} ms)`;
  const lines = [
    `etl run ${s.runId}: ${s.objects} landing object(s), ${(s.bytes / 1e6).toFixed(1)} MB, ` +
      `${(s.lines.dhcp + s.lines.ise).toLocaleString('en-US')} lines in ${(s.durationMs / 1000).toFixed(1)} s ` +
      `(${s.linesPerSecond.toLocaleString('en-US')} lines/s)`,
    `  lines    dhcp ${s.lines.dhcp} (silver ${s.silverLines.dhcp}, quarantined ${s.quarantinedLines.dhcp})` +
      `   ise ${s.lines.ise} (silver ${s.silverLines.ise}, quarantined ${s.quarantinedLines.ise})`,
    `  rows     ${Object.entries(s.rows)
      .map(([table, n]) => `${table}=${n}`)
      .join('  ')}`,
  ];
  const quarantined = Object.entries(s.quarantined).sort((a, b) => b[1] - a[1]);
  if (quarantined.length > 0) {
    lines.push(`  dropped  ${quarantined.map(([why, n]) => `${why}=${n}`).join('  ')}`);
  }
  lines.push(
    `  intervals written ${s.intervals.written} (opened ${s.intervals.opened}, closed ${s.intervals.closed}, ` +
      `open ${s.intervals.open}) over ${s.intervals.ips} IPs, ${s.intervals.partitions} partitions rewritten`,
  );
  for (const r of s.ranges) {
    const to = r.to === null ? 'its end' : `line ${r.to.line} (byte ${r.to.offset})`;
    lines.push(`  part of  ${r.key}: run ${r.version} read from line ${r.from.line + 1} to ${to}`);
  }
  if (s.skippedBytes > 0) lines.push(`  skipped  ${(s.skippedBytes / 1e6).toFixed(1)} MB of gzip text read by earlier runs`);
  if (s.resumed.length > 0) lines.push(`  resumed interrupted run(s) ${s.resumed.join(', ')}`);
  if (s.unreadableObjects > 0) lines.push(`  WARNING ${s.unreadableObjects} landing object(s) could not be read to the end (see quarantine)`);
  if (s.watermark !== null) lines.push(`  watermark ${new Date(s.watermark).toISOString()}`);
  return lines.join('\n');
}

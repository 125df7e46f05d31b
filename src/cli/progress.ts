import type { RunProgress } from '../etl/progress.js';
import type { Logger } from '../util/log.js';

/**
 * Render ETL progress: a single rewritten line on a terminal, structured log lines otherwise
 * (so a scheduler's log shows progress without control characters).
 */
export function progressRenderer(logger: Logger, stream: NodeJS.WriteStream = process.stderr): (p: RunProgress) => void {
  if (!stream.isTTY) {
    return (p) => {
      if (p.phase === 'read' || p.phase === 'done') logger.info('etl progress', { ...p });
    };
  }
  return (p) => {
    const text =
      `run ${p.version} ${p.phase.padEnd(6)} objects ${p.objectsDone}/${p.objectsTotal}  ` +
      `lines ${p.lines.toLocaleString('en-US')}  ${p.linesPerSecond.toLocaleString('en-US')} lines/s` +
      (p.table ? `  ${p.table}` : '');
    stream.write(`\r\x1b[2K${text}`);
    if (p.phase === 'done') stream.write('\n');
  };
}

import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DateTimeScalar, IPAddressScalar, MACAddressScalar } from './scalars.js';
import { queryResolvers } from './query.js';
import { reportResolvers } from './reports.js';

/**
 * The GraphQL side of the gateway: schema text, scalars and resolvers. Resolvers only check arguments,
 * call the per-request QuerySession (context.query) and shape answers; they never touch files.
 */
export type { GatewayContext, RequestLimits, PipelineRunInfo, SnapshotStatus } from './context.js';
export { ErrorCode, badInput } from './errors.js';

export const resolvers = {
  DateTime: DateTimeScalar,
  IPAddress: IPAddressScalar,
  MACAddress: MACAddressScalar,
  // GraphQL enum names ↔ the values stored in the gold tables.
  Source: { DHCP: 'dhcp', ISE_RADIUS: 'ise_radius', ISE_AUTH: 'ise_auth', ISE_POSTURE: 'ise_posture', ISE_PROFILER: 'ise_profiler' },
  Bucket: { HOUR: 'hour', DAY: 'day' },
  ...queryResolvers,
  ...reportResolvers,
};

/** schema.graphql at the repository root (found from src/resolvers and from the compiled dist/resolvers). */
export function loadTypeDefs(): string {
  for (const relative of ['../../schema.graphql', '../../../schema.graphql']) {
    const file = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  throw new Error('gateway: schema.graphql not found next to the package (expected at the repository root)');
}

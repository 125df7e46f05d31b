import { HOUR_MS, DAY_MS, type BucketSize } from '../query/index.js';
import {
  required, requireAddresses, requireFilter, requireName, requirePage, requireWindow, type EventFilterInput,
} from './arguments.js';
import type { GatewayContext } from './context.js';
import { guarded } from './guard.js';
import { pipelineStatus } from './pipeline.js';
import type { ScalarInput } from './scalars.js';
import type { ConnectionParent, IpReportParent, MacReportParent, UserReportParent } from './shapes.js';

/** Root fields: check arguments, ask the query layer, shape the answer. */

interface WindowArgs {
  from: ScalarInput<number>;
  to: ScalarInput<number>;
}

export const queryResolvers = {
  Query: {
    whoHad: guarded((_: unknown, args: { ip: ScalarInput<string>; at: ScalarInput<number> }, ctx: GatewayContext) =>
      ctx.query.whoHad(required(args.ip, 'ip'), required(args.at, 'at')),
    ),

    ip: (_: unknown, args: WindowArgs & { address: ScalarInput<string> }, ctx: GatewayContext): IpReportParent => ({
      ip: required(args.address, 'address'),
      window: requireWindow(args.from, args.to, ctx.limits),
    }),

    ips: (_: unknown, args: WindowArgs & { addresses: ScalarInput<string>[] }, ctx: GatewayContext): IpReportParent[] => {
      const addresses = requireAddresses(args.addresses, ctx.limits);
      const window = requireWindow(args.from, args.to, ctx.limits);
      return addresses.map((ip) => ({ ip, window }));
    },

    user: (_: unknown, args: WindowArgs & { name: string }, ctx: GatewayContext): UserReportParent => ({
      name: requireName(args.name, 'name'),
      window: requireWindow(args.from, args.to, ctx.limits),
    }),

    mac: (_: unknown, args: WindowArgs & { address: ScalarInput<string> }, ctx: GatewayContext): MacReportParent => ({
      mac: required(args.address, 'address'),
      window: requireWindow(args.from, args.to, ctx.limits),
    }),

    events: guarded(
      async (
        _: unknown,
        args: { filter: EventFilterInput; first?: number | null; after?: string | null },
        ctx: GatewayContext,
      ): Promise<ConnectionParent> => {
        const filter = requireFilter(args.filter, ctx.limits);
        const page = await ctx.query.events(filter, requirePage(args.first, args.after, ctx.limits));
        return { page, totalCount: () => ctx.query.countEvents(filter) };
      },
    ),

    eventCounts: guarded(async (_: unknown, args: { filter: EventFilterInput; bucket: BucketSize }, ctx: GatewayContext) => {
      const filter = requireFilter(args.filter, ctx.limits);
      const size = args.bucket === 'hour' ? HOUR_MS : DAY_MS;
      const rows = await ctx.query.eventCounts(filter, args.bucket);
      return rows.map((r) => ({ start: r.start, end: r.start + size, count: r.count }));
    }),

    pipeline: guarded((_: unknown, __: unknown, ctx: GatewayContext) => pipelineStatus(ctx)),
  },
};

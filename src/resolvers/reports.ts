import { userKeyOf, type EntityKind, type TimeWindow } from '../query/index.js';
import { requirePage } from './arguments.js';
import type { GatewayContext } from './context.js';
import { guarded } from './guard.js';
import type { ConnectionParent, IpReportParent, MacReportParent, UserReportParent } from './shapes.js';

/** Field resolvers of IpReport, UserReport and MacReport: every list goes through the session's loaders. */

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

const ips = (values: readonly string[], window: TimeWindow): IpReportParent[] => values.map((ip) => ({ ip, window }));
const macs = (values: readonly string[], window: TimeWindow): MacReportParent[] => values.map((mac) => ({ mac, window }));

/** One UserReport per account: `CORP\alice` and `alice@corp` are one person, shown by the first spelling. */
function users(names: readonly string[], window: TimeWindow): UserReportParent[] {
  const byKey = new Map<string, string>();
  for (const name of names) {
    const key = userKeyOf(name);
    if (!byKey.has(key)) byKey.set(key, name);
  }
  return [...byKey.values()].map((name) => ({ name, window }));
}

function events<P extends { window: TimeWindow }>(kind: EntityKind, value: (p: P) => string) {
  return guarded(async (parent: P, args: PageArgs, ctx: GatewayContext): Promise<ConnectionParent> => {
    const page = requirePage(args.first, args.after, ctx.limits);
    const result = await ctx.query.entityEvents(kind, value(parent), parent.window, page);
    return { page: result, totalCount: () => result.totalCount };
  });
}

const windowFields = {
  from: (p: { window: TimeWindow }) => p.window.from,
  to: (p: { window: TimeWindow }) => p.window.to,
};

export const reportResolvers = {
  IpReport: {
    ...windowFields,
    attributions: guarded((p: IpReportParent, _: unknown, ctx: GatewayContext) => ctx.query.attributions('ip', p.ip, p.window)),
    events: events('ip', (p: IpReportParent) => p.ip),
    users: guarded(async (p: IpReportParent, _: unknown, ctx: GatewayContext) =>
      users((await ctx.query.related('ip', p.ip, p.window)).userNames, p.window),
    ),
    macs: guarded(async (p: IpReportParent, _: unknown, ctx: GatewayContext) =>
      macs((await ctx.query.related('ip', p.ip, p.window)).macs, p.window),
    ),
  },
  UserReport: {
    ...windowFields,
    aliases: guarded(async (p: UserReportParent, _: unknown, ctx: GatewayContext) =>
      (await ctx.query.related('user', p.name, p.window)).userNames,
    ),
    attributions: guarded((p: UserReportParent, _: unknown, ctx: GatewayContext) => ctx.query.attributions('user', p.name, p.window)),
    events: events('user', (p: UserReportParent) => p.name),
    ips: guarded(async (p: UserReportParent, _: unknown, ctx: GatewayContext) =>
      ips((await ctx.query.related('user', p.name, p.window)).ips, p.window),
    ),
    macs: guarded(async (p: UserReportParent, _: unknown, ctx: GatewayContext) =>
      macs((await ctx.query.related('user', p.name, p.window)).macs, p.window),
    ),
  },
  MacReport: {
    ...windowFields,
    attributions: guarded((p: MacReportParent, _: unknown, ctx: GatewayContext) => ctx.query.attributions('mac', p.mac, p.window)),
    events: events('mac', (p: MacReportParent) => p.mac),
    ips: guarded(async (p: MacReportParent, _: unknown, ctx: GatewayContext) =>
      ips((await ctx.query.related('mac', p.mac, p.window)).ips, p.window),
    ),
    users: guarded(async (p: MacReportParent, _: unknown, ctx: GatewayContext) =>
      users((await ctx.query.related('mac', p.mac, p.window)).userNames, p.window),
    ),
  },
  EventConnection: {
    edges: (p: ConnectionParent) => p.page.edges,
    pageInfo: (p: ConnectionParent) => ({ hasNextPage: p.page.hasNextPage, endCursor: p.page.endCursor }),
    totalCount: guarded((p: ConnectionParent) => p.totalCount()),
  },
};

import type { Engine } from '../../src/engine/index.js';
import { sqlString } from '../../src/engine/index.js';

/**
 * The benchmark's question set. Each question is asked twice: as GraphQL over HTTP to iplake, and as the SQL
 * a user who skipped iplake would run on one warm DuckDB over the same Parquet, via the hive glob plus dt/hr
 * predicates for the window (statements of one question run concurrently, as a capable user would).
 */
export interface Question {
  name: string;
  /** Which scale figures apply (whoHad and 1-hour / 1-day queries are meant to be independent of lake size). */
  pruned: boolean;
  graphql: string;
  baseline: string[];
  /** Numbers both answers must agree on (e.g. totalCount), to prove the two sides answer the same question. */
  check?: { fromGraphql: (data: unknown) => number; fromBaseline: (rows: Record<string, unknown>[][]) => number };
}

/** Entities and instants the questions are about, picked from the lake so that every answer is non-empty. */
export interface Targets {
  ip: string;
  at: number;
  userKey: string;
  mac: string;
  ips: string[];
  lakeFrom: number;
  lakeTo: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function goldGlob(root: string, table: string): string {
  return `read_parquet(${sqlString(`${root}/gold/${table}/dt=*/hr=*/*.parquet`)}, hive_partitioning = true)`;
}

/** Pick targets: an interval in the middle day that has a user and a device and lasts over an hour. */
export async function pickTargets(engine: Engine, root: string, days: number, start: string): Promise<Targets> {
  const lakeFrom = Date.parse(start);
  const lakeTo = lakeFrom + days * DAY - 1;
  const midDay = new Date(lakeFrom + Math.floor(days / 2) * DAY).toISOString().slice(0, 10);
  const attr = goldGlob(root, 'ip_attribution_gold');
  const [pick] = await engine.query<{ ip: string; mac: string; userKey: string; s: number; e: number }>(
    `SELECT IpAddress AS ip, MacAddress AS mac, UserKey AS userKey, epoch_ms(Start) AS s, epoch_ms("End") AS e
     FROM ${attr}
     WHERE dt = ${sqlString(midDay)} AND UserKey IS NOT NULL AND MacAddress IS NOT NULL AND "End" IS NOT NULL
       AND "End" - Start > INTERVAL 2 HOUR AND Source = 'dhcp'
     ORDER BY hash(IntervalId) LIMIT 1`,
  );
  if (!pick) throw new Error(`bench: no DHCP interval with a user in ${midDay}: is the lake built?`);
  const ips = await engine.query<{ ip: string }>(
    `SELECT DISTINCT IpAddress AS ip FROM ${attr} WHERE dt = ${sqlString(midDay)} ORDER BY hash(IpAddress) LIMIT 50`,
  );
  return {
    ip: pick.ip,
    at: Number(pick.s) + Math.floor((Number(pick.e) - Number(pick.s)) / 2),
    userKey: pick.userKey,
    mac: pick.mac,
    ips: ips.map((r) => r.ip),
    lakeFrom,
    lakeTo,
  };
}

/**
 * Addresses and instants for first looks: `count` intervals across the whole lake (any day), picked by a hash so
 * that they are spread over the days and the address space, and unlike the targets' addresses.
 */
export async function pickFirstLooks(engine: Engine, root: string, count: number): Promise<{ ip: string; at: number }[]> {
  const rows = await engine.query<{ ip: string; s: number }>(
    `SELECT IpAddress AS ip, epoch_ms(Start) AS s FROM ${goldGlob(root, 'ip_attribution_gold')}
     WHERE Source = 'dhcp' ORDER BY hash(IntervalId || 'first look') LIMIT ${count}`,
  );
  return rows.map((r) => ({ ip: r.ip, at: Number(r.s) }));
}

/** dt/hr predicates for a closed window, the way a user prunes hive partitions by hand. */
export function partitionPredicate(from: number, to: number): string {
  const p = (t: number) => {
    const iso = new Date(t).toISOString();
    return { dt: sqlString(iso.slice(0, 10)), hr: sqlString(iso.slice(11, 13)) };
  };
  const a = p(from);
  const b = p(to);
  if (a.dt === b.dt) return `dt = ${a.dt} AND hr BETWEEN ${a.hr} AND ${b.hr}`;
  return `dt BETWEEN ${a.dt} AND ${b.dt} AND (dt <> ${a.dt} OR hr >= ${a.hr}) AND (dt <> ${b.dt} OR hr <= ${b.hr})`;
}

const ts = (t: number): string => `${sqlString(new Date(t).toISOString())}::TIMESTAMPTZ`;
const iso = (t: number): string => new Date(t).toISOString();

const ATTRIBUTION_FIELDS = 'ip mac userName hostname source start end endReason evidence sessionId userSource intervalId';
const EVENT_FIELDS = 'timestamp ip mac userName hostname eventType source sessionId lineage { bronzeTable landingObject lineNumber }';
const ATTRIBUTION_SQL = 'IntervalId, IpAddress, MacAddress, UserName, Hostname, Source, Start, "End", EndReason, Evidence, SessionId, UserSource';
const EVENT_SQL = 'EventTimestamp, IpAddress, MacAddress, UserName, Hostname, EventType, Source, SessionId, BronzeTable, LandingObject, LineNumber';

/** The SQL an entity report needs: its intervals, its first page of events, and totals with distinct neighbours. */
function entityBaseline(root: string, column: string, values: string[], from: number, to: number, page: number): string[] {
  const attr = goldGlob(root, 'ip_attribution_gold');
  const events = goldGlob(root, 'ip_lookup_gold');
  const match = values.length === 1 ? `${column} = ${sqlString(values[0] as string)}` : `${column} IN (${values.map(sqlString).join(', ')})`;
  const eventWhere = `${partitionPredicate(from, to)} AND ${match} AND EventTimestamp BETWEEN ${ts(from)} AND ${ts(to)}`;
  const out = [
    `SELECT DISTINCT ON (IntervalId) ${ATTRIBUTION_SQL} FROM ${attr}
     WHERE ${partitionPredicate(from, to)} AND ${match} AND Start <= ${ts(to)} AND ("End" IS NULL OR "End" > ${ts(from)})`,
    `SELECT ${column} AS k, count(*) AS n, list(DISTINCT IpAddress) AS ips, list(DISTINCT MacAddress) AS macs,
            list(DISTINCT UserName) AS users
     FROM ${events} WHERE ${eventWhere} GROUP BY 1`,
  ];
  if (page > 0) {
    out.push(
      `SELECT ${EVENT_SQL} FROM ${events} WHERE ${eventWhere}
       ORDER BY EventTimestamp, Source, LandingObject, LineNumber, EventType LIMIT ${page + 1}`,
    );
  }
  return out;
}

const totalFromBaseline = (rows: Record<string, unknown>[][]): number => Number(rows[1]?.[0]?.n ?? 0);

export function questions(root: string, t: Targets): Question[] {
  const hourFrom = Math.floor(t.at / HOUR) * HOUR;
  const dayFrom = Math.floor(t.at / DAY) * DAY;
  const windows = [
    { label: '1 hour', from: hourFrom, to: hourFrom + HOUR - 1, pruned: true },
    { label: '1 day', from: dayFrom, to: dayFrom + DAY - 1, pruned: true },
    { label: '7 days', from: t.lakeFrom, to: Math.min(t.lakeTo, t.lakeFrom + 7 * DAY - 1), pruned: false },
  ];
  const week = windows[2] as (typeof windows)[number];
  const day = windows[1] as (typeof windows)[number];
  const attr = goldGlob(root, 'ip_attribution_gold');
  const events = goldGlob(root, 'ip_lookup_gold');
  const out: Question[] = [
    {
      name: 'whoHad',
      pruned: true,
      graphql: `{ whoHad(ip: "${t.ip}", at: "${iso(t.at)}") { ${ATTRIBUTION_FIELDS} } }`,
      baseline: [
        `SELECT DISTINCT ON (IntervalId) ${ATTRIBUTION_SQL} FROM ${attr}
         WHERE ${partitionPredicate(t.at, t.at)} AND IpAddress = ${sqlString(t.ip)} AND Start <= ${ts(t.at)}
           AND ("End" IS NULL OR "End" > ${ts(t.at)})`,
      ],
      check: {
        fromGraphql: (d) => (d as { whoHad: unknown[] }).whoHad.length,
        fromBaseline: (rows) => rows[0]?.length ?? 0,
      },
    },
  ];
  for (const w of windows) {
    out.push({
      name: `ip ${w.label}`,
      pruned: w.pruned,
      graphql: `{ ip(address: "${t.ip}", from: "${iso(w.from)}", to: "${iso(w.to)}") {
        attributions { ${ATTRIBUTION_FIELDS} } users { name } macs { mac }
        events(first: 50) { totalCount edges { node { ${EVENT_FIELDS} } } } } }`,
      baseline: entityBaseline(root, 'IpAddress', [t.ip], w.from, w.to, 50),
      check: { fromGraphql: (d) => (d as { ip: { events: { totalCount: number } } }).ip.events.totalCount, fromBaseline: totalFromBaseline },
    });
  }
  out.push(
    {
      name: 'user 7 days',
      pruned: false,
      graphql: `{ user(name: "${t.userKey}", from: "${iso(week.from)}", to: "${iso(week.to)}") {
        aliases attributions { ${ATTRIBUTION_FIELDS} } macs { mac } ips { ip }
        events(first: 50) { totalCount edges { node { ${EVENT_FIELDS} } } } } }`,
      baseline: entityBaseline(root, 'UserKey', [t.userKey], week.from, week.to, 50),
      check: { fromGraphql: (d) => (d as { user: { events: { totalCount: number } } }).user.events.totalCount, fromBaseline: totalFromBaseline },
    },
    {
      name: 'mac 7 days',
      pruned: false,
      graphql: `{ mac(address: "${t.mac}", from: "${iso(week.from)}", to: "${iso(week.to)}") {
        attributions { ${ATTRIBUTION_FIELDS} } ips { ip } users { name }
        events(first: 50) { totalCount edges { node { ${EVENT_FIELDS} } } } } }`,
      baseline: entityBaseline(root, 'MacAddress', [t.mac], week.from, week.to, 50),
      check: { fromGraphql: (d) => (d as { mac: { events: { totalCount: number } } }).mac.events.totalCount, fromBaseline: totalFromBaseline },
    },
    {
      name: 'ips x50 1 day',
      pruned: true,
      graphql: `{ ips(addresses: ${JSON.stringify(t.ips)}, from: "${iso(day.from)}", to: "${iso(day.to)}") {
        ip attributions { ${ATTRIBUTION_FIELDS} } users { name } macs { mac } } }`,
      baseline: entityBaseline(root, 'IpAddress', t.ips, day.from, day.to, 0),
      check: {
        fromGraphql: (d) => (d as { ips: { attributions: unknown[] }[] }).ips.reduce((n, r) => n + r.attributions.length, 0),
        fromBaseline: (rows) => rows[0]?.length ?? 0,
      },
    },
    {
      name: 'eventCounts hourly 7 days',
      pruned: false,
      graphql: `{ eventCounts(filter: { from: "${iso(week.from)}", to: "${iso(week.to)}" }, bucket: HOUR) { start end count } }`,
      baseline: [
        `SELECT (epoch_ms(EventTimestamp) // ${HOUR}) * ${HOUR} AS bucket, count(*) AS n FROM ${events}
         WHERE ${partitionPredicate(week.from, week.to)} AND EventTimestamp BETWEEN ${ts(week.from)} AND ${ts(week.to)}
         GROUP BY 1 ORDER BY 1`,
      ],
      check: {
        fromGraphql: (d) => (d as { eventCounts: { count: number }[] }).eventCounts.reduce((n, r) => n + r.count, 0),
        fromBaseline: (rows) => (rows[0] ?? []).reduce((n, r) => n + Number(r.n), 0),
      },
    },
  );
  return out;
}

import { parseSchemaString, type SchemaField } from './schema.js';
import type { ColumnType, DataFile, FileStats, PartitionValues } from './types.js';

/**
 * Delta Lake log actions (protocol reader 1 / writer 2), exactly as they appear in `_delta_log/*.json`,
 * one JSON object per line. Field names follow the Delta PROTOCOL.md.
 */
export interface ProtocolAction {
  minReaderVersion: number;
  minWriterVersion: number;
}

export interface MetaDataAction {
  id: string;
  name?: string;
  description?: string;
  format: { provider: 'parquet'; options: Record<string, string> };
  schemaString: string;
  partitionColumns: string[];
  configuration: Record<string, string>;
  createdTime: number;
}

export interface AddAction {
  path: string;
  partitionValues: PartitionValues;
  size: number;
  modificationTime: number;
  dataChange: boolean;
  /** JSON string: {numRecords, minValues, maxValues, nullCount}; timestamps as ISO-8601. */
  stats?: string;
}

export interface RemoveAction {
  path: string;
  deletionTimestamp: number;
  dataChange: boolean;
  extendedFileMetadata: boolean;
  /** Present when extendedFileMetadata is true. */
  partitionValues?: PartitionValues;
  size?: number;
}

export interface CommitInfoAction {
  timestamp: number;
  operation: string;
  operationParameters: Record<string, string>;
  engineInfo: string;
  readVersion?: number;
  isBlindAppend?: boolean;
}

export interface TxnAction {
  appId: string;
  version: number;
  /** Optional in Delta; checkpoints written here omit it. */
  lastUpdated?: number;
}

export type Action =
  | { protocol: ProtocolAction }
  | { metaData: MetaDataAction }
  | { add: AddAction }
  | { remove: RemoveAction }
  | { commitInfo: CommitInfoAction }
  | { txn: TxnAction };

/** Parsed table metadata, as snapshots expose it. */
export interface TableMetadata {
  id: string;
  name: string | undefined;
  description: string | undefined;
  schema: SchemaField[];
  partitionColumns: string[];
  configuration: Record<string, string>;
  createdTime: number;
}

export const ENGINE_INFO = 'iplake/0.1.0 (DuckDB)';

/** Actions Delta may carry that a reader-1 snapshot does not need (change data files); skipped, not rejected. */
const IGNORED_ACTIONS = new Set(['cdc']);

export function metadataOf(action: MetaDataAction): TableMetadata {
  return {
    id: action.id,
    name: action.name,
    description: action.description,
    schema: parseSchemaString(action.schemaString),
    partitionColumns: action.partitionColumns,
    configuration: action.configuration,
    createdTime: action.createdTime,
  };
}

// ---------- DataFile <-> add/remove ----------

export function addActionOf(file: DataFile, types: ReadonlyMap<string, ColumnType>, dataChange: boolean): AddAction {
  const add: AddAction = {
    path: file.path,
    partitionValues: file.partitionValues,
    size: file.size,
    modificationTime: file.modificationTime,
    dataChange,
  };
  if (file.stats) add.stats = JSON.stringify(statsToJson(file.stats, types));
  return add;
}

export function removeActionOf(file: DataFile, deletionTimestamp: number, dataChange: boolean): RemoveAction {
  return {
    path: file.path,
    deletionTimestamp,
    dataChange,
    extendedFileMetadata: true,
    partitionValues: file.partitionValues,
    size: file.size,
  };
}

export function dataFileOf(add: AddAction, types: ReadonlyMap<string, ColumnType>): DataFile {
  return {
    path: add.path,
    partitionValues: add.partitionValues,
    size: add.size,
    modificationTime: add.modificationTime,
    stats: add.stats === undefined ? null : statsFromJson(JSON.parse(add.stats) as FileStats, types),
  };
}

/** Timestamps go to the log as ISO-8601 strings (Delta spec); everything else as is. */
function statsToJson(stats: FileStats, types: ReadonlyMap<string, ColumnType>): FileStats {
  const convert = (values: FileStats['minValues']): FileStats['minValues'] =>
    Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, types.get(k) === 'timestamp' && typeof v === 'number' ? new Date(v).toISOString() : v]),
    );
  return { ...stats, minValues: convert(stats.minValues), maxValues: convert(stats.maxValues) };
}

function statsFromJson(stats: FileStats, types: ReadonlyMap<string, ColumnType>): FileStats {
  const convert = (values: FileStats['minValues'] | undefined): FileStats['minValues'] =>
    Object.fromEntries(
      Object.entries(values ?? {}).map(([k, v]) => {
        if (types.get(k) === 'timestamp' && typeof v === 'string') {
          const ms = Date.parse(v);
          return [k, Number.isNaN(ms) ? null : ms];
        }
        return [k, v];
      }),
    );
  return {
    numRecords: stats.numRecords,
    minValues: convert(stats.minValues),
    maxValues: convert(stats.maxValues),
    nullCount: stats.nullCount ?? {},
  };
}

// ---------- parsing and validation ----------

/** Parse one commit file's text into actions; throws a plain Error naming the line and what is wrong. */
export function parseCommit(text: string): Action[] {
  const actions: Action[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = (lines[i] as string).trim();
    if (line.length === 0) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (err) {
      throw new Error(`line ${i + 1} is not JSON (${err instanceof Error ? err.message : String(err)})`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error(`line ${i + 1} is not a JSON object`);
    }
    const keys = Object.keys(parsed);
    if (keys.length !== 1) throw new Error(`line ${i + 1} has ${keys.length} keys; an action has exactly one`);
    const kind = keys[0] as string;
    if (IGNORED_ACTIONS.has(kind)) continue;
    const body = (parsed as Record<string, unknown>)[kind];
    const problem = validateAction(kind, body);
    if (problem) throw new Error(`line ${i + 1} (${kind}): ${problem}`);
    actions.push(parsed as Action);
  }
  return actions;
}

type Check = [field: string, ok: (v: unknown) => boolean, expected: string];

const isString = (v: unknown): boolean => typeof v === 'string';
const isNonEmptyString = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
const isInt = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v);
const isNonNegInt = (v: unknown): boolean => isInt(v) && (v as number) >= 0;
const isBool = (v: unknown): boolean => typeof v === 'boolean';
const isStringMap = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => x === null || typeof x === 'string');
const isStringArray = (v: unknown): boolean => Array.isArray(v) && v.every(isString);
const optional =
  (check: (v: unknown) => boolean) =>
  (v: unknown): boolean =>
    v === undefined || v === null || check(v);

const REQUIRED: Record<string, Check[]> = {
  protocol: [
    ['minReaderVersion', isInt, 'an integer'],
    ['minWriterVersion', isInt, 'an integer'],
  ],
  metaData: [
    ['id', isNonEmptyString, 'a non-empty string'],
    ['format', (v) => typeof v === 'object' && v !== null && (v as { provider?: unknown }).provider === 'parquet', '{provider: "parquet"}'],
    ['schemaString', isString, 'a string'],
    ['partitionColumns', isStringArray, 'an array of strings'],
    ['configuration', optional(isStringMap), 'a map of strings'],
    ['createdTime', optional(isInt), 'epoch ms'],
  ],
  add: [
    ['path', isNonEmptyString, 'a non-empty string'],
    ['partitionValues', isStringMap, 'a map of strings'],
    ['size', isNonNegInt, 'a non-negative integer'],
    ['modificationTime', isInt, 'epoch ms'],
    ['dataChange', isBool, 'a boolean'],
    ['stats', optional(isString), 'a JSON string'],
  ],
  remove: [
    ['path', isNonEmptyString, 'a non-empty string'],
    ['deletionTimestamp', optional(isInt), 'epoch ms'],
    ['dataChange', isBool, 'a boolean'],
    ['partitionValues', optional(isStringMap), 'a map of strings'],
    ['size', optional(isNonNegInt), 'a non-negative integer'],
  ],
  commitInfo: [],
  txn: [
    ['appId', isNonEmptyString, 'a non-empty string'],
    ['version', isInt, 'an integer'],
    ['lastUpdated', optional(isInt), 'epoch ms'],
  ],
};

/** Returns what is wrong with an action body, or undefined when it is valid. */
export function validateAction(kind: string, body: unknown): string | undefined {
  const checks = REQUIRED[kind];
  if (!checks) return `unknown action "${kind}" (this reader knows ${Object.keys(REQUIRED).join(', ')})`;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the action body is not an object';
  const record = body as Record<string, unknown>;
  for (const [field, ok, expected] of checks) {
    if (!ok(record[field])) return `field ${field} must be ${expected}, got ${JSON.stringify(record[field]) ?? 'nothing'}`;
  }
  if (kind === 'metaData') {
    try {
      parseSchemaString(record.schemaString as string);
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }
  if (kind === 'add' && typeof record.stats === 'string') {
    try {
      const stats = JSON.parse(record.stats) as { numRecords?: unknown };
      if (typeof stats !== 'object' || stats === null || !isNonNegInt(stats.numRecords)) return 'stats has no numRecords';
    } catch {
      return 'stats is not valid JSON';
    }
  }
  return undefined;
}

export function serializeCommit(actions: readonly Action[]): Uint8Array {
  return new TextEncoder().encode(actions.map((a) => JSON.stringify(a)).join('\n') + '\n');
}

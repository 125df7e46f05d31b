import type { ColumnType, TableSpec } from './types.js';

/** One field of Delta's Spark-style schemaString. */
export interface SchemaField {
  name: string;
  type: ColumnType;
  nullable: boolean;
  metadata: { comment?: string };
}

const COLUMN_TYPES: readonly string[] = ['string', 'long', 'integer', 'double', 'boolean', 'timestamp', 'date', 'binary'];

/** Data columns then partition columns (always non-null strings), as Delta requires both in the schema. */
export function schemaFieldsOf(spec: TableSpec): SchemaField[] {
  const data = spec.columns.map<SchemaField>((c) => ({
    name: c.name,
    type: c.type,
    nullable: c.nullable,
    metadata: { comment: c.description },
  }));
  const partitions = spec.partitionColumns.map<SchemaField>((name) => ({
    name,
    type: 'string',
    nullable: false,
    metadata: { comment: `Hive partition column ${name}.` },
  }));
  return [...data, ...partitions];
}

export function schemaStringOf(spec: TableSpec): string {
  return JSON.stringify({ type: 'struct', fields: schemaFieldsOf(spec) });
}

/** Parse a schemaString; throws a plain Error describing what is malformed (the caller adds table context). */
export function parseSchemaString(schemaString: string): SchemaField[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(schemaString);
  } catch (err) {
    throw new Error(`schemaString is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const struct = parsed as { type?: unknown; fields?: unknown };
  if (struct?.type !== 'struct' || !Array.isArray(struct.fields)) {
    throw new Error('schemaString is not a {"type":"struct","fields":[...]} object');
  }
  return struct.fields.map((f: unknown, i: number) => {
    const field = f as Partial<SchemaField> | null;
    if (
      !field ||
      typeof field.name !== 'string' ||
      typeof field.type !== 'string' ||
      !COLUMN_TYPES.includes(field.type) ||
      typeof field.nullable !== 'boolean' ||
      typeof field.metadata !== 'object' ||
      field.metadata === null
    ) {
      throw new Error(`schemaString field ${i} is not {name, type (one of ${COLUMN_TYPES.join('|')}), nullable, metadata}`);
    }
    return { name: field.name, type: field.type, nullable: field.nullable, metadata: field.metadata };
  });
}

/** Human-readable differences between the spec and a stored schema (descriptions are not compared). */
export function schemaDifferences(spec: TableSpec, stored: SchemaField[], storedPartitions: string[]): string[] {
  const wanted = schemaFieldsOf(spec);
  const diffs: string[] = [];
  const describe = (f: SchemaField): string => `${f.name} ${f.type}${f.nullable ? '' : ' not null'}`;
  const storedByName = new Map(stored.map((f) => [f.name, f]));
  for (const w of wanted) {
    const s = storedByName.get(w.name);
    if (!s) diffs.push(`column ${describe(w)} is missing from the table`);
    else if (s.type !== w.type || s.nullable !== w.nullable) diffs.push(`column ${w.name} is ${describe(s)}, the spec wants ${describe(w)}`);
  }
  const wantedNames = new Set(wanted.map((f) => f.name));
  for (const s of stored) if (!wantedNames.has(s.name)) diffs.push(`column ${describe(s)} is in the table but not in the spec`);
  if (diffs.length === 0 && stored.map((f) => f.name).join(',') !== wanted.map((f) => f.name).join(',')) {
    diffs.push(`column order is ${stored.map((f) => f.name).join(', ')}, the spec wants ${wanted.map((f) => f.name).join(', ')}`);
  }
  if (storedPartitions.join(',') !== spec.partitionColumns.join(',')) {
    diffs.push(`partition columns are [${storedPartitions.join(', ')}], the spec wants [${spec.partitionColumns.join(', ')}]`);
  }
  return diffs;
}

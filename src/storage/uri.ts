import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StorageError } from './types.js';

/** Where a lake lives: a local directory (absolute path) or a bucket plus key prefix ('' for the bucket root). */
export type LakeLocation = { kind: 'local'; path: string } | { kind: 's3'; bucket: string; prefix: string };

const ACCEPTED = 'a lake is a directory path (./lake, /data/lake, file:///data/lake) or s3://bucket[/prefix]';

/**
 * Parse IPLAKE_LAKE-style text. Relative paths resolve against the current directory, so the result
 * is stable however the process was started. The S3 prefix comes back without leading or trailing '/'.
 */
export function parseLakeUri(uri: string): LakeLocation {
  if (uri.trim().length === 0) throw invalid(uri, 'it is empty');

  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined) return { kind: 'local', path: path.resolve(uri) };
  if (scheme === 'file') return { kind: 'local', path: parseFileUrl(uri) };
  if (scheme === 's3') return parseS3(uri);
  throw invalid(uri, `the scheme ${scheme}:// is not supported`);
}

/** Render a location back as the canonical URI that ObjectStore.uri reports. */
export function formatLakeUri(location: LakeLocation): string {
  if (location.kind === 'local') return location.path;
  return location.prefix ? `s3://${location.bucket}/${location.prefix}` : `s3://${location.bucket}`;
}

function parseFileUrl(uri: string): string {
  try {
    return path.resolve(fileURLToPath(uri));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw invalid(uri, `it is not a local file URL (${reason})`);
  }
}

function parseS3(uri: string): LakeLocation {
  const rest = uri.slice('s3://'.length);
  if (/[?#]/.test(rest)) throw invalid(uri, 'S3 lake URIs take no query string or fragment');
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  if (bucket.length === 0) throw invalid(uri, 'the bucket name is missing');
  const bucketProblem = s3BucketNameProblem(bucket);
  if (bucketProblem) throw invalid(uri, `bucket name ${JSON.stringify(bucket)} ${bucketProblem}`);

  // Tolerate one trailing slash ('s3://b/lake/'); anything else odd in the prefix is a typo worth reporting.
  const rawPrefix = slash < 0 ? '' : rest.slice(slash + 1).replace(/\/$/, '');
  if (rawPrefix.length > 0) {
    for (const segment of rawPrefix.split('/')) {
      if (segment === '' || segment === '.' || segment === '..') {
        throw invalid(uri, `the prefix ${JSON.stringify(rawPrefix)} has an empty, '.' or '..' segment`);
      }
    }
    if (rawPrefix.includes('\\') || rawPrefix.includes('\0')) {
      throw invalid(uri, `the prefix ${JSON.stringify(rawPrefix)} contains '\\' or NUL`);
    }
  }
  return { kind: 's3', bucket, prefix: rawPrefix };
}

/**
 * S3 general-purpose bucket naming rules (docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 * Returns what is wrong, or undefined when the name is valid.
 */
export function s3BucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'must be 3 to 63 characters long';
  if (!/^[a-z0-9.-]+$/.test(name)) return 'may contain only lowercase letters, digits, dots and hyphens';
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'must start and end with a letter or digit';
  if (name.includes('..')) return 'must not contain two adjacent dots';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return 'must not look like an IP address';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return 'must not start with a reserved prefix (xn--, sthree-, amzn-s3-demo-)';
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return 'must not end with a reserved suffix';
  return undefined;
}

function invalid(uri: string, reason: string): StorageError {
  return new StorageError('INVALID_URI', `storage: cannot use lake ${JSON.stringify(uri)}: ${reason}; ${ACCEPTED}`);
}

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StorageError } from '../../src/storage/types.js';
import { formatLakeUri, parseLakeUri, type LakeLocation } from '../../src/storage/uri.js';

describe('parseLakeUri', () => {
  const accepted: Array<[string, LakeLocation]> = [
    ['./lake', { kind: 'local', path: path.resolve('lake') }],
    ['lake/sub', { kind: 'local', path: path.resolve('lake/sub') }],
    ['/data/lake', { kind: 'local', path: '/data/lake' }],
    ['/data/lake/', { kind: 'local', path: '/data/lake' }],
    ['file:///data/lake', { kind: 'local', path: '/data/lake' }],
    ['file://localhost/data/lake', { kind: 'local', path: '/data/lake' }],
    ['file:///data/with%20space', { kind: 'local', path: '/data/with space' }],
    ['s3://my-bucket', { kind: 's3', bucket: 'my-bucket', prefix: '' }],
    ['s3://my-bucket/', { kind: 's3', bucket: 'my-bucket', prefix: '' }],
    ['s3://my.bucket.01/lake', { kind: 's3', bucket: 'my.bucket.01', prefix: 'lake' }],
    ['s3://abc/team/lake/', { kind: 's3', bucket: 'abc', prefix: 'team/lake' }],
    ['S3://abc/x', { kind: 's3', bucket: 'abc', prefix: 'x' }],
  ];
  it.each(accepted)('accepts %s', (uri, expected) => {
    expect(parseLakeUri(uri)).toEqual(expected);
  });

  const rejected: Array<[string, RegExp]> = [
    ['', /empty/],
    ['   ', /empty/],
    ['http://example.com/lake', /scheme http:\/\/ is not supported/],
    ['https://bucket.s3.amazonaws.com/', /scheme https:\/\//],
    ['gs://bucket/lake', /scheme gs:\/\//],
    ['s3://', /bucket name is missing/],
    ['s3:///x', /bucket name is missing/],
    ['s3://ab', /3 to 63 characters/],
    ['s3://' + 'a'.repeat(64), /3 to 63 characters/],
    ['s3://My-Bucket/x', /lowercase/],
    ['s3://bucket_name', /lowercase/],
    ['s3://-bucket', /start and end/],
    ['s3://bucket-', /start and end/],
    ['s3://my..bucket', /adjacent dots/],
    ['s3://192.168.1.10', /IP address/],
    ['s3://xn--bucket', /reserved prefix/],
    ['s3://bucket-s3alias', /reserved suffix/],
    ['s3://bucket/a//b', /empty, '.' or '..' segment/],
    ['s3://bucket/../etc', /'\.\.' segment/],
    ['s3://bucket/lake?versionId=1', /query string/],
    ['file://otherhost/data', /not a local file URL/],
  ];
  it.each(rejected)('rejects %j with INVALID_URI', (uri, reason) => {
    let caught: unknown;
    try {
      parseLakeUri(uri);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StorageError);
    const err = caught as StorageError;
    expect(err.code).toBe('INVALID_URI');
    expect(err.message).toMatch(reason);
    // Every rejection says what would have been accepted.
    expect(err.message).toContain('s3://bucket[/prefix]');
  });

  it('round-trips through formatLakeUri', () => {
    for (const uri of ['s3://abc', 's3://abc/team/lake', '/data/lake']) {
      expect(formatLakeUri(parseLakeUri(uri))).toBe(uri);
    }
  });
});

/** Another writer committed `winningVersion` first; re-read the table and decide whether to retry. */
export class CommitConflictError extends Error {
  constructor(
    readonly table: string,
    readonly attemptedVersion: number,
    readonly winningVersion: number,
    detail = '',
  ) {
    super(
      `delta: commit ${attemptedVersion} of ${table} lost a race: another writer committed version ${winningVersion} first` +
        (detail ? ` (${detail})` : '') +
        '; refresh the table and retry',
    );
    this.name = 'CommitConflictError';
  }
}

/** The table on storage is not what it should be: corrupt or missing log entries, missing data files, schema drift. */
export class TableFormatError extends Error {
  constructor(
    readonly table: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TableFormatError';
  }
}

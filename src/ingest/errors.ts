/**
 * The one error class of the ingest edge: input that cannot be read at all (missing file, not
 * JSON Lines, unknown format, truncated gzip). Its message is one line meant for the user; the
 * CLI prints it as `moat: <message>` and exits with `exitCode`.
 * @example throw new IngestError('cannot read x.jsonl: no such file or directory')
 */
export class IngestError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'IngestError';
    this.exitCode = exitCode;
  }
}

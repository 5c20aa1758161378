/**
 * What every connection (local, ssh) offers the modules.
 *
 * @module
 */

/** The outcome of one remote command. */
export interface ExecResult {
  /** Exit status (128+N when killed by signal N). */
  rc: number;
  /** Standard output, decoded as UTF-8. */
  stdout: string;
  /** Standard error, decoded as UTF-8. */
  stderr: string;
}

/** Options for {@linkcode Connection.exec}. */
export interface ExecOptions {
  /** Bytes for the command's stdin. */
  stdin?: Uint8Array;
  /** Aborts the command (its process group is killed). */
  signal?: AbortSignal;
}

/**
 * A channel to one host that runs POSIX shell commands.
 *
 * @example
 * ```ts
 * const { rc, stdout } = await connection.exec("uname -s");
 * ```
 */
export interface Connection {
  /** The host's inventory name. */
  readonly host: string;
  /** Runs `command` with `/bin/sh -c` on the host. */
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  /** Releases the channel. */
  close(): Promise<void>;
}

/**
 * The host could not be reached; tasks on it are `unreachable`, not `failed`.
 *
 * @example
 * ```ts
 * throw new UnreachableError("ssh: connect to host 10.0.0.9 port 22: Connection refused");
 * ```
 */
export class UnreachableError extends Error {
  override name = "UnreachableError";
}

/**
 * Quotes `word` for a POSIX shell.
 *
 * @example
 * ```ts
 * shellQuote("it's"); // "'it'\\''s'"
 * ```
 */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return "'" + word.replaceAll("'", "'\\''") + "'";
}

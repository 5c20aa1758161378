/**
 * One job event written where the reference's `Processor` writes it:
 * `<artifact dir>/job_events/<counter>-<uuid>.json`, mode 0600, the event's
 * `json.dumps` text without a newline. Safer than the reference: a name
 * that would leave `job_events/` (a `/` in the counter or uuid) is refused,
 * and neither `job_events` nor the file is followed when it is a symlink
 * (a zip received earlier in the stream could have put one there).
 *
 * @module
 */
import { join } from "node:path";
import { pyStr } from "../python/str.ts";

/**
 * An event file could not be written; the message says which and why.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EventFileError } from "./event_file.ts";
 *
 * assert.equal(new EventFileError("x").name, "EventFileError");
 * ```
 */
export class EventFileError extends Error {
  /** The error name. */
  override name = "EventFileError";
}

/**
 * The file name of an event: Python's `f'{counter}-{uuid}.json'`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { eventFileName } from "./event_file.ts";
 *
 * assert.equal(eventFileName(3, "5d1c-…"), "3-5d1c-….json");
 * ```
 */
export function eventFileName(counter: unknown, uuid: unknown): string {
  return `${pyStr(counter)}-${pyStr(uuid)}.json`;
}

function lstatOrNull(path: string): Deno.FileInfo | null {
  try {
    return Deno.lstatSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/**
 * Writes `text` as the event file `name` in `<artifactDir>/job_events`.
 *
 * @throws {EventFileError} when the name or the place is unsafe
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeEventFile } from "./event_file.ts";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/job_events`);
 * writeEventFile(dir, "1-abc.json", '{"counter": 1}');
 * assert.equal(await Deno.readTextFile(`${dir}/job_events/1-abc.json`), '{"counter": 1}');
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function writeEventFile(artifactDir: string, name: string, text: string): void {
  if (name.includes("/") || name.includes("\0")) {
    throw new EventFileError(
      `refused event file name ${JSON.stringify(name)}: it is not a plain name`,
    );
  }
  const dir = join(artifactDir, "job_events");
  const dirInfo = lstatOrNull(dir);
  if (dirInfo === null || !dirInfo.isDirectory) {
    throw new EventFileError(`${dir} is not a directory (a symlink is not followed)`);
  }
  const path = join(dir, name);
  const existing = lstatOrNull(path);
  if (existing !== null && !existing.isFile) {
    if (existing.isDirectory) throw new EventFileError(`${path} is a directory`);
    Deno.removeSync(path);
  }
  const file = Deno.openSync(path, { write: true, create: true, truncate: true, mode: 0o600 });
  try {
    Deno.chmodSync(path, 0o600);
    const bytes = new TextEncoder().encode(text);
    let written = 0;
    while (written < bytes.length) written += file.writeSync(bytes.subarray(written));
  } finally {
    file.close();
  }
}

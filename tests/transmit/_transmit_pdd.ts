/**
 * Test support for `transmit`: a small private data dir with what a real one
 * holds (a playbook, an INI inventory, env files, a symlink, an executable,
 * a FIFO), identical copies of it (`cp -a`, so modes and mtimes match) for the real
 * ansible-runner and for tachyon, and the streams they write, split up.
 *
 * @module
 */
import { join } from "node:path";
import { run } from "../_support/worker_process.ts";
import { type ZipInfoFields, zipInfoList } from "../zip/_zip_info.ts";

/** A playbook that prints a greeting from the inventory on localhost. */
export const GREET_PLAYBOOK = `- name: Greet
  hosts: all
  gather_facts: false
  tasks:
    - name: Say hello
      ansible.builtin.debug:
        msg: "Hello world! {{ greeting }}, {{ who }}"
`;

/**
 * Writes the sample private data dir at `dir`.
 *
 * @example
 * ```ts
 * await writeSamplePdd("/tmp/x/src");
 * ```
 */
export async function writeSamplePdd(dir: string): Promise<void> {
  for (const sub of ["project", "inventory", "env"]) {
    await Deno.mkdir(join(dir, sub), { recursive: true });
  }
  await Deno.writeTextFile(join(dir, "project", "site.yml"), GREET_PLAYBOOK);
  await Deno.symlink("site.yml", join(dir, "project", "link.yml"));
  await Deno.writeTextFile(join(dir, "project", "run.sh"), "#!/bin/sh\necho hi\n", { mode: 0o755 });
  await Deno.chmod(join(dir, "project", "run.sh"), 0o755);
  await Deno.writeTextFile(
    join(dir, "inventory", "hosts"),
    "[local]\nlocalhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n\n" +
      "[local:vars]\ngreeting=from the inventory\n",
  );
  await Deno.writeTextFile(join(dir, "env", "extravars"), '{"who": "world"}');
  // a FIFO (a leftover ssh_key_data, say): stream_dir skips it, and must not hang on it
  const fifo = await run("/usr/bin/mkfifo", [join(dir, "project", "leftover.fifo")]);
  if (fifo.code !== 0) throw new Error(`mkfifo failed: ${fifo.stderr}`);
}

/**
 * An identical copy of `src` at `dst` (`cp -a`: modes, mtimes, symlinks).
 *
 * @example
 * ```ts
 * await copyTree("/tmp/x/src", "/tmp/x/ref");
 * ```
 */
export async function copyTree(src: string, dst: string): Promise<void> {
  const out = await run("/bin/cp", ["-a", src, dst]);
  if (out.code !== 0) throw new Error(`cp -a failed: ${out.stderr}`);
}

/**
 * A transmit stream, split: the kwargs line as written, the zip's entries
 * and the bytes after the payload.
 *
 * @example
 * ```ts
 * const { kwargsLine, entries, tail } = splitTransmitStream(stdout);
 * ```
 */
export interface TransmitParts {
  /** The first line, without its newline. */
  kwargsLine: string;
  /** The `{"zipfile": N}` line. */
  zipLine: string;
  /** The zip's bytes. */
  zip: Uint8Array;
  /** The zip's entries (Python's `infolist()`). */
  entries: ZipInfoFields[];
  /** What follows the base64 (`{"eof": true}\n`). */
  tail: string;
}

/**
 * Splits a transmit stream into its parts (throws when it is not one).
 *
 * @example
 * ```ts
 * splitTransmitStream(new TextEncoder().encode('{"kwargs": {}}\n{"zipfile": 22}\n…{"eof": true}\n'));
 * ```
 */
export function splitTransmitStream(stdout: Uint8Array): TransmitParts {
  const text = new TextDecoder().decode(stdout);
  const first = text.indexOf("\n");
  const second = text.indexOf("\n", first + 1);
  const kwargsLine = text.slice(0, first);
  const zipLine = text.slice(first + 1, second);
  const size = (JSON.parse(zipLine) as { zipfile: number }).zipfile;
  const length = 4 * Math.ceil(size / 3);
  const base64 = text.slice(second + 1, second + 1 + length);
  const zip = Uint8Array.fromBase64(base64);
  if (zip.length !== size) throw new Error(`payload of ${zip.length} bytes, announced ${size}`);
  return {
    kwargsLine,
    zipLine,
    zip,
    entries: zipInfoList(zip),
    tail: text.slice(second + 1 + length),
  };
}

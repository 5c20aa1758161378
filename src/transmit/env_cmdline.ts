/**
 * `transmit --cmdline "…"`, as the reference's `dump_artifacts` handles it:
 * the text is written to `<pdd>/env/cmdline` (mode 0600, as 2.4 writes env
 * files; 2.3.1 used 0400) when that file does not exist yet and env files
 * are not suppressed, and then travels inside the zip instead of the kwargs.
 * An existing `env/cmdline` is left alone and the kwarg is sent.
 *
 * @module
 */
import { join } from "node:path";

/**
 * Writes `cmdline` to `<pdd>/env/cmdline` unless it is empty, env files are
 * suppressed or the file exists; returns whether it did (the kwarg is then
 * dropped).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dumpCmdline } from "./env_cmdline.ts";
 *
 * const pdd = await Deno.makeTempDir();
 * assert.equal(await dumpCmdline(pdd, "-e x=1", false), true);
 * assert.equal(await Deno.readTextFile(`${pdd}/env/cmdline`), "-e x=1");
 * assert.equal(await dumpCmdline(pdd, "-e x=2", false), false); // exists: the kwarg is sent
 * await Deno.remove(pdd, { recursive: true });
 * ```
 */
export async function dumpCmdline(
  privateDataDir: string,
  cmdline: string | undefined,
  suppressEnvFiles: boolean,
): Promise<boolean> {
  if (!cmdline || suppressEnvFiles) return false;
  const envDir = join(privateDataDir, "env");
  const path = join(envDir, "cmdline");
  try {
    await Deno.lstat(path);
    return false;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  await Deno.mkdir(envDir, { recursive: true, mode: 0o700 });
  await Deno.writeTextFile(path, cmdline, { mode: 0o600, createNew: true });
  return true;
}

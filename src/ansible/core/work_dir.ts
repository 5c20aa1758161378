/**
 * The files tachyon gives Ansible for one job: its callback plugin (with the
 * job's frame tag) and the terminal relay, in a 0700 `.tachyon-ansible-*`
 * directory of the private data dir (a name no transmitted file may take),
 * removed when the job ends.
 *
 * @module
 */
import { join } from "node:path";
import { CALLBACK_PLUGIN_SOURCE } from "./callback_plugin_source.ts";
import { PTY_RELAY_SOURCE } from "./pty_relay_source.ts";

/**
 * The stdout callback's name (`ANSIBLE_STDOUT_CALLBACK`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CALLBACK_NAME } from "./work_dir.ts";
 *
 * assert.equal(CALLBACK_NAME, "tachyon_display");
 * ```
 */
export const CALLBACK_NAME = "tachyon_display";

/**
 * One job's plugin and relay.
 *
 * @example
 * ```ts
 * import type { AnsibleWorkDir } from "./work_dir.ts";
 *
 * const use = (dir: AnsibleWorkDir) => ({ ANSIBLE_CALLBACK_PLUGINS: dir.callbackDir });
 * ```
 */
export interface AnsibleWorkDir {
  /** The directory. */
  readonly path: string;
  /** The directory holding the callback plugin (`ANSIBLE_CALLBACK_PLUGINS`). */
  readonly callbackDir: string;
  /** The relay script. */
  readonly relay: string;
  /** The frame tag the plugin writes (see `frames.ts`). */
  readonly tag: string;
  /** Removes the directory. */
  remove(): Promise<void>;
}

/**
 * Writes the plugin and the relay for a job in `privateDataDir`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createWorkDir } from "./work_dir.ts";
 *
 * const pdd = await Deno.makeTempDir();
 * const dir = await createWorkDir(pdd);
 * assert.equal((await Deno.stat(dir.path)).mode! & 0o777, 0o700);
 * await dir.remove();
 * await Deno.remove(pdd, { recursive: true });
 * ```
 */
export async function createWorkDir(privateDataDir: string): Promise<AnsibleWorkDir> {
  const path = join(privateDataDir, `.tachyon-ansible-${crypto.randomUUID()}`);
  const callbackDir = join(path, "callback");
  const relay = join(path, "relay.py");
  const tag = [...crypto.getRandomValues(new Uint8Array(8))]
    .map((b) => b.toString(16).padStart(2, "0")).join("");
  await Deno.mkdir(path, { mode: 0o700 });
  await Deno.chmod(path, 0o700);
  await Deno.mkdir(callbackDir, { mode: 0o700 });
  await Deno.writeTextFile(
    join(callbackDir, `${CALLBACK_NAME}.py`),
    CALLBACK_PLUGIN_SOURCE.replaceAll("__TACHYON_FRAME_TAG__", tag),
    { mode: 0o600 },
  );
  await Deno.writeTextFile(relay, PTY_RELAY_SOURCE, { mode: 0o600 });
  return {
    path,
    callbackDir,
    relay,
    tag,
    remove: () => Deno.remove(path, { recursive: true }).catch(() => {}),
  };
}

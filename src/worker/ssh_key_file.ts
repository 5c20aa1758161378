/**
 * The job's `ssh_key` as a private file for ssh: a 0700 directory with a 0600
 * key inside the private data dir (never in the artifacts), removed when the
 * job ends.
 *
 * @module
 */
import { join } from "node:path";

/** A key file that exists until {@linkcode PrivateKeyFile.remove} is called. */
export interface PrivateKeyFile {
  /** The key file's path. */
  readonly path: string;
  /** Deletes the key and its directory. */
  remove(): Promise<void>;
}

/**
 * Writes `key` to a fresh private file under `privateDataDir`.
 *
 * @example
 * ```ts
 * const key = await writePrivateKey("/runner", job.sshKey);
 * try { … } finally { await key.remove(); }
 * ```
 */
export async function writePrivateKey(
  privateDataDir: string,
  key: string,
): Promise<PrivateKeyFile> {
  const dir = join(privateDataDir, `.tachyon-ssh-${crypto.randomUUID()}`);
  await Deno.mkdir(dir, { mode: 0o700 });
  await Deno.chmod(dir, 0o700);
  const path = join(dir, "id");
  const text = key.endsWith("\n") ? key : key + "\n";
  await Deno.writeTextFile(path, text, { mode: 0o600, createNew: true });
  await Deno.chmod(path, 0o600);
  return { path, remove: () => Deno.remove(dir, { recursive: true }).catch(() => {}) };
}

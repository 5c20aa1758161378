/**
 * Test support: private data dirs for worker jobs against the test sshd
 * hosts (inventory, `env/ssh_key`, `env/cmdline`).
 *
 * @module
 */
import { join } from "node:path";
import type { SshdFixture, SshdHost } from "./sshd.ts";

/**
 * One inventory line per host: `NAME ansible_host=ADDRESS ansible_port=PORT`.
 *
 * @example
 * ```ts
 * const inventory = `[web]\n${inventoryLines(sshd.hosts).join("\n")}\n`;
 * ```
 */
export function inventoryLines(hosts: readonly SshdHost[]): string[] {
  return hosts.map((h) => `${h.name} ansible_host=${h.address} ansible_port=${h.port}`);
}

/**
 * What {@linkcode writeSshPdd} writes.
 *
 * @example
 * ```ts
 * const files: SshPddFiles = { inventory: "[web]\n", sshKey: key, cmdline: "-u tachyon-test" };
 * ```
 */
export interface SshPddFiles {
  /** `inventory/hosts`. */
  inventory: string;
  /** `env/ssh_key`: the private key the job logs in with. */
  sshKey: string;
  /** `env/cmdline`: extra ansible options (`-u USER`, `--forks`, …). */
  cmdline: string;
}

/**
 * Creates `dir` with `inventory/`, `env/` and `project/`, and writes the
 * inventory, the job's ssh key and its command line (the playbook and other
 * project files are the caller's).
 *
 * @example
 * ```ts
 * await writeSshPdd(src, {
 *   inventory: `[web]\n${inventoryLines(sshd.hosts).join("\n")}\n`,
 *   sshKey: await Deno.readTextFile(sshd.keyFile),
 *   cmdline: `-u ${sshd.user}`,
 * });
 * ```
 */
export async function writeSshPdd(dir: string, files: SshPddFiles): Promise<void> {
  await Deno.mkdir(join(dir, "inventory"), { recursive: true });
  await Deno.mkdir(join(dir, "env"), { recursive: true });
  await Deno.mkdir(join(dir, "project"), { recursive: true });
  await Deno.writeTextFile(join(dir, "inventory", "hosts"), files.inventory);
  await Deno.writeTextFile(join(dir, "env", "ssh_key"), files.sshKey);
  await Deno.writeTextFile(join(dir, "env", "cmdline"), files.cmdline);
}

/**
 * {@linkcode writeSshPdd} for the hosts of `sshd`: by default the inventory
 * puts them all in the group `web`, the job logs in with the fixture's key as
 * its test user (`-u USER`); `files` replaces any of these.
 *
 * @example
 * ```ts
 * await writeSshdPdd(src, sshd);
 * await writeSshdPdd(src, sshd, { cmdline: `-u ${sshd.user} --check` });
 * ```
 */
export async function writeSshdPdd(
  dir: string,
  sshd: SshdFixture,
  files: Partial<SshPddFiles> = {},
): Promise<void> {
  await writeSshPdd(dir, {
    inventory: files.inventory ?? `[web]\n${inventoryLines(sshd.hosts).join("\n")}\n`,
    sshKey: files.sshKey ?? await Deno.readTextFile(sshd.keyFile),
    cmdline: files.cmdline ?? `-u ${sshd.user}`,
  });
}

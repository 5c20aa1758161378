/**
 * Test support of the ssh connection tests: one fresh sshd host (its
 * directories full or read-only when a test says so), a process registry
 * killed afterwards, and a connection to it as the test user.
 *
 * @module
 */
import type { SshConnectionOptions } from "../../../src/engine/connection/ssh.ts";
import { SshConnection } from "../../../src/engine/connection/ssh.ts";
import { ProcessRegistry } from "../../../src/engine/process_registry.ts";
import { withDeadline } from "../../_support/deadline.ts";
import {
  type PrivateMounts,
  sshConnectionOptions,
  type SshdFixture,
  startSshd,
} from "../../_support/sshd.ts";

/**
 * Runs `body` (within 60 s) against a fresh one-host sshd whose /dev/shm,
 * /tmp and home are `mounts` (this machine's own when absent); kills the
 * registry's processes and stops sshd afterwards.
 *
 * @example
 * ```ts
 * await withSshHost(async (sshd, registry) => {
 *   const ssh = await openSshHost(sshd, registry);
 *   await ssh.close();
 * }, { devShm: "full" });
 * ```
 */
export async function withSshHost(
  body: (sshd: SshdFixture, registry: ProcessRegistry) => Promise<void>,
  mounts?: PrivateMounts,
): Promise<void> {
  const sshd = await withDeadline(
    30_000,
    "startSshd",
    () => startSshd({ hosts: 1, privateMounts: mounts }),
  );
  const registry = new ProcessRegistry();
  try {
    await withDeadline(60_000, "test body", () => body(sshd, registry));
  } finally {
    registry.killAll();
    await sshd.stop();
  }
}

/**
 * Opens a connection to the first host of `sshd` as its test user with its
 * key (host keys unchecked); `extra` replaces any option.
 *
 * @example
 * ```ts
 * const ssh = await openSshHost(sshd, registry, { privateKeyFile: otherKey });
 * ```
 */
export function openSshHost(
  sshd: SshdFixture,
  registry: ProcessRegistry,
  extra: Partial<SshConnectionOptions> = {},
): Promise<SshConnection> {
  return SshConnection.open(sshConnectionOptions(sshd, sshd.hosts[0], registry, extra));
}

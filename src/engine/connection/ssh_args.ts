/**
 * The `/usr/bin/ssh` command line for one host, as Ansible's `ssh` connection
 * builds it (first value wins in ssh, so tachyon's own options come before the
 * user's `ssh_common_args` and `ssh_extra_args`).
 *
 * @module
 */
import { shlexSplit } from "../../python/shlex.ts";

/** Where and how ssh logs in. */
export interface SshTarget {
  /** The address to connect to (`ansible_host`). */
  address: string;
  /** The port (`ansible_port`; default: ssh's own, usually 22). */
  port?: number;
  /** The remote user (`ansible_user`; default: ssh's own). */
  user?: string;
  /** A private key file (`ansible_ssh_private_key_file`). */
  privateKeyFile?: string;
  /** `ansible_ssh_common_args`, shell words. */
  commonArgs?: string;
  /** `ansible_ssh_extra_args`, shell words. */
  extraArgs?: string;
  /** Verify host keys (default true); false accepts any key and records none. */
  hostKeyChecking?: boolean;
  /** Seconds to wait for the TCP connection (default 10). */
  connectTimeout?: number;
  /**
   * Key exchange algorithms to put at the head of ssh's default list (after
   * the user's own args, so an explicit `-o KexAlgorithms=…` there wins).
   */
  preferredKex?: string;
  /**
   * ssh may ask for a password or a key passphrase (through the askpass
   * program its environment names): no `BatchMode`, and one password prompt,
   * so a wrong password fails at once instead of being tried three times.
   */
  prompts?: boolean;
  /** Give the session a terminal (`-tt`; `su` reads its password only from one). */
  tty?: boolean;
}

/**
 * The arguments after `/usr/bin/ssh` that run `remoteCommand` on `target`:
 * no tty, no prompts (`BatchMode`) unless `target.prompts`, then the user's
 * extra words.
 *
 * @example
 * ```ts
 * sshArgs({ address: "10.0.0.5", port: 2222, user: "deploy" }, "uptime");
 * // ["-T", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-o", "Port=2222",
 * //  "-o", "User=deploy", "--", "10.0.0.5", "uptime"]
 * ```
 */
export function sshArgs(target: SshTarget, remoteCommand: string): string[] {
  const args = [target.tty ? "-tt" : "-T"];
  if (target.prompts) args.push("-o", "BatchMode=no", "-o", "NumberOfPasswordPrompts=1");
  else args.push("-o", "BatchMode=yes");
  if (target.hostKeyChecking === false) {
    args.push("-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null");
  }
  args.push("-o", `ConnectTimeout=${target.connectTimeout ?? 10}`);
  if (target.port !== undefined) args.push("-o", `Port=${target.port}`);
  if (target.user) args.push("-o", `User=${target.user}`);
  if (target.privateKeyFile) args.push("-i", target.privateKeyFile);
  if (target.commonArgs) args.push(...shlexSplit(target.commonArgs));
  if (target.extraArgs) args.push(...shlexSplit(target.extraArgs));
  if (target.preferredKex) args.push("-o", `KexAlgorithms=^${target.preferredKex}`);
  args.push("--", target.address, remoteCommand);
  return args;
}

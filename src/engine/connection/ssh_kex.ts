/**
 * The key exchange tachyon prefers. OpenSSH 9 starts with the post-quantum
 * hybrid `sntrup761x25519-sha512`, which costs about 50 ms of CPU per
 * handshake on each side; classical `curve25519-sha256` costs a few. With one
 * handshake per host, that is most of a job's time on many hosts, so tachyon
 * puts curve25519 first (`KexAlgorithms=^…`, which keeps every default behind
 * it) when the local ssh understands that syntax (OpenSSH ≥ 8.2).
 *
 * A user who wants the post-quantum exchange first sets it in
 * `ansible_ssh_common_args` (`-o KexAlgorithms=sntrup761x25519-sha512@openssh.com`),
 * which wins over tachyon's preference.
 *
 * @module
 */

/** The algorithm tachyon puts first. */
export const FAST_KEX = "curve25519-sha256";

let probe: Promise<string | undefined> | undefined;

/**
 * {@linkcode FAST_KEX} when the local `/usr/bin/ssh` accepts `^` lists, else
 * undefined (then ssh's defaults are used). Probed once per process.
 *
 * @example
 * ```ts
 * const kex = await preferredKex(); // "curve25519-sha256" on OpenSSH 9
 * ```
 */
export function preferredKex(): Promise<string | undefined> {
  probe ??= new Deno.Command("/usr/bin/ssh", {
    args: ["-G", "-o", `KexAlgorithms=^${FAST_KEX}`, "tachyon-probe.invalid"],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).output().then((o) => (o.success ? FAST_KEX : undefined), () => undefined);
  return probe;
}

/**
 * `user`'s `generate_ssh_key`, as Ansible 2.14's `ssh_key_gen`,
 * `ssh_key_fingerprint` and `get_ssh_public_key` do it on the target: the
 * key's directory (0700, the user's), `ssh-keygen` without a passphrase
 * unless a key is there (`force` overwrites it, with Ansible's warnings),
 * then the fingerprint and public key in the result. A passphrase would
 * need a terminal or an argv, so `ssh_key_passphrase` is refused by name.
 *
 * @module
 */
import { type ShellOutput, shellQuote } from "./remote_sh.ts";
import type { ModuleResult } from "../types.ts";

/** The key to generate. */
export interface SshKeySpec {
  /** `ssh_key_type` (default `rsa`). */
  readonly type: string;
  /** `ssh_key_bits` (0: ssh-keygen's default). */
  readonly bits: number;
  /** `ssh_key_file`: absolute, or relative to the home (default `.ssh/id_<type>`). */
  readonly file?: string;
  /** `ssh_key_comment` (default `ansible-generated on <target's hostname>`). */
  readonly comment?: string;
  /** Overwrite an existing key (`force`). */
  readonly force: boolean;
}

/**
 * The sh that generates the key of user `name` (in check mode: only what
 * would happen) and prints its path, warnings, fingerprint and public key.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sshKeyScript } from "./user_ssh_key.ts";
 * assert.match(sshKeyScript("deploy", { type: "ed25519", bits: 0, force: false }, false), /ssh-keygen -t ed25519/);
 * ```
 */
export function sshKeyScript(name: string, key: SshKeySpec, check: boolean): string {
  const file = key.file ?? `.ssh/id_${key.type}`;
  const relative = !file.startsWith("/");
  const comment = key.comment === undefined
    ? `"ansible-generated on $(uname -n)"`
    : shellQuote(key.comment);
  const keygen = [
    "ssh-keygen",
    "-t",
    shellQuote(key.type),
    ...(key.bits > 0 ? ["-b", String(key.bits)] : []),
    "-C",
    comment,
    "-f",
    `"$_tk"`,
    "-N",
    "''",
  ].join(" ");
  const warn = (text: string) => `printf 'KW %s\\n' "${text}"`;
  return `_tpw=$(getent passwd ${shellQuote(name)})
_thm=$(echo "$_tpw" | cut -d: -f6); _tid="$(echo "$_tpw" | cut -d: -f3):$(echo "$_tpw" | cut -d: -f4)"
_tk=${relative ? `"$_thm"/${shellQuote(file)}` : shellQuote(file)}
printf 'KF %s\\n' "$_tk"
_tgo=1; _tow=
${
    relative && !check
      ? `if [ ! -e "$_thm" ]; then printf 'KX User %s home directory does not exist\\n' ${
        shellQuote(name)
      }; _tgo=0; fi`
      : ""
  }
if [ $_tgo = 1 ] && [ ! -e "$(dirname -- "$_tk")" ]; then
  ${
    check
      ? `echo 'KC 1'; _tgo=0`
      : `mkdir -m 0700 -- "$(dirname -- "$_tk")" && chown "$_tid" -- "$(dirname -- "$_tk")" || ` +
        `{ printf 'KX Failed to create %s\\n' "$(dirname -- "$_tk")"; _tgo=0; }`
  }
fi
if [ $_tgo = 1 ] && [ -e "$_tk" ]; then
  ${
    key.force ? `${warn('Overwriting existing ssh key private file \\"$_tk\\"')}; _tow=y` : `${
      warn(
        'Found existing ssh key private file \\"$_tk\\", no force, so skipping ssh-keygen generation',
      )
    }; _tgo=0`
  }
fi
if [ $_tgo = 1 ] && [ -e "$_tk.pub" ]; then
  ${
    key.force
      ? `${warn('Overwriting existing ssh key public file \\"$_tk.pub\\"')}${
        check ? "" : `; rm -f -- "$_tk.pub"`
      }`
      : `${
        warn(
          'Found existing ssh key public file \\"$_tk.pub\\", no force, so skipping ssh-keygen generation',
        )
      }; _tgo=0`
  }
fi
if [ $_tgo = 1 ]; then
  ${
    check ? `echo 'KC 1'` : `_to=$(mktemp) && _te=$(mktemp) && {
    if [ -n "$_tow" ]; then printf 'y\\n' | ${keygen} >"$_to" 2>"$_te"; else ${keygen} </dev/null >"$_to" 2>"$_te"; fi
    _tkr=$?; printf 'GR %s\\n' "$_tkr"; _tenc GO "$_to"; _tenc GE "$_te"; rm -f -- "$_to" "$_te"
    if [ "$_tkr" = 0 ]; then chown "$_tid" -- "$_tk" "$_tk.pub"; fi
  }`
  }
fi
if [ -e "$_tk" ]; then
  _to=$(mktemp) && _te=$(mktemp) && { ssh-keygen -l -f "$_tk" </dev/null >"$_to" 2>"$_te"
  printf 'FR %s\\n' "$?"; _tenc FO "$_to"; _tenc FE "$_te"; rm -f -- "$_to" "$_te"; }
fi
if [ -f "$_tk.pub" ]; then _tenc KP "$_tk.pub"; fi
`;
}

/**
 * What {@linkcode sshKeyScript} printed, as Ansible's result keys: a
 * failure, or whether it changed something, its warnings and the
 * `ssh_fingerprint`, `ssh_key_file` and `ssh_public_key` keys.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ShellOutput } from "./remote_sh.ts";
 * import { readSshKey } from "./user_ssh_key.ts";
 * const key = readSshKey(ShellOutput.parse("KF /home/d/.ssh/id_rsa\nKC 1\n"));
 * assert.equal(key.changed, true);
 * ```
 */
export function readSshKey(out: ShellOutput): {
  failure?: string;
  rc?: number;
  changed: boolean;
  warnings: string[];
  keys: ModuleResult;
} {
  const text = (tag: string) => new TextDecoder().decode(out.bytes(tag) ?? new Uint8Array());
  const warnings = [...out.all("KW")];
  const failure = out.first("KX");
  if (failure !== undefined) return { failure, rc: 1, changed: false, warnings, keys: {} };
  const rc = out.first("GR");
  if (rc !== undefined && rc !== "0") {
    return { failure: text("GE"), rc: Number(rc), changed: false, warnings, keys: {} };
  }
  const changed = rc === "0" || out.first("KC") !== undefined;
  const fingerprintRc = out.first("FR");
  const fingerprint = fingerprintRc === undefined
    ? ""
    : (fingerprintRc === "0" ? text("FO") : text("FE")).trim();
  const pub = out.first("KP") === undefined ? null : text("KP").trim();
  return {
    changed,
    warnings,
    keys: { ssh_fingerprint: fingerprint, ssh_key_file: out.first("KF"), ssh_public_key: pub },
  };
}

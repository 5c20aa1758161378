/**
 * Lab hosts, credentials: the users baked into every lab host, one per
 * credential shape an AWX Machine credential can have (key only, password,
 * sudo without and with a password, `su` to root), with fixed test-only
 * secrets. The secrets are distinctive strings, so a test can grep a stream,
 * an artifact or `/proc/<pid>/environ` for them.
 *
 * @module
 */

/** How a lab user may run commands as root. */
export type LabSudo = "none" | "nopasswd" | "password";

/** One user of the lab image. */
export interface LabUser {
  /** Login name (the same on every lab host, absent from this machine). */
  readonly name: string;
  /**
   * Its uid, and the gid of its own group (fixed, far from the ids Debian gives
   * a machine's own users: a lab user's process or file never passes for one
   * of this machine's users, whose uids processes share with the hosts').
   */
  readonly uid: number;
  /** Its password (`undefined`: none; a password login is impossible). */
  readonly password?: string;
  /** Whether the lab key pairs log in as this user. */
  readonly keyLogin: boolean;
  /** Whether sshd accepts its password. */
  readonly passwordLogin: boolean;
  /** How it may `sudo`. */
  readonly sudo: LabSudo;
}

/**
 * Logs in with a lab key only; no password, no sudo.
 *
 * @example
 * ```ts
 * const target = `${KEY_USER.name}@${lab.hosts[0].address}`;
 * ```
 */
export const KEY_USER: LabUser = {
  name: "lab-key",
  uid: 21001,
  keyLogin: true,
  passwordLogin: false,
  sudo: "none",
};

/**
 * Logs in with its password only (no authorized key); no sudo.
 *
 * @example
 * ```ts
 * const args = ["-p", PASSWORD_USER.password!, "ssh", `${PASSWORD_USER.name}@${address}`];
 * ```
 */
export const PASSWORD_USER: LabUser = {
  name: "lab-pass",
  uid: 21002,
  password: "lab-pass-Login-3bq7W",
  keyLogin: false,
  passwordLogin: true,
  sudo: "none",
};

/**
 * A sudoer with `NOPASSWD: ALL`; logs in with a lab key or its password.
 *
 * @example
 * ```ts
 * // ssh … lab-sudo@host sudo -n whoami  → root
 * const user = SUDO_NOPASSWD_USER.name;
 * ```
 */
export const SUDO_NOPASSWD_USER: LabUser = {
  name: "lab-sudo",
  uid: 21003,
  password: "lab-sudo-Pw-8mT2x",
  keyLogin: true,
  passwordLogin: true,
  sudo: "nopasswd",
};

/**
 * A sudoer whose `sudo` asks for its password; logs in with a lab key or that
 * password.
 *
 * @example
 * ```ts
 * // printf '%s\n' "$PW" | sudo -S -p '' whoami  → root
 * const pw = SUDO_PASSWORD_USER.password!;
 * ```
 */
export const SUDO_PASSWORD_USER: LabUser = {
  name: "lab-sudopw",
  uid: 21004,
  password: "lab-sudopw-Pw-5kR9c",
  keyLogin: true,
  passwordLogin: true,
  sudo: "password",
};

/**
 * Root: has a password (for `su`), never logs in over ssh.
 *
 * @example
 * ```ts
 * // printf '%s\n' "$PW" | su -c whoami root  → root
 * const pw = ROOT_USER.password!;
 * ```
 */
export const ROOT_USER: LabUser = {
  name: "root",
  uid: 0,
  password: "lab-root-Pw-2vN6h",
  keyLogin: false,
  passwordLogin: false,
  sudo: "none",
};

/**
 * The passphrase of the lab's passphrase-protected key
 * (`LabHosts.keys.passphrase`).
 *
 * @example
 * ```ts
 * // sshpass -P "passphrase for key" -p KEY_PASSPHRASE ssh -i lab.keys.passphrase …
 * const answer = KEY_PASSPHRASE;
 * ```
 */
export const KEY_PASSPHRASE = "lab-key-Passphrase-7hJ4p";

/**
 * Every lab user, in a fixed order.
 *
 * @example
 * ```ts
 * const secrets = LAB_USERS.flatMap((u) => u.password ?? []).concat(KEY_PASSPHRASE);
 * ```
 */
export const LAB_USERS: readonly LabUser[] = [
  KEY_USER,
  PASSWORD_USER,
  SUDO_NOPASSWD_USER,
  SUDO_PASSWORD_USER,
  ROOT_USER,
];

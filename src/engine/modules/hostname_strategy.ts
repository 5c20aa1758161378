/**
 * How `hostname` reads and sets a target's names: Ansible 2.14's Linux
 * strategies (`systemd` through `hostnamectl`; the `/etc/hostname` file of
 * the Debian family, which leaves the running name alone; `alpine`, the
 * file then `hostname -F`; `redhat`'s `/etc/sysconfig/network`; `openrc`'s
 * `/etc/conf.d/hostname`; `sles`'s `/etc/HOSTNAME`) and the choice Ansible
 * makes without `use`: `systemd` when systemd runs, else by distribution.
 * Pure: the module gathers the facts in one exec and runs the commands
 * chosen here in a second.
 *
 * @module
 */
import { shellQuote } from "./remote_sh.ts";
import { pySplitlines } from "../../python/splitlines.ts";

/** The `use` values, in Ansible's order. */
export const HOSTNAME_USES = [
  "alpine",
  "debian",
  "freebsd",
  "generic",
  "macos",
  "macosx",
  "darwin",
  "openbsd",
  "openrc",
  "redhat",
  "sles",
  "solaris",
  "systemd",
] as const;

/** A `use` value. */
export type HostnameUse = (typeof HOSTNAME_USES)[number];

/** What the first exec found on the target. */
export interface HostnameFacts {
  /** `uname -s`. */
  readonly system: string;
  /** `ID` of os-release (`debian`, `rhel`, …). */
  readonly distribution: string;
  /** `VERSION_ID` of os-release. */
  readonly version: string;
  /** systemctl exists and systemd is the running init. */
  readonly systemd: boolean;
  /** Files' contents by path (absent: not a regular file). */
  readonly files: ReadonlyMap<string, string>;
  /** `hostnamectl --transient status` / `--static status`, when hostnamectl exists. */
  readonly hostnamectl?: {
    readonly transient: CommandOutput;
    readonly static: CommandOutput;
  };
}

/** One command's outcome. */
export interface CommandOutput {
  /** Exit status. */
  readonly rc: number;
  /** Standard output. */
  readonly out: string;
  /** Standard error. */
  readonly err: string;
}

/**
 * The module cannot go on; `msg` is Ansible's text.
 *
 * @example
 * ```ts
 * throw new HostnameError("hostname module cannot be used on platform Linux (Fedora)");
 * ```
 */
export class HostnameError extends Error {
  override name = "HostnameError";
}

/** The program a strategy needs on the target (checked before anything else). */
export type HostnameProgram = "hostnamectl" | "hostname";

/** One strategy: reads the names, and the sh commands that set them. */
export interface HostnameStrategy {
  /** Shown in messages. */
  readonly name: string;
  /** A program it needs (Ansible fails when it is missing). */
  readonly needs?: HostnameProgram;
  /** Set the permanent name before the running one (systemd). */
  readonly permanentFirst: boolean;
  /** The running name. */
  current(facts: HostnameFacts): string;
  /** The name the system boots with. */
  permanent(facts: HostnameFacts): string;
  /** Commands setting the running name (empty: the strategy leaves it). */
  setCurrent(name: string, facts: HostnameFacts): string[];
  /** Commands setting the permanent name. */
  setPermanent(name: string, facts: HostnameFacts): string[];
}

/** Files a strategy may read, for the first exec. */
export const HOSTNAME_FILES = [
  "/etc/hostname",
  "/etc/HOSTNAME",
  "/etc/sysconfig/network",
  "/etc/conf.d/hostname",
] as const;

/** A command's failure, as the module reports it; `_hfail` (module script) prints it. */
function checked(command: string): string {
  return `_hrun ${command}`;
}

function writeFile(path: string, text: string): string {
  return `printf '%s' ${shellQuote(text)} > ${shellQuote(path)} || ` +
    `{ printf 'E failed to update hostname: cannot write %s\\n' ${shellQuote(path)}; exit 0; }`;
}

function fileStrategy(file: string, name = "file"): HostnameStrategy {
  const permanent = (facts: HostnameFacts) => (facts.files.get(file) ?? "").trim();
  return {
    name,
    permanentFirst: false,
    current: permanent,
    permanent,
    setCurrent: () => [],
    setPermanent: (host) => [writeFile(file, `${host}\n`)],
  };
}

const alpine: HostnameStrategy = {
  ...fileStrategy("/etc/hostname", "alpine"),
  needs: "hostname",
  setCurrent: () => [checked(`"$HN" -F /etc/hostname`)],
};

function commandOutput(output: CommandOutput): string {
  if (output.rc !== 0) {
    throw new HostnameError(
      `Command failed rc=${output.rc}, out=${output.out}, err=${output.err}`,
    );
  }
  return output.out.trim();
}

function systemdName(name: string): string {
  if (name.length > 64) {
    throw new HostnameError(
      "name cannot be longer than 64 characters on systemd servers, try a shorter name",
    );
  }
  return shellQuote(name);
}

const systemd: HostnameStrategy = {
  name: "systemd",
  needs: "hostnamectl",
  permanentFirst: true,
  current: (facts) => commandOutput(facts.hostnamectl!.transient),
  permanent: (facts) => commandOutput(facts.hostnamectl!.static),
  setCurrent: (host) => [checked(`"$HC" --transient set-hostname ${systemdName(host)}`)],
  setPermanent: (host) => [checked(`"$HC" --pretty --static set-hostname ${systemdName(host)}`)],
};

const NETWORK_FILE = "/etc/sysconfig/network";

const redhat: HostnameStrategy = {
  name: "redhat",
  permanentFirst: false,
  current: (facts) => redhat.permanent(facts),
  permanent(facts) {
    for (const line of pySplitlines(facts.files.get(NETWORK_FILE) ?? "")) {
      const stripped = line.trim();
      if (!stripped.startsWith("HOSTNAME")) continue;
      const parts = stripped.split("=");
      if (parts.length !== 2) {
        throw new HostnameError(
          `failed to read hostname: too many values to unpack (expected 2)`,
        );
      }
      return parts[1].trim();
    }
    throw new HostnameError(`Unable to locate HOSTNAME entry in ${NETWORK_FILE}`);
  },
  setCurrent: () => [],
  setPermanent(host, facts) {
    const text = facts.files.get(NETWORK_FILE) ?? "";
    const out: string[] = [];
    let found = false;
    for (const line of text.split(/(?<=\n)/).filter((l) => l !== "")) {
      if (line.trim().startsWith("HOSTNAME")) {
        out.push(`HOSTNAME=${host}\n`);
        found = true;
      } else {
        out.push(line);
      }
    }
    if (!found) out.push(`HOSTNAME=${host}\n`);
    return [writeFile(NETWORK_FILE, out.join(""))];
  },
};

const OPENRC_FILE = "/etc/conf.d/hostname";

const openrc: HostnameStrategy = {
  name: "openrc",
  permanentFirst: false,
  current: (facts) => openrc.permanent(facts),
  permanent(facts) {
    const text = facts.files.get(OPENRC_FILE);
    if (text === undefined) return "";
    for (const line of pySplitlines(text)) {
      const stripped = line.trim();
      if (stripped.startsWith("hostname=")) return stripped.slice(10).replace(/^"+|"+$/g, "");
    }
    return "None";
  },
  setCurrent: () => [],
  setPermanent(host, facts) {
    const all = pySplitlines(facts.files.get(OPENRC_FILE) ?? "").map((l) => l.trim());
    const at = all.findIndex((l) => l.startsWith("hostname="));
    if (at >= 0) all[at] = `hostname="${host}"`;
    return [writeFile(OPENRC_FILE, all.join("\n") + "\n")];
  },
};

const generic: HostnameStrategy = {
  name: "generic",
  permanentFirst: false,
  current: (facts) => generic.permanent(facts),
  permanent() {
    throw new HostnameError(
      "MODULE FAILURE: the generic strategy cannot read a permanent hostname " +
        "(Ansible's BaseStrategy raises NotImplementedError)",
    );
  },
  setCurrent: () => [],
  setPermanent: () => [],
};

/** Distributions (os-release `ID`, capitalized as Ansible does) and their strategy. */
const BY_DISTRIBUTION: Readonly<Record<string, HostnameStrategy>> = {
  ...Object.fromEntries(
    [
      "Debian",
      "Kylin",
      "Cumulus-linux",
      "Kali",
      "Parrot",
      "Ubuntu",
      "Linuxmint",
      "Linaro",
      "Devuan",
      "Raspbian",
      "Uos",
      "Deepin",
      "Void",
      "Pop",
      "Neon",
    ].map((d) => [d, fileStrategy("/etc/hostname")]),
  ),
  ...Object.fromEntries(
    [
      "Redhat",
      "Centos",
      "Anolis",
      "Cloudlinuxserver",
      "Cloudlinux",
      "Alinux",
      "Scientific",
      "Oracle",
      "Virtuozzo",
      "Amazon",
      "Altlinux",
      "Eurolinux",
    ].map((d) => [d, redhat]),
  ),
  Gentoo: openrc,
  Alpine: alpine,
};

/** Ansible's `get_distribution()`: the os-release ID, capitalized, with its two renames. */
function distributionName(id: string): string {
  const name = id === "" ? "" : id[0].toUpperCase() + id.slice(1).toLowerCase();
  if (name === "Amzn") return "Amazon";
  if (name === "Rhel") return "Redhat";
  return name || "OtherLinux";
}

/**
 * The strategy for `use` (or Ansible's automatic choice); throws
 * {@linkcode HostnameError} where Ansible cannot set a hostname, or for the
 * BSD, macOS and Solaris strategies, which tachyon does not have yet.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pickStrategy } from "./hostname_strategy.ts";
 * const facts = { system: "Linux", distribution: "debian", version: "12", systemd: false, files: new Map() };
 * assert.equal(pickStrategy(undefined, facts).name, "file");
 * assert.equal(pickStrategy("debian", facts).name, "systemd");
 * ```
 */
export function pickStrategy(use: HostnameUse | undefined, facts: HostnameFacts): HostnameStrategy {
  switch (use) {
    case "alpine":
      return alpine;
    case "debian":
    case "systemd":
      return systemd;
    case "generic":
      return generic;
    case "openrc":
      return openrc;
    case "redhat":
      return redhat;
    case "sles":
      return fileStrategy("/etc/HOSTNAME", "sles");
    case undefined:
      break;
    default:
      throw new HostnameError(
        `tachyon's hostname module does not support use=${use} yet ` +
          `(supported: alpine, debian, generic, openrc, redhat, sles, systemd)`,
      );
  }
  if (facts.system === "Linux" && facts.systemd) return systemd;
  const distribution = distributionName(facts.distribution);
  if (facts.system === "Linux") {
    if (distribution === "Sles") {
      const version = parseFloat(facts.version);
      if (version >= 10 && version <= 12) return fileStrategy("/etc/HOSTNAME", "sles");
    } else if (BY_DISTRIBUTION[distribution]) {
      return BY_DISTRIBUTION[distribution];
    }
    throw new HostnameError(
      `hostname module cannot be used on platform Linux (${distribution})`,
    );
  }
  throw new HostnameError(
    `tachyon's hostname module supports Linux targets only, not ${facts.system} ` +
      `(Ansible's use=freebsd, openbsd, macos and solaris strategies are not there yet)`,
  );
}

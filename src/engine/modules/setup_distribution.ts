/**
 * `setup`'s distribution and lsb facts: `/etc/os-release` (and the release
 * files Ansible reads before it) turned into `distribution*`, `os_family`,
 * and `lsb_release -a` or `/etc/lsb-release` into `lsb`.
 *
 * @module
 */
import type { ProbeOutput } from "./setup_probe.ts";
import type { RawFacts } from "./setup_system.ts";

const DISTRIBUTIONS: Record<string, string> = {
  debian: "Debian",
  ubuntu: "Ubuntu",
  centos: "CentOS",
  rhel: "RedHat",
  fedora: "Fedora",
  alpine: "Alpine",
  rocky: "Rocky",
  almalinux: "AlmaLinux",
  ol: "OracleLinux",
  amzn: "Amazon",
  sles: "SLES",
  sles_sap: "SLES_SAP",
  "opensuse-leap": "openSUSE Leap",
  "opensuse-tumbleweed": "openSUSE Tumbleweed",
  arch: "Archlinux",
  manjaro: "Manjaro",
  gentoo: "Gentoo",
  linuxmint: "Linux Mint",
  kali: "Kali",
  devuan: "Devuan",
  raspbian: "Debian",
  pop: "Pop!_OS",
  clear_linux: "ClearLinux",
  void: "Void",
  nixos: "NixOS",
};

const FAMILIES: Record<string, string[]> = {
  RedHat: [
    "RedHat",
    "RHEL",
    "Fedora",
    "CentOS",
    "Scientific",
    "CloudLinux",
    "OracleLinux",
    "Amazon",
    "Virtuozzo",
    "XenServer",
    "Alibaba",
    "EulerOS",
    "openEuler",
    "AlmaLinux",
    "Rocky",
    "TencentOS",
    "EuroLinux",
  ],
  Debian: ["Ubuntu", "Debian", "Raspbian", "Neon", "Linux Mint", "Devuan", "Kali", "Pop!_OS"],
  Suse: ["SLES", "SLED", "openSUSE", "openSUSE Tumbleweed", "SLES_SAP", "openSUSE Leap"],
  Archlinux: ["Archlinux", "Antergos", "Manjaro"],
  Gentoo: ["Gentoo", "Funtoo"],
  Alpine: ["Alpine"],
  ClearLinux: ["ClearLinux"],
};

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.at(-1) === v[0]) return v.slice(1, -1);
  return v;
}

/** Whether the target's `distro` Python package (which Ansible prefers to its own 1.6) is 1.7 or newer. */
function systemDistroReadsDebianVersion(out: ProbeOutput): boolean {
  return out.section("distrolib").split("\n").some((path) => {
    const m = /distro-(\d+)\.(\d+)/.exec(path);
    return m !== null && (Number(m[1]) > 1 || Number(m[2]) >= 7);
  });
}

/** Which release file Ansible's `process_dist_files` settles on, for the common families. */
function distributionFile(out: ProbeOutput, name: string): RawFacts {
  const file = (path: string, variety: string): RawFacts => ({
    distribution_file_path: path,
    distribution_file_variety: variety,
    distribution_file_parsed: true,
  });
  const redhat = out.file("/etc/redhat-release");
  if (out.file("/etc/centos-release") && name === "CentOS") {
    return file("/etc/centos-release", "CentOS");
  }
  if (redhat !== undefined) {
    const f = file("/etc/redhat-release", "RedHat");
    if (redhat.includes("Red Hat")) f.distribution_file_search_string = "Red Hat";
    return f;
  }
  if (out.file("/etc/alpine-release") !== undefined) return file("/etc/alpine-release", "Alpine");
  const osRelease = out.file("/etc/os-release") ?? "";
  if (/Debian|Raspbian|Ubuntu/.test(osRelease)) return file("/etc/os-release", "Debian");
  return {};
}

/**
 * The distribution collector.
 *
 * @example
 * ```ts
 * distributionFacts(out, "Linux").distribution; // "Debian"
 * ```
 */
export function distributionFacts(out: ProbeOutput, system: string): RawFacts {
  const os: Record<string, string> = {};
  for (const line of out.lines("/etc/os-release")) {
    const eq = line.indexOf("=");
    if (eq > 0) os[line.slice(0, eq)] = unquote(line.slice(eq + 1));
  }
  const id = (os.ID ?? "").toLowerCase();
  let name = DISTRIBUTIONS[id] ?? (os.NAME || system);
  let version = os.VERSION_ID ?? "";
  let release = os.VERSION_CODENAME || os.UBUNTU_CODENAME || "";
  let minor: string | undefined;
  if (id === "debian" || id === "raspbian") {
    const dv = out.file("/etc/debian_version") ?? "";
    // distro >= 1.7 (a system package) reads debian_version; Ansible's bundled 1.6 does not.
    if (/^\d+(\.\d+)*$/.test(dv) && systemDistroReadsDebianVersion(out)) version = dv;
    const m = /(\d+)\.(\d+)/.exec(dv);
    if (m) minor = m[2];
    const pretty = /PRETTY_NAME=[^(]+ \(?([^)]+?)\)/.exec(out.file("/etc/os-release") ?? "");
    if (pretty) release = pretty[1];
  }
  if (id === "alpine") {
    version = out.file("/etc/alpine-release") || version;
    release = "NA";
  }
  if (!release) {
    const paren = /\(([^)]+)\)/.exec(os.VERSION ?? "");
    release = paren ? paren[1] : "NA";
  }
  if (!id) {
    name = system;
    version = "";
    release = "NA";
  }
  let family = name;
  for (const [fam, members] of Object.entries(FAMILIES)) {
    if (members.includes(name)) family = fam;
  }
  const parts = version.split(".");
  if (minor === undefined && parts.length > 1) minor = parts[1];
  const facts: RawFacts = {
    distribution: name,
    distribution_version: version || "NA",
    distribution_major_version: parts[0] || "NA",
    distribution_release: release,
    ...distributionFile(out, name),
    os_family: family,
  };
  if (minor !== undefined) facts.distribution_minor_version = minor;
  return facts;
}

/**
 * The lsb collector (`lsb_release -a`, else `/etc/lsb-release`).
 *
 * @example
 * ```ts
 * lsbFacts(out).lsb; // {} where neither exists
 * ```
 */
export function lsbFacts(out: ProbeOutput): RawFacts {
  const lsb: Record<string, string> = {};
  const bin = out.section("lsbbin");
  if (/^rc=0$/m.test(bin)) {
    for (const line of bin.split("\n")) {
      if (line.length < 1 || !line.includes(":")) continue;
      const value = line.slice(line.indexOf(":") + 1).trim();
      if (line.includes("LSB Version:")) lsb.release = value;
      else if (line.includes("Distributor ID:")) lsb.id = value;
      else if (line.includes("Description:")) lsb.description = value;
      else if (line.includes("Release:")) lsb.release = value;
      else if (line.includes("Codename:")) lsb.codename = value;
    }
  }
  if (Object.keys(lsb).length === 0 && out.exists("/etc/lsb-release")) {
    for (const line of out.lines("/etc/lsb-release")) {
      const value = line.includes("=") ? line.slice(line.indexOf("=") + 1).trim() : "";
      if (line.includes("DISTRIB_ID")) lsb.id = value;
      else if (line.includes("DISTRIB_RELEASE")) lsb.release = value;
      else if (line.includes("DISTRIB_DESCRIPTION")) lsb.description = value;
      else if (line.includes("DISTRIB_CODENAME")) lsb.codename = value;
    }
  }
  if (lsb.release !== undefined) lsb.major_release = lsb.release.split(".")[0];
  for (const [k, v] of Object.entries(lsb)) {
    if (v) lsb[k] = v.replace(/^['"\\]+|['"\\]+$/g, "");
  }
  return { lsb };
}

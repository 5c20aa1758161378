/**
 * `setup`'s system facts from the probe's output, computed as Ansible's
 * collectors compute them: platform, user, env, date_time, python, pkg_mgr,
 * service_mgr, selinux, apparmor, chroot, fips and caps.
 *
 * @module
 */
import type { ProbeOutput } from "./setup_probe.ts";
import { PKG_MGRS } from "./setup_probe.ts";

/**
 * Facts as Ansible names them without the `ansible_` prefix.
 *
 * @example
 * ```ts
 * const facts: RawFacts = { system: "Linux" };
 * ```
 */
export type RawFacts = Record<string, unknown>;

/**
 * Python's `socket.getfqdn()` from the probe: the host name, and the reverse
 * lookup of its first address (`canonical aliases…`); the first name with a
 * dot, else the canonical name; no lookup, the host name.
 */
function pythonGetfqdn(section: string): string {
  const [hostname = "", lookup = ""] = section.split("\n");
  const names = lookup.trim().split(/\s+/).slice(1);
  if (names.length === 0) return hostname.trim();
  return names.find((n) => n.includes(".")) ?? names[0];
}

/**
 * The platform collector: system, kernel, machine, hostnames, bits, machine id.
 *
 * @example
 * ```ts
 * platformFacts(out).system; // "Linux"
 * ```
 */
export function platformFacts(out: ProbeOutput): RawFacts {
  const tokens = out.section("uname").trim().split(/\s+/);
  const [system = "", nodename = "", kernel = ""] = tokens;
  const machine = tokens.length > 4 ? tokens[tokens.length - 1] : "";
  const version = tokens.slice(3, -1).join(" ");
  const f: RawFacts = { system, kernel, kernel_version: version, machine };
  const python = /Python (\d+\.\d+\.\d+)/.exec(out.section("python"))?.[1];
  if (python) f.python_version = python;
  const fqdn = pythonGetfqdn(out.section("fqdn")) || nodename;
  f.fqdn = fqdn;
  f.hostname = nodename.split(".")[0];
  f.nodename = nodename;
  f.domain = fqdn.split(".").slice(1).join(".");
  const bits = out.section("bits").trim() || (/64|s390x/.test(machine) ? "64" : "32");
  f.userspace_bits = bits;
  if (machine === "x86_64") {
    f.architecture = machine;
    f.userspace_architecture = bits === "64" ? "x86_64" : "i386";
  } else if (/^i[3-6]86$/.test(machine)) {
    f.architecture = "i386";
    f.userspace_architecture = bits === "64" ? "x86_64" : "i386";
  } else f.architecture = machine;
  const id = out.file("/var/lib/dbus/machine-id") ?? out.file("/etc/machine-id");
  if (id) f.machine_id = id.split("\n")[0];
  return f;
}

/**
 * The user collector (the login name from `LOGNAME`/`USER`/…, as Python's
 * `getpass.getuser()`; its passwd entry; real and effective ids).
 *
 * @example
 * ```ts
 * userFacts(out).user_id; // "root"
 * ```
 */
export function userFacts(out: ProbeOutput): RawFacts {
  const text = out.section("user");
  const idLine = /^uid=.*$/m.exec(text)?.[0] ?? "";
  const uid = Number(/uid=(\d+)/.exec(idLine)?.[1] ?? 0);
  const gid = Number(/gid=(\d+)/.exec(idLine)?.[1] ?? 0);
  const euid = Number(/euid=(\d+)/.exec(idLine)?.[1] ?? uid);
  const name = /^N (.*)$/m.exec(text)?.[1] ?? "";
  const pw = (/^P (.*)$/m.exec(text)?.[1] ?? "").split(":");
  const loginName = name || pw[0] || /uid=\d+\(([^)]*)\)/.exec(idLine)?.[1] || "";
  return {
    user_id: loginName,
    user_uid: pw.length >= 7 ? Number(pw[2]) : uid,
    user_gid: pw.length >= 7 ? Number(pw[3]) : gid,
    user_gecos: pw[4] ?? "",
    user_dir: pw[5] ?? "",
    user_shell: pw[6] ?? "",
    real_user_id: uid,
    effective_user_id: euid,
    real_group_id: gid,
    effective_group_id: gid,
  };
}

/**
 * The env collector: the environment the facts were gathered in.
 *
 * @example
 * ```ts
 * (envFacts(out).env as Record<string, string>).HOME; // "/root"
 * ```
 */
export function envFacts(out: ProbeOutput): RawFacts {
  const env: Record<string, string> = {};
  for (const line of out.section("env").split("\n")) {
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    env[line.slice(0, eq)] = line.slice(eq + 1).replace(
      /\\(\\|n)/g,
      (_m, c: string) => c === "n" ? "\n" : "\\",
    );
  }
  return { env: Object.fromEntries(Object.entries(env).sort(([a], [b]) => a < b ? -1 : 1)) };
}

/**
 * The date_time collector (local time, UTC ISO forms from the same instant).
 *
 * @example
 * ```ts
 * (dateTimeFacts(out).date_time as Record<string, string>).tz; // "UTC"
 * ```
 */
export function dateTimeFacts(out: ProbeOutput): RawFacts {
  const [year, month, day, hour, minute, second, epoch, tz, tzOffset, weekday, wnum, week, ns] = out
    .section("date").trim().split("|");
  const micro = /^\d{9}$/.test(ns ?? "") ? ns.slice(0, 6) : "000000";
  const utc = new Date(Number(epoch) * 1000).toISOString().slice(0, 19);
  const zones = out.section("tzdst").trim().split("\n").map((l) => l.split("|"))
    .filter((z) => z.length === 2);
  let dst = tz;
  if (zones.length === 2) {
    const [a, b] = zones;
    dst = a[0] === b[0] ? a[0] : Number(a[1]) > Number(b[1]) ? a[0] : b[0];
  }
  return {
    date_time: {
      year,
      month,
      weekday,
      weekday_number: wnum,
      weeknumber: week,
      day,
      hour,
      minute,
      second,
      epoch,
      epoch_int: epoch,
      date: `${year}-${month}-${day}`,
      time: `${hour}:${minute}:${second}`,
      iso8601_micro: `${utc}.${micro}Z`,
      iso8601: `${utc}Z`,
      iso8601_basic: `${year}${month}${day}T${hour}${minute}${second}${micro}`,
      iso8601_basic_short: `${year}${month}${day}T${hour}${minute}${second}`,
      tz,
      tz_dst: dst,
      tz_offset: tzOffset,
    },
  };
}

/**
 * The python collector, for the interpreter Ansible would use there (found
 * and asked its version with `-V`; none found: no fact).
 *
 * @example
 * ```ts
 * (pythonFacts(out).python as Record<string, unknown>).executable; // "/usr/bin/python3"
 * ```
 */
export function pythonFacts(out: ProbeOutput): RawFacts {
  const [executable = "", version = ""] = out.section("python").split("\n");
  const m = /^Python (\d+)\.(\d+)\.(\d+)(?:(a|b|rc)(\d+))?/.exec(version.trim());
  if (!executable || !m) return {};
  const level = { a: "alpha", b: "beta", rc: "candidate" }[m[4] ?? ""] ?? "final";
  const serial = Number(m[5] ?? 0);
  const [major, minor, micro] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return {
    python: {
      version: { major, minor, micro, releaselevel: level, serial },
      version_info: [major, minor, micro, level, serial],
      executable,
      has_sslcontext: major >= 3,
      type: /PyPy/.test(version) ? "pypy" : "cpython",
    },
  };
}

/**
 * The pkg_mgr collector (the last of Ansible's known paths that exists, then
 * the distribution family's default).
 *
 * @example
 * ```ts
 * pkgMgrFacts(out, { os_family: "Debian" }).pkg_mgr; // "apt"
 * ```
 */
export function pkgMgrFacts(out: ProbeOutput, collected: RawFacts): RawFacts {
  let name = "unknown";
  const family = collected.os_family;
  for (const [path, mgr] of PKG_MGRS) {
    if (family === "Altlinux" && path === "/usr/bin/pkg") continue;
    if (out.exists(path)) name = mgr;
  }
  const major = String(collected.distribution_major_version ?? "");
  const has = (mgr: string) => PKG_MGRS.some(([p, n]) => n === mgr && out.exists(p));
  if (family === "RedHat") {
    if (out.exists("/run/ostree-booted")) name = "atomic_container";
    else if (collected.distribution === "Fedora" || collected.distribution === "Amazon") {
      const limit = collected.distribution === "Fedora" ? 23 : 2022;
      const n = Number(major);
      if (!/^\d+$/.test(major)) name = "dnf";
      else if (n < limit) name = has("yum") ? "yum" : name;
      else name = has("dnf") ? "dnf" : name;
    } else name = Number.parseInt(major) < 8 ? "yum" : "dnf";
  } else if (family === "Debian" && name !== "apt") name = "apt";
  else if (family === "Altlinux" && name === "apt") name = "apt_rpm";
  if (name === "apt" && out.section("aptrpm").trim() === "yes") name = "apt_rpm";
  return { pkg_mgr: name };
}

/**
 * The service_mgr collector (pid 1's name, else systemd/upstart/openrc/sysvinit probes).
 *
 * @example
 * ```ts
 * serviceMgrFacts(out, { system: "Linux" }).service_mgr; // "systemd"
 * ```
 */
export function serviceMgrFacts(out: ProbeOutput, collected: RawFacts): RawFacts {
  const svc = out.section("svc");
  let proc1: string | undefined = out.files.has("/proc/1/comm")
    ? (out.files.get("/proc/1/comm") ?? "")
    : undefined;
  const ps = /^ps (.*)$/m.exec(svc)?.[1];
  if (proc1 === undefined && ps !== undefined && ps.trim() && !/^ *[0-9]+ /.test(ps)) proc1 = ps;
  if (proc1 === "COMMAND\n" || proc1?.trim() === "COMMAND") proc1 = undefined;
  const init = /^init (.*)$/m.exec(svc)?.[1];
  if (proc1 === undefined && init !== undefined) proc1 = init;
  if (proc1 !== undefined) proc1 = proc1.split("/").pop()!.trim();
  if (proc1 !== undefined && (proc1 === "init" || proc1.endsWith("sh"))) proc1 = undefined;
  const map: Record<string, string> = {
    procd: "openwrt_init",
    "runit-init": "runit",
    svscan: "svc",
    "openrc-init": "openrc",
  };
  let name: string | undefined;
  const has = (tool: string) => new RegExp(`^${tool}$`, "m").test(svc);
  if (proc1) name = map[proc1] ?? proc1;
  else if (collected.system === "Linux") {
    const systemd = has("systemctl") &&
      ["/run/systemd/system/", "/dev/.run/systemd/", "/dev/.systemd/"].some((p) => out.exists(p));
    if (systemd) name = "systemd";
    else if (has("initctl") && out.exists("/etc/init/")) name = "upstart";
    else if (out.exists("/sbin/openrc")) name = "openrc";
    else if (has("systemctl") && init?.split("/").pop() === "systemd") name = "systemd";
    else if (out.exists("/etc/init.d/")) name = "sysvinit";
  }
  return { service_mgr: name || "service" };
}

/**
 * The selinux collector. Ansible reads SELinux through libselinux (ctypes);
 * where the library is not installed it reports so, and so does this.
 *
 * @example
 * ```ts
 * selinuxFacts(out).selinux; // { status: "disabled" }
 * ```
 */
export function selinuxFacts(out: ProbeOutput): RawFacts {
  if (!out.section("selinuxlib").trim()) {
    return {
      selinux: { status: "Missing selinux Python library" },
      selinux_python_present: false,
    };
  }
  const enforce = out.file("/sys/fs/selinux/enforce");
  if (enforce === undefined) {
    return { selinux: { status: "disabled" }, selinux_python_present: true };
  }
  const modes: Record<string, string> = { "1": "enforcing", "0": "permissive", "-1": "disabled" };
  const config = out.file("/etc/selinux/config") ?? "";
  const setting = (key: string) => new RegExp(`^\\s*${key}\\s*=\\s*(\\S+)`, "m").exec(config)?.[1];
  const configMode = setting("SELINUX");
  const policyvers = Number(out.file("/sys/fs/selinux/policyvers"));
  return {
    selinux: {
      status: "enabled",
      policyvers: Number.isFinite(policyvers) ? policyvers : "unknown",
      config_mode: configMode ?? "unknown",
      mode: modes[enforce] ?? "unknown",
      type: setting("SELINUXTYPE") ?? "unknown",
    },
    selinux_python_present: true,
  };
}

/**
 * The chroot collector (`/` against pid 1's root; without access to it, the
 * root inode against the file system's usual one).
 *
 * @example
 * ```ts
 * chrootFacts(out).is_chroot; // false
 * ```
 */
export function chrootFacts(out: ProbeOutput): RawFacts {
  const lines = out.section("chroot").split("\n");
  if ((/^debian_chroot=(.*)$/.exec(lines[0])?.[1] ?? "") !== "") return { is_chroot: true };
  const [mine, other] = [lines[1] ?? "", lines[2] ?? ""];
  if (/^\d+ \d+$/.test(other)) return { is_chroot: mine !== other };
  const fsType = other.startsWith("fs ") ? other.slice(3) : "";
  const rootIno = fsType.includes("btrfs") ? 256 : fsType.includes("xfs") ? 128 : 2;
  return { is_chroot: Number(mine.split(" ")[1]) !== rootIno };
}

/**
 * The caps collector (`capsh --print`; `N/A` without capsh).
 *
 * @example
 * ```ts
 * capsFacts(out).system_capabilities_enforced; // "N/A"
 * ```
 */
export function capsFacts(out: ProbeOutput): RawFacts {
  const text = out.section("caps");
  const rc = /^rc=(\d+)$/m.exec(text)?.[1];
  if (rc !== "0") return { system_capabilities_enforced: "N/A", system_capabilities: "N/A" };
  let enforced = "NA";
  let caps: string[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("Current:")) continue;
    if (line.split(":")[1].trim() === "=ep") enforced = "False";
    else {
      enforced = "True";
      caps = (line.split("=")[1] ?? "").split(",").map((c) => c.trim());
    }
  }
  return { system_capabilities_enforced: enforced, system_capabilities: caps };
}

/**
 * The apparmor and fips collectors.
 *
 * @example
 * ```ts
 * securityFacts(out, true, true); // { apparmor: { status: "disabled" }, fips: false }
 * ```
 */
export function securityFacts(out: ProbeOutput, apparmor: boolean, fips: boolean): RawFacts {
  const f: RawFacts = {};
  if (apparmor) {
    f.apparmor = {
      status: out.exists("/sys/kernel/security/apparmor") ? "enabled" : "disabled",
    };
  }
  if (fips) f.fips = out.file("/proc/sys/crypto/fips_enabled") === "1";
  return f;
}

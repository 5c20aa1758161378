/**
 * `setup`'s one remote command: a POSIX sh script that prints what each
 * chosen fact collector needs (command outputs, which paths exist, and the
 * contents of many small files read by ONE `head` run), as sections starting
 * with an ASCII record separator, and the parser of that output. No Python on
 * the target: only sh builtins and standard tools, each probed first.
 *
 * @module
 */
import { shellQuote } from "../connection/connection.ts";
import type { CollectorName } from "./setup_subset.ts";

const RS = "\x1e";

/**
 * What the script needs besides the collectors.
 *
 * @example
 * ```ts
 * const options: ProbeOptions = { factPath: "/etc/ansible/facts.d", pythons: ["python3"], timeout: 10 };
 * ```
 */
export interface ProbeOptions {
  /** `fact_path` (local facts dir). */
  readonly factPath: string;
  /** Interpreters to describe as `ansible_python`, first found wins. */
  readonly pythons: readonly string[];
  /** Seconds a mount's `statvfs` may take. */
  readonly timeout: number;
}

/** Files whose contents several collectors read. */
const DMI = "/sys/devices/virtual/dmi/id";
const DMI_FILES = [
  "bios_date",
  "bios_vendor",
  "bios_version",
  "board_asset_tag",
  "board_name",
  "board_serial",
  "board_vendor",
  "board_version",
  "chassis_asset_tag",
  "chassis_serial",
  "chassis_vendor",
  "chassis_version",
  "chassis_type",
  "product_name",
  "product_serial",
  "product_uuid",
  "product_version",
  "product_family",
  "sys_vendor",
].map((f) => `${DMI}/${f}`);

/**
 * Ansible's package managers: path → name, the preferred one last.
 *
 * @example
 * ```ts
 * PKG_MGRS.find(([path]) => path === "/usr/bin/apt-get")?.[1]; // "apt"
 * ```
 */
export const PKG_MGRS: readonly (readonly [string, string])[] = [
  ["/usr/bin/rpm-ostree", "atomic_container"],
  ["/usr/bin/yum", "yum"],
  ["/usr/bin/dnf", "dnf"],
  ["/usr/bin/apt-get", "apt"],
  ["/usr/bin/zypper", "zypper"],
  ["/usr/sbin/urpmi", "urpmi"],
  ["/usr/bin/pacman", "pacman"],
  ["/bin/opkg", "opkg"],
  ["/usr/pkg/bin/pkgin", "pkgin"],
  ["/opt/local/bin/pkgin", "pkgin"],
  ["/opt/tools/bin/pkgin", "pkgin"],
  ["/opt/local/bin/port", "macports"],
  ["/usr/local/bin/brew", "homebrew"],
  ["/opt/homebrew/bin/brew", "homebrew"],
  ["/sbin/apk", "apk"],
  ["/usr/sbin/pkg", "pkgng"],
  ["/usr/sbin/swlist", "swdepot"],
  ["/usr/bin/emerge", "portage"],
  ["/usr/sbin/pkgadd", "svr4pkg"],
  ["/usr/bin/pkg", "pkg5"],
  ["/usr/bin/xbps-install", "xbps"],
  ["/usr/local/sbin/pkg", "pkgng"],
  ["/usr/bin/swupd", "swupd"],
  ["/usr/sbin/sorcery", "sorcery"],
  ["/usr/bin/installp", "installp"],
  ["/QOpenSys/pkgs/bin/yum", "yum"],
];

/**
 * Distribution files Ansible looks at, in its order.
 *
 * @example
 * ```ts
 * DIST_FILES.includes("/etc/os-release"); // true
 * ```
 */
export const DIST_FILES: readonly string[] = [
  "/etc/altlinux-release",
  "/etc/oracle-release",
  "/etc/slackware-version",
  "/etc/centos-release",
  "/etc/redhat-release",
  "/etc/vmware-release",
  "/etc/openwrt_release",
  "/etc/os-release",
  "/etc/system-release",
  "/etc/alpine-release",
  "/etc/arch-release",
  "/etc/SuSE-release",
  "/etc/gentoo-release",
  "/etc/lsb-release",
  "/etc/sourcemage-release",
  "/usr/lib/os-release",
  "/etc/coreos/update.conf",
  "/etc/debian_version",
];

const SSH_KEY_FILES = ["/etc/ssh", "/etc/openssh", "/etc"].flatMap((dir) =>
  ["dsa", "rsa", "ecdsa", "ed25519"].map((algo) => `${dir}/ssh_host_${algo}_key.pub`)
);

const words = (paths: readonly string[]) => paths.map(shellQuote).join(" ");

/** sh helpers: `_s NAME` starts a section, `_e PATH…` lists existing paths, `_w CMD` finds a command. */
const PRELUDE = String.raw`_s() { printf '\036%s\n' "$1"; }
_e() { for _p; do if [ -e "$_p" ] || [ -L "$_p" ]; then printf '%s\n' "$_p"; fi; done; }
_w() { command -v "$1" 2>/dev/null; }
`;

function platformPart(): string {
  return String.raw`_s uname; uname -snrvm
_s fqdn; _h=; read -r _h < /proc/sys/kernel/hostname 2>/dev/null || _h=$(uname -n); printf '%s\n' "$_h"
if _a=$(getent ahosts "$_h" 2>/dev/null) && [ -n "$_a" ]; then getent hosts "@{_a%%[ 	]*}" 2>/dev/null | head -n 1; fi
_s bits; getconf LONG_BIT 2>/dev/null
set -- "$@" /var/lib/dbus/machine-id /etc/machine-id
`.replaceAll("@{", "${");
}

function userPart(): string {
  return String
    .raw`_s user; _n=$LOGNAME; [ -n "$_n" ] || _n=$USER; [ -n "$_n" ] || _n=$LNAME; [ -n "$_n" ] || _n=$USERNAME
id 2>/dev/null
_pw=
[ -n "$_n" ] && _pw=$(getent passwd "$_n" 2>/dev/null || awk -F: -v n="$_n" '$1 == n { print; exit }' /etc/passwd 2>/dev/null)
if [ -n "$_pw" ]; then printf 'N %s\n' "$_n"; else printf 'N \n'; _pw=$(_u=$(id -u); getent passwd "$_u" 2>/dev/null || awk -F: -v u="$_u" '$3 == u { print; exit }' /etc/passwd 2>/dev/null); fi
printf 'P %s\n' "$_pw"
`;
}

function envPart(): string {
  return String
    .raw`_s env; awk 'BEGIN { for (k in ENVIRON) { v = ENVIRON[k]; gsub(/\\/, "\\\\", v); gsub(/\n/, "\\n", v); printf "%s=%s\n", k, v } }' 2>/dev/null
`;
}

function datePart(): string {
  return String.raw`_s date; date '+%Y|%m|%d|%H|%M|%S|%s|%Z|%z|%A|%w|%W|%N'
_s tzdst; date -d @1704067200 '+%Z|%z' 2>/dev/null; date -d @1719792000 '+%Z|%z' 2>/dev/null
`;
}

function pythonPart(pythons: readonly string[]): string {
  return `_s python; for _c in ${words(pythons)}; do if _p=$(command -v "$_c" 2>/dev/null); then ` +
    `printf '%s\\n' "$_p"; "$_p" -V 2>&1 | head -n 1; break; fi; done\n`;
}

function localPart(factPath: string): string {
  return `_fp=${shellQuote(factPath)}\n` +
    String.raw`if [ -d "$_fp" ]; then for _f in "$_fp"/*.fact; do
  [ -e "$_f" ] || continue
  if [ -n "$(find "$_f" -prune -perm -100 2>/dev/null)" ]; then
    _s "LX $_f"; { _le=$("$_f" 2>&1 1>&3 3>&-); _lr=$?; } 3>&1; printf '\036LR\n%s\n%s\n' "$_lr" "$_le"
  else _s "LF $_f"; cat -- "$_f" 2>/dev/null; fi
done; fi
`;
}

function systemPart(collectors: ReadonlySet<CollectorName>, options: ProbeOptions): string {
  const parts: string[] = [];
  const files: string[] = [];
  const exists: string[] = [];
  const has = (c: CollectorName) => collectors.has(c);
  if (has("platform")) parts.push(platformPart());
  if (has("user")) parts.push(userPart());
  if (has("date_time")) parts.push(datePart());
  parts.push(pythonPart(options.pythons));
  if (has("distribution")) {
    files.push(...DIST_FILES);
    exists.push(...DIST_FILES);
    // Which `distro` Python library Ansible would use: the system's (its version) or its own.
    parts.push(String.raw`_s distrolib
for _d in /usr/lib/python3*/*-packages/distro-*-info /usr/lib64/python3*/*-packages/distro-*-info /usr/local/lib/python3*/*-packages/distro-*-info; do [ -e "$_d" ] && echo "$_d"; done
`);
  }
  if (has("lsb")) {
    parts.push(
      `_s lsbbin; if _w lsb_release >/dev/null; then lsb_release -a 2>/dev/null; echo "rc=$?"; fi\n`,
    );
    files.push("/etc/lsb-release");
    exists.push("/etc/lsb-release");
  }
  if (has("pkg_mgr")) {
    exists.push(...PKG_MGRS.map(([path]) => path), "/usr/bin/rpm", "/run/ostree-booted");
    parts.push(
      `_s aptrpm; [ -e /usr/bin/rpm ] && /usr/bin/rpm -q --whatprovides /usr/bin/apt-get >/dev/null 2>&1 && echo yes\n`,
    );
  }
  if (has("service_mgr")) {
    files.push("/proc/1/comm");
    exists.push(
      "/run/systemd/system/",
      "/dev/.run/systemd/",
      "/dev/.systemd/",
      "/etc/init/",
      "/sbin/openrc",
      "/etc/init.d/",
    );
    parts.push(String.raw`_s svc
[ -r /proc/1/comm ] || { printf 'ps '; ps -p 1 -o comm 2>/dev/null | tail -n 1; }
_w systemctl >/dev/null && echo systemctl
_w initctl >/dev/null && echo initctl
[ -L /sbin/init ] && printf 'init %s\n' "$(readlink /sbin/init)"
`);
  }
  if (has("selinux")) {
    files.push("/sys/fs/selinux/enforce", "/sys/fs/selinux/policyvers", "/etc/selinux/config");
    parts.push(String.raw`_s selinuxlib
for _d in /lib/*-linux-gnu* /usr/lib/*-linux-gnu* /lib64 /usr/lib64 /lib /usr/lib; do [ -e "$_d/libselinux.so.1" ] && { echo "$_d/libselinux.so.1"; break; }; done
`);
  }
  if (has("apparmor")) exists.push("/sys/kernel/security/apparmor");
  if (has("chroot")) {
    parts.push(String.raw`_s chroot; printf 'debian_chroot=%s\n' "$debian_chroot"
stat -c '%d %i' / 2>/dev/null; stat -c '%d %i' /proc/1/root/. 2>/dev/null || { printf 'fs '; stat -f -c %T / 2>/dev/null; }
`);
  }
  if (has("fips")) files.push("/proc/sys/crypto/fips_enabled");
  if (has("caps")) {
    parts.push(
      `_s caps; if _w capsh >/dev/null; then capsh --print 2>/dev/null; echo "rc=$?"; fi\n`,
    );
  }
  if (has("cmdline")) files.push("/proc/cmdline");
  if (has("loadavg")) files.push("/proc/loadavg");
  if (has("ssh_pub_keys")) files.push(...SSH_KEY_FILES);
  if (has("dns")) files.push("/etc/resolv.conf");
  if (has("iscsi")) files.push("/etc/iscsi/initiatorname.iscsi");
  if (has("nvme")) files.push("/etc/nvme/hostnqn");
  if (has("fibre_channel_wwn")) parts.push(`set -- "$@" /sys/class/fc_host/*/port_name\n`);
  if (has("local")) parts.push(localPart(options.factPath));
  if (files.length) parts.push(`set -- "$@" ${words(files)}\n`);
  if (exists.length) parts.push(`_s exists; _e ${words(exists)}\n`);
  return parts.join("");
}

function virtualPart(): string {
  return String
    .raw`_s vexists; _e /proc/1/cgroup /proc/1/environ /proc/vz /proc/lve /proc/bc /.dockerenv /.dockerinit /proc/xen /rhev/ /dev/kvm /proc/modules /proc/self/status /proc/cpuinfo
set -- "$@" /proc/1/cgroup /run/systemd/container /proc/xen/capabilities /proc/modules /proc/self/status
_s environ1; [ -r /proc/1/environ ] && { tr '\0' '\n' < /proc/1/environ; } 2>/dev/null
_s dmidecode; if _w dmidecode >/dev/null; then dmidecode -s system-product-name 2>/dev/null; echo "rc=$?"; fi
_s vcpu; grep -E '^(model name|vendor_id|machine)' /proc/cpuinfo 2>/dev/null
if [ -d /rhev/ ]; then _s comms; cat /proc/[0-9]*/comm 2>/dev/null; fi
_s lscpu; if grep -q '^vendor_id.*IBM/S390' /proc/cpuinfo 2>/dev/null && _w lscpu >/dev/null; then lscpu 2>/dev/null; fi
`;
}

function hardwarePart(options: ProbeOptions): string {
  return String.raw`_s cpuinfo
if [ -e /proc/xen ] || [ "$(head -n 1 /sys/hypervisor/type 2>/dev/null)" = xen ]; then echo xen=1; fi
grep -E '^(model name|Processor|vendor_id|cpu|Vendor|processor|physical id|core id|cpu cores|siblings|# processors|ncpus active)[[:space:]]*:' /proc/cpuinfo 2>/dev/null
[ -e /proc/xen ] && grep '^flags' /proc/cpuinfo 2>/dev/null
_s hexists; _e /proc/cpuinfo /proc/meminfo /sys/devices/virtual/dmi/id/product_name /etc/mtab /dev/disk/by-id /dev/disk/by-uuid /dev/disk/by-label /sys/block
set -- "$@" /proc/meminfo /proc/uptime /proc/self/status
_s lspci; _w lspci >/dev/null && lspci -D 2>/dev/null
_s sginq; _w sg_inq
_s dmidecodes; if [ ! -e /sys/devices/virtual/dmi/id/product_name ] && _w dmidecode >/dev/null; then for _k in bios-release-date bios-vendor bios-version baseboard-asset-tag baseboard-product-name baseboard-serial-number baseboard-manufacturer baseboard-version chassis-asset-tag chassis-serial-number chassis-manufacturer chassis-version chassis-type system-product-name system-serial-number system-uuid system-version system-manufacturer; do printf '\036DMI %s\n' "$_k"; dmidecode -s "$_k" 2>/dev/null || echo "rc=fail"; done; fi
_s blocks; ls -l /sys/block 2>/dev/null
_s disklinks; ls -l /dev/disk/by-id /dev/disk/by-uuid /dev/disk/by-label 2>/dev/null
_s slaves; for _x in /sys/block/*/slaves/*; do [ -e "$_x" ] || [ -L "$_x" ] && echo "$_x"; done
_s blockdirs
for _b in /sys/block/*; do
  [ -e "$_b" ] || continue
  for _x in "$_b"/*; do echo "$_x"; done
  for _x in "$_b"/holders/* "$_b"/*/holders/*; do [ -e "$_x" ] && echo "$_x"; done
  set -- "$@" "$_b"/device/vendor "$_b"/device/model "$_b"/device/sas_address "$_b"/device/sas_device_handle "$_b"/device/serial "$_b"/removable "$_b"/queue/discard_granularity "$_b"/queue/rotational "$_b"/queue/scheduler "$_b"/size "$_b"/queue/logical_block_size "$_b"/queue/hw_sector_size "$_b"/holders/dm-*/dm/name "$_b"/*/start "$_b"/*/size "$_b"/*/queue/logical_block_size "$_b"/*/queue/hw_sector_size "$_b"/*/holders/dm-*/dm/name
done
_sg=$(_w sg_inq); if [ -n "$_sg" ]; then for _b in /sys/block/*; do printf '\036SG %s\n' "@{_b##*/}"; "$_sg" "/dev/@{_b##*/}" 2>/dev/null; done; fi
_s lvm; if _w vgs >/dev/null && [ "$(id -u)" = 0 ]; then
  printf '\036VGS\n'; vgs --noheadings --nosuffix --units g --separator , 2>/dev/null
  printf '\036LVS\n'; lvs --noheadings --nosuffix --units g --separator , 2>/dev/null
  printf '\036PVS\n'; pvs --noheadings --nosuffix --units g --separator , 2>/dev/null
  printf '\036DMS\n'; for _d in $(pvs --noheadings -o pv_name 2>/dev/null); do case $_d in /dev/dm-*) printf '%s %s\n' "$_d" "$(dmsetup info -C --noheadings -o name "$_d" 2>/dev/null)";; esac; done
fi
_s findmnt; _w findmnt >/dev/null && findmnt --list --noheadings --notruncate 2>/dev/null
_s lsblk; _w lsblk >/dev/null && lsblk --list --noheadings --paths --output NAME,UUID --exclude 2 2>/dev/null
_mt=/etc/mtab; [ -e "$_mt" ] || _mt=/proc/mounts
_s mtab; cat "$_mt" 2>/dev/null
_s statvfs; (
  set --
  while read -r _dev _mnt _fs _rest; do
    case $_dev in /*|\\*|*:/*) ;; *) continue;; esac
    [ "$_fs" = none ] && continue
    case $_mnt in *\\*) _mnt=$(printf '%b' "$_mnt");; esac
    set -- "$@" "$_mnt"
  done < "$_mt"
  [ $# -gt 0 ] || exit 0
  _to=; _w timeout >/dev/null && _to="timeout ${options.timeout}"
  $_to stat -f -c '%S %s %b %a %c %d %n' -- "$@" 2>/dev/null
  [ $? = 124 ] && [ -n "$_to" ] && echo timeout
)
_s udevadm; if _w udevadm >/dev/null; then
  while read -r _dev _rest; do
    case $_dev in /*) printf '\036UD %s\n' "$_dev"; udevadm info --query property --name "$_dev" 2>/dev/null | grep '^ID_FS_UUID=';; esac
  done < "$_mt"
fi
`.replaceAll("@{", "${");
}

function networkPart(): string {
  return String.raw`_s route4; ip -4 route get 8.8.8.8 2>/dev/null
_s route6; ip -6 route get 2404:6800:400a:800::1012 2>/dev/null
_s ipcmd; _w ip
_s netorder; ls -f /sys/class/net 2>/dev/null || ls -a /sys/class/net 2>/dev/null
_s netexists
for _i in /sys/class/net/*; do
  [ -d "$_i" ] || continue
  echo "$_i"
  _e "$_i"/address "$_i"/mtu "$_i"/operstate "$_i"/device/driver/module "$_i"/type "$_i"/bridge "$_i"/bridge/bridge_id "$_i"/bridge/stp_state "$_i"/bonding "$_i"/bonding_slave "$_i"/device "$_i"/speed "$_i"/flags "$_i"/bonding/all_slaves_active
  for _x in "$_i"/brif/*; do [ -e "$_x" ] && echo "$_x"; done
  set -- "$@" "$_i"/address "$_i"/mtu "$_i"/operstate "$_i"/type "$_i"/bridge/bridge_id "$_i"/bridge/stp_state "$_i"/bonding/slaves "$_i"/bonding/mode "$_i"/bonding/miimon "$_i"/bonding/lacp_rate "$_i"/bonding/primary "$_i"/bonding/all_slaves_active "$_i"/bonding_slave/perm_hwaddr "$_i"/speed "$_i"/flags
done
_s ndev
for _i in /sys/class/net/*; do
  [ -e "$_i"/device ] && printf '%s|%s|%s\n' "@{_i##*/}" "$(readlink "$_i"/device 2>/dev/null)" "$(readlink -f "$_i"/device/driver/module 2>/dev/null)"
done
_s addrprimary; ip addr show primary 2>/dev/null || { echo "rc=fail"; ip addr show 2>/dev/null; }
_s addrsecondary; ip addr show secondary 2>/dev/null
if _w ethtool >/dev/null; then for _i in /sys/class/net/*; do
  printf '\036ETHK %s\n' "@{_i##*/}"; ethtool -k "@{_i##*/}" 2>/dev/null || echo "rc=fail"
  printf '\036ETHT %s\n' "@{_i##*/}"; ethtool -T "@{_i##*/}" 2>/dev/null || echo "rc=fail"
done; fi
`.replaceAll("@{", "${");
}

/**
 * The script gathering the raw data of `collectors`.
 *
 * @example
 * ```ts
 * const script = probeScript(new Set(["platform", "network"]), {
 *   factPath: "/etc/ansible/facts.d",
 *   pythons: ["/usr/bin/python3"],
 *   timeout: 10,
 * });
 * ```
 */
export function probeScript(
  collectors: ReadonlySet<CollectorName>,
  options: ProbeOptions,
): string {
  const parts = [PRELUDE, "set --\n"];
  // The environment first: what follows widens PATH the way Ansible's get_bin_path searches.
  if (collectors.has("env")) parts.push(envPart());
  parts.push(`PATH="$PATH:/sbin:/usr/sbin:/usr/local/sbin"\n`);
  parts.push(systemPart(collectors, options));
  if (collectors.has("virtual") || collectors.has("hardware")) {
    parts.push(`set -- "$@" ${words(DMI_FILES)} /sys/hypervisor/type\n`);
  }
  if (collectors.has("virtual")) parts.push(virtualPart());
  if (collectors.has("hardware")) parts.push(hardwarePart(options));
  if (collectors.has("network")) parts.push(networkPart());
  parts.push(`_s head; [ $# -gt 0 ] && head -c 1048576 -- /dev/null "$@" 2>/dev/null\n`);
  parts.push("_s end\ntrue\n");
  return parts.join("");
}

/**
 * What the probe script printed: sections by name, file contents (from the
 * one `head` run) and the paths found to exist.
 *
 * @example
 * ```ts
 * const out = ProbeOutput.parse("\x1euname\nLinux web1 6.1.0 #1 SMP x86_64\n");
 * out.section("uname"); // "Linux web1 6.1.0 #1 SMP x86_64\n"
 * ```
 */
export class ProbeOutput {
  /** Section contents by name (the first of a name; `all` for every one). */
  readonly sections: ReadonlyMap<string, readonly string[]>;
  /** File contents by path, as read (not stripped). */
  readonly files: ReadonlyMap<string, string>;
  /** Paths that exist. */
  readonly existing: ReadonlySet<string>;

  /** Wraps parsed parts. */
  constructor(
    sections: Map<string, string[]>,
    files: Map<string, string>,
    existing: Set<string>,
  ) {
    this.sections = sections;
    this.files = files;
    this.existing = existing;
  }

  /** Parses the script's stdout. */
  static parse(stdout: string): ProbeOutput {
    const sections = new Map<string, string[]>();
    for (const chunk of stdout.split(RS).slice(1)) {
      const nl = chunk.indexOf("\n");
      const name = nl < 0 ? chunk : chunk.slice(0, nl);
      const body = nl < 0 ? "" : chunk.slice(nl + 1);
      const list = sections.get(name) ?? [];
      list.push(body);
      sections.set(name, list);
    }
    const files = new Map<string, string>();
    const head = sections.get("head")?.[0] ?? "";
    const header = /(?:^|\n)==> (.*) <==\n/g;
    let last: { path: string; start: number } | undefined;
    for (const m of head.matchAll(header)) {
      if (last) files.set(last.path, head.slice(last.start, m.index));
      last = { path: m[1], start: m.index + m[0].length };
    }
    if (last) files.set(last.path, head.slice(last.start));
    files.delete("/dev/null");
    const existing = new Set<string>();
    for (const name of ["exists", "vexists", "hexists", "netexists"]) {
      for (const body of sections.get(name) ?? []) {
        for (const line of body.split("\n")) if (line) existing.add(line);
      }
    }
    return new ProbeOutput(sections, files, existing);
  }

  /** The first section called `name` (empty when absent). */
  section(name: string): string {
    return this.sections.get(name)?.[0] ?? "";
  }

  /** Whether a section called `name` was printed. */
  hasSection(name: string): boolean {
    return this.sections.has(name);
  }

  /**
   * A file's content as Ansible's `get_file_content` returns it: stripped,
   * `undefined` when unreadable or empty.
   */
  file(path: string): string | undefined {
    const text = this.files.get(path);
    if (text === undefined) return undefined;
    const stripped = text.trim();
    return stripped === "" ? undefined : stripped;
  }

  /** Lines of a file (Ansible's `get_file_lines`). */
  lines(path: string): string[] {
    return this.file(path)?.split(/\r?\n/) ?? [];
  }

  /** Whether `path` exists (a trailing `/` as given to the script). */
  exists(path: string): boolean {
    return this.existing.has(path);
  }
}

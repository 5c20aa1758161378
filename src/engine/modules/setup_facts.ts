/**
 * The facts `setup` gathers: one POSIX sh script prints raw data (os-release,
 * uname, /proc, ip, id, env, date), and {@linkcode buildFacts} turns it into
 * Ansible's `ansible_*` facts.
 *
 * @module
 */
import type { ShellOutput } from "./remote_sh.ts";

/** Which groups of facts to gather besides the minimal ones. */
export interface FactGroups {
  /** CPUs and memory. */
  readonly hardware: boolean;
  /** Default IPv4 route, addresses, interfaces. */
  readonly network: boolean;
}

/**
 * The sh script that prints the raw data (tagged lines).
 *
 * @example
 * ```ts
 * const script = factsScript({ hardware: true, network: true });
 * ```
 */
export function factsScript(groups: FactGroups): string {
  const lines = [
    `printf 'US %s\\n' "$(uname -s)"; printf 'UR %s\\n' "$(uname -r)"`,
    `printf 'UV %s\\n' "$(uname -v)"; printf 'UM %s\\n' "$(uname -m)"; printf 'UN %s\\n' "$(uname -n)"`,
    `printf 'FQ %s\\n' "$(hostname -f 2>/dev/null || hostname 2>/dev/null || uname -n)"`,
    `[ -r /etc/os-release ] && sed 's/^/OS /' /etc/os-release`,
    `[ -r /etc/debian_version ] && printf 'DV %s\\n' "$(cat /etc/debian_version)"`,
    `[ -r /etc/alpine-release ] && printf 'AV %s\\n' "$(cat /etc/alpine-release)"`,
    `[ -r /etc/machine-id ] && printf 'MID %s\\n' "$(cat /etc/machine-id)"`,
    `printf 'ID %s %s %s %s\\n' "$(id -u)" "$(id -g)" "$(id -un)" "$(id -gn)"`,
    `printf 'HOME %s\\n' "$HOME"`,
    `awk -F: -v u="$(id -un)" '$1 == u { printf "PW %s|%s|%s\\n", $7, $5, $6; exit }' /etc/passwd 2>/dev/null`,
    `awk 'BEGIN { for (k in ENVIRON) { v = ENVIRON[k]; gsub(/\\n/, "\\001", v); printf "ENV %s=%s\\n", k, v } }'`,
    `printf 'DT %s\\n' "$(date '+%Y|%m|%d|%H|%M|%S|%s|%Z|%z|%A|%w|%W|%j')"`,
    `printf 'DU %s\\n' "$(date -u '+%Y-%m-%dT%H:%M:%S')"`,
    `printf 'NS %s\\n' "$(date '+%N' 2>/dev/null)"`,
    `for c in python3 python /usr/libexec/platform-python; do command -v "$c" >/dev/null 2>&1 && { printf 'PY %s\\n' "$(command -v "$c")"; break; }; done`,
    `for c in apt-get dnf yum apk zypper pacman emerge pkg; do command -v "$c" >/dev/null 2>&1 && { printf 'PKG %s\\n' "$c"; break; }; done`,
    `if [ -d /run/systemd/system ]; then echo 'SVC systemd'; else printf 'SVC %s\\n' "$(cat /proc/1/comm 2>/dev/null)"; fi`,
    `command -v openrc >/dev/null 2>&1 && echo 'OPENRC 1'`,
    `[ -d /sys/fs/selinux ] && printf 'SEL %s\\n' "$(cat /sys/fs/selinux/enforce 2>/dev/null)"`,
    `[ -d /sys/kernel/security/apparmor ] && echo 'AA 1'`,
    `[ "$(cat /proc/sys/crypto/fips_enabled 2>/dev/null)" = 1 ] && echo 'FIPS 1'`,
    `printf 'BITS %s\\n' "$(getconf LONG_BIT 2>/dev/null)"`,
    `[ -r /proc/uptime ] && printf 'UP %s\\n' "$(cut -d' ' -f1 /proc/uptime)"`,
  ];
  if (groups.hardware) {
    lines.push(
      `printf 'NP %s\\n' "$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null)"`,
      `[ -r /proc/cpuinfo ] && grep -E '^(processor|physical id|cpu cores|siblings|model name|vendor_id)[[:space:]]*:' /proc/cpuinfo | sed 's/^/CPU /'`,
      `[ -r /proc/meminfo ] && grep -E '^(MemTotal|MemFree|SwapTotal|SwapFree):' /proc/meminfo | sed 's/^/MEM /'`,
    );
  }
  if (groups.network) {
    lines.push([
      `if command -v ip >/dev/null 2>&1; then`,
      `  r=$(ip -4 route get 8.8.8.8 2>/dev/null | head -n 1)`,
      `  [ -n "$r" ] || r=$(ip -4 route show default 2>/dev/null | head -n 1)`,
      `  printf 'IPR %s\\n' "$r"`,
      `  dev=$(printf '%s\\n' "$r" | sed -n 's/.* dev \\([^ ]*\\).*/\\1/p')`,
      `  if [ -n "$dev" ]; then`,
      `    printf 'IPA %s\\n' "$(ip -4 -o addr show dev "$dev" 2>/dev/null | head -n 1)"`,
      `    printf 'MAC %s\\n' "$(cat "/sys/class/net/$dev/address" 2>/dev/null)"`,
      `    printf 'MTU %s\\n' "$(cat "/sys/class/net/$dev/mtu" 2>/dev/null)"`,
      `  fi`,
      `  ip -4 -o addr show 2>/dev/null | awk '{ print "ALL4 " $2 " " $4 }'`,
      // Ansible lists addresses interface by interface, in /sys/class/net's directory order.
      `  ls -f /sys/class/net 2>/dev/null | sed 's/^/NET /'`,
      `fi`,
    ].join("\n"));
    lines.push(
      `[ -d /sys/class/net ] && for i in /sys/class/net/*; do printf 'IF %s\\n' "\${i##*/}"; done`,
    );
  }
  return lines.map((l) => `{ ${l}; } 2>/dev/null`).join("\n") + "\ntrue\n";
}

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

function prefixToNetmask(prefix: number): string {
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((s) => (mask >>> s) & 0xff).join(".");
}

function ipToInt(ip: string): number {
  return ip.split(".").reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 0xff).join(".");
}

/**
 * Builds the `ansible_*` facts from the script's output.
 *
 * @example
 * ```ts
 * const facts = buildFacts(out, { hardware: true, network: true });
 * facts.ansible_distribution; // "Debian"
 * ```
 */
export function buildFacts(out: ShellOutput, groups: FactGroups): Record<string, unknown> {
  const f: Record<string, unknown> = {};
  const one = (tag: string) => out.first(tag)?.trim() ?? "";
  const machine = one("UM");
  f.ansible_system = one("US");
  f.ansible_kernel = one("UR");
  f.ansible_kernel_version = one("UV");
  f.ansible_machine = machine;
  f.ansible_architecture = /^i[3-6]86$/.test(machine) ? "i386" : machine;
  const nodename = one("UN");
  f.ansible_nodename = nodename;
  f.ansible_hostname = nodename.split(".")[0];
  const fqdn = one("FQ") || nodename;
  f.ansible_fqdn = fqdn;
  f.ansible_domain = fqdn.includes(".") ? fqdn.slice(fqdn.indexOf(".") + 1) : "";
  Object.assign(f, distributionFacts(out, f.ansible_system as string));
  const [uid = "0", gid = "0", user = ""] = one("ID").split(" ");
  const [shell = "", gecos = "", home = ""] = one("PW").split("|");
  f.ansible_user_id = user;
  f.ansible_user_uid = Number(uid);
  f.ansible_user_gid = Number(gid);
  f.ansible_user_gecos = gecos;
  f.ansible_user_dir = home || one("HOME");
  f.ansible_user_shell = shell;
  f.ansible_real_user_id = Number(uid);
  f.ansible_effective_user_id = Number(uid);
  f.ansible_real_group_id = Number(gid);
  f.ansible_effective_group_id = Number(gid);
  const env: Record<string, string> = {};
  for (const line of out.all("ENV")) {
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    env[line.slice(0, eq)] = line.slice(eq + 1).replaceAll("\x01", "\n");
  }
  f.ansible_env = Object.fromEntries(Object.entries(env).sort(([a], [b]) => a < b ? -1 : 1));
  f.ansible_date_time = dateTime(out);
  const python = one("PY");
  if (python) f.ansible_python = { executable: python };
  const pkg = one("PKG");
  if (pkg) f.ansible_pkg_mgr = pkg === "apt-get" ? "apt" : pkg === "emerge" ? "portage" : pkg;
  else f.ansible_pkg_mgr = "unknown";
  const svc = one("SVC");
  f.ansible_service_mgr = svc === "init" && out.first("OPENRC")
    ? "openrc"
    : svc === "init"
    ? "sysvinit"
    : svc || "service";
  const sel = out.first("SEL");
  f.ansible_selinux = sel === undefined
    ? { status: "disabled" }
    : { status: "enabled", mode: sel.trim() === "1" ? "enforcing" : "permissive" };
  f.ansible_apparmor = { status: out.first("AA") ? "enabled" : "disabled" };
  f.ansible_fips = out.first("FIPS") !== undefined;
  f.ansible_userspace_bits = one("BITS") || (/64|s390x/.test(machine) ? "64" : "32");
  const mid = one("MID");
  if (mid) f.ansible_machine_id = mid;
  const up = Number(one("UP"));
  if (one("UP")) f.ansible_uptime_seconds = Math.floor(up);
  if (groups.hardware) Object.assign(f, hardwareFacts(out));
  if (groups.network) Object.assign(f, networkFacts(out));
  return f;
}

function distributionFacts(out: ShellOutput, system: string): Record<string, unknown> {
  const os: Record<string, string> = {};
  for (const line of out.all("OS")) {
    const eq = line.indexOf("=");
    if (eq > 0) os[line.slice(0, eq)] = unquote(line.slice(eq + 1));
  }
  const id = (os.ID ?? "").toLowerCase();
  let name = DISTRIBUTIONS[id] ?? (os.NAME || system);
  let version = os.VERSION_ID ?? "";
  let release = os.VERSION_CODENAME || os.UBUNTU_CODENAME || "";
  if (id === "debian" || id === "raspbian") {
    const dv = out.first("DV")?.trim() ?? "";
    if (/^\d+(\.\d+)*$/.test(dv)) version = dv;
  }
  if (id === "alpine") {
    version = out.first("AV")?.trim() || version;
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
  const facts: Record<string, unknown> = {
    ansible_distribution: name,
    ansible_distribution_version: version || "NA",
    ansible_distribution_major_version: parts[0] || "NA",
    ansible_distribution_release: release,
    ansible_os_family: family,
  };
  if (parts.length > 1) facts.ansible_distribution_minor_version = parts[1];
  return facts;
}

function dateTime(out: ShellOutput): Record<string, string> {
  const [year, month, day, hour, minute, second, epoch, tz, tzOffset, weekday, wnum, week] =
    (out.first("DT") ?? "").split("|");
  const [iso] = (out.first("DU") ?? "").split("|");
  const ns = out.first("NS")?.trim() ?? "";
  const micro = /^\d{9}$/.test(ns) ? ns.slice(0, 6) : "000000";
  return {
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
    iso8601_micro: `${iso}.${micro}Z`,
    iso8601: `${iso}Z`,
    iso8601_basic: `${year}${month}${day}T${hour}${minute}${second}${micro}`,
    iso8601_basic_short: `${year}${month}${day}T${hour}${minute}${second}`,
    tz,
    tz_dst: tz,
    tz_offset: tzOffset,
  };
}

function hardwareFacts(out: ShellOutput): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  const cpu = out.all("CPU").map((l) => {
    const colon = l.indexOf(":");
    return [l.slice(0, colon).trim(), l.slice(colon + 1).trim()] as const;
  });
  const processors: string[] = [];
  const physical = new Set<string>();
  let cores = 0;
  let siblings = 0;
  let index = -1;
  let vendor = "";
  for (const [key, value] of cpu) {
    if (key === "processor") {
      index++;
      processors.push(String(index));
    } else if (key === "vendor_id") {
      vendor = value;
      processors.push(value);
    } else if (key === "model name") {
      if (!vendor) processors.push(String(index));
      processors.push(value);
      vendor = "";
    } else if (key === "physical id") physical.add(value);
    else if (key === "cpu cores") cores = Number(value);
    else if (key === "siblings") siblings = Number(value);
  }
  const nproc = Number(out.first("NP")?.trim() || index + 1);
  let count: number;
  let coresPer: number;
  let threads: number;
  if (physical.size > 0 && cores > 0) {
    count = physical.size;
    coresPer = cores;
    threads = siblings > 0 ? Math.max(1, Math.floor(siblings / cores)) : 1;
  } else {
    count = Math.max(index + 1, 1);
    coresPer = 1;
    threads = 1;
  }
  facts.ansible_processor = processors;
  facts.ansible_processor_count = count;
  facts.ansible_processor_cores = coresPer;
  facts.ansible_processor_threads_per_core = threads;
  facts.ansible_processor_vcpus = threads * coresPer * count;
  facts.ansible_processor_nproc = nproc;
  const mem: Record<string, number> = {};
  for (const line of out.all("MEM")) {
    const m = /^(\w+):\s+(\d+)/.exec(line);
    if (m) mem[m[1]] = Math.floor(Number(m[2]) / 1024);
  }
  if (mem.MemTotal !== undefined) facts.ansible_memtotal_mb = mem.MemTotal;
  if (mem.MemFree !== undefined) facts.ansible_memfree_mb = mem.MemFree;
  if (mem.SwapTotal !== undefined) facts.ansible_swaptotal_mb = mem.SwapTotal;
  if (mem.SwapFree !== undefined) facts.ansible_swapfree_mb = mem.SwapFree;
  return facts;
}

function networkFacts(out: ShellOutput): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  const route = out.first("IPR") ?? "";
  const dev = / dev (\S+)/.exec(route)?.[1];
  const def: Record<string, unknown> = {};
  if (dev) {
    const gateway = / via (\S+)/.exec(route)?.[1];
    const addr = / inet (\d+\.\d+\.\d+\.\d+)\/(\d+)(?: brd (\S+))?/.exec(out.first("IPA") ?? "");
    const src = / src (\S+)/.exec(route)?.[1];
    def.address = addr?.[1] ?? src ?? "";
    def.alias = dev;
    if (addr?.[3]) def.broadcast = addr[3];
    if (gateway) def.gateway = gateway;
    def.interface = dev;
    const mac = out.first("MAC")?.trim();
    if (mac) def.macaddress = mac;
    const mtu = Number(out.first("MTU")?.trim());
    if (mtu) def.mtu = mtu;
    if (addr) {
      const prefix = Number(addr[2]);
      const netmask = prefixToNetmask(prefix);
      def.netmask = netmask;
      def.network = intToIp((ipToInt(addr[1]) & ipToInt(netmask)) >>> 0);
      def.prefix = String(prefix);
    }
    def.type = mac ? "ether" : "unknown";
  }
  facts.ansible_default_ipv4 = def;
  const order = out.all("NET");
  const rank = (dev: string) => order.includes(dev) ? order.indexOf(dev) : order.length;
  facts.ansible_all_ipv4_addresses = out.all("ALL4")
    .map((line) => line.split(" "))
    .map(([dev, cidr], at) => ({ rank: rank(dev), at, address: (cidr ?? "").split("/")[0] }))
    .sort((a, b) => a.rank - b.rank || a.at - b.at)
    .map((a) => a.address)
    .filter((a) => a !== "" && !a.startsWith("127."));
  const interfaces = out.all("IF").filter((i) => i !== "*");
  if (interfaces.length > 0) facts.ansible_interfaces = interfaces;
  return facts;
}

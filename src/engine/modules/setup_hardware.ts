/**
 * `setup`'s hardware facts from the probe's output, computed as Ansible's
 * `LinuxHardware` computes them: processors, memory, DMI, block devices and
 * their links, uptime, LVM and mounts.
 *
 * @module
 */
import type { ProbeOutput } from "./setup_probe.ts";
import type { RawFacts } from "./setup_system.ts";

const DMI = "/sys/devices/virtual/dmi/id";

const FORM_FACTOR = [
  "Unknown",
  "Other",
  "Unknown",
  "Desktop",
  "Low Profile Desktop",
  "Pizza Box",
  "Mini Tower",
  "Tower",
  "Portable",
  "Laptop",
  "Notebook",
  "Hand Held",
  "Docking Station",
  "All In One",
  "Sub Notebook",
  "Space-saving",
  "Lunch Box",
  "Main Server Chassis",
  "Expansion Chassis",
  "Sub Chassis",
  "Bus Expansion Chassis",
  "Peripheral Chassis",
  "RAID Chassis",
  "Rack Mount Chassis",
  "Sealed-case PC",
  "Multi-system",
  "CompactPCI",
  "AdvancedTCA",
  "Blade",
  "Blade Enclosure",
  "Tablet",
  "Convertible",
  "Detachable",
  "IoT Gateway",
  "Embedded PC",
  "Mini PC",
  "Stick PC",
];

const DMI_KEYS: readonly (readonly [string, string, string])[] = [
  ["bios_date", "bios_date", "bios-release-date"],
  ["bios_vendor", "bios_vendor", "bios-vendor"],
  ["bios_version", "bios_version", "bios-version"],
  ["board_asset_tag", "board_asset_tag", "baseboard-asset-tag"],
  ["board_name", "board_name", "baseboard-product-name"],
  ["board_serial", "board_serial", "baseboard-serial-number"],
  ["board_vendor", "board_vendor", "baseboard-manufacturer"],
  ["board_version", "board_version", "baseboard-version"],
  ["chassis_asset_tag", "chassis_asset_tag", "chassis-asset-tag"],
  ["chassis_serial", "chassis_serial", "chassis-serial-number"],
  ["chassis_vendor", "chassis_vendor", "chassis-manufacturer"],
  ["chassis_version", "chassis_version", "chassis-version"],
  ["form_factor", "chassis_type", "chassis-type"],
  ["product_name", "product_name", "system-product-name"],
  ["product_serial", "product_serial", "system-serial-number"],
  ["product_uuid", "product_uuid", "system-uuid"],
  ["product_version", "product_version", "system-version"],
  ["system_vendor", "sys_vendor", "system-manufacturer"],
];

/** Python's `int(x)` of a decimal string, or NaN. */
function pyInt(text: string): number {
  return /^\s*[-+]?\d+\s*$/.test(text) ? Number.parseInt(text, 10) : Number.NaN;
}

function cpuFacts(out: ProbeOutput, collected: RawFacts): RawFacts {
  if (!out.exists("/proc/cpuinfo")) return {};
  const text = out.section("cpuinfo");
  const xen = /^xen=1$/m.test(text);
  let xenParavirt = false;
  const f: RawFacts = {};
  const processor: string[] = [];
  let i = 0;
  let vendorCount = 0;
  let modelCount = 0;
  let processorCount = 0;
  let physid = "0";
  let coreid = "0";
  const sockets = new Map<string, number>();
  const cores = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "xen=1" || line === "") continue;
    const colon = line.indexOf(":");
    const key = (colon < 0 ? line : line.slice(0, colon)).trim();
    const val = colon < 0 ? "" : line.slice(colon + 1).trim();
    if (xen && key === "flags" && !val.split(/\s+/).includes("vme")) xenParavirt = true;
    if (["model name", "Processor", "vendor_id", "cpu", "Vendor", "processor"].includes(key)) {
      processor.push(val);
      if (key === "vendor_id") vendorCount++;
      if (key === "model name") modelCount++;
      if (key === "processor") processorCount++;
      i++;
    } else if (key === "physical id") {
      physid = val;
      if (!sockets.has(physid)) sockets.set(physid, 1);
    } else if (key === "core id") {
      coreid = val;
      if (!sockets.has(coreid)) cores.set(coreid, 1);
    } else if (key === "cpu cores") sockets.set(physid, pyInt(val));
    else if (key === "siblings") cores.set(coreid, pyInt(val));
    else if (key === "# processors") f.processor_cores = pyInt(val);
    else if (key === "ncpus active") i = pyInt(val);
  }
  f.processor = processor;
  if (vendorCount > 0 && vendorCount === modelCount) i = vendorCount;
  const arch = String(collected.architecture ?? "");
  if (/^(armv|aarch|ppc)/.test(arch)) i = processorCount;
  if (arch === "s390x") return f;
  if (xenParavirt) {
    Object.assign(f, {
      processor_count: i,
      processor_cores: i,
      processor_threads_per_core: 1,
      processor_vcpus: i,
    });
    return f;
  }
  f.processor_count = sockets.size > 0 ? sockets.size : i;
  const socketValues = [...sockets.values()];
  f.processor_cores = socketValues.length && socketValues[0] ? socketValues[0] : 1;
  const coreValues = [...cores.values()];
  f.processor_threads_per_core = coreValues.length
    ? Math.floor(coreValues[0] / (f.processor_cores as number))
    : Math.floor(1 / (f.processor_cores as number));
  f.processor_vcpus = (f.processor_threads_per_core as number) *
    (f.processor_count as number) * (f.processor_cores as number);
  const allowed = /^Cpus_allowed_list:\s*(\S+)/m.exec(out.file("/proc/self/status") ?? "")?.[1];
  f.processor_nproc = allowed ? countCpuList(allowed) : processorCount;
  return f;
}

/** How many CPUs a list like `0-3,8,10-11` names (`sched_getaffinity`'s size). */
function countCpuList(list: string): number {
  let n = 0;
  for (const part of list.split(",")) {
    const [a, b] = part.split("-").map(Number);
    n += b === undefined ? 1 : b - a + 1;
  }
  return n;
}

function memoryFacts(out: ProbeOutput): RawFacts {
  if (!out.exists("/proc/meminfo")) return {};
  const f: RawFacts = {};
  const stats: Record<string, number> = {};
  const original = ["MemTotal", "SwapTotal", "MemFree", "SwapFree"];
  const all = [...original, "Buffers", "Cached", "SwapCached"];
  for (const line of out.lines("/proc/meminfo")) {
    const colon = line.indexOf(":");
    const key = line.slice(0, colon);
    const value = Math.floor(pyInt(line.slice(colon + 1).trim().split(" ")[0]) / 1024);
    if (original.includes(key)) f[`${key.toLowerCase()}_mb`] = value;
    if (all.includes(key)) stats[key.toLowerCase()] = value;
  }
  const sub = (a?: number, b?: number) => a === undefined || b === undefined ? undefined : a - b;
  const nocacheFree = [stats.cached, stats.memfree, stats.buffers].some((v) => v === undefined)
    ? undefined
    : stats.cached + stats.memfree + stats.buffers;
  const orNull = (v: number | undefined) => v ?? null;
  f.memory_mb = {
    real: {
      total: orNull(stats.memtotal),
      used: orNull(sub(stats.memtotal, stats.memfree)),
      free: orNull(stats.memfree),
    },
    nocache: { free: orNull(nocacheFree), used: orNull(sub(stats.memtotal, nocacheFree)) },
    swap: {
      total: orNull(stats.swaptotal),
      free: orNull(stats.swapfree),
      used: orNull(sub(stats.swaptotal, stats.swapfree)),
      cached: orNull(stats.swapcached),
    },
  };
  return f;
}

function dmiFacts(out: ProbeOutput): RawFacts {
  const f: RawFacts = {};
  if (out.exists(`${DMI}/product_name`)) {
    for (const [key, file] of DMI_KEYS) {
      const data = out.file(`${DMI}/${file}`);
      if (data === undefined) f[key] = "NA";
      else if (key === "form_factor") {
        const n = pyInt(data);
        f[key] = n >= 0 && n < FORM_FACTOR.length ? FORM_FACTOR[n] : `unknown (${data})`;
      } else f[key] = data;
    }
    return f;
  }
  for (const [key, , name] of DMI_KEYS) {
    const body = out.sections.get(`DMI ${name}`)?.[0];
    if (body === undefined || /^rc=fail$/m.test(body)) f[key] = "NA";
    else f[key] = body.split("\n").filter((l) => !l.startsWith("#")).join("");
  }
  return f;
}

/** `ls -l` lines (`name -> target`) by directory (`dir:` headers when several). */
function parseLinks(text: string, dirs: readonly string[]): Map<string, Map<string, string>> {
  const result = new Map<string, Map<string, string>>();
  let current = dirs.length === 1 ? dirs[0] : "";
  for (const line of text.split("\n")) {
    const header = /^(\/\S+):$/.exec(line);
    if (header) {
      current = header[1];
      continue;
    }
    const m = / (\S+) -> (.+)$/.exec(line);
    if (!m || !current) continue;
    const map = result.get(current) ?? new Map<string, string>();
    map.set(m[1], m[2]);
    result.set(current, map);
  }
  return result;
}

const basename = (p: string) => p.replace(/\/+$/, "").split("/").pop() ?? "";

/** Python's `bytes_to_human` (`2.00 GB`). */
function bytesToHuman(size: number): string {
  const units: [string, number][] = [
    ["Y", 2 ** 80],
    ["Z", 2 ** 70],
    ["E", 2 ** 60],
    ["P", 2 ** 50],
    ["T", 2 ** 40],
    ["G", 2 ** 30],
    ["M", 2 ** 20],
    ["K", 2 ** 10],
    ["B", 1],
  ];
  for (const [suffix, limit] of units) {
    if (size >= limit) {
      const unit = suffix === "B" ? "Bytes" : `${suffix}B`;
      return `${pyFixed2(size / limit)} ${unit}`;
    }
  }
  return "0.00 Bytes";
}

/** Python's `'%.2f' % x` (exact ties round to even, as Python's correct rounding does). */
function pyFixed2(x: number): string {
  const scaled = x * 100;
  const floor = Math.floor(scaled);
  if (scaled - floor === 0.5) return ((floor % 2 === 0 ? floor : floor + 1) / 100).toFixed(2);
  return x.toFixed(2);
}

function deviceFacts(out: ProbeOutput): RawFacts {
  const f: RawFacts = { devices: {} };
  if (!out.exists("/sys/block")) return f;
  const diskDirs = ["/dev/disk/by-id", "/dev/disk/by-uuid", "/dev/disk/by-label"];
  const present = diskDirs.filter((d) => out.exists(d));
  const diskLinks = parseLinks(out.section("disklinks"), present);
  const byTarget = (dir: string) => {
    if (!out.exists(dir)) return {};
    const grouped: Record<string, string[]> = {};
    for (const [entry, target] of diskLinks.get(dir) ?? []) {
      (grouped[basename(target)] ??= []).push(entry);
    }
    for (const list of Object.values(grouped)) list.sort();
    return grouped;
  };
  const masters: Record<string, string[]> = {};
  for (const path of out.section("slaves").split("\n").filter(Boolean)) {
    const parts = path.split("/");
    (masters[parts[5]] ??= []).push(parts[3]);
  }
  for (const list of Object.values(masters)) list.sort();
  const links: Record<string, Record<string, string[]>> = {
    ids: byTarget("/dev/disk/by-id"),
    uuids: byTarget("/dev/disk/by-uuid"),
    labels: byTarget("/dev/disk/by-label"),
    masters,
  };
  f.device_links = links;
  const wwn: Record<string, string> = {};
  for (const [entry, target] of diskLinks.get("/dev/disk/by-id") ?? []) {
    if (entry.startsWith("wwn-")) wwn[basename(target)] = entry.slice(4);
  }
  const uuidOf = (part: string) => {
    for (const [uuid, target] of diskLinks.get("/dev/disk/by-uuid") ?? []) {
      if (basename(target) === part) return uuid;
    }
    return null;
  };
  const blockLinks = parseLinks(out.section("blocks"), ["/sys/block"]).get("/sys/block") ??
    new Map<string, string>();
  const entries = out.section("blockdirs").split("\n").filter(Boolean);
  const pci = out.section("lspci");
  const sgInq = out.section("sginq").trim() !== "";
  const blocks = [...new Set(entries.map((e) => e.split("/")[3]))];
  const devices: Record<string, unknown> = {};
  for (const block of blocks) {
    const base = `/sys/block/${block}`;
    const target = blockLinks.get(block);
    const sysdir = target === undefined ? base : normalize(`/sys/block/${target}`);
    const children = entries.filter((e) => e.startsWith(`${base}/`) && e.split("/").length === 5)
      .map((e) => e.split("/")[4]);
    const d: Record<string, unknown> = {
      virtual: target === undefined && children.some((c) => c.includes("device")) ? 0 : 1,
    };
    const linkSet = (name: string) =>
      Object.fromEntries(Object.entries(links).map(([k, v]) => [k, v[name] ?? []]));
    d.links = linkSet(block);
    for (const key of ["vendor", "model", "sas_address", "sas_device_handle"]) {
      d[key] = out.file(`${base}/device/${key}`) ?? null;
    }
    if (sgInq) {
      const serial = /(?:Unit serial|Serial) number:\s+(\w+)/.exec(
        out.sections.get(`SG ${block}`)?.[0] ?? "",
      );
      if (serial) d.serial = serial[1];
    } else {
      const serial = out.file(`${base}/device/serial`);
      if (serial) d.serial = serial;
    }
    d.removable = out.file(`${base}/removable`) ?? null;
    d.support_discard = out.file(`${base}/queue/discard_granularity`) ?? null;
    if (wwn[block]) d.wwn = wwn[block];
    const partitions: Record<string, unknown> = {};
    for (const child of children) {
      const m = new RegExp(`(${escapeRegExp(block)}[p]?\\d+)`).exec(child);
      if (!m) continue;
      const name = m[1];
      const pdir = `${base}/${name}`;
      const sectors = out.file(`${pdir}/size`) ?? 0;
      partitions[name] = {
        links: linkSet(name),
        start: out.file(`${pdir}/start`) ?? 0,
        sectors,
        sectorsize: out.file(`${pdir}/queue/logical_block_size`) ??
          out.file(`${pdir}/queue/hw_sector_size`) ?? 512,
        size: bytesToHuman(Number(sectors) * 512),
        uuid: uuidOf(name),
        holders: holders(out, entries, pdir),
      };
    }
    d.partitions = partitions;
    d.rotational = out.file(`${base}/queue/rotational`) ?? null;
    d.scheduler_mode = "";
    const scheduler = out.file(`${base}/queue/scheduler`);
    if (scheduler !== undefined) {
      const m = /^.*?(\[(.*)\])/.exec(scheduler);
      if (m) d.scheduler_mode = m[2];
    }
    d.sectors = out.file(`${base}/size`) || 0;
    d.sectorsize = out.file(`${base}/queue/logical_block_size`) ??
      out.file(`${base}/queue/hw_sector_size`) ?? 512;
    d.size = bytesToHuman(Number(d.sectors) * 512);
    d.host = "";
    const pciId = /.+\/([a-f0-9]{4}:[a-f0-9]{2}:[0|1][a-f0-9]\.[0-7])\//.exec(sysdir)?.[1];
    if (pciId && pci) {
      const m = new RegExp(`^${escapeRegExp(pciId)}\\s(.*)$`, "m").exec(pci);
      if (m) d.host = m[1];
    }
    d.holders = holders(out, entries, base);
    devices[block] = d;
  }
  f.devices = devices;
  return f;
}

function holders(out: ProbeOutput, entries: readonly string[], dir: string): string[] {
  return entries.filter((e) =>
    e.startsWith(`${dir}/holders/`) && e.split("/").length ===
      dir.split("/").length + 2
  )
    .map((e) => basename(e))
    .filter((h) => h.startsWith("dm-"))
    .map((h) => out.file(`${dir}/holders/${h}/dm/name`) || h);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return "/" + out.join("/");
}

function lvmFacts(out: ProbeOutput): RawFacts {
  const text = out.section("lvm");
  if (!out.hasSection("VGS")) return { lvm: "N/A" };
  const rows = (name: string) =>
    (out.sections.get(name)?.[0] ?? "").split("\n").filter((l) => l.trim())
      .map((l) => l.trim().split(","));
  const vgs: Record<string, unknown> = {};
  for (const items of rows("VGS")) {
    vgs[items[0]] = {
      size_g: items.at(-2),
      free_g: items.at(-1),
      num_lvs: items[2],
      num_pvs: items[1],
    };
  }
  const lvs: Record<string, unknown> = {};
  for (const items of rows("LVS")) lvs[items[0]] = { size_g: items[3], vg: items[1] };
  const mapper = new Map<string, string>();
  for (const line of (out.sections.get("DMS")?.[0] ?? "").split("\n")) {
    const [dev, name] = line.trim().split(/\s+/);
    if (dev && name) mapper.set(dev, `/dev/mapper/${name}`);
  }
  const pvs: Record<string, unknown> = {};
  for (const items of rows("PVS")) {
    pvs[mapper.get(items[0]) ?? items[0]] = { size_g: items[4], free_g: items[5], vg: items[1] };
  }
  void text;
  return { lvm: { lvs, vgs, pvs } };
}

/** Octal escapes of `/proc/mounts` fields (`\040`) decoded. */
function unescapeOctal(field: string): string {
  return field.replace(/\\[0-9]{3}/g, (m) => String.fromCharCode(Number.parseInt(m.slice(1), 8)));
}

function mountFacts(out: ProbeOutput): RawFacts {
  const bind = new Set<string>();
  for (const line of out.section("findmnt").split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (fields.length >= 2 && /.*\]/.test(fields[1])) bind.add(fields[0]);
  }
  const uuids = new Map<string, string>();
  for (const line of out.section("lsblk").split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 2) continue;
    const uuid = fields.pop()!;
    const name = fields.join(" ");
    if (!uuids.has(name)) uuids.set(name, uuid);
  }
  const udev = new Map<string, string>();
  for (const [name, bodies] of out.sections) {
    if (!name.startsWith("UD ")) continue;
    const m = /^ID_FS_UUID=(.*)$/m.exec(bodies[0]);
    if (m) udev.set(name.slice(3), m[1]);
  }
  const sizes = new Map<string, Record<string, number>>();
  for (const line of out.section("statvfs").split("\n")) {
    const m = /^(\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (.*)$/.exec(line);
    if (!m) continue;
    const [frsize, bsize, blocks, bavail, files, ffree] = m.slice(1, 7).map(Number);
    sizes.set(m[7], {
      size_total: frsize * blocks,
      size_available: frsize * bavail,
      block_size: bsize,
      block_total: blocks,
      block_available: bavail,
      block_used: blocks - bavail,
      inode_total: files,
      inode_available: ffree,
      inode_used: files - ffree,
    });
  }
  const timedOut = /^timeout$/m.test(out.section("statvfs"));
  const mounts: Record<string, unknown>[] = [];
  const seen = new Map<string, number>();
  for (const line of out.section("mtab").split("\n")) {
    const raw = line.split(/\s+/).filter(Boolean);
    if (raw.length < 4) continue;
    const [device, mount, fstype, options] = raw.map(unescapeOctal);
    if (
      (!(device.startsWith("/") || device.startsWith("\\")) && !device.includes(":/")) ||
      fstype === "none"
    ) continue;
    const info: Record<string, unknown> = { mount, device, fstype, options };
    if (bind.has(mount) && !/.*bind.*"/.test(options)) info.options = `${options},bind`;
    const size = sizes.get(mount);
    if (size) Object.assign(info, size);
    else if (timedOut) info.note = "Could not get extra information due to timeout";
    info.uuid = uuids.get(device) ?? udev.get(device) ?? "N/A";
    // A mount point listed twice keeps the last entry's info, in the first one's place.
    const at = seen.get(mount);
    if (at === undefined) {
      seen.set(mount, mounts.length);
      mounts.push(info);
    } else mounts[at] = info;
  }
  return { mounts };
}

/**
 * Ansible's `LinuxHardware.populate`: processors, memory, DMI, devices,
 * uptime, LVM and mounts.
 *
 * @example
 * ```ts
 * hardwareFacts(out, { architecture: "x86_64" }).processor_count; // 1
 * ```
 */
export function hardwareFacts(out: ProbeOutput, collected: RawFacts): RawFacts {
  const f: RawFacts = {};
  Object.assign(f, cpuFacts(out, collected));
  Object.assign(f, memoryFacts(out));
  Object.assign(f, dmiFacts(out));
  Object.assign(f, deviceFacts(out));
  const uptime = out.file("/proc/uptime");
  if (uptime) f.uptime_seconds = Math.trunc(Number(uptime.split(" ")[0]));
  Object.assign(f, lvmFacts(out));
  Object.assign(f, mountFacts(out));
  return f;
}

/**
 * `setup`'s network facts from the probe's output, computed as Ansible's
 * `LinuxNetwork` computes them: default routes, one fact per interface
 * (`ansible_eth0`, `ansible_lo`, …) from `/sys/class/net` and `ip addr`, the
 * interface list and every address.
 *
 * @module
 */
import type { ProbeOutput } from "./setup_probe.ts";
import type { RawFacts } from "./setup_system.ts";

const INTERFACE_TYPE: Record<string, string> = {
  "1": "ether",
  "32": "infiniband",
  "512": "ppp",
  "772": "loopback",
  "65534": "tunnel",
};

type Iface = Record<string, unknown>;

function defaultRoute(text: string, target: string): Record<string, unknown> {
  const route: Record<string, unknown> = {};
  const first = text.split("\n")[0] ?? "";
  const words = first.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || words[0] !== target) return route;
  for (let i = 0; i < words.length - 1; i++) {
    if (words[i] === "dev") route.interface = words[i + 1];
    else if (words[i] === "src") route.address = words[i + 1];
    else if (words[i] === "via" && words[i + 1] !== target) route.gateway = words[i + 1];
  }
  return route;
}

/** `ip addr show` output split per device (the lines after each `N: name:` header). */
function addrBlocks(text: string): Map<string, string> {
  const blocks = new Map<string, string>();
  let current: string | undefined;
  for (const line of text.split("\n")) {
    const header = /^\d+:\s+([^:@\s]+)(?:@[^:\s]+)?:/.exec(line);
    if (header) {
      current = header[1];
      blocks.set(current, "");
      continue;
    }
    if (current !== undefined) blocks.set(current, blocks.get(current)! + line + "\n");
  }
  return blocks;
}

function ipv4Parts(address: string, prefix: string) {
  const toInt = (ip: string) =>
    ip.split(".").reduce((acc, part) => ((acc * 256) + Number(part)) >>> 0, 0);
  const toIp = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
  const len = Number(prefix);
  const mask = len === 0 ? 0 : (0xffffffff - (2 ** (32 - len) - 1)) >>> 0;
  return {
    netmask: toIp(mask),
    network: toIp((toInt(address) & mask) >>> 0),
  };
}

/**
 * Ansible's `LinuxNetwork.populate` (no facts without `ip`).
 *
 * @example
 * ```ts
 * networkFacts(out).interfaces; // ["lo", "eth0"]
 * ```
 */
export function networkFacts(out: ProbeOutput): RawFacts {
  if (!out.section("ipcmd").trim()) return {};
  const defaultV4 = defaultRoute(out.section("route4"), "8.8.8.8");
  const defaultV6 = defaultRoute(out.section("route6"), "2404:6800:400a:800::1012");
  const interfaces: Record<string, Iface> = {};
  const all4: string[] = [];
  const all6: string[] = [];
  const order = out.section("netorder").split("\n").filter((n) => n && n !== "." && n !== "..");
  const primaryText = out.section("addrprimary");
  const primary = addrBlocks(primaryText.replace(/^rc=fail\n/, ""));
  const secondary = addrBlocks(out.section("addrsecondary"));
  const devLinks = new Map<string, [string, string]>();
  for (const line of out.section("ndev").split("\n")) {
    const [name, link = "", module = ""] = line.split("|");
    if (name) devLinks.set(name, [link, module]);
  }
  for (const device of order) {
    const path = `/sys/class/net/${device}`;
    if (!out.exists(path)) continue;
    const iface: Iface = { device };
    interfaces[device] = iface;
    let macaddress = "";
    if (out.exists(`${path}/address`)) {
      macaddress = out.file(`${path}/address`) ?? "";
      if (macaddress && macaddress !== "00:00:00:00:00:00") iface.macaddress = macaddress;
    }
    if (out.exists(`${path}/mtu`)) iface.mtu = Number.parseInt(out.file(`${path}/mtu`) ?? "", 10);
    if (out.exists(`${path}/operstate`)) {
      iface.active = out.file(`${path}/operstate`) !== "down";
    }
    const link = devLinks.get(device);
    if (out.exists(`${path}/device/driver/module`) && link?.[1]) {
      iface.module = link[1].split("/").pop();
    }
    if (out.exists(`${path}/type`)) {
      iface.type = INTERFACE_TYPE[out.file(`${path}/type`) ?? ""] ?? "unknown";
    }
    if (out.exists(`${path}/bridge`)) {
      iface.type = "bridge";
      iface.interfaces = [...out.existing].filter((p) => p.startsWith(`${path}/brif/`))
        .map((p) => p.split("/").pop());
      if (out.exists(`${path}/bridge/bridge_id`)) {
        iface.id = out.file(`${path}/bridge/bridge_id`) ?? "";
      }
      if (out.exists(`${path}/bridge/stp_state`)) {
        iface.stp = out.file(`${path}/bridge/stp_state`) === "1";
      }
    }
    if (out.exists(`${path}/bonding`)) {
      const first = (file: string) => (out.file(`${path}/bonding/${file}`) ?? "").split(/\s+/)[0];
      iface.type = "bonding";
      iface.slaves = (out.file(`${path}/bonding/slaves`) ?? "").split(/\s+/).filter(Boolean);
      iface.mode = first("mode");
      iface.miimon = first("miimon");
      iface.lacp_rate = first("lacp_rate");
      const primaryIf = out.file(`${path}/bonding/primary`);
      if (primaryIf) {
        iface.primary = primaryIf;
        if (out.exists(`${path}/bonding/all_slaves_active`)) {
          iface.all_slaves_active = out.file(`${path}/bonding/all_slaves_active`) === "1";
        }
      }
    }
    if (out.exists(`${path}/bonding_slave`)) {
      iface.perm_macaddress = out.file(`${path}/bonding_slave/perm_hwaddr`) ?? "";
    }
    if (out.exists(`${path}/device`) && link) iface.pciid = link[0].split("/").pop();
    if (out.exists(`${path}/speed`)) {
      const speed = out.file(`${path}/speed`);
      if (speed !== undefined) iface.speed = Number.parseInt(speed, 10);
    }
    if (out.exists(`${path}/flags`)) {
      iface.promisc = (Number.parseInt(out.file(`${path}/flags`) ?? "0", 16) & 0x0100) > 0;
    }
    const parse = (output: string, isSecondary: boolean) => {
      for (const line of output.split("\n")) {
        if (!line) continue;
        const words = line.trim().split(/\s+/);
        if (words[0] === "inet") {
          let address: string;
          let prefix: string;
          let broadcast = "";
          if (words[1].includes("/")) {
            [address, prefix] = words[1].split("/");
            if (words.length > 3 && words[2] === "brd") broadcast = words[3];
          } else {
            address = words[1];
            prefix = "32";
          }
          const { netmask, network } = ipv4Parts(address, prefix);
          const entry = { address, broadcast, netmask, network, prefix };
          const label = words[words.length - 1];
          if (label !== device) interfaces[label] = {};
          const target = interfaces[label];
          if (!isSecondary && !("ipv4" in target)) target.ipv4 = { ...entry };
          else {
            ((target.ipv4_secondaries as unknown[] | undefined) ??
              (target.ipv4_secondaries = [], target.ipv4_secondaries as unknown[]))
              .push({ ...entry });
          }
          if (isSecondary) {
            iface.ipv4_secondaries ??= [];
            if (device !== label) (iface.ipv4_secondaries as unknown[]).push({ ...entry });
          }
          if ("address" in defaultV4 && defaultV4.address === address) {
            Object.assign(defaultV4, {
              broadcast,
              netmask,
              network,
              prefix,
              macaddress,
              mtu: iface.mtu,
              type: iface.type ?? "unknown",
              alias: label,
            });
          }
          if (!address.startsWith("127.")) all4.push(address);
        } else if (words[0] === "inet6") {
          let address: string;
          let prefix: string;
          let scope: string;
          if (words[2] === "peer") {
            address = words[1];
            prefix = words[3].split("/")[1];
            scope = words[5];
          } else {
            [address, prefix] = words[1].split("/");
            scope = words[3];
          }
          ((iface.ipv6 as unknown[] | undefined) ?? (iface.ipv6 = [], iface.ipv6 as unknown[]))
            .push({ address, prefix, scope });
          if ("address" in defaultV6 && defaultV6.address === address) {
            Object.assign(defaultV6, {
              prefix,
              scope,
              macaddress,
              mtu: iface.mtu,
              type: iface.type ?? "unknown",
            });
          }
          if (address !== "::1") all6.push(address);
        }
      }
    };
    parse(primary.get(device) ?? "", false);
    parse(secondary.get(device) ?? "", true);
    Object.assign(iface, ethtoolFacts(out, device));
  }
  const facts: RawFacts = {};
  const renamed: Record<string, Iface> = {};
  for (const [name, value] of Object.entries(interfaces)) {
    renamed[name.replaceAll(":", "_")] = value;
  }
  facts.interfaces = Object.keys(renamed);
  for (const [name, value] of Object.entries(renamed)) facts[name] = value;
  facts.default_ipv4 = defaultV4;
  facts.default_ipv6 = defaultV6;
  facts.all_ipv4_addresses = all4;
  facts.all_ipv6_addresses = all6;
  return facts;
}

function ethtoolFacts(out: ProbeOutput, device: string): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const k = out.sections.get(`ETHK ${device}`)?.[0];
  if (k !== undefined && !/^rc=fail$/m.test(k)) {
    const features: Record<string, string> = {};
    for (const line of k.trim().split("\n")) {
      if (!line || line.endsWith(":")) continue;
      const sep = line.indexOf(": ");
      if (sep < 0) continue;
      const value = line.slice(sep + 2);
      if (!value) continue;
      features[line.slice(0, sep).trim().replaceAll("-", "_")] = value.trim();
    }
    data.features = features;
  }
  const t = out.sections.get(`ETHT ${device}`)?.[0];
  if (t !== undefined && !/^rc=fail$/m.test(t)) {
    data.timestamping = [...t.matchAll(/SOF_TIMESTAMPING_(\w+)/g)].map((m) => m[1].toLowerCase());
    data.hw_timestamp_filters = [...t.matchAll(/HWTSTAMP_FILTER_(\w+)/g)].map((m) =>
      m[1].toLowerCase()
    );
    const phc = /PTP Hardware Clock: (\d+)/.exec(t);
    if (phc) data.phc_index = Number(phc[1]);
  }
  return data;
}

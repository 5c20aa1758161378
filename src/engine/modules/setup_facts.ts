/**
 * The facts `setup` gathers: the chosen collectors' raw data from one probe
 * script (`setup_probe.ts`), turned into Ansible's `ansible_*` facts by the
 * collector files, in Ansible's collector order, then filtered like
 * Ansible's `filter` (fnmatch, also tried with the `ansible_` prefix).
 *
 * @module
 */
import { fnmatchRegExp } from "../../python/fnmatch.ts";
import type { CollectorName } from "./setup_subset.ts";
import type { ProbeOutput } from "./setup_probe.ts";
import {
  capsFacts,
  chrootFacts,
  dateTimeFacts,
  envFacts,
  pkgMgrFacts,
  platformFacts,
  pythonFacts,
  type RawFacts,
  securityFacts,
  selinuxFacts,
  serviceMgrFacts,
  userFacts,
} from "./setup_system.ts";
import { distributionFacts, lsbFacts } from "./setup_distribution.ts";
import {
  cmdlineFacts,
  dnsFacts,
  loadavgFacts,
  localFacts,
  sshPubKeyFacts,
  storageFacts,
} from "./setup_files.ts";
import { hardwareFacts } from "./setup_hardware.ts";
import { virtualFacts } from "./setup_virtual.ts";
import { networkFacts } from "./setup_network.ts";

/** Ansible's collector order for Linux (dependencies first, as its topological sort gives). */
const ORDER: readonly CollectorName[] = [
  "platform",
  "distribution",
  "lsb",
  "selinux",
  "apparmor",
  "chroot",
  "fips",
  "python",
  "caps",
  "pkg_mgr",
  "service_mgr",
  "cmdline",
  "date_time",
  "env",
  "loadavg",
  "ssh_pub_keys",
  "user",
  "virtual",
  "hardware",
  "dns",
  "fibre_channel_wwn",
  "network",
  "iscsi",
  "nvme",
  "local",
  "facter",
  "ohai",
];

function collect(
  name: CollectorName,
  out: ProbeOutput,
  collected: RawFacts,
): RawFacts {
  switch (name) {
    case "platform":
      return platformFacts(out);
    case "distribution":
      return distributionFacts(out, String(collected.system ?? "Linux"));
    case "lsb":
      return lsbFacts(out);
    case "selinux":
      return selinuxFacts(out);
    case "apparmor":
      return securityFacts(out, true, false);
    case "chroot":
      return chrootFacts(out);
    case "fips":
      return securityFacts(out, false, true);
    case "python":
      return pythonFacts(out);
    case "caps":
      return capsFacts(out);
    case "pkg_mgr":
      return pkgMgrFacts(out, collected);
    case "service_mgr":
      return serviceMgrFacts(out, collected);
    case "cmdline":
      return cmdlineFacts(out);
    case "date_time":
      return dateTimeFacts(out);
    case "env":
      return envFacts(out);
    case "loadavg":
      return loadavgFacts(out);
    case "ssh_pub_keys":
      return sshPubKeyFacts(out);
    case "user":
      return userFacts(out);
    case "virtual":
      return virtualFacts(out);
    case "hardware":
      return hardwareFacts(out, collected);
    case "dns":
      return dnsFacts(out);
    case "fibre_channel_wwn":
      return storageFacts(out, { fc: true, iscsi: false, nvme: false });
    case "network":
      return networkFacts(out);
    case "iscsi":
      return storageFacts(out, { fc: false, iscsi: true, nvme: false });
    case "nvme":
      return storageFacts(out, { fc: false, iscsi: false, nvme: true });
    default:
      return name === "local" ? localFacts(out) : {};
  }
}

/**
 * A fact-name filter as Ansible's `filter` applies it: fnmatch patterns, a
 * pattern not starting with `ansible_`/`facter`/`ohai` also tried with the
 * `ansible_` prefix; no pattern (or `*`) keeps everything.
 *
 * @example
 * ```ts
 * const keep = factFilter(["distribution*"]);
 * keep("ansible_distribution_version"); // true
 * ```
 */
export function factFilter(patterns: readonly string[]): (name: string) => boolean {
  if (patterns.length === 0 || (patterns.length === 1 && patterns[0] === "*")) return () => true;
  const tests = patterns.map((p) => {
    const direct = p === "" ? () => true : (n: string) => fnmatchRegExp(p).test(n);
    const prefixed = /^(ansible_|facter|ohai)/.test(p) || p === ""
      ? () => false
      : (n: string) => fnmatchRegExp(`ansible_${p}`).test(n);
    return (n: string) => direct(n) || prefixed(n);
  });
  return (name) => tests.some((t) => t(name));
}

/**
 * Builds the `ansible_*` facts of the chosen collectors from the probe's output.
 *
 * @example
 * ```ts
 * const facts = buildFacts(out, new Set(["platform", "distribution"]));
 * facts.ansible_distribution; // "Debian"
 * ```
 */
export function buildFacts(
  out: ProbeOutput,
  collectors: ReadonlySet<CollectorName>,
): Record<string, unknown> {
  const collected: RawFacts = {};
  const facts: Record<string, unknown> = {};
  for (const name of ORDER) {
    if (!collectors.has(name)) continue;
    const raw = collect(name, out, collected);
    Object.assign(collected, raw);
    for (const [key, value] of Object.entries(raw)) {
      facts[`ansible_${key.replaceAll("-", "_")}`] = value;
    }
  }
  return facts;
}

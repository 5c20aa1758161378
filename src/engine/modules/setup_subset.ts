/**
 * `setup`'s `gather_subset`: which fact collectors run, resolved the way
 * Ansible's `get_collector_names` does for a Linux target (the minimal set
 * always, `all`, `!name` exclusions with their aliases, explicit additions
 * winning over exclusions, and the collectors a chosen one requires).
 *
 * @module
 */

/**
 * A fact collector of Ansible's Linux set (its primary name).
 *
 * @example
 * ```ts
 * const name: CollectorName = "hardware";
 * ```
 */
export type CollectorName =
  | "platform"
  | "distribution"
  | "lsb"
  | "selinux"
  | "apparmor"
  | "chroot"
  | "fips"
  | "python"
  | "caps"
  | "pkg_mgr"
  | "service_mgr"
  | "cmdline"
  | "date_time"
  | "env"
  | "loadavg"
  | "ssh_pub_keys"
  | "user"
  | "virtual"
  | "hardware"
  | "dns"
  | "fibre_channel_wwn"
  | "network"
  | "iscsi"
  | "nvme"
  | "local"
  | "facter"
  | "ohai";

/** Each collector's fact ids (aliases a subset may name), as Ansible declares them. */
const FACT_IDS: Record<CollectorName, readonly string[]> = {
  platform: [
    "system",
    "kernel",
    "kernel_version",
    "machine",
    "python_version",
    "architecture",
    "machine_id",
  ],
  distribution: [
    "distribution_version",
    "distribution_release",
    "distribution_major_version",
    "os_family",
  ],
  lsb: [],
  selinux: [],
  apparmor: [],
  chroot: ["is_chroot"],
  fips: [],
  python: [],
  caps: ["system_capabilities", "system_capabilities_enforced"],
  pkg_mgr: [],
  service_mgr: [],
  cmdline: [],
  date_time: [],
  env: [],
  loadavg: [],
  ssh_pub_keys: [
    "ssh_host_pub_keys",
    "ssh_host_key_dsa_public",
    "ssh_host_key_rsa_public",
    "ssh_host_key_ecdsa_public",
    "ssh_host_key_ed25519_public",
  ],
  user: [
    "user_id",
    "user_uid",
    "user_gid",
    "user_gecos",
    "user_dir",
    "user_shell",
    "real_user_id",
    "effective_user_id",
    "effective_group_ids",
  ],
  virtual: [
    "virtualization_type",
    "virtualization_role",
    "virtualization_tech_guest",
    "virtualization_tech_host",
  ],
  hardware: ["processor", "processor_cores", "processor_count", "mounts", "devices"],
  dns: [],
  fibre_channel_wwn: [],
  network: [
    "interfaces",
    "default_ipv4",
    "default_ipv6",
    "all_ipv4_addresses",
    "all_ipv6_addresses",
  ],
  iscsi: [],
  nvme: [],
  local: [],
  facter: [],
  ohai: [],
};

/** What a collector needs gathered first (Ansible's `required_facts`). */
const REQUIRES: Partial<Record<CollectorName, readonly CollectorName[]>> = {
  hardware: ["platform"],
  network: ["distribution", "platform"],
  service_mgr: ["platform", "distribution"],
  pkg_mgr: ["distribution"],
};

/** The `setup` module's minimal subset, gathered even under `!all`. */
const MINIMAL: readonly string[] = [
  "apparmor",
  "caps",
  "cmdline",
  "date_time",
  "distribution",
  "dns",
  "env",
  "fips",
  "local",
  "lsb",
  "pkg_mgr",
  "platform",
  "python",
  "selinux",
  "service_mgr",
  "ssh_pub_keys",
  "user",
];

const COLLECTORS = Object.keys(FACT_IDS) as CollectorName[];

/**
 * Every name a `gather_subset` entry may use (besides `all` and `min`), sorted.
 *
 * @example
 * ```ts
 * VALID_SUBSETS.includes("mounts"); // true
 * ```
 */
export const VALID_SUBSETS: readonly string[] = [
  ...new Set(COLLECTORS.flatMap((c) => [c, ...FACT_IDS[c]])),
].sort();

/**
 * A `gather_subset` entry names no collector (Ansible's message).
 *
 * @example
 * ```ts
 * throw new BadSubsetError("bogus");
 * ```
 */
export class BadSubsetError extends Error {
  override name = "BadSubsetError";

  /** Creates the error for the unknown `subset`. */
  constructor(subset: string) {
    super(
      `Bad subset '${subset}' given to Ansible. gather_subset options allowed: all, ` +
        VALID_SUBSETS.join(", "),
    );
  }
}

/**
 * The collectors a `gather_subset` list runs (Ansible's resolution for Linux),
 * required ones included; throws {@linkcode BadSubsetError} for an unknown name.
 *
 * @example
 * ```ts
 * selectCollectors(["!all", "network"]).has("network"); // true
 * selectCollectors(["!hardware"]).has("hardware"); // false
 * ```
 */
export function selectCollectors(gatherSubset: readonly string[]): Set<CollectorName> {
  const subsets = gatherSubset.length === 0 ? ["all"] : gatherSubset;
  const valid = new Set(VALID_SUBSETS);
  const additional = new Set<string>();
  const exclude = new Set<string>();
  const explicit = new Set<string>();
  for (const subset of ["min", ...subsets]) {
    if (subset === "min") {
      MINIMAL.forEach((s) => additional.add(s));
      continue;
    }
    if (subset === "all") {
      valid.forEach((s) => additional.add(s));
      continue;
    }
    if (subset.startsWith("!")) {
      const name = subset.slice(1);
      if (name === "min") MINIMAL.forEach((s) => exclude.add(s));
      else if (name === "all") {
        valid.forEach((s) => MINIMAL.includes(s) ? undefined : exclude.add(s));
      } else {
        (FACT_IDS[name as CollectorName] ?? []).forEach((s) => exclude.add(s));
        exclude.add(name);
      }
      continue;
    }
    if (!valid.has(subset)) throw new BadSubsetError(subset);
    explicit.add(subset);
    additional.add(subset);
  }
  if (additional.size === 0) valid.forEach((s) => additional.add(s));
  for (const name of exclude) if (!explicit.has(name)) additional.delete(name);
  const chosen = new Set<CollectorName>(
    COLLECTORS.filter((c) => additional.has(c) || FACT_IDS[c].some((id) => additional.has(id))),
  );
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of [...chosen]) {
      for (const dep of REQUIRES[c] ?? []) {
        if (!chosen.has(dep)) {
          chosen.add(dep);
          grew = true;
        }
      }
    }
  }
  return chosen;
}

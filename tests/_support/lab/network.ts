/**
 * Lab hosts, the network: one bridge in this machine's namespace (`tlab0`,
 * 10.213.0.1/16, made on demand, left in place when idle and reused) and one
 * veth pair per host, its outer end on the bridge and its inner end `eth0` in
 * the host's network namespace. The outer end is named after the host's
 * address (`tlab-X-Y` for 10.213.X.Y), so creating it is also how an address
 * is claimed: the kernel refuses a second link of the same name, even from
 * another test process. Nothing else changes here: no forwarding, NAT or
 * routes beyond the bridge's own subnet.
 *
 * @module
 */
import { pollUntil } from "../deadline.ts";
import { runTool } from "./process.ts";

const IP = "/usr/sbin/ip";

/** The bridge every lab host hangs off. */
export const LAB_BRIDGE = "tlab0";
/** The controller's address on {@linkcode LAB_BRIDGE}. */
export const LAB_GATEWAY = "10.213.0.1";
/** The subnet's prefix length. */
export const LAB_PREFIX = 16;
/**
 * A fixed MAC for the bridge: without one, the bridge takes the lowest MAC of
 * its ports and changes it as hosts come and go, which the hosts' ARP caches
 * would not follow.
 */
const BRIDGE_MAC = "02:74:6c:61:62:00";
/** Host addresses: 10.213.1.1 … 10.213.254.254. */
const ADDRESS_SLOTS = 254 * 254;

/**
 * A lab network step failed (bridge, veth).
 *
 * @example
 * ```ts
 * throw new LabNetworkError("no free lab address");
 * ```
 */
export class LabNetworkError extends Error {
  override name = "LabNetworkError";
}

/**
 * Makes sure {@linkcode LAB_BRIDGE} exists with its MAC, address and link up
 * (several processes may call it at once).
 *
 * @example
 * ```ts
 * await ensureBridge();
 * ```
 */
export async function ensureBridge(): Promise<void> {
  if (!(await linkExists(LAB_BRIDGE))) {
    const made = await runTool(
      IP,
      ["link", "add", LAB_BRIDGE, "address", BRIDGE_MAC, "type", "bridge"],
      { allowFailure: true },
    );
    if (made.code !== 0 && !(await linkExists(LAB_BRIDGE))) {
      throw new LabNetworkError(`cannot create ${LAB_BRIDGE}: ${made.stderr.trim()}`);
    }
  }
  const shown = await runTool(IP, ["-o", "-4", "addr", "show", "dev", LAB_BRIDGE]);
  if (!shown.stdout.includes(` ${LAB_GATEWAY}/${LAB_PREFIX} `)) {
    const added = await runTool(
      IP,
      ["addr", "add", `${LAB_GATEWAY}/${LAB_PREFIX}`, "dev", LAB_BRIDGE],
      { allowFailure: true },
    );
    if (added.code !== 0 && !/File exists/.test(added.stderr)) {
      throw new LabNetworkError(`cannot address ${LAB_BRIDGE}: ${added.stderr.trim()}`);
    }
  }
  await runTool(IP, ["link", "set", LAB_BRIDGE, "up"]);
}

/**
 * Whether a link of that name exists in this machine's network namespace.
 *
 * @example
 * ```ts
 * await linkExists("tlab-1-7"); // false once the host is stopped
 * ```
 */
export async function linkExists(name: string): Promise<boolean> {
  // sysfs lists this machine's links: no process to spawn while polling.
  try {
    await Deno.lstat(`/sys/class/net/${name}`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the kernel stops listing `veth` within `ms` (it dies with its
 * host's network namespace).
 *
 * @example
 * ```ts
 * if (!(await linkGoneWithin("tlab-1-7", 5_000))) await deleteHostLink("tlab-1-7");
 * ```
 */
export function linkGoneWithin(veth: string, ms: number): Promise<boolean> {
  return pollUntil(async () => !(await linkExists(veth)), ms);
}

/** A host's claimed address and the outer end of its veth pair. */
export interface HostLink {
  /** 10.213.X.Y */
  address: string;
  /** `tlab-X-Y`, on the bridge. */
  veth: string;
}

/**
 * Claims a free address and creates its veth pair: the outer end on the
 * bridge, the inner end as `eth0` in the network namespace of `pid` (down,
 * unaddressed: the host configures it). Starts at a random slot, so addresses
 * are rarely reused soon; a stale ARP entry for the address is flushed.
 *
 * @example
 * ```ts
 * const { address, veth } = await createHostLink(initPid);
 * ```
 */
export async function createHostLink(pid: number): Promise<HostLink> {
  const first = Math.floor(Math.random() * ADDRESS_SLOTS);
  for (let tried = 0; tried < ADDRESS_SLOTS; tried++) {
    const slot = (first + tried) % ADDRESS_SLOTS;
    const x = Math.floor(slot / 254) + 1;
    const y = (slot % 254) + 1;
    const link = { address: `10.213.${x}.${y}`, veth: `tlab-${x}-${y}` };
    const made = await runTool(IP, [
      "link",
      "add",
      link.veth,
      "master",
      LAB_BRIDGE,
      "up",
      "type",
      "veth",
      "peer",
      "name",
      "eth0",
      "netns",
      String(pid),
    ], { allowFailure: true });
    if (made.code !== 0) {
      if (/File exists/.test(made.stderr)) continue;
      throw new LabNetworkError(`cannot create ${link.veth}: ${made.stderr.trim()}`);
    }
    await runTool(IP, ["neigh", "flush", "to", link.address, "dev", LAB_BRIDGE], {
      allowFailure: true,
    });
    return link;
  }
  throw new LabNetworkError("no free lab address");
}

/**
 * Deletes the outer veth end (and so its pair) if it still exists.
 *
 * @example
 * ```ts
 * await deleteHostLink("tlab-1-7");
 * ```
 */
export async function deleteHostLink(veth: string): Promise<void> {
  await runTool(IP, ["link", "del", "dev", veth], { allowFailure: true });
}

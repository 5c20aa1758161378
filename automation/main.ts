/**
 * The default automation: what an AWX admin launches first. It gathers facts
 * from every target host (which also proves the host is reachable), prints a
 * one-line summary per host, and records who answered in the job's artifacts.
 *
 * Extra vars: `target_hosts` (a host pattern; `all` when it is missing, empty
 * or not a string).
 *
 * @module
 */
import * as v from "valibot";
import { defineAutomation, type HostView } from "../mod.ts";

/** One line about a host, from its gathered facts. */
function summary(host: HostView): string {
  const f = host.vars;
  const ipv4 = (f.ansible_default_ipv4 as { address?: string } | undefined)?.address;
  return [
    `${f.ansible_distribution ?? "unknown OS"} ${f.ansible_distribution_version ?? ""}`.trim(),
    `kernel ${f.ansible_kernel ?? "?"} (${f.ansible_architecture ?? "?"})`,
    `${f.ansible_processor_vcpus ?? "?"} vCPU`,
    `${f.ansible_memtotal_mb ?? "?"} MiB RAM`,
    ipv4 ? `ipv4 ${ipv4}` : "no default route",
  ].join(", ");
}

/**
 * The default automation (see the module doc).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import automation from "./main.ts";
 * assert.equal(automation.name, "main");
 * ```
 */
export default defineAutomation({
  name: "main",
  description: "Gathers facts, reports reachability and a one-line summary of every target host",
  vars: { target_hosts: v.fallback(v.pipe(v.string(), v.nonEmpty()), "all") },
  async run(ctx) {
    const pattern = ctx.vars.target_hosts;
    await ctx.play("tachyon: reachability and host summary", pattern, async (play) => {
      const targets = [...play.hosts];
      await play.task("gather_facts", {}, { name: "Gathering Facts" });
      await play.debug((host) => `${host.name}: ${summary(host)}`, { name: "Summary" });
      const reachable = [...play.hosts];
      ctx.setStats({
        tachyon_reachable: reachable,
        tachyon_unreachable: targets.filter((h) => !reachable.includes(h)),
        tachyon_summary: Object.fromEntries(
          reachable.map((h) => [h, summary({ name: h, vars: ctx.hostVars(h) })]),
        ),
      });
    });
  },
});

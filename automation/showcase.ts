/**
 * A tour of the automation API (AWX playbook `showcase.yml`): plays, facts,
 * files, a config rendered from facts and extra vars, a handler that restarts
 * only where the config changed, checks, a fetched copy, and `setStats`.
 *
 * Extra vars, declared with valibot schemas (a value that does not match
 * fails the job before its first play, naming the variable): `target_hosts`
 * (default `all`), `showcase_root` (default `/tmp/tachyon-showcase`; each
 * host works in `<root>/<inventory name>`), `app_port` (a port, as a number
 * or as digits, default 8080), `log_level` (`debug`, `info`, `warning` or `error`, default
 * `info`).
 *
 * @module
 */
import * as v from "valibot";
import { defineAutomation, type HostView } from "../mod.ts";

/** A TCP port: a number, or its digits (`-e app_port=8080` gives a string, as in Ansible). */
const tcpPort = v.pipe(
  v.union([v.number(), v.pipe(v.string(), v.regex(/^\d+$/))]),
  v.transform(Number),
  v.integer(),
  v.minValue(1),
  v.maxValue(65535),
);

/** The demo app's config for one host: only facts and vars, so re-runs are idempotent. */
function renderConfig(host: HostView, port: number): string {
  const v = host.vars;
  return [
    "# app.conf: rendered by tachyon (automation/showcase.ts)",
    `listen = 0.0.0.0:${port}`,
    `node = ${host.name}`,
    `os = ${v.ansible_distribution ?? "unknown"} ${v.ansible_distribution_version ?? ""}`.trimEnd(),
    `workers = ${Math.max(1, Number(v.ansible_processor_vcpus ?? 1))}`,
    "",
  ].join("\n");
}

/**
 * The showcase automation (see the module doc).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import automation from "./showcase.ts";
 * assert.equal(automation.name, "showcase");
 * ```
 */
export default defineAutomation({
  name: "showcase",
  description: "Plays, files, a rendered config, restart-only-if-changed, checks and setStats",
  vars: {
    target_hosts: v.optional(v.string(), "all"),
    showcase_root: v.optional(v.string(), "/tmp/tachyon-showcase"),
    app_port: v.optional(tcpPort, 8080),
    log_level: v.optional(v.picklist(["debug", "info", "warning", "error"]), "info"),
  },
  async run(ctx) {
    const { target_hosts: pattern, showcase_root: root, app_port: port } = ctx.vars;
    const logLevel = ctx.vars.log_level;
    const dir = (host: HostView) => `${root}/${host.name}`;
    let restarted: string[] = [];

    await ctx.play("Deploy the demo app", pattern, async (play) => {
      await play.task("gather_facts", { gather_subset: "min" }, { name: "Gathering Facts" });
      await play.task("file", (h) => ({ path: dir(h), state: "directory", mode: "0755" }), {
        name: "Create the app directory",
      });
      const config = await play.task(
        "copy",
        (h) => ({ dest: `${dir(h)}/app.conf`, content: renderConfig(h, port), mode: "0644" }),
        { name: "Render app.conf" },
      );
      const level = await play.task(
        "lineinfile",
        (h) => ({
          path: `${dir(h)}/app.env`,
          regexp: "^LOG_LEVEL=",
          line: `LOG_LEVEL=${logLevel}`,
          create: true,
        }),
        { name: "Set the log level in app.env" },
      );
      await play.task(
        "blockinfile",
        (h) => ({
          path: `${dir(h)}/motd`,
          create: true,
          block: `This host is managed by tachyon.\nApp: ${h.name} on port ${port}`,
        }),
        { name: "Write the message of the day" },
      );
      await play.task(
        "file",
        (h) => ({
          src: `${dir(h)}/app.conf`,
          path: `${dir(h)}/current.conf`,
          state: "link",
          force: true,
        }),
        { name: "Point current.conf at the config" },
      );
      // Handler-like: restart only where the config or its environment changed.
      const changed = [...new Set([...config.changedHosts, ...level.changedHosts])];
      const restart = await play.shell((h) => `date +%s > ${dir(h)}/restarted-at`, {
        name: "Restart the app",
        handler: true,
        hosts: changed,
      });
      restarted = restart.results.filter((r) => r.outcome === "changed").map((r) => r.host);
    });

    await ctx.play("Verify the deployment", pattern, async (play) => {
      const stat = await play.task("stat", (h) => ({ path: `${dir(h)}/app.conf` }), {
        name: "Stat the config",
      });
      await play.task(
        "assert",
        (h) => ({
          that: [
            ctx.check ||
            (stat.get(h.name)?.result.stat as { exists?: boolean } | undefined)?.exists === true,
          ],
          success_msg: "app.conf is in place",
          fail_msg: "app.conf is missing",
        }),
        { name: "The config exists" },
      );
      await play.task("wait_for", (h) => ({ path: `${dir(h)}/app.conf`, timeout: 5 }), {
        name: "Wait for the config",
        when: () => !ctx.check,
      });
      await play.task("fetch", (h) => ({ src: `${dir(h)}/app.conf`, dest: "fetched" }), {
        name: "Keep a copy of each config in the job's private data dir",
        when: () => !ctx.check,
      });
    });

    ctx.setStats({ showcase_restarted: restarted, showcase_port: port });
  },
});

/**
 * Configures a small app server fleet (AWX playbook `fleet.yml`): packages
 * from apt, the app's group and user, a deploy user with its key, the app's
 * directories, its code from git and its static assets from an archive, its
 * config and init script rendered from `templates/`, sshd and limits
 * hardening, log rotation, cron jobs, a sysctl, a release manifest from the
 * mirror, the app started as a service and restarted only where its config
 * changed, then a health check, a registration with the fleet registry and
 * the fleet's stats.
 *
 * `tests/automation/fleet.yml` is the same automation as an Ansible playbook
 * (same plays, tasks, names and handler, in the same order);
 * `tests/automation/fleet_interop_test.ts` runs both on lab hosts and
 * compares the per-host stats. One difference by design: the playbook's
 * last task is `set_stats`, a task that reports `ok` on each host; here
 * `ctx.setStats` is plain TypeScript, so the same-named task is a `debug`
 * that prints what is recorded (the same `ok` per host).
 *
 * Extra vars (valibot schemas; a value that does not match fails the job
 * before its first play, naming the variable): `target_hosts` (default
 * `all`), `fleet_packages` (a list, or a comma-separated string), `app_user`,
 * `deploy_user`, `deploy_key` (an OpenSSH public key: required), `app_root`,
 * `app_port`, `app_repo`, `app_version`, `app_archive` (a file of the
 * project's `files/`), `log_level`, `mirror_url` and `registry_url`.
 *
 * The templates (`templates/fleet-app.conf.j2`, `fleet-app.init.j2`) see the
 * host's variables, the defaults declared here and the job's extra vars as
 * sent, as the twin playbook's templates see its play vars (so their
 * `default()` filters are redundant on either side).
 *
 * @module
 */
import * as v from "valibot";
import { defineAutomation } from "../mod.ts";

/** A TCP port: a number, or its digits (`-e app_port=8000` gives a string, as in Ansible). */
const tcpPort = v.pipe(
  v.union([v.number(), v.pipe(v.string(), v.regex(/^\d+$/))]),
  v.transform(Number),
  v.integer(),
  v.minValue(1),
  v.maxValue(65535),
);

/** Package names: a list, or a comma-separated string (`-e fleet_packages=a,b`). */
const packageNames = v.pipe(
  v.union([
    v.array(v.pipe(v.string(), v.nonEmpty())),
    v.pipe(v.string(), v.transform((s) => s.split(",").map((p) => p.trim()).filter(Boolean))),
  ]),
  v.minLength(1),
);

/** A user or group name as `useradd` accepts it. */
const accountName = v.pipe(v.string(), v.regex(/^[a-z_][a-z0-9_-]*$/));

/** An absolute path. */
const absolutePath = v.pipe(v.string(), v.startsWith("/"));

/** An HTTP(S) URL. */
const httpUrl = v.pipe(v.string(), v.regex(/^https?:\/\//));

/** The sysctl the app needs: a listen backlog for bursts of connections. */
const SOMAXCONN = { name: "net.core.somaxconn", value: "1024" } as const;

/**
 * The fleet automation (see the module doc).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import automation from "./fleet.ts";
 * assert.equal(automation.name, "fleet");
 * ```
 */
export default defineAutomation({
  name: "fleet",
  description:
    "Configure a small app server fleet: packages, users, code, config, services, checks",
  vars: {
    target_hosts: v.optional(v.string(), "all"),
    fleet_packages: v.optional(packageNames, ["curl", "logrotate"]),
    app_user: v.optional(accountName, "fleet"),
    deploy_user: v.optional(accountName, "deploy"),
    deploy_key: v.pipe(v.string(), v.regex(/^(ssh-|ecdsa-|sk-)\S+ \S+/)),
    app_root: v.optional(absolutePath, "/opt/fleet"),
    app_port: v.optional(tcpPort, 8000),
    app_repo: v.optional(v.string(), "https://git.example.com/fleet/app.git"),
    app_version: v.optional(v.string(), "main"),
    app_archive: v.optional(v.string(), "fleet-assets.tar.gz"),
    log_level: v.optional(v.picklist(["debug", "info", "warning", "error"]), "info"),
    mirror_url: v.optional(httpUrl, "https://mirror.example.com"),
    registry_url: v.optional(httpUrl, "https://registry.example.com/api/hosts"),
  },
  async run(ctx) {
    const vars = ctx.vars;
    const { app_user: appUser, app_root: root, app_port: port } = vars;

    await ctx.play("Configure the app servers", vars.target_hosts, async (play) => {
      await play.task("gather_facts", { gather_subset: "min" }, { name: "Gathering Facts" });
      await play.task("apt", {
        name: [...vars.fleet_packages],
        state: "present",
        update_cache: true,
        cache_valid_time: 3600,
      }, { name: "Install the app's packages" });
      await play.task("group", { name: appUser, system: true }, { name: "Create the app group" });
      await play.task("user", {
        name: appUser,
        group: appUser,
        system: true,
        home: root,
        create_home: false,
        shell: "/usr/sbin/nologin",
        comment: "Fleet app",
      }, { name: "Create the app user" });
      await play.task("user", {
        name: vars.deploy_user,
        groups: [appUser],
        append: true,
        shell: "/bin/bash",
        comment: "Fleet deployments",
      }, { name: "Create the deploy user" });
      await play.task("authorized_key", { user: vars.deploy_user, key: vars.deploy_key }, {
        name: "Authorize the deploy key",
      });
      await play.task("file", {
        path: root,
        state: "directory",
        owner: appUser,
        group: appUser,
        mode: "0755",
      }, { name: "Create the app directory" });
      await play.task("file", {
        path: `${root}/logs`,
        state: "directory",
        owner: appUser,
        group: appUser,
        mode: "0750",
      }, { name: "Create the log directory" });
      await play.task("file", { path: "/etc/fleet", state: "directory", mode: "0755" }, {
        name: "Create the config directory",
      });
      await play.task("git", {
        repo: vars.app_repo,
        dest: `${root}/src`,
        version: vars.app_version,
      }, {
        name: "Check out the app",
      });
      await play.task("unarchive", { src: vars.app_archive, dest: root }, {
        name: "Unpack the static assets",
      });
      const config = await play.task("template", {
        src: "fleet-app.conf.j2",
        dest: "/etc/fleet/app.conf",
        owner: "root",
        group: appUser,
        mode: "0640",
      }, { name: "Render the app config" });
      const level = await play.task("lineinfile", {
        path: "/etc/fleet/app.env",
        regexp: "^LOG_LEVEL=",
        line: `LOG_LEVEL=${vars.log_level}`,
        create: true,
        mode: "0644",
      }, { name: "Set the log level" });
      await play.task("replace", {
        path: "/etc/ssh/sshd_config",
        regexp: "^#?MaxAuthTries\\s.*$",
        replace: "MaxAuthTries 4",
        validate: "/usr/sbin/sshd -t -f %s",
      }, { name: "Limit sshd's authentication tries" });
      await play.task("blockinfile", {
        path: "/etc/security/limits.conf",
        marker: "# {mark} FLEET APP LIMITS",
        block: `${appUser} soft nofile 65536\n${appUser} hard nofile 65536`,
      }, { name: "Raise the app's open file limit" });
      await play.task("copy", {
        dest: "/etc/logrotate.d/fleet-app",
        content: `${root}/logs/*.log {\n  weekly\n  rotate 4\n  compress\n  missingok\n}\n`,
        mode: "0644",
      }, { name: "Install the log rotation policy" });
      const init = await play.task("template", {
        src: "fleet-app.init.j2",
        dest: "/etc/init.d/fleet-app",
        mode: "0755",
      }, { name: "Install the app's init script" });
      await play.task("cron", {
        name: "fleet log cleanup",
        user: appUser,
        minute: "30",
        hour: "3",
        job: `find ${root}/logs -name '*.log' -mtime +7 -delete`,
      }, { name: "Schedule the log cleanup" });
      await play.task("cron", {
        name: "fleet health report",
        cron_file: "fleet-health",
        user: "root",
        minute: "*/5",
        job: `curl -fsS http://127.0.0.1:${port}/health > /dev/null`,
      }, { name: "Schedule the health report" });
      await play.task("sysctl", {
        ...SOMAXCONN,
        sysctl_file: "/etc/sysctl.d/60-fleet.conf",
        reload: true,
      }, { name: "Raise the listen backlog" });
      await play.task("get_url", {
        url: `${vars.mirror_url}/fleet/release.json`,
        dest: `${root}/release.json`,
        mode: "0644",
      }, { name: "Download the release manifest" });
      await play.task("service", { name: "cron", state: "started", enabled: true }, {
        name: "Ensure cron is running",
      });
      await play.task("service", { name: "fleet-app", state: "started", enabled: true }, {
        name: "Start the app",
      });
      // The handler: restart only where the config, its environment or the init script changed.
      const notified = new Set([
        ...config.changedHosts,
        ...level.changedHosts,
        ...init.changedHosts,
      ]);
      await play.task("service", { name: "fleet-app", state: "restarted" }, {
        name: "Restart the app",
        handler: true,
        hosts: play.hosts.filter((h) => notified.has(h)),
      });
    });

    await ctx.play("Verify the fleet", vars.target_hosts, async (play) => {
      await play.task("wait_for", { host: "127.0.0.1", port, timeout: 30 }, {
        name: "Wait for the app to listen",
      });
      await play.task("uri", { url: `http://127.0.0.1:${port}/health`, return_content: true }, {
        name: "Check the app's health",
      });
      await play.task("uri", (host) => ({
        url: vars.registry_url,
        method: "POST",
        body_format: "json",
        body: { host: host.name, version: vars.app_version, port },
        status_code: [200, 201],
      }), { name: "Register with the fleet registry" });
      const stats = {
        fleet_version: vars.app_version,
        fleet_port: port,
        fleet_hosts: [...play.hosts],
      };
      await play.debug({ recorded: stats }, { name: "Record the fleet's stats" });
      ctx.setStats(stats);
    });
  },
});

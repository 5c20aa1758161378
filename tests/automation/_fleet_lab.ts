/**
 * Test support for the fleet showcase (`automation/fleet.ts` and its playbook
 * twin `tests/automation/fleet.yml`): what the lab hosts need (the local apt
 * repository of `_apt_repo.ts`, a mirror and registry server inside each host
 * from `_http_server.ts`, the app's bare git repository), the project both
 * runners get (the playbook, `templates/`, `files/fleet-assets.tar.gz`), one
 * job through a worker as AWX sends it (the real `ansible_runner` API's
 * transmit stream), and the per-host recap read from its `playbook_on_stats`
 * event.
 *
 * Both sides name their hosts `app01`…`appNN` (the same inventory names, the
 * same templated content), each name on a different lab host.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildAptRepoFiles } from "../engine/modules/_apt_repo.ts";
import { httpServerFiles } from "../engine/modules/_http_server.ts";
import {
  type LabFiles,
  type LabHost,
  type LabHosts,
  SUDO_NOPASSWD_USER,
} from "../_support/lab/mod.ts";
import { apiTransmit } from "../_support/api_transmit.ts";
import { decisionOf, parseStream, runWorker, type WorkerName } from "../_support/worker_process.ts";
import { withDeadline } from "../_support/deadline.ts";

const HERE = dirname(fileURLToPath(import.meta.url));

/** The mirror and registry server's port inside each host. */
export const MIRROR_PORT = 8080;
/** The app's port inside each host (the automation's default). */
export const APP_PORT = 8000;
/** The release the fleet deploys: a tag of the app's repository. */
export const APP_VERSION = "v1.0";
/** The packages the fleet installs from the local repository. */
export const FLEET_PACKAGES = ["tachyon-app", "tachyon-conf"];

/** The release manifest the mirror serves. */
const RELEASE_JSON = JSON.stringify({ app: "fleet", version: APP_VERSION }) + "\n";

/** The app's repository, made inside each host with fixed authors and dates (the same shas). */
const GIT_SETUP = `set -e
export GIT_AUTHOR_NAME=Fleet GIT_AUTHOR_EMAIL=fleet@example.org
export GIT_COMMITTER_NAME=Fleet GIT_COMMITTER_EMAIL=fleet@example.org HOME=/root
export GIT_AUTHOR_DATE=2024-02-01T00:00:00Z GIT_COMMITTER_DATE=2024-02-01T00:00:00Z
git init -q --bare -b main /srv/fleet.git
rm -rf /tmp/fleet-seed && git init -q -b main /tmp/fleet-seed && cd /tmp/fleet-seed
printf 'fleet app\\n' > README
printf '#!/bin/sh\\necho fleet\\n' > run.sh && chmod 755 run.sh
git add README run.sh && git commit -q -m 'fleet 1.0' && git tag v1.0
printf 'next\\n' >> README && git commit -q -am 'next'
git remote add origin /srv/fleet.git && git push -q origin main --tags
rm -rf /tmp/fleet-seed
`;

/** The per-host recap, as `playbook_on_stats` counts it. */
export interface HostRecap {
  /** Tasks ok (changed ones included). */
  ok: number;
  /** Tasks that changed something. */
  changed: number;
  /** Failed tasks. */
  failures: number;
  /** Unreachable. */
  dark: number;
  /** Skipped. */
  skipped: number;
  /** Rescued. */
  rescued: number;
  /** Ignored failures. */
  ignored: number;
}

const RECAP_KEYS = ["ok", "changed", "failures", "dark", "skipped", "rescued", "ignored"] as const;

/** One job's outcome. */
export interface FleetRun {
  /** The worker's exit code. */
  code: number;
  /** The last status line's status. */
  status: string;
  /** Wall time of the worker process, in seconds. */
  seconds: number;
  /** The recap of every inventory host (zeros where a count is absent). */
  recap: Record<string, HostRecap>;
  /** Each host's results in order, `task: ok|changed|failed|skipped|unreachable`. */
  outcomes: Record<string, string[]>;
  /** `artifact_data` of the stats event. */
  artifactData: unknown;
  /** `host task: msg` of each failed or unreachable result, for messages. */
  problems: string[];
  /** tachyon's decision (its first event's text); `undefined` for ansible-runner. */
  decision?: string;
}

/**
 * The lab files every host gets: the local apt repository and the mirror
 * server with its release manifest.
 *
 * @example
 * ```ts
 * await using lab = await startLabHosts({ count: 2, files: await fleetLabFiles() });
 * ```
 */
export async function fleetLabFiles(): Promise<LabFiles> {
  return {
    ...await buildAptRepoFiles(),
    ...await httpServerFiles({ "fleet/release.json": RELEASE_JSON }, false),
  };
}

/**
 * Makes the app's repository and starts the mirror server in each host (a
 * few hosts at a time), and waits until every server answers.
 *
 * @example
 * ```ts
 * await prepareFleetHosts(lab.hosts);
 * ```
 */
export async function prepareFleetHosts(hosts: readonly LabHost[]): Promise<void> {
  const files = await httpServerFiles({}, false);
  const server = Object.keys(files).find((path) => path.endsWith(".py"));
  if (server === undefined) throw new Error("_http_server.ts gives no server script");
  const script = `${GIT_SETUP}
setsid python3 ${server} ${MIRROR_PORT} /srv/http >>/var/log/tachyon-http.log 2>&1 </dev/null &
i=0; until curl -s -o /dev/null http://127.0.0.1:${MIRROR_PORT}/echo; do i=$((i+1));
  [ $i -lt 200 ] || { echo "no mirror server"; exit 1; }; sleep 0.1; done
`;
  let next = 0;
  const worker = async () => {
    while (next < hosts.length) await hosts[next++].run(script);
  };
  await Promise.all(Array.from({ length: Math.min(8, hosts.length) }, worker));
}

/**
 * Writes the project both runners get into `project`: the playbook, the
 * templates and the assets archive (built with GNU tar, fixed times).
 *
 * @example
 * ```ts
 * await writeFleetProject("/tmp/src/project");
 * ```
 */
export async function writeFleetProject(project: string): Promise<void> {
  await Deno.mkdir(join(project, "templates"), { recursive: true });
  await Deno.mkdir(join(project, "files"), { recursive: true });
  await Deno.copyFile(join(HERE, "fleet.yml"), join(project, "fleet.yml"));
  for await (const entry of Deno.readDir(join(HERE, "fleet", "templates"))) {
    await Deno.copyFile(
      join(HERE, "fleet", "templates", entry.name),
      join(project, "templates", entry.name),
    );
  }
  const tree = await Deno.makeTempDir({ prefix: "tachyon_fleet_assets_" });
  try {
    const assets: Record<string, string> = {
      "public/index.html": "<!doctype html><title>fleet</title><p>fleet app</p>\n",
      "public/app.css": "body { font-family: sans-serif; }\n",
      "public/health": "ok\n",
    };
    for (const [path, text] of Object.entries(assets)) {
      await Deno.mkdir(join(tree, dirname(path)), { recursive: true });
      await Deno.writeTextFile(join(tree, path), text);
    }
    const out = await new Deno.Command("/usr/bin/tar", {
      args: [
        "--sort=name",
        "--owner=0",
        "--group=0",
        "--numeric-owner",
        "--mtime=2024-02-01 00:00:00Z",
        "--mode=u=rwX,go=rX",
        "-czf",
        join(project, "files", "fleet-assets.tar.gz"),
        "public",
      ],
      cwd: tree,
      stderr: "piped",
    }).output();
    if (!out.success) throw new Error(`tar: ${new TextDecoder().decode(out.stderr)}`);
  } finally {
    await Deno.remove(tree, { recursive: true });
  }
}

/**
 * The inventory: `app01`…`appNN` on `hosts`, in group `fleet`, reached as
 * the lab's sudoer with become.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile(join(src, "inventory", "hosts"), fleetInventory(hosts));
 * ```
 */
export function fleetInventory(hosts: readonly LabHost[]): string {
  return [
    "[fleet]",
    ...hosts.map((h, i) =>
      `${fleetName(i, hosts.length)} ansible_host=${h.address} ansible_port=${h.port}`
    ),
    "",
    "[fleet:vars]",
    `ansible_user=${SUDO_NOPASSWD_USER.name}`,
    "ansible_become=true",
    "ansible_python_interpreter=/usr/bin/python3",
    "",
  ].join("\n");
}

/**
 * The inventory name of the `index`th host of `count`: `app01`, ….
 *
 * @example
 * ```ts
 * fleetName(0, 20); // "app01"
 * ```
 */
export function fleetName(index: number, count: number): string {
  return `app${String(index + 1).padStart(Math.max(2, String(count).length), "0")}`;
}

/** What one side's job needs. */
export interface FleetJob {
  /** Which worker. */
  worker: WorkerName;
  /** Its lab hosts, in inventory order. */
  hosts: readonly LabHost[];
  /** The lab (for its key). */
  lab: LabHosts;
  /** A scratch dir of this side (its source pdd, worker pdd, control dir). */
  dir: string;
  /** The extra vars. */
  extravars: Record<string, unknown>;
  /** A name for this run (the ident, and the worker pdd's name). */
  ident: string;
  /** Forks. */
  forks: number;
  /** The deadline, in ms. */
  timeoutMs: number;
}

/**
 * Runs the fleet job (`playbook: fleet.yml`) through `job.worker`, as AWX
 * sends it (the real ansible_runner API's transmit stream, the lab key as
 * `ssh_key`), and reads its recap.
 *
 * @example
 * ```ts
 * const run = await runFleetJob({ worker: "tachyon", hosts, lab, dir, extravars, ident: "one", forks: 20, timeoutMs: 300_000 });
 * ```
 */
export async function runFleetJob(job: FleetJob): Promise<FleetRun> {
  const src = join(job.dir, `src-${job.ident}`);
  await Deno.mkdir(join(src, "inventory"), { recursive: true });
  await writeFleetProject(join(src, "project"));
  await Deno.writeTextFile(join(src, "inventory", "hosts"), fleetInventory(job.hosts));
  const controlDir = join(job.dir, "cp");
  await Deno.mkdir(controlDir, { recursive: true });
  const stream = await apiTransmit(src, {
    playbook: "fleet.yml",
    ident: job.ident,
    ssh_key: await Deno.readTextFile(job.lab.keys.plain),
    extravars: job.extravars,
    forks: job.forks,
    envvars: {
      ANSIBLE_HOST_KEY_CHECKING: "False",
      ANSIBLE_SSH_CONTROL_PATH_DIR: controlDir,
      // Ansible's fastest ssh mode (one ssh exec per module instead of several).
      ANSIBLE_PIPELINING: "True",
    },
  });
  const started = performance.now();
  const out = await withDeadline(
    job.timeoutMs,
    `${job.worker} fleet job ${job.ident}`,
    () => runWorker(job.worker, join(job.dir, `w-${job.ident}`), stream),
  );
  const seconds = (performance.now() - started) / 1000;
  const messages = parseStream(out.stdout);
  if (!messages.some((m) => m.event === "playbook_on_stats")) {
    const tail = new TextDecoder().decode(out.stdout).slice(-3000);
    throw new Error(`${job.worker}: no stats event (rc ${out.code}): ${tail}\n${out.stderr}`);
  }
  const names = job.hosts.map((_, i) => fleetName(i, job.hosts.length));
  return {
    code: out.code,
    seconds,
    ...fleetResultsOf(messages, names),
    decision: job.worker === "tachyon" ? decisionOf(messages) : undefined,
  };
}

/** The per-host results event of each outcome. */
const RESULT_EVENTS: Readonly<Record<string, string>> = {
  runner_on_ok: "ok",
  runner_on_failed: "failed",
  runner_on_skipped: "skipped",
  runner_on_unreachable: "unreachable",
};

/**
 * What a job's messages say about `hosts`: the last status, each host's
 * recap (from `playbook_on_stats`) and task outcomes, `artifact_data`, and
 * the failures' messages.
 *
 * @example
 * ```ts
 * const results = fleetResultsOf(parseStream(out.stdout), ["app01", "app02"]);
 * ```
 */
export function fleetResultsOf(
  messages: readonly Record<string, unknown>[],
  hosts: readonly string[],
): Omit<FleetRun, "code" | "seconds" | "decision"> {
  const statuses = messages.filter((m) => typeof m.status === "string");
  const data = (messages.find((m) => m.event === "playbook_on_stats")?.event_data ?? {}) as Record<
    string,
    unknown
  >;
  const recap: Record<string, HostRecap> = {};
  const outcomes: Record<string, string[]> = {};
  for (const host of hosts) {
    const counts = RECAP_KEYS.map((
      key,
    ) => [key, (data[key] as Record<string, number>)?.[host] ?? 0]);
    recap[host] = Object.fromEntries(counts) as unknown as HostRecap;
    outcomes[host] = [];
  }
  const problems: string[] = [];
  for (const m of messages) {
    const kind = RESULT_EVENTS[String(m.event)];
    if (kind === undefined) continue;
    const event = m.event_data as Record<string, unknown>;
    const res = (event.res ?? {}) as Record<string, unknown>;
    const outcome = kind === "ok" && res.changed === true ? "changed" : kind;
    outcomes[String(event.host)]?.push(`${event.task}: ${outcome}`);
    if (kind === "failed" || kind === "unreachable") {
      problems.push(`${event.host} ${event.task}: ${String(res.msg ?? "").slice(0, 400)}`);
    }
  }
  return {
    status: String(statuses.at(-1)?.status),
    recap,
    outcomes,
    artifactData: data.artifact_data,
    problems,
  };
}

/**
 * What the spot check compares on a host: the files, users, packages,
 * repository, crontabs, sysctl and services the fleet manages.
 *
 * @example
 * ```ts
 * const state = (await host.run(FLEET_STATE)).stdout;
 * ```
 */
export const FLEET_STATE = `
for f in /etc/fleet/app.conf /etc/fleet/app.env /etc/logrotate.d/fleet-app /etc/init.d/fleet-app \\
  /etc/sysctl.d/60-fleet.conf /etc/cron.d/fleet-health /opt/fleet/release.json \\
  /home/deploy/.ssh/authorized_keys; do
  echo "== $f $(stat -c '%U:%G %a' "$f" 2>&1)"; cat "$f" 2>&1
done
for d in /opt/fleet /opt/fleet/logs /etc/fleet /home/deploy/.ssh; do echo "$d $(stat -c '%U:%G %a' "$d" 2>&1)"; done
getent passwd fleet deploy; getent group fleet
echo "crontab of fleet:"; crontab -l -u fleet 2>&1
grep -n '^#\\?MaxAuthTries' /etc/ssh/sshd_config
sed -n '/BEGIN FLEET APP LIMITS/,/END FLEET APP LIMITS/p' /etc/security/limits.conf
echo "somaxconn $(sysctl -n net.core.somaxconn)"
dpkg-query -W -f='\${Package} \${db:Status-Abbrev}\${Version}\\n' 'tachyon-*' 2>/dev/null | sort
echo "src $(git -C /opt/fleet/src rev-parse HEAD 2>&1) $(git -C /opt/fleet/src status --porcelain 2>&1 | wc -l)"
find /opt/fleet/public /opt/fleet/src -path /opt/fleet/src/.git -prune -o -printf '%p %y %m %u %s\\n' | sort
for s in cron fleet-app; do
  if /etc/init.d/$s status >/dev/null 2>&1; then echo "$s up"; else echo "$s down"; fi
done
ls /etc/rc2.d | grep -E 'cron|fleet' || :
echo "health: $(curl -fsS http://127.0.0.1:${APP_PORT}/health 2>&1)"
`;

/**
 * The fleet showcase (issue 12): `automation/fleet.ts` (apt, group, user,
 * authorized_key, file, git, unarchive, template, lineinfile, replace,
 * blockinfile, copy, cron, sysctl, get_url, service, a conditional restart,
 * wait_for, uri, setStats) through tachyon's worker on 20 lab hosts, and its
 * playbook twin `tests/automation/fleet.yml` through the real
 * `ansible-runner worker` (ansible-core 2.14) on 20 identical ones, both sent
 * as AWX sends a job (`playbook: fleet.yml`, the lab key as `ssh_key`, become
 * from the inventory, the same extra vars and forks). The per-host recap must
 * be equal for every host; a second run must change nothing on either side
 * (idempotence) and still agree; a few hosts' final state (files, users,
 * packages, repository, crontabs, sysctl, services) must be the same on both
 * sides. Both sides run one after the other, and their wall times are
 * printed.
 *
 * `TACHYON_FLEET_HOSTS` sets the hosts per side: 2 in the suite (its CI budget), 20 for the
 * acceptance run (`TACHYON_FLEET_HOSTS=20`, about 15 minutes on a loaded 2-core machine).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { type LabHost, startLabHosts } from "../_support/lab/mod.ts";
import { tempDir, type WorkerName } from "../_support/worker_process.ts";
import { withDeadline } from "../_support/deadline.ts";
import {
  APP_VERSION,
  FLEET_PACKAGES,
  FLEET_STATE,
  fleetLabFiles,
  fleetName,
  type FleetRun,
  MIRROR_PORT,
  prepareFleetHosts,
  runFleetJob,
} from "./_fleet_lab.ts";

const COUNT = Number(Deno.env.get("TACHYON_FLEET_HOSTS") || 2);
const FORKS = 20;
/** One job on a loaded 2-core machine: Ansible needs 5 minutes or more for 20 hosts. */
const JOB_DEADLINE_MS = 900_000;

/** A recap as one line per host, for readable assertion diffs. */
function recapLines(run: FleetRun): string[] {
  return Object.entries(run.recap).map(([host, r]) =>
    `${host} ok=${r.ok} changed=${r.changed} unreachable=${r.dark} failed=${r.failures} ` +
    `skipped=${r.skipped} rescued=${r.rescued} ignored=${r.ignored}`
  );
}

Deno.test({
  name:
    `fleet: the automation on ${COUNT} lab hosts reports ansible-playbook's per-host stats, twice`,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await withDeadline(2_400_000, "fleet interop", async () => {
      const labStart = performance.now();
      await using lab = await withDeadline(
        600_000,
        `startLabHosts(${2 * COUNT})`,
        async () =>
          startLabHosts({
            count: 2 * COUNT,
            namePrefix: "fleet",
            files: await fleetLabFiles(),
            parallel: 10,
          }),
      );
      await withDeadline(300_000, "prepare the hosts", () => prepareFleetHosts(lab.hosts));
      const labSeconds = (performance.now() - labStart) / 1000;
      const sides: Record<WorkerName, readonly LabHost[]> = {
        "tachyon": lab.hosts.slice(0, COUNT),
        "ansible-runner": lab.hosts.slice(COUNT),
      };
      const tmp = await tempDir("tachyon_fleet_");
      const extravars = {
        fleet_packages: FLEET_PACKAGES,
        app_repo: "/srv/fleet.git",
        app_version: APP_VERSION,
        mirror_url: `http://127.0.0.1:${MIRROR_PORT}`,
        registry_url: `http://127.0.0.1:${MIRROR_PORT}/echo`,
        deploy_key: (await Deno.readTextFile(`${lab.keys.plain}.pub`)).trim(),
        log_level: "warning",
      };
      const job = (worker: WorkerName, ident: string) =>
        runFleetJob({
          worker,
          hosts: sides[worker],
          lab,
          dir: join(tmp.path, worker),
          extravars,
          ident,
          forks: FORKS,
          timeoutMs: JOB_DEADLINE_MS,
        });
      const times: string[] = [`lab: ${2 * COUNT} hosts started in ${labSeconds.toFixed(1)} s`];
      try {
        /** Runs both sides one after the other; both must succeed with the same recap. */
        const both = async (ident: string) => {
          const ours = await job("tachyon", ident);
          const theirs = await job("ansible-runner", ident);
          times.push(
            `${ident} run: tachyon ${ours.seconds.toFixed(1)} s, ` +
              `ansible-runner ${theirs.seconds.toFixed(1)} s`,
          );
          assert.match(String(ours.decision), /runs the automation fleet natively/);
          for (const [name, run] of [["tachyon", ours], ["ansible-runner", theirs]] as const) {
            assert.deepEqual(
              [run.status, run.code, run.problems],
              ["successful", 0, []],
              `${name}'s ${ident} run`,
            );
          }
          assert.deepEqual(recapLines(ours), recapLines(theirs), `the ${ident} run's recap`);
          for (const host of Object.keys(theirs.outcomes)) {
            assert.deepEqual(ours.outcomes[host], theirs.outcomes[host], `${host}'s tasks`);
          }
          // Ansible 2.14 templates set_stats' values to text ("8000"); the automation keeps a number.
          const data = ours.artifactData as Record<string, unknown>;
          assert.deepEqual(
            { ...data, fleet_port: String(data.fleet_port) },
            theirs.artifactData,
            "artifact_data (set_stats)",
          );
          return ours;
        };

        let first: FleetRun | undefined;
        await t.step("first run: every host changes, the same recap on both sides", async () => {
          first = await both("first");
          for (const [host, r] of Object.entries(first.recap)) {
            assert.ok(r.changed > 10, `${host} changed only ${r.changed} tasks`);
          }
        });

        await t.step("second run: nothing changes on either side", async () => {
          const second = await both("second");
          for (const [host, r] of Object.entries(second.recap)) {
            assert.equal(r.changed, 0, `${host} is not idempotent`);
            // The first run also restarted the app (the handler); this one did not.
            assert.equal(r.ok + 1, first?.recap[host].ok, `${host}: the handler ran only once`);
          }
        });

        await t.step("spot check: the same final state on both sides", async () => {
          for (const i of new Set([0, Math.floor(COUNT / 2), COUNT - 1])) {
            const [ours, theirs] = await Promise.all([
              sides.tachyon[i].run(FLEET_STATE),
              sides["ansible-runner"][i].run(FLEET_STATE),
            ]);
            assert.equal(ours.stdout, theirs.stdout, `${fleetName(i, COUNT)}'s state`);
            assert.match(ours.stdout, /^fleet-app up$/m);
            assert.match(ours.stdout, /^tachyon-app ii 1\.0$/m);
            assert.match(ours.stdout, /^health: ok$/m);
          }
        });
      } finally {
        console.log(
          `fleet showcase, ${COUNT} hosts per side, forks ${FORKS}:\n  ${times.join("\n  ")}`,
        );
        await tmp.remove();
      }
    });
  },
});

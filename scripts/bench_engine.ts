/**
 * Engine benchmark (issue 4): real sshd hosts on loopback, whole processes,
 * one run reports
 *   1. the per-command cost on an open host (tachyon's persistent channel vs
 *      a multiplexed `ssh host cmd`);
 *   2. N hosts × 5 tasks: tachyon worker vs real ansible-runner (forks=N,
 *      pipelining, ControlPersist; once with ssh's default key exchange and
 *      once with tachyon's curve25519) vs Ansible with the mitogen strategy
 *      (curve25519 too).
 *
 *   deno run -A scripts/bench_engine.ts [--hosts 50] [--runs 1]
 *
 * @module
 */
import { join } from "node:path";
import { sshConnectionOptions, startSshd } from "../tests/_support/sshd.ts";
import { SshConnection } from "../src/engine/connection/ssh.ts";
import { ProcessRegistry } from "../src/engine/process_registry.ts";
import { numberFlag, timed, timedFiveTaskWorker } from "./bench/timing.ts";

const HOSTS = numberFlag("--hosts", 50);
const RUNS = numberFlag("--runs", 1);
const ROOT = new URL("..", import.meta.url).pathname;
const MITOGEN = "/usr/lib/python3/dist-packages/ansible_mitogen/plugins/strategy";

const sshd = await startSshd({ hosts: HOSTS });
const tmp = await Deno.makeTempDir({ prefix: "tachyon_bench_engine_" });
try {
  // 1. per-command cost on an open host
  const host = sshd.hosts[0];
  const registry = new ProcessRegistry();
  const conn = await SshConnection.open(sshConnectionOptions(sshd, host, registry));
  await conn.exec("true");
  const n = 200;
  let t0 = performance.now();
  for (let i = 0; i < n; i++) await conn.exec("echo hi");
  const channelMs = (performance.now() - t0) / n;
  await conn.close();
  const control = join(tmp, "cm");
  const sshBase = [
    "/usr/bin/ssh",
    "-T",
    "-o",
    "BatchMode=yes",
    "-o",
    "StrictHostKeyChecking=no",
    "-o",
    "UserKnownHostsFile=/dev/null",
    "-o",
    "ControlMaster=auto",
    "-o",
    `ControlPath=${control}`,
    "-o",
    "ControlPersist=60",
    "-i",
    sshd.keyFile,
    "-p",
    String(host.port),
    `${sshd.user}@${host.address}`,
  ];
  await timed([...sshBase, "true"], {});
  const m = 30;
  t0 = performance.now();
  for (let i = 0; i < m; i++) await timed([...sshBase, "echo hi"], {});
  const muxMs = (performance.now() - t0) / m;
  await timed(["/usr/bin/ssh", "-O", "exit", "-o", `ControlPath=${control}`, "x"], {});
  console.log(
    `per command on an open host: tachyon channel ${channelMs.toFixed(2)} ms, ` +
      `multiplexed ssh ${muxMs.toFixed(1)} ms (${(muxMs / channelMs).toFixed(0)}x)`,
  );

  // 2. N hosts × 5 tasks
  const pdd = join(tmp, "pdd");
  await Deno.mkdir(join(pdd, "inventory"), { recursive: true });
  await Deno.mkdir(join(pdd, "project"), { recursive: true });
  await Deno.mkdir(join(pdd, "env"), { recursive: true });
  await Deno.writeTextFile(
    join(pdd, "inventory", "hosts"),
    "[bench]\n" + sshd.hosts.map((h) =>
      `${h.name} ansible_host=${h.address} ansible_port=${h.port}`
    ).join("\n") +
      `\n\n[bench:vars]\nansible_user=${sshd.user}\nansible_ssh_private_key_file=${sshd.keyFile}\n` +
      "ansible_python_interpreter=/usr/bin/python3\n",
  );
  await Deno.copyFile(
    join(ROOT, "scripts/bench/five_tasks.yml"),
    join(pdd, "project", "five_tasks.yml"),
  );
  await Deno.writeTextFile(join(pdd, "env", "cmdline"), `--forks=${HOSTS}`);
  await Deno.writeTextFile(
    join(pdd, "env", "envvars"),
    JSON.stringify({ ANSIBLE_PIPELINING: "True", ANSIBLE_HOST_KEY_CHECKING: "False" }),
  );
  const tx = await timed(["/usr/bin/ansible-runner", "transmit", pdd, "-p", "five_tasks.yml"], {});
  const stream = tx.stdout;
  const results: Record<string, number[]> = {
    tachyon: [],
    "ansible-runner": [],
    "ansible-runner, curve25519 kex": [],
    mitogen: [],
  };
  // The same stream with the peer's ssh told to use tachyon's key exchange too.
  const sameKexPdd = join(tmp, "pdd-kex");
  await Deno.mkdir(sameKexPdd);
  await timed([
    "/bin/cp",
    "-r",
    join(pdd, "inventory"),
    join(pdd, "project"),
    join(pdd, "env"),
    sameKexPdd,
  ], {});
  await Deno.writeTextFile(
    join(sameKexPdd, "env", "envvars"),
    JSON.stringify({
      ANSIBLE_PIPELINING: "True",
      ANSIBLE_HOST_KEY_CHECKING: "False",
      ANSIBLE_SSH_ARGS:
        "-C -o ControlMaster=auto -o ControlPersist=60s -o KexAlgorithms=curve25519-sha256",
    }),
  );
  const sameKexStream = (await timed(
    ["/usr/bin/ansible-runner", "transmit", sameKexPdd, "-p", "five_tasks.yml"],
    {},
  )).stdout;
  for (let r = 0; r < RUNS; r++) {
    const ours = await timedFiveTaskWorker(join(tmp, `w${r}`), stream);
    if (!new TextDecoder().decode(ours.stdout).includes('"status": "successful"')) {
      throw new Error("tachyon run did not succeed");
    }
    results.tachyon.push(ours.ms);
    const peer = await timed(
      ["/usr/bin/ansible-runner", "worker", `--private-data-dir=${join(tmp, `p${r}`)}`],
      {},
      stream,
    );
    if (!new TextDecoder().decode(peer.stdout).includes('"status": "successful"')) {
      throw new Error("ansible-runner run did not succeed");
    }
    results["ansible-runner"].push(peer.ms);
    const peerKex = await timed(
      ["/usr/bin/ansible-runner", "worker", `--private-data-dir=${join(tmp, `k${r}`)}`],
      {},
      sameKexStream,
    );
    if (!new TextDecoder().decode(peerKex.stdout).includes('"status": "successful"')) {
      throw new Error("ansible-runner (curve25519) run did not succeed");
    }
    results["ansible-runner, curve25519 kex"].push(peerKex.ms);
    const mito = await timed([
      "/usr/bin/ansible-playbook",
      "-i",
      join(pdd, "inventory", "hosts"),
      `--forks=${HOSTS}`,
      join(pdd, "project", "five_tasks.yml"),
    ], {
      ANSIBLE_STRATEGY_PLUGINS: MITOGEN,
      ANSIBLE_STRATEGY: "mitogen_linear",
      ANSIBLE_HOST_KEY_CHECKING: "False",
      ANSIBLE_SSH_ARGS: "-o KexAlgorithms=curve25519-sha256",
    });
    if (mito.code !== 0) {
      throw new Error("mitogen run failed: " + new TextDecoder().decode(mito.stdout).slice(-500));
    }
    results.mitogen.push(mito.ms);
  }
  const median = (v: number[]) =>
    [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const t = median(results.tachyon);
  console.log(`${HOSTS} hosts × 5 tasks (median of ${RUNS}):`);
  console.log(`  tachyon ${(t / 1000).toFixed(2)} s`);
  for (const peer of ["ansible-runner", "ansible-runner, curve25519 kex", "mitogen"]) {
    const p = median(results[peer]);
    console.log(`  ${peer} ${(p / 1000).toFixed(2)} s → tachyon is ${(p / t).toFixed(1)}x faster`);
  }
} finally {
  await Deno.remove(tmp, { recursive: true }).catch(() => {});
  await sshd.stop();
}

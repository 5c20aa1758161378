/**
 * Benchmarks tachyon's worker against the real `ansible-runner worker` in one
 * run: whole processes, alternated, medians. Not a test: run it by hand.
 *
 *   deno run -P=test scripts/bench.ts [--runs 7]
 *
 * Reports:
 * 1. wall time of a localhost ad hoc `ping` job through `worker` (same transmit stream);
 * 2. peak RSS while extracting a transmit stream that carries a 256 MiB file;
 * 3. SIGINT during a running job → eof latency.
 *
 * @module
 */
import { join } from "node:path";

const ROOT = new URL("..", import.meta.url).pathname;
const RUNNER = "/usr/bin/ansible-runner";
const PY = "/usr/bin/python3";
const runs = Number(Deno.args[Deno.args.indexOf("--runs") + 1]) || 7;
const TACHYON = [Deno.execPath(), "run", "-P", "--no-prompt", "--quiet", join(ROOT, "main.ts")];

async function sh(argv: string[], stdin?: Uint8Array): Promise<{ code: number; out: Uint8Array }> {
  const child = new Deno.Command(argv[0], {
    args: argv.slice(1),
    stdin: stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "null",
    cwd: "/tmp",
  }).spawn();
  if (stdin) {
    const w = child.stdin.getWriter();
    await w.write(stdin);
    await w.close();
  }
  const o = await child.output();
  return { code: o.code, out: o.stdout };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function transmitAdhoc(dir: string, extra: string[] = []): Promise<Uint8Array> {
  const r = await sh([RUNNER, "transmit", dir, "-m", "ping", "--hosts", "localhost", ...extra]);
  if (r.code !== 0) throw new Error("transmit failed");
  return r.out;
}

async function timeWorker(cmd: string[], stream: Uint8Array, pdd: string): Promise<number> {
  await Deno.remove(pdd, { recursive: true }).catch(() => {});
  const t0 = performance.now();
  const r = await sh([...cmd, "worker", `--private-data-dir=${pdd}`], stream);
  const ms = performance.now() - t0;
  if (!new TextDecoder().decode(r.out).includes('{"eof": true}')) throw new Error("no eof");
  return ms;
}

const tmp = await Deno.makeTempDir({ prefix: "tachyon_bench_" });
try {
  // 1. ad hoc ping
  const src = join(tmp, "src");
  await Deno.mkdir(join(src, "inventory"), { recursive: true });
  await Deno.writeTextFile(join(src, "inventory", "hosts"), "localhost ansible_connection=local\n");
  const stream = await transmitAdhoc(src);
  const ours: number[] = [];
  const peer: number[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(await timeWorker(TACHYON, stream, join(tmp, "w1")));
    peer.push(await timeWorker([RUNNER], stream, join(tmp, "w2")));
  }
  const [mo, mp] = [median(ours), median(peer)];
  console.log(`ad hoc ping via worker (median of ${runs}, alternated):`);
  console.log(
    `  tachyon ${mo.toFixed(0)} ms, ansible-runner ${mp.toFixed(0)} ms, ratio ${
      (mo / mp).toFixed(3)
    }`,
  );

  // 2. memory while extracting a 256 MiB file
  const big = join(tmp, "big");
  await Deno.mkdir(join(big, "inventory"), { recursive: true });
  await Deno.writeTextFile(join(big, "inventory", "hosts"), "localhost ansible_connection=local\n");
  await sh([
    PY,
    "-c",
    `
import os
with open("${join(big, "payload.bin")}", "wb") as f:
    block = os.urandom(1 << 20)
    for i in range(256):
        f.write(block if i % 2 else bytes(1 << 20))
`,
  ]);
  const bigStream = join(tmp, "big.stream");
  await sh(["/bin/sh", "-c", `${RUNNER} transmit ${big} -m ping --hosts localhost > ${bigStream}`]);
  const rss = async (cmd: string[]) => {
    await Deno.remove(join(tmp, "w3"), { recursive: true }).catch(() => {});
    const r = await sh([
      PY,
      "-c",
      `
import resource, subprocess, sys
with open(sys.argv[1], "rb") as f:
    subprocess.run(sys.argv[2:], stdin=f, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
`,
      bigStream,
      ...cmd,
      "worker",
      `--private-data-dir=${join(tmp, "w3")}`,
    ]);
    return Number(new TextDecoder().decode(r.out).trim()) / 1024;
  };
  const ourRss = median([await rss(TACHYON), await rss(TACHYON), await rss(TACHYON)]);
  const peerRss = await rss([RUNNER]);
  console.log(`256 MiB file in the transmit stream, peak RSS of the whole worker process:`);
  console.log(`  tachyon ${ourRss.toFixed(1)} MiB, ansible-runner ${peerRss.toFixed(1)} MiB`);

  // 3. SIGINT → eof
  const sleepStream = await (async () => {
    const kw = {
      ident: "b",
      module: "shell",
      module_args: "sleep 97.5",
      host_pattern: "localhost",
    };
    const body = JSON.stringify({ kwargs: kw }) + "\n";
    const r = await sh([
      RUNNER,
      "transmit",
      src,
      "-m",
      "shell",
      "-a",
      "sleep 97.5",
      "--hosts",
      "localhost",
    ]);
    return r.code === 0 ? r.out : new TextEncoder().encode(body + '{"eof": true}\n');
  })();
  const cancel = async (cmd: string[]) => {
    await Deno.remove(join(tmp, "w4"), { recursive: true }).catch(() => {});
    const child = new Deno.Command(cmd[0], {
      args: [...cmd.slice(1), "worker", `--private-data-dir=${join(tmp, "w4")}`],
      stdin: "piped",
      stdout: "piped",
      stderr: "null",
      cwd: "/tmp",
    }).spawn();
    const w = child.stdin.getWriter();
    await w.write(sleepStream);
    await w.close();
    const deadline = Date.now() + 30_000;
    while (!running("sleep 97.5")) {
      if (Date.now() > deadline) throw new Error("sleep never started");
      await new Promise((r) => setTimeout(r, 10));
    }
    const t0 = performance.now();
    child.kill("SIGINT");
    const out = await child.output();
    const ms = performance.now() - t0;
    const ok = new TextDecoder().decode(out.stdout).trimEnd().endsWith('{"eof": true}');
    while (running("sleep 97.5")) await new Promise((r) => setTimeout(r, 10));
    return { ms, ok };
  };
  const ourCancel = [await cancel(TACHYON), await cancel(TACHYON), await cancel(TACHYON)];
  const peerCancel = await cancel([RUNNER]);
  console.log(`SIGINT during a running job → eof:`);
  console.log(
    `  tachyon ${median(ourCancel.map((c) => c.ms)).toFixed(0)} ms (eof: ${
      ourCancel.every((c) => c.ok)
    }), ansible-runner ${peerCancel.ms.toFixed(0)} ms (eof: ${peerCancel.ok})`,
  );
} finally {
  await Deno.remove(tmp, { recursive: true });
}

function running(needle: string): boolean {
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      if (Deno.readTextFileSync(`/proc/${e.name}/cmdline`).replaceAll("\0", " ").includes(needle)) {
        return true;
      }
    } catch {
      // gone
    }
  }
  return false;
}

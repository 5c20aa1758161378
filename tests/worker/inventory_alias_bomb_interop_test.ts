/**
 * A YAML alias bomb (1 KB of text, 10^9 values written out) as group vars,
 * in a YAML inventory and in `group_vars/all.yml`: the default automation
 * and an ad hoc ping run like any other job, well within the job_timeout and
 * with bounded memory, as the real ansible-runner worker (fed the same
 * stream) does.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { tempDir, transmit } from "../_support/worker_process.ts";
import { finalStatus, startWorker, SUMMARY_PLAYBOOK, writeJobSource } from "./_inventory_jobs.ts";

/** `a: &a [x ×10]`, then `aN: &aN [*a(N-1) ×10]` up to a8, one per line. */
function aliasBomb(): string[] {
  const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
  for (let level = 1, prev = "a"; level <= 8; prev = `a${level}`, level++) {
    lines.push(`a${level}: &a${level} [${Array(10).fill(`*${prev}`).join(", ")}]`);
  }
  return lines;
}

const BOMB_INVENTORY = "all:\n  hosts:\n    localhost:\n      ansible_connection: local\n" +
  "  vars:\n" + aliasBomb().map((l) => `    ${l}\n`).join("");

Deno.test("a YAML alias bomb in inventory group vars: successful well within job_timeout, bounded RSS; the reference is not better", async () => {
  const tmp = await tempDir();
  try {
    const src = join(tmp.path, "src");
    await writeJobSource(src, {
      "project/main.yml": SUMMARY_PLAYBOOK,
      "inventory/hosts.yml": BOMB_INVENTORY,
      "inventory/group_vars/all.yml": aliasBomb().map((l) => l.replace(/^a/, "b")).join("\n") +
        "\n",
      "env/settings": JSON.stringify({ job_timeout: 10 }),
    });
    assert.ok(BOMB_INVENTORY.length < 1024, `${BOMB_INVENTORY.length} bytes`);
    const stream = await transmit(src, ["-p", "main.yml", "-i", "bomb"]);

    const ours = await startWorker("tachyon", join(tmp.path, "ours"), stream, 40_000).done;
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(finalStatus(ours), "successful");
    assert.deepEqual(ours.messages.at(-1), { eof: true });
    const ok = ours.messages.filter((m) => m.event === "runner_on_ok").length;
    assert.equal(ok, 2, "facts and summary for localhost");
    assert.ok(ours.elapsedMs < 8000, `finished in ${ours.elapsedMs.toFixed(0)} ms`);
    const peakMiB = ours.peakRssKiB / 1024;
    assert.ok(peakMiB > 0 && peakMiB < 200, `peak RSS ${peakMiB.toFixed(0)} MiB`);

    const peer = await startWorker("reference", join(tmp.path, "peer"), stream, 60_000).done;
    assert.equal(finalStatus(peer), finalStatus(ours), "the reference's status");
    assert.ok(
      ours.elapsedMs <= peer.elapsedMs + 1500,
      `tachyon ${ours.elapsedMs.toFixed(0)} ms, reference ${peer.elapsedMs.toFixed(0)} ms`,
    );
    // Ad hoc runs reach the host vars too.
    const adhoc = await startWorker(
      "tachyon",
      join(tmp.path, "adhoc"),
      await transmit(src, ["-m", "ping", "--hosts", "all", "-i", "bomb-adhoc"]),
      40_000,
    ).done;
    assert.equal(adhoc.code, 0, adhoc.stderr);
    assert.equal(finalStatus(adhoc), "successful");
    assert.ok(adhoc.elapsedMs < 8000, `ad hoc finished in ${adhoc.elapsedMs.toFixed(0)} ms`);
    assert.ok(adhoc.peakRssKiB / 1024 < 200, `ad hoc peak RSS ${adhoc.peakRssKiB} KiB`);
    console.log(
      `alias bomb: tachyon ${ours.elapsedMs.toFixed(0)} ms, peak RSS ${peakMiB.toFixed(0)} MiB; ` +
        `reference ${peer.elapsedMs.toFixed(0)} ms (${String(finalStatus(peer))})`,
    );
  } finally {
    await tmp.remove();
  }
});

Deno.test("printing an alias bomb (debug var=a8): the result is dropped from event data and replaced by a notice on screen; the job ends, within job_timeout", async () => {
  const tmp = await tempDir();
  try {
    const src = join(tmp.path, "src");
    await writeJobSource(src, {
      "inventory/hosts.yml": BOMB_INVENTORY,
      "env/settings": JSON.stringify({ job_timeout: 20 }),
    });
    const stream = await transmit(src, ["-m", "debug", "-a", "var=a8", "--hosts", "all"]);
    const run = await startWorker("tachyon", join(tmp.path, "ours"), stream, 40_000).done;
    assert.equal(run.code, 0, run.stderr);
    assert.equal(finalStatus(run), "successful");
    assert.deepEqual(run.messages.at(-1), { eof: true });
    const ok = run.messages.find((m) => m.event === "runner_on_ok")!;
    assert.match(String(ok.stdout), /too large to display/);
    assert.deepEqual((ok.event_data as Record<string, unknown>).res, {});
    assert.ok(run.peakRssKiB / 1024 < 200, `peak RSS ${run.peakRssKiB} KiB`);
  } finally {
    await tmp.remove();
  }
});

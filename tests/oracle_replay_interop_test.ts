/**
 * The interop half of the recorded oracles: every question in
 * `tests/_fixtures/oracle/` is asked again of the real peer (Python, Ansible,
 * ansible-runner), and the answer must be the recorded one. A fixture that
 * drifted from the real thing, or an oracle nobody defines any more, fails here.
 */
import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { FIXTURE_DIR, type Json, liveOracle, readFixture } from "./_oracles/recorded.ts";

const ORACLES_DIR = join(dirname(fileURLToPath(import.meta.url)), "_oracles");

/** Questions asked at once per fixture: the peers are slow to start, the cores are two. */
const IN_FLIGHT = 4;

// Importing every oracle module registers its live oracle.
for (const entry of [...Deno.readDirSync(ORACLES_DIR)].map((e) => e.name).sort()) {
  if (entry.endsWith(".ts")) await import(new URL(`./_oracles/${entry}`, import.meta.url).href);
}

function fixtureFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) out.push(...fixtureFiles(path));
    else if (entry.name.endsWith(".json")) out.push(path);
  }
  return out.sort();
}

const files = fixtureFiles(FIXTURE_DIR);

Deno.test("the recorded oracle fixtures exist", () => {
  assert.ok(files.length > 0, `no fixtures in ${FIXTURE_DIR}: run deno task oracle:record`);
});

for (const file of files) {
  const name = relative(FIXTURE_DIR, file);
  Deno.test(`recorded answers of ${name} are what the real peers answer now`, async () => {
    const entries = Object.entries(readFixture(file));
    const drifted: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < entries.length) {
        const [key, { kind, request, answer }] = entries[next++];
        const live = liveOracle(kind);
        if (!live) {
          drifted.push(`${key}: no module in tests/_oracles/ defines the oracle ${kind}`);
          continue;
        }
        const now: Json = await live(request);
        try {
          assert.deepStrictEqual(now, answer);
        } catch (error) {
          const shown = JSON.stringify(request).slice(0, 160);
          drifted.push(`${key} ${kind} ${shown}\n${(error as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, entries.length) }, worker));
    assert.deepStrictEqual(
      drifted.slice(0, 5),
      [],
      `${drifted.length} of ${entries.length} recorded answers drifted; ` +
        "run deno task oracle:record and review the diff",
    );
  });
}

/**
 * The Containerfile cannot be built here (no container engine can pull a
 * base): check what it runs and copies against the repository.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "./_support/worker_process.ts";

Deno.test("Containerfile: compiles with deno task compile and installs the binary as ansible-runner", async () => {
  const text = await Deno.readTextFile(join(ROOT, "Containerfile"));
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  assert.match(text, /^ARG EE_IMAGE=quay\.io\/ansible\/awx-ee:\S+$/m, "base image is an ARG");
  assert.match(text, /^FROM \$\{EE_IMAGE\}$/m);
  assert.match(text, /RUN deno task compile/);
  assert.ok(config.tasks.compile.includes("-o dist/tachyon"));
  assert.match(text, /COPY --from=build \/src\/dist\/tachyon \/usr\/local\/bin\/tachyon/);
  assert.match(text, /ln -sf tachyon \/usr\/local\/bin\/ansible-runner/);
  assert.match(text, /chgrp -R 0 \/runner/);
  assert.match(text, /chmod -R ug\+rwX \/runner/);
  // Every build-context path it copies exists, so the build stage sees the whole module graph.
  for (const match of text.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
    for (const path of match[1].split(/\s+/)) {
      await Deno.stat(join(ROOT, path));
    }
  }
  const copied = [...text.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) =>
    m[1].split(/\s+/)
  );
  for (const needed of ["deno.json", "deno.lock", "main.ts", "mod.ts", "src/", "automation/"]) {
    assert.ok(copied.includes(needed), `${needed} is copied into the build stage`);
  }
});

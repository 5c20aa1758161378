/**
 * `deno task compile`, run offline with DENORT_BIN pointing at this `deno`
 * (`deno compile` cannot download its `denort` runtime here).
 *
 * What that output is: a copy of the `deno` CLI plus the data section that
 * `deno compile` embeds (an ELF note `.note.sui`, section `d3n0l4nd`: metadata
 * with the permission set, the npm snapshot, the virtual file system with every
 * module's source and transpiled code). The `deno` CLI never reads that
 * section, so the output runs as plain `deno`: `--version` prints deno's
 * version and exits 0, which is why an exit-code check proves nothing.
 *
 * PROVED HERE:
 * - the task line compiles: every static and lazily loaded module (the yaml
 *   package too) resolves, and each local module is embedded as it is on disk;
 * - the embedded permission set is deno.json's `permissions.default`;
 * - the embedded graph is complete and runs: extracted from the section and run
 *   by the output's own runtime, with an empty module cache and the embedded
 *   permissions, it passes scripts/smoke_binary.sh (version, a successful job,
 *   eof); without the embedded yaml package it fails;
 * - the smoke check rejects the output as is (plain deno), as it does any
 *   binary that is not tachyon (tests/smoke_binary_interop_test.ts).
 *
 * NOT PROVED HERE: that `denort`, the runtime a real build downloads, loads this
 * section and runs it (its module loader, its VFS, its permission prompt
 * settings). Only the Containerfile's build stage proves that: it runs the same
 * scripts/smoke_binary.sh on the real binary, so a broken binary fails the image
 * build.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { withDeadline } from "./_support/deadline.ts";
import { ROOT, run, tempDir } from "./_support/worker_process.ts";

const SMOKE_SCRIPT = join(ROOT, "scripts", "smoke_binary.sh");

const STATEMENT = [
  "compile_interop_test: PROVED HERE: deno task compile embeds the whole module graph (sources as on disk)",
  "and deno.json's permission set; that graph, extracted and run by the output's runtime under those",
  "permissions, passes scripts/smoke_binary.sh; the output itself is plain deno here and the smoke",
  "check rejects it. NOT PROVED HERE: that denort runs the section (no denort offline): the",
  "Containerfile's build stage runs the same smoke check on the real binary.",
].join("\n  ");

Deno.test("deno task compile: the embedded graph runs the smoke job; the output itself is plain deno here", async (t) => {
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  const task: string = config.tasks.compile;
  assert.match(task, /^deno compile -P -o dist\/tachyon main\.ts$/);
  const tmp = await tempDir();
  try {
    const output = join(tmp.path, "tachyon");
    const args = task.split(" ").slice(1).map((a) => a === "dist/tachyon" ? output : a);
    const out = await withDeadline(300_000, "deno task compile", () =>
      run(Deno.execPath(), args, {
        cwd: ROOT,
        env: { DENORT_BIN: Deno.execPath(), NO_COLOR: "1" },
      }));
    const listing = new TextDecoder().decode(out.stdout) + out.stderr;
    assert.equal(out.code, 0, listing);
    const section = readSection(await Deno.readFile(output));

    await t.step("the section holds deno.json's permission set", () => {
      const wanted = config.permissions.default;
      const embedded = section.metadata.permissions;
      assert.deepEqual(embedded.allow_read, wanted.read);
      assert.deepEqual(embedded.allow_write, wanted.write);
      assert.deepEqual(embedded.allow_run, wanted.run);
      assert.deepEqual(embedded.allow_env, wanted.env);
      for (const kind of ["net", "ffi", "sys"]) {
        assert.equal(embedded[`allow_${kind}`], null, `no ${kind} permission`);
      }
    });

    await t.step("every local module of the graph is embedded as it is on disk", async () => {
      const graph = await run(Deno.execPath(), ["info", "--json", "main.ts"], { cwd: ROOT });
      const modules = runtimeModules(JSON.parse(new TextDecoder().decode(graph.stdout)));
      assert.ok(modules.length > 20, `module graph: ${modules.length} local modules`);
      for (const entry of Deno.readDirSync(join(ROOT, "automation"))) {
        if (!entry.name.endsWith(".ts")) continue;
        assert.ok(
          modules.some((m) => m.endsWith(`/automation/${entry.name}`)),
          `automation/${entry.name} is statically imported`,
        );
      }
      const files = new Map(vfsFiles(section.vfs).map((f) => [f.path, f]));
      for (const specifier of modules) {
        const path = new URL(specifier).pathname.slice(ROOT.length + 1);
        const file = files.get(path);
        assert.ok(file, `${path} is embedded`);
        assert.deepEqual(slice(section.data, file.o), await Deno.readFile(join(ROOT, path)), path);
      }
    });

    await t.step("every npm package of deno.json's imports is embedded", () => {
      // yaml is loaded lazily (dynamic import), yet embedded: YAML inventories work in the binary.
      const paths = new Set(vfsFiles(section.vfs).map((f) => f.path));
      const packages = Object.values(config.imports as Record<string, string>)
        .map((target) => target.match(/^npm:(@?[^@]+)@(.+)$/))
        .filter((match) => match !== null);
      assert.ok(packages.some(([, name]) => name === "yaml"), "yaml is an import");
      for (const [, name, version] of packages) {
        const manifest = `.deno_compile_node_modules/localhost/${name}/${version}/package.json`;
        assert.ok(paths.has(manifest), `npm:${name}@${version} is embedded`);
      }
    });

    await t.step("the output as is runs plain deno: the smoke check rejects it", async () => {
      const version = await run(output, ["--version"]);
      // What the old Containerfile check (exit code only) accepted.
      assert.equal(version.code, 0);
      assert.match(new TextDecoder().decode(version.stdout), /^deno 2\./);
      const smoke = await smokeCheck(output);
      assert.equal(smoke.code, 1, smoke.stderr);
      assert.match(smoke.stderr, /FAIL: .* --version' printed 'deno 2\.[^']*', expected/);
    });

    const extracted = join(tmp.path, "extracted");
    const runner = await extractRunnable(section, output, extracted, tmp.path);

    await t.step(
      "the embedded graph, run by the output's runtime, passes the smoke check",
      async () => {
        const smoke = await smokeCheck(runner);
        assert.equal(smoke.code, 0, `${smoke.stdout}\n${smoke.stderr}`);
        assert.match(smoke.stdout, /smoke_binary: ok: .* is tachyon /);
      },
    );

    await t.step("without the embedded yaml package the smoke job fails", async () => {
      await Deno.remove(join(extracted, "node_modules", "yaml"), { recursive: true });
      const smoke = await smokeCheck(runner);
      assert.equal(smoke.code, 1, smoke.stdout);
      // The YAML `-e` is ignored with a warning, so no host is targeted.
      assert.match(smoke.stderr, /FAIL: no runner_on_ok event for localhost/);
    });

    console.log(`  ${STATEMENT}`);
  } finally {
    await tmp.remove();
  }
});

/** Runs scripts/smoke_binary.sh on `binary`. */
async function smokeCheck(
  binary: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await withDeadline(
    300_000,
    `smoke_binary.sh ${binary}`,
    () => run("/bin/sh", [SMOKE_SCRIPT, binary]),
  );
  return { code: out.code, stdout: new TextDecoder().decode(out.stdout), stderr: out.stderr };
}

/** The part of `deno compile`'s data section this test reads. */
interface Section {
  metadata: {
    entrypoint_key: string;
    permissions: Record<string, string[] | null>;
    workspace_resolver: { import_map?: { json: string } };
  };
  vfs: VfsEntry[];
  /** The VFS files' bytes; a file's `[offset, length]` pairs point here. */
  data: Uint8Array;
}

type Span = [number, number];
type VfsEntry =
  | { Dir: { n: string; e: VfsEntry[] } }
  | { File: { n: string; o: Span; m?: Span } }
  | { Symlink: { n: string } };

/** Raised when the output is not laid out as Deno 2.9's `deno compile` writes it. */
class CompileSectionError extends Error {
  override name = "CompileSectionError";
}

const MAGIC = "d3n0l4nd";

/**
 * Reads the data section from an ELF64 binary: the `.note.sui` note `SUI`
 * holds (u16 name length, name, data); data is magic, u64-length metadata
 * JSON, u64-length npm snapshot, three u32-counted module stores (empty:
 * tachyon has no remote modules), u64-length VFS JSON, u64-length files,
 * magic.
 */
function readSection(binary: Uint8Array): Section {
  const view = new DataView(binary.buffer, binary.byteOffset, binary.byteLength);
  const text = (from: number, to: number) => new TextDecoder().decode(binary.subarray(from, to));
  if (text(0, 4) !== "\x7fELF" || binary[4] !== 2 || binary[5] !== 1) {
    throw new CompileSectionError("not a little-endian ELF64 binary");
  }
  const u64 = (at: number) => Number(view.getBigUint64(at, true));
  const headers = u64(0x28);
  const headerSize = view.getUint16(0x3a, true);
  const header = (i: number) => headers + i * headerSize;
  const names = u64(header(view.getUint16(0x3e, true)) + 0x18);
  let note: { offset: number; size: number } | undefined;
  for (let i = 0; i < view.getUint16(0x3c, true); i++) {
    const nameAt = names + view.getUint32(header(i), true);
    if (text(nameAt, binary.indexOf(0, nameAt)) === ".note.sui") {
      note = { offset: u64(header(i) + 0x18), size: u64(header(i) + 0x20) };
    }
  }
  if (!note) throw new CompileSectionError("no .note.sui section: nothing was embedded");
  const align = (n: number) => (n + 3) & ~3;
  for (let at = note.offset; at < note.offset + note.size;) {
    const nameSize = view.getUint32(at, true);
    const descSize = view.getUint32(at + 4, true);
    const desc = align(at + 12 + nameSize);
    const sectionName = text(desc + 2, desc + 2 + view.getUint16(desc, true));
    if (sectionName === MAGIC) {
      return parseData(binary.subarray(desc + 2 + MAGIC.length, desc + descSize));
    }
    at = align(desc + descSize);
  }
  throw new CompileSectionError(`no ${MAGIC} section in .note.sui`);
}

function parseData(data: Uint8Array): Section {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let at = 0;
  const bytes = (length: number) => data.subarray(at, at += length);
  const text = (length: number) => new TextDecoder().decode(bytes(length));
  const sized = () => bytes(Number(view.getBigUint64((at += 8) - 8, true)));
  if (text(MAGIC.length) !== MAGIC) throw new CompileSectionError("no leading magic");
  const metadata = JSON.parse(new TextDecoder().decode(sized()));
  sized(); // npm snapshot: the embedded node_modules tree is what is run
  for (const store of ["specifiers", "redirects", "remote modules"]) {
    if (view.getUint32((at += 4) - 4, true) !== 0) {
      throw new CompileSectionError(`${store} present: tachyon imports no remote modules`);
    }
  }
  const vfs = JSON.parse(new TextDecoder().decode(sized()));
  const files = sized();
  if (text(MAGIC.length) !== MAGIC) throw new CompileSectionError("no trailing magic");
  return { metadata, vfs, data: files };
}

function slice(data: Uint8Array, [offset, length]: Span): Uint8Array {
  return data.subarray(offset, offset + length);
}

/** Every file of the VFS with its path relative to the VFS root. */
function vfsFiles(
  entries: VfsEntry[],
  prefix = "",
): { path: string; o: Span; m?: Span }[] {
  return entries.flatMap((entry) => {
    if ("Dir" in entry) return vfsFiles(entry.Dir.e, `${prefix}${entry.Dir.n}/`);
    if ("File" in entry) return [{ ...entry.File, path: `${prefix}${entry.File.n}` }];
    throw new CompileSectionError(`unexpected VFS entry ${JSON.stringify(entry)}`);
  });
}

/**
 * Writes the VFS under `dir` (each module as the transpiled code `denort`
 * would run; the npm tree as `node_modules/`) and returns an executable that
 * runs its entrypoint with `runtime`, the embedded import map and permission
 * set, and an empty module cache, so that nothing comes from outside the
 * section.
 */
async function extractRunnable(
  section: Section,
  runtime: string,
  dir: string,
  scratch: string,
): Promise<string> {
  const npmRoot = ".deno_compile_node_modules/localhost/";
  for (const file of vfsFiles(section.vfs)) {
    const path = file.path.startsWith(npmRoot)
      ? join(
        "node_modules",
        file.path.slice(npmRoot.length).replace(/^((?:@[^/]+\/)?[^/]+)\/[^/]+\//, "$1/"),
      )
      : file.path;
    await Deno.mkdir(dirname(join(dir, path)), { recursive: true });
    await Deno.writeFile(join(dir, path), slice(section.data, file.m ?? file.o));
  }
  const importMap = JSON.parse(section.metadata.workspace_resolver.import_map?.json ?? "{}");
  await Deno.writeTextFile(
    join(dir, "deno.json"),
    JSON.stringify({ imports: importMap.imports ?? {}, nodeModulesDir: "manual" }),
  );
  const flags = Object.entries(section.metadata.permissions)
    .filter(([name, value]) => name.startsWith("allow_") && Array.isArray(value))
    .map(([name, value]) => `--${name.replace("_", "-")}=${(value as string[]).join(",")}`);
  const cache = join(scratch, "empty_deno_dir");
  await Deno.mkdir(cache);
  const runner = join(scratch, "tachyon-from-section");
  const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;
  const words = [
    runtime,
    "run",
    "--quiet",
    `--config=${join(dir, "deno.json")}`,
    ...flags,
    join(dir, section.metadata.entrypoint_key),
  ];
  await Deno.writeTextFile(
    runner,
    `#!/bin/sh\nDENO_DIR=${quote(cache)} exec ${words.map(quote).join(" ")} "$@"\n`,
  );
  await Deno.chmod(runner, 0o755);
  return runner;
}

interface GraphModule {
  specifier: string;
  dependencies?: { code?: { specifier: string } }[];
}

/** Local modules reachable from the root through runtime (not type-only) imports. */
function runtimeModules(graph: { roots: string[]; modules: GraphModule[] }): string[] {
  const bySpecifier = new Map(graph.modules.map((m) => [m.specifier, m]));
  const seen = new Set<string>();
  const queue = [...graph.roots];
  while (queue.length > 0) {
    const specifier = queue.pop()!;
    if (seen.has(specifier) || !specifier.startsWith("file://")) continue;
    seen.add(specifier);
    for (const dep of bySpecifier.get(specifier)?.dependencies ?? []) {
      if (dep.code) queue.push(dep.code.specifier);
    }
  }
  return [...seen];
}

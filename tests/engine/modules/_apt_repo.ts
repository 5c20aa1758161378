/**
 * Test support for `apt` and `package`: a local apt repository built from
 * tiny `.deb` files (`dpkg-deb --build`, indexed by `dpkg-scanpackages`),
 * as the files a lab host gets before it starts. The hosts' Debian sources
 * are replaced by the local ones, so nothing tries the network.
 *
 * - `/srv/repo` (Codename `tachyon`): `tachyon-hello` 1.0 and 1.1,
 *   `tachyon-lib` 1.0, `tachyon-app` 1.0 (depends on `tachyon-lib (>= 1.0)`),
 *   `tachyon-conf` 1.0 (conffile `/etc/tachyon-conf.conf`), `tachyon-rec`
 *   1.0 (recommends `tachyon-extra`), `tachyon-extra` 1.0;
 * - `/srv/repo-next` (Codename `tachyon-next`): `tachyon-hello` 1.2, so
 *   `latest` is 1.2 unless `default_release: tachyon`;
 * - `/srv/debs`: `.deb` files that no repository has, for `deb:`:
 *   `tachyon-local` 2.0 (depends on `tachyon-lib`) and 1.0.
 *
 * Sources: `/etc/apt/sources.list` emptied, `tachyon.list` naming both
 * repositories `[trusted=yes]`. The lists are not fetched: a step runs
 * `apt-get update` (or `update_cache`) first.
 *
 * @module
 */
import { join } from "node:path";
import type { LabFiles } from "../../_support/lab/mod.ts";

/** One package to build. */
export interface TestDeb {
  /** Package name. */
  name: string;
  /** Version. */
  version: string;
  /** Extra control fields (`Depends`, `Recommends`, …). */
  fields?: Record<string, string>;
  /** Files by absolute path on the target. */
  files?: Record<string, string>;
  /** Paths of `files` that are conffiles. */
  conffiles?: string[];
}

/** The packages of `/srv/repo`. */
export const REPO_DEBS: readonly TestDeb[] = [
  hello("1.0"),
  hello("1.1"),
  {
    name: "tachyon-lib",
    version: "1.0",
    files: { "/usr/share/tachyon-lib/lib.txt": "lib 1.0\n" },
  },
  {
    name: "tachyon-app",
    version: "1.0",
    fields: { Depends: "tachyon-lib (>= 1.0)" },
    files: { "/usr/share/tachyon-app/app.txt": "app 1.0\n" },
  },
  {
    name: "tachyon-conf",
    version: "1.0",
    files: { "/etc/tachyon-conf.conf": "setting = 1\n" },
    conffiles: ["/etc/tachyon-conf.conf"],
  },
  {
    name: "tachyon-rec",
    version: "1.0",
    fields: { Recommends: "tachyon-extra" },
    files: { "/usr/share/tachyon-rec/rec.txt": "rec\n" },
  },
  {
    name: "tachyon-extra",
    version: "1.0",
    files: { "/usr/share/tachyon-extra/extra.txt": "extra\n" },
  },
];

/** The packages of `/srv/repo-next`. */
export const NEXT_DEBS: readonly TestDeb[] = [hello("1.2")];

/** The `.deb` files under `/srv/debs`, by file name. */
export const LOCAL_DEBS: Readonly<Record<string, TestDeb>> = {
  "tachyon-local_2.0_all.deb": {
    name: "tachyon-local",
    version: "2.0",
    fields: { Depends: "tachyon-lib" },
    files: { "/usr/share/tachyon-local/local.txt": "local 2.0\n" },
  },
  "tachyon-local_1.0_all.deb": {
    name: "tachyon-local",
    version: "1.0",
    files: { "/usr/share/tachyon-local/local.txt": "local 1.0\n" },
  },
};

function hello(version: string): TestDeb {
  return {
    name: "tachyon-hello",
    version,
    files: {
      "/usr/share/tachyon-hello/version": `${version}\n`,
      "/usr/bin/tachyon-hello": `#!/bin/sh\necho hello ${version}\n`,
    },
  };
}

async function tool(
  program: string,
  args: string[],
  cwd?: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const out = await new Deno.Command(program, { args, cwd, stdout: "piped", stderr: "piped" })
    .output();
  if (!out.success) {
    throw new Error(
      `${program} ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`,
    );
  }
  return out.stdout;
}

/**
 * Builds `deb` into `dir` with `dpkg-deb --build`; returns the file's path.
 *
 * @example
 * ```ts
 * const file = await buildDeb({ name: "demo", version: "1.0" }, "/tmp/debs");
 * ```
 */
export async function buildDeb(deb: TestDeb, dir: string): Promise<string> {
  const root = await Deno.makeTempDir({ dir, prefix: "pkg_" });
  await Deno.mkdir(join(root, "DEBIAN"), { recursive: true });
  const control = {
    Package: deb.name,
    Version: deb.version,
    Architecture: "all",
    Maintainer: "tachyon tests <tests@example.invalid>",
    Section: "misc",
    Priority: "optional",
    ...deb.fields,
    Description: `tachyon test package ${deb.name}`,
  };
  await Deno.writeTextFile(
    join(root, "DEBIAN", "control"),
    Object.entries(control).map(([k, v]) => `${k}: ${v}\n`).join(""),
  );
  if (deb.conffiles?.length) {
    await Deno.writeTextFile(join(root, "DEBIAN", "conffiles"), deb.conffiles.join("\n") + "\n");
  }
  for (const [path, content] of Object.entries(deb.files ?? {})) {
    const file = join(root, path);
    await Deno.mkdir(join(file, ".."), { recursive: true });
    await Deno.writeTextFile(file, content);
    if (path.startsWith("/usr/bin/")) await Deno.chmod(file, 0o755);
  }
  const out = join(dir, `${deb.name}_${deb.version}_all.deb`);
  await tool("/usr/bin/dpkg-deb", ["--root-owner-group", "-Zgzip", "--build", root, out]);
  await Deno.remove(root, { recursive: true });
  return out;
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A flat repository of `debs` in `dir`: the debs, `Packages` and a `Release`. */
async function buildFlatRepo(
  debs: readonly TestDeb[],
  dir: string,
  codename: string,
): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  for (const deb of debs) await buildDeb(deb, dir);
  const packages = await tool("/usr/bin/dpkg-scanpackages", ["--multiversion", "."], dir);
  await Deno.writeFile(join(dir, "Packages"), packages);
  const release = [
    "Origin: tachyon-tests",
    "Label: tachyon-tests",
    `Suite: ${codename}`,
    `Codename: ${codename}`,
    "Date: Thu, 01 Jan 2026 00:00:00 UTC",
    "Architectures: all amd64",
    "Description: tachyon's apt test repository",
    "SHA256:",
    ` ${await sha256(packages)} ${packages.length} Packages`,
    "",
  ].join("\n");
  await Deno.writeTextFile(join(dir, "Release"), release);
}

async function addTree(files: LabFiles, local: string, remote: string): Promise<void> {
  for await (const entry of Deno.readDir(local)) {
    if (entry.isFile) {
      files[`${remote}/${entry.name}`] = await Deno.readFile(join(local, entry.name));
    }
  }
}

/** The sources list the hosts use. */
export const TACHYON_SOURCES = "deb [trusted=yes] file:/srv/repo ./\n" +
  "deb [trusted=yes] file:/srv/repo-next ./\n";

/**
 * Builds the repositories and the local debs, and returns them as lab host
 * files, with the sources lists that name only them.
 *
 * @example
 * ```ts
 * const files = await buildAptRepoFiles();
 * await using twins = await startLabTwins("apt", { files });
 * ```
 */
export async function buildAptRepoFiles(): Promise<LabFiles> {
  const dir = await Deno.makeTempDir({ prefix: "tachyon_apt_repo_" });
  try {
    await buildFlatRepo(REPO_DEBS, join(dir, "repo"), "tachyon");
    await buildFlatRepo(NEXT_DEBS, join(dir, "repo-next"), "tachyon-next");
    await Deno.mkdir(join(dir, "debs"));
    for (const deb of Object.values(LOCAL_DEBS)) await buildDeb(deb, join(dir, "debs"));
    const files: LabFiles = {
      "/etc/apt/sources.list": "# the apt tests use only /etc/apt/sources.list.d/tachyon.list\n",
      "/etc/apt/sources.list.d/tachyon.list": TACHYON_SOURCES,
    };
    await addTree(files, join(dir, "repo"), "/srv/repo");
    await addTree(files, join(dir, "repo-next"), "/srv/repo-next");
    await addTree(files, join(dir, "debs"), "/srv/debs");
    return files;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Lab hosts, the image: a Debian bookworm root filesystem made with
 * `debootstrap` (variant minbase, plus sshd, sudo, python3, procps, iproute2,
 * and cron, git, curl, unzip, xz-utils, bzip2, python3-apt for the modules
 * that drive them),
 * with the lab users, their passwords and authorized keys, sudoers and an sshd
 * config baked in. It is built once and cached under `/var/cache/tachyon-lab/`
 * (`TACHYON_LAB_CACHE`) in a directory named by a digest of the recipe, so a
 * changed recipe builds afresh. A lock file keeps two test processes from
 * building at once; the build happens in a temp dir renamed into place, so a
 * half-built image is never used. The test key pairs are made with the image
 * and kept next to it. Hosts mount the image read-only as an overlay's lower
 * layer (see `host.ts`); nothing here touches this machine's own system.
 *
 * Two flavours: `base` (the recipe above) and `systemd`, the same recipe plus
 * `systemd` and `systemd-sysv` (debootstrap resolves their dependencies from
 * the mirror), for hosts whose pid 1 is systemd. Each has its own digest and
 * cache entry; a build prunes neither flavour's current image.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { runTool } from "./process.ts";
import { KEY_PASSPHRASE, LAB_USERS, type LabUser } from "./users.ts";

const DEBOOTSTRAP = "/usr/sbin/debootstrap";
const UNSHARE = "/usr/bin/unshare";
const CHROOT = "/usr/sbin/chroot";
const SSH_KEYGEN = "/usr/bin/ssh-keygen";
/** The Debian mirror (only debootstrap talks to it). */
const DEFAULT_MIRROR = "http://deb.debian.org/debian";
/** Where images are cached. */
const DEFAULT_CACHE = "/var/cache/tachyon-lab";
/** Images of other recipes unused for this long are removed after a build. */
const PRUNE_AFTER_MS = 24 * 3600_000;
/** Where the public keys wait inside the rootfs while the bake script runs. */
const KEYS_IN_ROOTFS = "/tmp/lab_authorized_keys";

/** Where the lab's sshd settings go (Debian's sshd_config includes it first: its values win). */
const SSHD_FILE = "/etc/ssh/sshd_config.d/lab.conf";
/** The sshd settings every lab host shares */
const SSHD_CONFIG = `PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
PermitRootLogin no
UsePAM yes
UseDNS no
PrintMotd no
MaxStartups 200
MaxSessions 100
`;

/** The shell that makes a user, run inside the new rootfs. */
function userScript(user: LabUser): string {
  const lines: string[] = [];
  if (user.name !== "root") {
    // "*": no password can match, yet the account is not locked.
    const noPassword = user.password === undefined ? "-p '*' " : "";
    lines.push(
      `groupadd --gid ${user.uid} ${user.name}`,
      `useradd --uid ${user.uid} --gid ${user.uid} --create-home --shell /bin/bash ${noPassword}${user.name}`,
    );
  }
  if (user.password !== undefined) {
    lines.push(`printf '%s\\n' '${user.name}:${user.password}' | chpasswd`);
  }
  if (user.keyLogin) {
    const home = user.name === "root" ? "/root" : `/home/${user.name}`;
    lines.push(
      `install -d -m 700 -o ${user.name} -g ${user.name} ${home}/.ssh`,
      `install -m 600 -o ${user.name} -g ${user.name} ${KEYS_IN_ROOTFS} ${home}/.ssh/authorized_keys`,
    );
  }
  if (user.sudo !== "none") {
    const rule = `${user.name} ALL=(ALL:ALL) ${user.sudo === "nopasswd" ? "NOPASSWD: " : ""}ALL`;
    lines.push(
      `printf '%s\\n' '${rule}' > /etc/sudoers.d/${user.name}`,
      `chmod 440 /etc/sudoers.d/${user.name}`,
    );
  }
  return lines.join("\n");
}

/** Runs as root inside the debootstrapped tree (chroot): users, sshd, trimming. */
const BAKE_SCRIPT = `set -eu
cat > ${SSHD_FILE} <<'EOF'
${SSHD_CONFIG}EOF
${LAB_USERS.map(userScript).join("\n")}
rm -f ${KEYS_IN_ROOTFS}
# Hosts keep debootstrap's device nodes, but not this machine's console.
rm -f /dev/console
: > /etc/resolv.conf
printf '127.0.0.1\\tlocalhost\\n::1\\tlocalhost\\n' > /etc/hosts
rm -rf /var/cache/apt/archives/*.deb /var/cache/apt/*.bin /var/lib/apt/lists/* \\
  /usr/share/doc/* /usr/share/man/* /usr/share/info/* /usr/share/locale/*
`;

/**
 * Everything that decides the image's content; its digest names the cache
 * entry. The mirror is not part of it: any Debian mirror gives the same suite.
 */
const RECIPE = {
  version: 1,
  suite: "bookworm",
  variant: "minbase",
  packages: [
    "openssh-server",
    "sudo",
    "python3",
    "procps",
    "iproute2",
    // What the modules of issue 12 drive on a target, as Ansible's do.
    "cron",
    "git",
    "curl",
    "unzip",
    "xz-utils",
    "bzip2",
    // Ansible's apt module needs it on the target (else it installs it itself).
    "python3-apt",
  ],
  bake: BAKE_SCRIPT,
  keyPassphrase: KEY_PASSPHRASE,
};

/**
 * The systemd flavour's recipe: the base recipe plus systemd as init. The
 * base recipe is left as it is (its digest names the cached base image).
 */
const SYSTEMD_RECIPE = {
  ...RECIPE,
  flavour: "systemd",
  packages: [...RECIPE.packages, "systemd", "systemd-sysv"],
};

/**
 * Which image: `base` (sshd, sudo, python3 and the modules' tools) or
 * `systemd` (the same plus `systemd` and `systemd-sysv`).
 *
 * @example
 * ```ts
 * const flavour: LabImageFlavour = "systemd";
 * ```
 */
export type LabImageFlavour = "base" | "systemd";

/** Every flavour's recipe. */
const RECIPES: Record<LabImageFlavour, typeof RECIPE> = {
  base: RECIPE,
  systemd: SYSTEMD_RECIPE,
};

/** Files a complete image of the flavour has (besides sshd, python3, keys, recipe). */
const FLAVOUR_FILES: Record<LabImageFlavour, string[]> = {
  base: [],
  systemd: [join("usr", "lib", "systemd", "systemd"), join("usr", "bin", "systemctl")],
};

/**
 * Options of {@linkcode ensureLabImage}.
 *
 * @example
 * ```ts
 * const options: LabImageOptions = { flavour: "systemd" };
 * ```
 */
export interface LabImageOptions {
  /** Which image (default `base`). */
  flavour?: LabImageFlavour;
}

/** A built lab image and the test keys made with it. */
export interface LabImage {
  /** Which recipe it was built from. */
  flavour: LabImageFlavour;
  /** The recipe's digest (names {@linkcode LabImage.dir}). */
  digest: string;
  /** The cache entry: `rootfs/`, `keys/`, `recipe.json`. */
  dir: string;
  /** The root filesystem (an overlay's read-only lower layer). */
  rootfs: string;
  /** The test key pairs (ed25519, mode 0600, owned by root). */
  keys: {
    /** Without passphrase. */
    plain: string;
    /** Protected by {@linkcode KEY_PASSPHRASE}. */
    passphrase: string;
  };
}

/**
 * Building the lab image failed (debootstrap, the bake script, the key pairs).
 *
 * @example
 * ```ts
 * throw new LabImageError("debootstrap failed: …");
 * ```
 */
export class LabImageError extends Error {
  override name = "LabImageError";
}

/**
 * The digest of a flavour's image recipe (the first 16 hex digits of its
 * sha256; default the base flavour).
 *
 * @example
 * ```ts
 * const dir = `/var/cache/tachyon-lab/${labImageDigest()}`;
 * const systemd = `/var/cache/tachyon-lab/${labImageDigest("systemd")}`;
 * ```
 */
export function labImageDigest(flavour: LabImageFlavour = "base"): string {
  return createHash("sha256").update(JSON.stringify(RECIPES[flavour])).digest("hex").slice(0, 16);
}

/**
 * The cache directory of lab images (`TACHYON_LAB_CACHE`, default
 * `/var/cache/tachyon-lab`).
 *
 * @example
 * ```ts
 * const sessions = join(labCacheDir(), "sessions");
 * ```
 */
export function labCacheDir(): string {
  return Deno.env.get("TACHYON_LAB_CACHE") || DEFAULT_CACHE;
}

/**
 * The lab image of the current recipe (`flavour`, default `base`): the cached
 * one, or a fresh build (minutes: debootstrap downloads ~60 MB, ~80 MB for
 * `systemd`, from `TACHYON_LAB_MIRROR`, default deb.debian.org). Safe to call
 * from several processes at once. Needs root.
 *
 * @example
 * ```ts
 * const image = await ensureLabImage();
 * console.log(image.rootfs, image.keys.plain);
 * const withSystemd = await ensureLabImage({ flavour: "systemd" });
 * ```
 */
export async function ensureLabImage(options: LabImageOptions = {}): Promise<LabImage> {
  const flavour = options.flavour ?? "base";
  if (!(flavour in RECIPES)) throw new LabImageError(`no lab image flavour ${flavour}`);
  const cache = labCacheDir();
  const digest = labImageDigest(flavour);
  const image = imageAt(cache, digest, flavour);
  if (await isComplete(image)) {
    await touch(image);
    return image;
  }
  await Deno.mkdir(cache, { recursive: true, mode: 0o755 });
  const lock = await Deno.open(join(cache, "build.lock"), { create: true, write: true });
  try {
    await lock.lock(true);
    if (!(await isComplete(image))) {
      await Deno.remove(image.dir, { recursive: true }).catch(() => {});
      await build(cache, image);
      await pruneOtherImages(cache);
    }
    await touch(image);
    return image;
  } finally {
    await lock.unlock().catch(() => {});
    lock.close();
  }
}

/**
 * The uid and gid of `name` in the lab image (from its `/etc/passwd`).
 *
 * @example
 * ```ts
 * const { uid } = await labUserIds(image, "lab-sudo");
 * ```
 */
export async function labUserIds(
  image: LabImage,
  name: string,
): Promise<{ uid: number; gid: number }> {
  const passwd = await Deno.readTextFile(join(image.rootfs, "etc", "passwd"));
  for (const line of passwd.split("\n")) {
    const [user, , uid, gid] = line.split(":");
    if (user === name) return { uid: Number(uid), gid: Number(gid) };
  }
  throw new LabImageError(`no user ${name} in the lab image`);
}

function imageAt(cache: string, digest: string, flavour: LabImageFlavour): LabImage {
  const dir = join(cache, digest);
  return {
    flavour,
    digest,
    dir,
    rootfs: join(dir, "rootfs"),
    keys: {
      plain: join(dir, "keys", "id_ed25519"),
      passphrase: join(dir, "keys", "id_passphrase"),
    },
  };
}

async function isComplete(image: LabImage): Promise<boolean> {
  const needed = [
    join(image.rootfs, "usr", "sbin", "sshd"),
    join(image.rootfs, "usr", "bin", "python3"),
    join(image.dir, "recipe.json"),
    image.keys.plain,
    image.keys.passphrase,
    ...FLAVOUR_FILES[image.flavour].map((file) => join(image.rootfs, file)),
  ];
  for (const path of needed) {
    try {
      await Deno.lstat(path);
    } catch {
      return false;
    }
  }
  return true;
}

async function touch(image: LabImage): Promise<void> {
  await Deno.writeTextFile(join(image.dir, "last-used"), `${new Date().toISOString()}\n`)
    .catch(() => {});
}

/**
 * `unshare` options for the build steps: own mount and pid namespaces, so
 * debootstrap's /proc mounts and any daemon a package starts die with the step.
 */
const OWN_NAMESPACES = ["--mount", "--pid", "--fork", "--propagation", "private", "--kill-child"];

/** Builds into `<cache>/.build-<digest>-*` and renames it to the image's dir. */
async function build(cache: string, image: LabImage): Promise<void> {
  // Leftovers of a build that crashed (we hold the lock: nobody builds now).
  for await (const entry of Deno.readDir(cache)) {
    if (entry.name.startsWith(".build-")) {
      await Deno.remove(join(cache, entry.name), { recursive: true }).catch(() => {});
    }
  }
  const work = await Deno.makeTempDir({ dir: cache, prefix: `.build-${image.digest}-` });
  const rootfs = join(work, "rootfs");
  const keys = join(work, "keys");
  const mirror = Deno.env.get("TACHYON_LAB_MIRROR") || DEFAULT_MIRROR;
  const recipe = RECIPES[image.flavour];
  console.error(
    `lab: building the Debian image ${image.digest} (${image.flavour}; debootstrap from ${mirror})`,
  );
  const started = Date.now();
  try {
    const strap = await runTool(UNSHARE, [
      ...OWN_NAMESPACES,
      DEBOOTSTRAP,
      `--variant=${recipe.variant}`,
      `--include=${recipe.packages.join(",")}`,
      recipe.suite,
      rootfs,
      mirror,
    ], { allowFailure: true });
    await Deno.writeTextFile(join(work, "debootstrap.log"), strap.stdout + strap.stderr);
    if (strap.code !== 0) {
      throw new LabImageError(
        `debootstrap exited ${strap.code}: ${(strap.stdout + strap.stderr).slice(-3000)}`,
      );
    }
    await Deno.mkdir(keys, { mode: 0o700 });
    // The plain key and the one locked with the lab's passphrase: [file, passphrase, comment].
    const keyPairs = [
      ["id_ed25519", "", "tachyon-lab"],
      ["id_passphrase", KEY_PASSPHRASE, "tachyon-lab-passphrase"],
    ];
    for (const [file, passphrase, comment] of keyPairs) {
      const args = ["-q", "-t", "ed25519", "-N", passphrase, "-C", comment, "-f", join(keys, file)];
      await runTool(SSH_KEYGEN, args);
    }
    const publicKeys = await Promise.all(
      keyPairs.map(([file]) => Deno.readTextFile(join(keys, `${file}.pub`))),
    );
    await Deno.writeTextFile(join(rootfs, KEYS_IN_ROOTFS), publicKeys.join(""));
    await runTool(UNSHARE, [
      ...OWN_NAMESPACES,
      CHROOT,
      rootfs,
      "/bin/sh",
      "-c",
      recipe.bake,
    ]);
    await Deno.writeTextFile(join(work, "recipe.json"), JSON.stringify(recipe, null, 2) + "\n");
    await Deno.chmod(work, 0o755);
    await Deno.rename(work, image.dir);
  } catch (error) {
    await Deno.remove(work, { recursive: true }).catch(() => {});
    if (error instanceof LabImageError) throw error;
    throw new LabImageError(`building the lab image failed: ${error}`, { cause: error });
  }
  console.error(
    `lab: image ${image.digest} built in ${Math.round((Date.now() - started) / 1000)} s`,
  );
}

/** Removes images of other recipes (no flavour's current one) not used for a day. */
async function pruneOtherImages(cache: string): Promise<void> {
  const current = new Set(
    (Object.keys(RECIPES) as LabImageFlavour[]).map((flavour) => labImageDigest(flavour)),
  );
  for await (const entry of Deno.readDir(cache)) {
    if (!/^[0-9a-f]{16}$/.test(entry.name) || current.has(entry.name)) continue;
    const lastUsed = await Deno.stat(join(cache, entry.name, "last-used")).catch(() => undefined);
    const age = Date.now() - (lastUsed?.mtime?.getTime() ?? 0);
    if (age > PRUNE_AFTER_MS) {
      await Deno.remove(join(cache, entry.name), { recursive: true }).catch(() => {});
    }
  }
}

/**
 * The container side of `worker cleanup`: untagging or removing images with
 * podman or docker (by absolute path: the permission set allows only those),
 * and the reference's report when a runtime command fails.
 *
 * @module
 */
import { posix } from "node:path";
import { writeStderr, writeStdout } from "../io/std_text.ts";

/**
 * A container runtime command that failed or could not start; the cleanup
 * stops and exits 1, like the reference's `RuntimeError`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CleanupCommandError } from "./container_images.ts";
 *
 * assert.equal(new CleanupCommandError("Error running command").name, "CleanupCommandError");
 * ```
 */
export class CleanupCommandError extends Error {
  /** The error name. */
  override name = "CleanupCommandError";
}

/** `podman` / `docker` → the absolute path the permission set allows. */
function runtimePath(runtime: string): string {
  return runtime.includes("/") ? runtime : `/usr/bin/${runtime}`;
}

/**
 * Runs `<runtime> args…`; returns trimmed stdout or, after printing the
 * reference's report, throws {@linkcode CleanupCommandError}.
 *
 * @example
 * ```ts
 * import { runChecked } from "./container_images.ts";
 *
 * // worker cleanup --image-prune:
 * const prune = () => runChecked("podman", ["image", "prune", "-f"]);
 * ```
 */
export async function runChecked(runtime: string, args: string[]): Promise<string> {
  const result = await runRuntime(runtime, args);
  if (result.code !== 0) {
    writeStdout(
      `Error running command:\n${[runtime, ...args].join(" ")}\nStdout:\n${result.stdout}\n`,
    );
    if (result.stderr.trim()) {
      writeStderr(result.stderr.endsWith("\n") ? result.stderr : `${result.stderr}\n`);
    }
    throw new CleanupCommandError("Error running command");
  }
  return result.stdout.trim();
}

async function runRuntime(
  runtime: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(runtimePath(runtime), {
      args,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new CleanupCommandError(`cannot run ${runtimePath(runtime)}: ${why}`);
  }
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/**
 * `cleanup_images` (2.3.6+ logic): lists each tag with
 * `<rt> images --format="{{.Repository}}:{{.Tag}}" <tag>`, then for each
 * line podman `untag <tag>` (best effort, counted when silent; like `rmi`
 * in 2.3.1 it drops every name of the image) or docker `rmi <name> -f`
 * (counting `Untagged:`). Returns the number removed.
 *
 * @example
 * ```ts
 * import { cleanupImages } from "./container_images.ts";
 *
 * // worker cleanup --remove-images=quay.io/user/image:devel:
 * const untag = () => cleanupImages(["quay.io/user/image:devel"], "podman");
 * ```
 */
export async function cleanupImages(images: readonly string[], runtime: string): Promise<number> {
  const podman = posix.basename(runtime) === "podman";
  let count = 0;
  for (const tag of images) {
    const listing = await runChecked(runtime, [
      "images",
      '--format="{{.Repository}}:{{.Tag}}"',
      tag,
    ]);
    if (!listing) continue;
    for (const line of listing.split("\n")) {
      if (podman) {
        // `podman rmi` would also kill containers using the image; untag leaves them be.
        const result = await runRuntime(runtime, ["untag", tag]).catch(() => undefined);
        if (result?.code === 0 && result.stdout.trim() === "") count++;
      } else {
        const out = await runChecked(runtime, ["rmi", line.trim().replace(/^"+|"+$/g, ""), "-f"]);
        count += out.split("Untagged:").length - 1;
      }
    }
  }
  return count;
}

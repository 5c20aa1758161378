/**
 * Test support for the background-job tests: processes seen through
 * `/bin/sh`, because the unit tier's permission set (all but some programs)
 * is not `--allow-all`, and Deno lets only `--allow-all` read `/proc/<pid>`.
 * `tests/_support/processes.ts` reads `/proc` directly, for the interop tier.
 *
 * @module
 */

const decoder = new TextDecoder();

async function shell(script: string, args: readonly string[]): Promise<string> {
  const out = await new Deno.Command("/bin/sh", {
    args: ["-c", script, "sh", ...args],
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).output();
  return decoder.decode(out.stdout);
}

/**
 * `state pgid sid` of `pid` from `/proc/<pid>/stat`, or undefined when there
 * is no such process.
 *
 * @example
 * ```ts
 * const stat = await shStat(Deno.pid); // { state: "S", pgid: …, sid: … }
 * ```
 */
export async function shStat(
  pid: number,
): Promise<{ state: string; pgid: number; sid: number } | undefined> {
  const line = await shell('{ IFS= read -r s < "/proc/$1/stat" && echo "$s"; } 2>/dev/null', [
    String(pid),
  ]);
  if (!line) return undefined;
  const [state, , pgid, sid] = line.slice(line.lastIndexOf(")") + 2).split(" ");
  return { state, pgid: Number(pgid), sid: Number(sid) };
}

/**
 * Whether `pid` is a live process (a zombie counts as gone).
 *
 * @example
 * ```ts
 * await shAlive(Deno.pid); // true
 * ```
 */
export async function shAlive(pid: number): Promise<boolean> {
  const stat = await shStat(pid);
  return stat !== undefined && stat.state !== "Z";
}

/**
 * Pids of the processes one of whose argv words is exactly `marker` (the
 * `sleep MARKER` processes, not a shell or a daemon whose words contain it).
 *
 * @example
 * ```ts
 * assert.deepEqual(await shProcessesWith("3601.482913"), []);
 * ```
 */
export async function shProcessesWith(marker: string): Promise<number[]> {
  const out = await shell(
    'echo "$$"; exec grep -l -a -z -x -F -e "$1" /proc/[0-9]*/cmdline 2>/dev/null',
    [marker],
  );
  const [self, ...paths] = out.trim().split("\n");
  return paths.map((path) => Number(path.split("/")[2])).filter((pid) => String(pid) !== self);
}

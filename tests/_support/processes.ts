/**
 * Test support: this machine's processes as `/proc` shows them, for the tests
 * that prove nothing is left running and no secret reaches an argv or an
 * environment: find processes by their command line, kill what a failing test
 * left, tell a live process from a zombie, and mark a `sleep` so that its
 * command line names one test.
 *
 * @module
 */

/** The pids `/proc` lists now. */
function pids(): string[] {
  return [...Deno.readDirSync("/proc")].map((e) => e.name).filter((name) => /^\d+$/.test(name));
}

/**
 * `pid cmdline` (arguments joined by spaces) of every process, of any user,
 * whose command line contains every one of `needles`.
 *
 * @example
 * ```ts
 * assert.deepEqual(processesWith("sleep 31.4242"), []);
 * ```
 */
export function processesWith(...needles: string[]): string[] {
  const found: string[] = [];
  for (const pid of pids()) {
    try {
      const cmdline = Deno.readTextFileSync(`/proc/${pid}/cmdline`).replaceAll("\0", " ");
      if (needles.every((n) => cmdline.includes(n))) found.push(`${pid} ${cmdline.trim()}`);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/**
 * SIGKILLs every process whose command line contains `needle` (what a
 * failing test left running).
 *
 * @example
 * ```ts
 * killProcessesWith("sleep 31.4242");
 * ```
 */
export function killProcessesWith(needle: string): void {
  for (const line of processesWith(needle)) {
    try {
      Deno.kill(Number(line.split(" ")[0]), "SIGKILL");
    } catch {
      // gone
    }
  }
}

/**
 * Whether `pid` is a live process (a zombie counts as gone).
 *
 * @example
 * ```ts
 * processAlive(Deno.pid); // true
 * ```
 */
export function processAlive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    // The command name (field 2) may hold spaces and parentheses: the state follows its last ")".
    return !stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

/**
 * `pid (command name): cmdline` or `…: environ` for every process whose argv
 * or environment holds one of `needles`.
 *
 * @example
 * ```ts
 * assert.deepEqual(processesHolding([password]), [], "no argv or environment holds it");
 * ```
 */
export function processesHolding(needles: readonly string[]): string[] {
  const found: string[] = [];
  for (const pid of pids()) {
    for (const part of ["cmdline", "environ"]) {
      try {
        const text = Deno.readTextFileSync(`/proc/${pid}/${part}`);
        if (needles.some((n) => text.includes(n))) {
          found.push(`${pid} (${commandName(pid)}): ${part}`);
        }
      } catch {
        // exited meanwhile
      }
    }
  }
  return found;
}

function commandName(pid: string): string {
  try {
    return Deno.readTextFileSync(`/proc/${pid}/comm`).trim();
  } catch {
    return "exited";
  }
}

/**
 * `sleep SECONDS.N` with a random N: a command whose line names one test, so
 * {@linkcode processesWith} finds exactly what that test started.
 *
 * @example
 * ```ts
 * const needle = taggedSleep(31); // "sleep 31.2718281828"
 * ```
 */
export function taggedSleep(seconds: number): string {
  return `sleep ${seconds}.${crypto.getRandomValues(new Uint32Array(1))[0]}`;
}

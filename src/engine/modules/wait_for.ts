/**
 * `wait_for`: waits on the host for a port to accept (or refuse)
 * connections, or a file to appear (with `search_regex` in it) or go away.
 * The wait loop runs on the host, in one exec.
 *
 * @module
 */
import type { ModuleContext, ModuleDefinition } from "./module.ts";
import { ArgReader } from "./args.ts";
import { searchRegExp } from "./lineinfile.ts";
import { runLibraryScript, shellQuote } from "./remote_sh.ts";
import { pathInfo, readStat } from "./remote_stat.ts";
import type { ModuleResult } from "../types.ts";

/** Arguments of `wait_for`. */
export interface WaitForArgs {
  /** Host to connect to, from the target (default `127.0.0.1`). */
  host: string;
  /** TCP port to check. */
  port?: number;
  /** File to check. */
  path?: string;
  /** `started`/`present` (default) or `stopped`/`absent`. */
  state: "started" | "stopped" | "present" | "absent";
  /** Seconds before failing (default 300). */
  timeout: number;
  /** Seconds to wait before the first check. */
  delay: number;
  /** Seconds between checks (default 1). */
  sleep: number;
  /** Seconds a port check may take (default 5). */
  connectTimeout: number;
  /** A Python regular expression the file must contain (multiline). */
  searchRegex?: string;
  /** Message on timeout instead of the default. */
  msg?: string;
}

/**
 * The sh function `_tport HOST PORT CONNECT_TIMEOUT`: succeeds when the port
 * accepts connections. Uses bash's `/dev/tcp`, else `nc -z`, else (for a
 * port on the target itself) a listening socket in `/proc/net/tcp{,6}`.
 */
const PORT_CHECK = `
_tport() {
  if command -v bash >/dev/null 2>&1; then
    if command -v timeout >/dev/null 2>&1; then
      timeout "$3" bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" >/dev/null 2>&1; return $?
    fi
    bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" >/dev/null 2>&1; return $?
  fi
  if command -v nc >/dev/null 2>&1 && nc -h 2>&1 | grep -q -- '-z'; then
    nc -z -w "$3" "$1" "$2" >/dev/null 2>&1; return $?
  fi
  _thex=$(printf ':%04X' "$2")
  awk -v p="$_thex" 'FNR > 1 && $4 == "0A" && substr($2, length($2) - 4) == p { f = 1 }
    END { exit !f }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}
`;

/**
 * The `wait_for` module: `{ elapsed, path, port, search_regex, state,
 * match_groups, match_groupdict }`; on timeout `failed` with
 * `Timeout when waiting for …`. Check mode waits the same way (it changes nothing).
 *
 * @example
 * ```ts
 * await play.task("wait_for", { port: 8080, timeout: 60 });
 * ```
 */
export const waitForModule: ModuleDefinition<WaitForArgs> = {
  name: "wait_for",
  fqcn: "ansible.builtin.wait_for",
  supportsCheckMode: true,
  targetPaths: ["path"],
  parseArgs(input) {
    const a = ArgReader.from("wait_for", input, [
      { name: "host" },
      { name: "port" },
      { name: "path" },
      { name: "state" },
      { name: "timeout" },
      { name: "delay" },
      { name: "sleep" },
      { name: "connect_timeout" },
      { name: "search_regex" },
      { name: "msg" },
    ]);
    const state = a.choice(
      "state",
      ["absent", "present", "started", "stopped"] as const,
      "started",
    );
    const port = a.has("port") ? a.number("port", 0) : undefined;
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
      throw a.error(`port must be an integer from 1 to 65535, got: ${a.values.port}`);
    }
    const path = a.string("path");
    if (port !== undefined && path !== undefined) {
      throw a.error("port and path parameter can not both be passed to wait_for");
    }
    if (path !== undefined && state === "stopped") {
      throw a.error("state=stopped should only be used for checking a port in the wait_for module");
    }
    const searchRegex = a.string("search_regex");
    if (searchRegex !== undefined) {
      if (port !== undefined) {
        throw a.error("search_regex with port is not supported by tachyon's wait_for");
      }
      if (state === "absent" || state === "stopped") {
        throw a.error(`search_regex cannot be used with state=${state}`);
      }
      try {
        searchRegExp(searchRegex);
      } catch (error) {
        throw a.error(`invalid search_regex ${searchRegex}: ${(error as Error).message}`);
      }
    }
    return {
      host: a.string("host") ?? "127.0.0.1",
      port,
      path,
      state,
      timeout: a.number("timeout", 300),
      delay: a.number("delay", 0),
      sleep: Math.max(a.number("sleep", 1), 0.1),
      connectTimeout: a.number("connect_timeout", 5),
      searchRegex,
      msg: a.string("msg"),
    };
  },
  async run(ctx, args) {
    const start = Date.now();
    const elapsed = () => Math.floor((Date.now() - start) / 1000);
    const base = {
      changed: false,
      match_groupdict: {},
      match_groups: [],
      path: args.path ?? null,
      port: args.port ?? null,
      search_regex: args.searchRegex ?? null,
      state: args.state,
    };
    if (args.searchRegex !== undefined) return await waitForRegex(ctx, args, start, base);
    const wantGone = args.state === "stopped" || args.state === "absent";
    let check: string;
    if (args.port !== undefined) {
      check = `_tport ${shellQuote(args.host)} ${args.port} ${Math.ceil(args.connectTimeout)}`;
    } else if (args.path !== undefined) {
      check = `[ -e ${shellQuote(args.path)} ]`;
    } else {
      check = "false";
    }
    const condition = args.port === undefined && args.path === undefined
      ? "false"
      : wantGone
      ? `! ${check}`
      : check;
    const out = await runLibraryScript(
      ctx,
      `${PORT_CHECK}
end=$(( $(date +%s) + ${Math.ceil(args.timeout)} ))
${args.delay > 0 ? `sleep ${args.delay}` : ""}
while :; do
  if ${condition}; then echo 'OK'; break; fi
  if [ "$(date +%s)" -gt "$end" ]; then echo 'TIMEOUT'; break; fi
  sleep ${args.sleep}
done
${args.path !== undefined ? `_tst P ${shellQuote(args.path)} 1` : ""}
`,
    );
    if (args.port === undefined && args.path === undefined) {
      return { ...base, elapsed: elapsed() };
    }
    if (out.first("OK") === undefined) {
      return { changed: false, elapsed: elapsed(), failed: true, msg: timeoutMessage(args) };
    }
    const info = args.path !== undefined ? pathInfo(readStat(out, "P")) : {};
    return { ...base, elapsed: elapsed(), ...info };
  },
};

function timeoutMessage(args: WaitForArgs): string {
  if (args.msg !== undefined) return args.msg;
  if (args.port !== undefined) {
    const target = `${args.host}:${args.port}`;
    return args.state === "stopped"
      ? `Timeout when waiting for ${target} to stop.`
      : `Timeout when waiting for ${target}`;
  }
  if (args.state === "absent") return `Timeout when waiting for ${args.path} to be absent.`;
  if (args.searchRegex !== undefined) {
    return `Timeout when waiting for search string ${args.searchRegex} in ${args.path}`;
  }
  return `Timeout when waiting for file ${args.path}`;
}

/** Waits for the file to contain the regex: each exec waits on the host for a new version. */
async function waitForRegex(
  ctx: ModuleContext,
  args: WaitForArgs,
  start: number,
  base: Record<string, unknown>,
): Promise<ModuleResult> {
  const sticky = searchRegExp(args.searchRegex!);
  const re = new RegExp(
    sticky.source,
    sticky.flags.includes("m") ? sticky.flags : sticky.flags + "m",
  );
  const p = shellQuote(args.path!);
  const deadline = start + args.timeout * 1000;
  const elapsed = () => Math.floor((Date.now() - start) / 1000);
  let last = "(none)";
  let first = true;
  while (true) {
    ctx.signal.throwIfAborted();
    const remaining = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    const out = await runLibraryScript(
      ctx,
      `end=$(( $(date +%s) + ${remaining} ))
${first && args.delay > 0 ? `sleep ${args.delay}` : ""}
while :; do
  if [ -f ${p} ] && [ -r ${p} ]; then
    s=$({ cksum < ${p} || md5sum < ${p} || ls -lni ${p}; } 2>/dev/null)
    if [ "$s" != ${
        shellQuote(last)
      } ]; then printf 'SIG %s\\n' "$s"; _tst P ${p} 1; _tdata ${p}; exit 0; fi
  fi
  if [ "$(date +%s)" -gt "$end" ]; then echo 'TIMEOUT'; exit 0; fi
  sleep ${args.sleep}
done
`,
    );
    first = false;
    const sig = out.first("SIG");
    if (sig === undefined) {
      return { changed: false, elapsed: elapsed(), failed: true, msg: timeoutMessage(args) };
    }
    last = sig;
    const text = new TextDecoder().decode(out.data ?? new Uint8Array());
    const match = re.exec(text);
    if (match) {
      return {
        ...base,
        elapsed: elapsed(),
        match_groups: match.slice(1).map((g) => g ?? null),
        match_groupdict: { ...(match.groups ?? {}) },
        ...pathInfo(readStat(out, "P")),
      };
    }
    if (Date.now() >= deadline) {
      return { changed: false, elapsed: elapsed(), failed: true, msg: timeoutMessage(args) };
    }
  }
}

/**
 * `apt`'s side on the target, through the host's channel: one probe (the
 * programs' paths, the locale Ansible would pick, the cache's age, the
 * architectures), the package facts `apt_status.ts` decides on
 * (`dpkg-query`, `apt-cache policy`, `apt-cache showpkg` for virtual
 * packages), and the commands themselves, run with the environment
 * Ansible's `apt` gives them (`DEBIAN_FRONTEND=noninteractive`, its
 * locale) and, with `policy_rc_d`, a temporary `/usr/sbin/policy-rc.d`.
 * No Python on the target.
 *
 * @module
 */
import type { Connection, ExecResult } from "../connection/connection.ts";
import { shellQuote } from "../connection/connection.ts";
import { shlexSplit } from "../../python/shlex.ts";
import type { ModuleContext } from "./module.ts";
import type { PackageFacts } from "./apt_status.ts";
import { parsePolicy } from "./apt_status.ts";

/** Where apt records a successful `apt-get update` (when a hook does). */
export const APT_UPDATE_SUCCESS_STAMP_PATH = "/var/lib/apt/periodic/update-success-stamp";
/** The package lists. */
export const APT_LISTS_PATH = "/var/lib/apt/lists";

/** `get_best_parsable_locale`'s preferences, best first. */
const LOCALE_PREFERENCES = ["C.utf8", "C.UTF-8", "en_US.utf8", "en_US.UTF-8", "C", "POSIX"];

const PROBE_SCRIPT = `
PATH="$PATH:/sbin:/usr/sbin:/usr/local/sbin"
for _p in apt-get aptitude apt-mark dpkg; do
  _w=$(command -v "$_p" 2>/dev/null) && case $_w in /*) printf 'BIN %s %s\\n' "$_p" "$_w";; esac
done
if command -v locale >/dev/null 2>&1; then
  if _l=$(locale -a 2>/dev/null); then
    for _p in ${LOCALE_PREFERENCES.join(" ")}; do
      if printf '%s\\n' "$_l" | grep -qxF "$_p"; then printf 'LOC %s\\n' "$_p"; break; fi
    done
  fi
fi
printf 'NOW %s\\n' "$(date +%s)"
printf 'HOME %s\\n' "$HOME"
printf 'ARCH %s\\n' "$(dpkg --print-architecture 2>/dev/null)"
dpkg --print-foreign-architectures 2>/dev/null | sed 's/^/FARCH /'
`;

/** The cache's time as Ansible's `get_cache_mtime` reads it: the stamp's, the lists', or 0. */
const CACHE_TIME_SCRIPT = `
if [ -e ${APT_UPDATE_SUCCESS_STAMP_PATH} ]; then stat -c %Y ${APT_UPDATE_SUCCESS_STAMP_PATH}
elif [ -e ${APT_LISTS_PATH} ]; then stat -c %Y ${APT_LISTS_PATH}
else echo 0; fi
`;

/**
 * A command's failure to set up or restore `/usr/sbin/policy-rc.d`, with Ansible's message.
 *
 * @example
 * ```ts
 * throw new PolicyRcDError("Failed to create or chmod /usr/sbin/policy-rc.d");
 * ```
 */
export class PolicyRcDError extends Error {
  /** The error's name. */
  override name = "PolicyRcDError";
}

function lines(text: string, tag: string): string[] {
  const prefix = tag + " ";
  return text.split("\n").filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
}

/**
 * The target as `apt` uses it: its programs, locale and architectures, and
 * the means to run commands there.
 *
 * @example
 * ```ts
 * const target = await AptTarget.open(ctx);
 * const { rc, stdout } = await target.run(`${target.aptGet} -y install 'foo'`);
 * ```
 */
export class AptTarget {
  /** The module's context. */
  readonly ctx: ModuleContext;
  /** The host's channel. */
  readonly connection: Connection;
  /** Programs by name (`apt-get`, `aptitude`, `apt-mark`, `dpkg`) → path. */
  readonly programs: ReadonlyMap<string, string>;
  /** The locale commands run with. */
  readonly locale: string;
  /** The target's clock (seconds) when probed. */
  readonly now: number;
  /** The user's home (`$HOME`). */
  readonly home: string;
  /** dpkg's native architecture. */
  readonly architecture: string;
  /** dpkg's foreign architectures. */
  readonly foreignArchitectures: readonly string[];
  /** The exit code for a temporary policy-rc.d, if any. */
  readonly policyRcD?: number;

  private constructor(
    ctx: ModuleContext,
    connection: Connection,
    probe: string,
    policyRcD: number | undefined,
  ) {
    this.ctx = ctx;
    this.connection = connection;
    this.programs = new Map(
      lines(probe, "BIN").map((l) => {
        const sp = l.indexOf(" ");
        return [l.slice(0, sp), l.slice(sp + 1)] as const;
      }),
    );
    this.locale = lines(probe, "LOC")[0] ?? "C";
    this.now = Number(lines(probe, "NOW")[0] ?? "0");
    this.home = lines(probe, "HOME")[0] ?? "";
    this.architecture = lines(probe, "ARCH")[0] ?? "";
    this.foreignArchitectures = lines(probe, "FARCH").filter((a) => a !== "");
    this.policyRcD = policyRcD;
  }

  /** Probes the target. */
  static async open(ctx: ModuleContext, policyRcD?: number): Promise<AptTarget> {
    const connection = await ctx.connection();
    const { stdout } = await connection.exec(PROBE_SCRIPT, { signal: ctx.signal });
    return new AptTarget(ctx, connection, stdout, policyRcD);
  }

  /** apt-get's path (Ansible's `get_bin_path("apt-get")`), `None` when missing, as Ansible prints it. */
  get aptGet(): string {
    return this.programs.get("apt-get") ?? "None";
  }

  /** The environment Ansible's `apt` runs commands with. */
  get environment(): Record<string, string> {
    return {
      DEBIAN_FRONTEND: "noninteractive",
      DEBIAN_PRIORITY: "critical",
      LANG: this.locale,
      LC_ALL: this.locale,
      LC_MESSAGES: this.locale,
      LC_CTYPE: this.locale,
    };
  }

  /** Runs a shell snippet as is (no environment added). */
  async sh(script: string): Promise<ExecResult> {
    return await this.connection.exec(script, { signal: this.ctx.signal });
  }

  /** The words of `command` (split as `run_command` splits a string), quoted for sh, with the environment. */
  commandLine(command: string | readonly string[]): string {
    const words = typeof command === "string" ? shlexSplit(command) : command;
    const env = Object.entries(this.environment).map(([k, v]) => `${k}=${shellQuote(v)}`);
    return `${env.join(" ")} ${words.map(shellQuote).join(" ")} </dev/null`;
  }

  /**
   * Runs `command` as Ansible's `run_command` would (a string is split with
   * shlex); with `policyRcD` set, inside a temporary `/usr/sbin/policy-rc.d`
   * (an existing one is moved aside and restored).
   */
  async run(command: string | readonly string[], withPolicyRcD = false): Promise<ExecResult> {
    const line = this.commandLine(command);
    if (!withPolicyRcD || this.policyRcD === undefined) return await this.sh(line);
    const setup = await this.sh(`
b=
if [ -e /usr/sbin/policy-rc.d ]; then
  b=$(mktemp -d "\${TMPDIR:-/tmp}/ansibleXXXXXXXX") && mv /usr/sbin/policy-rc.d "$b/" ||
    { printf 'E Fail to move /usr/sbin/policy-rc.d to %s\\n' "$b"; exit 0; }
fi
printf 'B %s\\n' "$b"
{ printf '#!/bin/sh\\nexit %d\\n' ${this.policyRcD} > /usr/sbin/policy-rc.d &&
  chmod 0755 /usr/sbin/policy-rc.d; } 2>/dev/null ||
  printf 'E Failed to create or chmod /usr/sbin/policy-rc.d\\n'
`);
    const error = lines(setup.stdout, "E")[0];
    if (error !== undefined) throw new PolicyRcDError(error);
    const backup = lines(setup.stdout, "B")[0] ?? "";
    let result: ExecResult | undefined;
    let failure: unknown;
    try {
      result = await this.sh(line);
    } catch (error) {
      failure = error;
    }
    // Restored even when the command was cancelled (no signal: the cancel must not stop this).
    const restore = backup === ""
      ? `rm -f /usr/sbin/policy-rc.d || echo 'E Fail to remove /usr/sbin/policy-rc.d (after package manipulation)'`
      : `mv ${shellQuote(`${backup}/policy-rc.d`)} /usr/sbin/policy-rc.d && rmdir ${
        shellQuote(backup)
      } || echo ${
        shellQuote(`E Fail to move back ${backup}/policy-rc.d to /usr/sbin/policy-rc.d`)
      }`;
    const restored = await this.connection.exec(restore).catch(() => undefined);
    if (failure !== undefined || result === undefined) throw failure;
    const restoreError = restored && lines(restored.stdout, "E")[0];
    if (restoreError) throw new PolicyRcDError(restoreError);
    return result;
  }

  /** `get_cache_mtime`: seconds, whole. */
  async cacheTime(): Promise<number> {
    const { stdout } = await this.sh(CACHE_TIME_SCRIPT);
    return Number(stdout.trim()) || 0;
  }

  /** The names of every real package apt knows (what a name glob is matched against). */
  async packageNames(): Promise<string[]> {
    const { stdout } = await this.sh(`${this.commandLine(["apt-cache", "pkgnames"])} 2>/dev/null`);
    return stdout.split("\n").filter((l) => l !== "");
  }

  /**
   * The facts of each name: dpkg's status and version, whether its file
   * list exists, `apt-cache policy` (with `defaultRelease`), and, for a
   * name without versions, the packages providing it.
   */
  async packageFacts(
    names: readonly string[],
    defaultRelease?: string,
  ): Promise<Map<string, PackageFacts>> {
    const facts = new Map<string, PackageFacts>();
    if (names.length === 0) return facts;
    const release = defaultRelease === undefined
      ? ""
      : `-o ${shellQuote(`APT::Default-Release=${defaultRelease}`)} `;
    const env = Object.entries(this.environment).map(([k, v]) => `${k}=${shellQuote(v)}`).join(
      " ",
    );
    const parts = names.map((name, i) => {
      const n = shellQuote(name);
      return `s=$(dpkg-query -W -f='\${db:Status-Abbrev}|\${Version}\\n' -- ${n} 2>/dev/null | head -n 1) && printf 'Q${i} %s\\n' "$s"
for f in /var/lib/dpkg/info/${n}.list /var/lib/dpkg/info/${n}:*.list; do [ -e "$f" ] && { echo 'F${i} 1'; break; }; done
${env} apt-cache ${release}policy ${n} 2>/dev/null | sed 's/^/P${i} /'`;
    });
    const { stdout } = await this.sh(parts.join("\n") + "\n");
    names.forEach((name, i) => {
      const q = lines(stdout, `Q${i}`)[0];
      const [status, version] = q === undefined ? [] : q.split("|");
      const policyText = lines(stdout, `P${i}`).join("\n");
      facts.set(name, {
        name,
        dpkgStatus: status?.trim() || undefined,
        dpkgVersion: version,
        hasFiles: lines(stdout, `F${i}`).length > 0,
        policy: parsePolicy(policyText),
        providers: [],
      });
    });
    const virtual = names.filter((n) => (facts.get(n)!.policy?.versions.length ?? 0) === 0);
    if (virtual.length > 0) {
      const { stdout: shown } = await this.sh(
        virtual.map((name, i) =>
          `${env} apt-cache showpkg ${shellQuote(name)} 2>/dev/null | sed 's/^/S${i} /'`
        ).join("\n") + "\n",
      );
      virtual.forEach((name, i) => {
        facts.get(name)!.providers = reverseProvides(lines(shown, `S${i}`));
      });
    }
    return facts;
  }
}

/**
 * The distinct package names under `Reverse Provides:` of `apt-cache
 * showpkg`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { reverseProvides } from "./apt_target.ts";
 * assert.deepEqual(
 *   reverseProvides(["Package: mta", "Reverse Provides: ", "exim4 4.96 (= )", "exim4 4.95 (= )"]),
 *   ["exim4"],
 * );
 * ```
 */
export function reverseProvides(showpkg: readonly string[]): string[] {
  const at = showpkg.findIndex((l) => l.startsWith("Reverse Provides:"));
  if (at < 0) return [];
  const names: string[] = [];
  for (const line of showpkg.slice(at + 1)) {
    const name = line.trim().split(" ")[0];
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}

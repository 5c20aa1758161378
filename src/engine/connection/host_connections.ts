/**
 * One connection per host for the whole run, chosen from the host's
 * `ansible_connection`: `local` runs `/bin/sh` here, `ssh` keeps one
 * persistent channel per host.
 *
 * @module
 */
import { type Connection, UnreachableError } from "./connection.ts";
import type { AskpassBroker, AskpassSession } from "./askpass.ts";
import { answerLoginPrompt, loginFailureNotes } from "./login_prompts.ts";
import { BecomeError, becomeKey, type BecomeSpec } from "./become.ts";
import { isTrue } from "../ansible_bool.ts";
import { scalarVar } from "../scalar_var.ts";
import { LocalConnection } from "./local.ts";
import { SshConnection } from "./ssh.ts";
import { preferredKex } from "./ssh_kex.ts";
import type { ProcessRegistry } from "../process_registry.ts";
import type { ConnectionProvider } from "../executor.ts";

/** Job-wide ssh defaults (from the command line, env and the job's key). */
export interface SshDefaults {
  /** `-u`: the remote user when a host sets no `ansible_user`. */
  user?: string;
  /** `--private-key`: a key file for hosts that set no `ansible_ssh_private_key_file`. */
  privateKeyFile?: string;
  /**
   * The job's ssh-agent (holding its `ssh_key`), whose socket is given as
   * `SSH_AUTH_SOCK` to ssh for hosts without an explicit key file (an explicit
   * file takes precedence: those hosts are not offered the agent's key).
   * Called when the first such host connects, so a job that reaches no host
   * over ssh never starts an agent.
   */
  agent?: () => Promise<SshAgentAccess>;
  /**
   * The job's connection password (`-k` answered from the job's passwords),
   * for hosts that set no `ansible_password`.
   */
  password?: string;
  /** Why the job has no connection password although it asked for one (named when a login fails). */
  passwordProblem?: string;
  /**
   * The broker that answers ssh's password and passphrase prompts, started
   * when the first host with a password connects. Without it, a host with a
   * password is unreachable.
   */
  askpass?: () => Promise<AskpassBroker>;
  /** `-c`: the connection type when a host sets none. */
  connection?: string;
  /** `-T`: connect timeout in seconds. */
  connectTimeout?: number;
  /** `--ssh-common-args`. */
  commonArgs?: string;
  /** `--ssh-extra-args`. */
  extraArgs?: string;
  /** `ANSIBLE_HOST_KEY_CHECKING` (ansible-runner defaults it to False). */
  hostKeyChecking: boolean;
}

/**
 * What the job's ssh-agent offers: its socket, or why it has none (the key
 * was refused, its passphrase had no answer…).
 *
 * @example
 * ```ts
 * const access: SshAgentAccess = { socket: "/runner/.tachyon-agent/s" };
 * ```
 */
export interface SshAgentAccess {
  /** `SSH_AUTH_SOCK`, when the agent holds the job's key. */
  socket?: string;
  /** Why the job's key is not offered (named when a login fails). */
  problem?: string;
}

/** Options for {@linkcode HostConnections}. */
export interface HostConnectionsOptions {
  /** Tracks child processes so a cancel kills them. */
  registry: ProcessRegistry;
  /** Environment added to local commands (the job's envvars). */
  env?: Record<string, string>;
  /** Working directory of local commands. */
  cwd?: string;
  /** ssh defaults. */
  ssh?: SshDefaults;
  /** Aborts connection attempts. */
  signal?: AbortSignal;
}

/**
 * Opens and caches connections by host.
 *
 * @example
 * ```ts
 * const connections = new HostConnections({ registry: new ProcessRegistry() });
 * const c = await connections.get("localhost", { ansible_connection: "local" });
 * ```
 */
export class HostConnections implements ConnectionProvider {
  #options: HostConnectionsOptions;
  #open = new Map<string, Promise<Connection>>();

  /** Creates the pool. */
  constructor(options: HostConnectionsOptions) {
    this.#options = options;
  }

  /**
   * The connection for `host`, opened on first use (a failed open is retried
   * next time); with `become`, the host's channel for that become user and
   * method (one per host and identity, opened when a task first needs it).
   */
  get(
    host: string,
    vars: Readonly<Record<string, unknown>>,
    become?: BecomeSpec,
  ): Promise<Connection> {
    const key = become ? `${host}\0${becomeKey(become)}` : host;
    let connection = this.#open.get(key);
    if (!connection) {
      connection = this.#connect(host, vars, become);
      this.#open.set(key, connection);
      connection.catch(() => this.#open.delete(key));
    }
    return connection;
  }

  /** `ansible_host`, or the inventory name. */
  address(host: string, vars: Readonly<Record<string, unknown>>): string {
    return scalarVar(vars, "ansible_host", "ansible_ssh_host") ?? host;
  }

  #connect(
    host: string,
    vars: Readonly<Record<string, unknown>>,
    become?: BecomeSpec,
  ): Promise<Connection> {
    const ssh = this.#options.ssh;
    const kind = scalarVar(vars, "ansible_connection") ?? ssh?.connection ?? "ssh";
    if (kind === "local") {
      if (become) {
        return Promise.reject(
          new BecomeError("become on the local connection is not supported by tachyon yet"),
        );
      }
      return Promise.resolve(
        new LocalConnection(host, this.#options.registry, {
          env: this.#options.env,
          cwd: this.#options.cwd,
        }),
      );
    }
    if (kind !== "ssh" && kind !== "smart" && kind !== "paramiko") {
      return Promise.reject(
        new UnreachableError(`the connection type '${kind}' is not available in tachyon`),
      );
    }
    return this.#openSsh(host, vars, become);
  }

  async #openSsh(
    host: string,
    vars: Readonly<Record<string, unknown>>,
    become?: BecomeSpec,
  ): Promise<Connection> {
    const ssh = this.#options.ssh;
    const privateKeyFile = scalarVar(
      vars,
      "ansible_ssh_private_key_file",
      "ansible_private_key_file",
    ) ?? ssh?.privateKeyFile;
    const agent = privateKeyFile === undefined ? await ssh?.agent?.() : undefined;
    const password = scalarVar(vars, "ansible_password", "ansible_ssh_pass") ?? ssh?.password;
    let session: AskpassSession | undefined;
    if (password !== undefined) {
      if (!ssh?.askpass) {
        throw new UnreachableError(
          "Failed to connect to the host via ssh: the host has a password, but nothing here " +
            "can answer ssh's password prompt",
        );
      }
      session = (await ssh.askpass()).session((prompt) => answerLoginPrompt(prompt, password));
    }
    const notes = [
      ...(password === undefined && ssh?.passwordProblem ? [ssh.passwordProblem] : []),
      ...(agent?.problem ? [agent.problem] : []),
    ];
    try {
      return await this.#openSshChannel(host, vars, {
        privateKeyFile,
        env: { ...(agent?.socket && { SSH_AUTH_SOCK: agent.socket }), ...session?.env },
        prompts: session !== undefined,
        become,
      });
    } catch (error) {
      const more = loginFailureNotes(session?.unanswered ?? [], notes);
      if (!(error instanceof UnreachableError) || more === "") throw error;
      throw new UnreachableError(`${error.message}${more}`);
    }
  }

  async #openSshChannel(
    host: string,
    vars: Readonly<Record<string, unknown>>,
    login: {
      privateKeyFile?: string;
      env: Record<string, string>;
      prompts: boolean;
      become?: BecomeSpec;
    },
  ): Promise<Connection> {
    const ssh = this.#options.ssh;
    const port = scalarVar(vars, "ansible_port", "ansible_ssh_port");
    const timeout = scalarVar(vars, "ansible_ssh_timeout", "ansible_timeout");
    return await SshConnection.open({
      host,
      address: this.address(host, vars),
      port: port === undefined ? undefined : Number(port),
      user: scalarVar(vars, "ansible_user", "ansible_ssh_user") ?? ssh?.user,
      privateKeyFile: login.privateKeyFile,
      env: login.env,
      prompts: login.prompts,
      become: login.become,
      commonArgs: scalarVar(vars, "ansible_ssh_common_args") ?? ssh?.commonArgs,
      extraArgs: scalarVar(vars, "ansible_ssh_extra_args") ?? ssh?.extraArgs,
      hostKeyChecking: hostKeyChecking(vars, ssh?.hostKeyChecking ?? false),
      connectTimeout: timeout === undefined ? ssh?.connectTimeout : Number(timeout),
      registry: this.#options.registry,
      signal: this.#options.signal,
      preferredKex: await preferredKex(),
    });
  }

  /** Closes every open connection. */
  async closeAll(): Promise<void> {
    const open = [...this.#open.values()];
    this.#open.clear();
    await Promise.allSettled(open.map(async (c) => (await c).close()));
  }
}

function hostKeyChecking(vars: Readonly<Record<string, unknown>>, fallback: boolean): boolean {
  const value = vars.ansible_host_key_checking ?? vars.ansible_ssh_host_key_checking;
  return value === undefined ? fallback : isTrue(value);
}

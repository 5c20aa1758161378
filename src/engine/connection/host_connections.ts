/**
 * One connection per host for the whole run, chosen from the host's
 * `ansible_connection`.
 *
 * @module
 */
import { type Connection, UnreachableError } from "./connection.ts";
import { LocalConnection } from "./local.ts";
import type { ProcessRegistry } from "../process_registry.ts";
import type { ConnectionProvider } from "../executor.ts";

/** Options for {@linkcode HostConnections}. */
export interface HostConnectionsOptions {
  /** Tracks child processes so a cancel kills them. */
  registry: ProcessRegistry;
  /** Environment added to local commands (the job's envvars). */
  env?: Record<string, string>;
  /** Working directory of local commands. */
  cwd?: string;
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

  /** The connection for `host`, opened on first use. */
  get(host: string, vars: Readonly<Record<string, unknown>>): Promise<Connection> {
    let connection = this.#open.get(host);
    if (!connection) {
      connection = this.#connect(host, vars);
      this.#open.set(host, connection);
      connection.catch(() => this.#open.delete(host));
    }
    return connection;
  }

  /** `ansible_host`, or the inventory name. */
  address(host: string, vars: Readonly<Record<string, unknown>>): string {
    const address = vars.ansible_host;
    return typeof address === "string" && address ? address : host;
  }

  #connect(host: string, vars: Readonly<Record<string, unknown>>): Promise<Connection> {
    const kind = String(vars.ansible_connection ?? "ssh");
    if (kind === "local") {
      return Promise.resolve(
        new LocalConnection(host, this.#options.registry, {
          env: this.#options.env,
          cwd: this.#options.cwd,
        }),
      );
    }
    return Promise.reject(
      new UnreachableError(
        `Failed to connect to the host via ${kind}: the ${kind} connection is not available ` +
          `in this tachyon build`,
      ),
    );
  }

  /** Closes every open connection. */
  async closeAll(): Promise<void> {
    const open = [...this.#open.values()];
    this.#open.clear();
    await Promise.allSettled(open.map(async (c) => (await c).close()));
  }
}

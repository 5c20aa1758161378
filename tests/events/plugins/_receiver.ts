/**
 * Test support: real receivers for the HTTP emitter — a Deno HTTP server on
 * loopback TCP or on a unix socket that records every request in order and
 * answers as the test says (at once, after a gate opens, with an error
 * code) — and a "hang-up" receiver that reads each request and closes the
 * connection without an answer, so a test sees every attempt of a receiver
 * that never accepts one.
 *
 * @module
 */

/** One request a receiver got. */
export interface ReceivedRequest {
  /** The request path (and query). */
  path: string;
  /** Its headers (lower-case names). */
  headers: Record<string, string>;
  /** Its body. */
  body: string;
}

/** How a receiver answers. */
export interface ReceiverOptions {
  /** Listen on this unix socket instead of loopback TCP. */
  socketPath?: string;
  /** Listen on this TCP port (default: any free one). */
  port?: number;
  /** The status of each answer, by request index (default 204). */
  answer?: (index: number, body: string) => number;
  /** Hold the answer to request `index` until this resolves. */
  hold?: (index: number) => Promise<void> | undefined;
}

/** A running receiver. */
export interface Receiver {
  /** The URL (TCP) or socket path to give `runner_http_url`. */
  readonly url: string;
  /** The TCP port (0 for a socket). */
  readonly port: number;
  /** Every request so far, in arrival order. */
  readonly requests: ReceivedRequest[];
  /** Stops it. */
  close(): Promise<void>;
}

/**
 * Starts an HTTP receiver.
 *
 * @example
 * ```ts
 * const receiver = await startReceiver();
 * try { … receiver.requests … } finally { await receiver.close(); }
 * ```
 */
export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const handler = async (request: Request): Promise<Response> => {
    const index = requests.length;
    const url = new URL(request.url);
    const entry: ReceivedRequest = {
      path: url.pathname + url.search,
      headers: Object.fromEntries(request.headers),
      body: "",
    };
    requests.push(entry);
    entry.body = await request.text();
    await options.hold?.(index);
    return new Response(null, { status: options.answer?.(index, entry.body) ?? 204 });
  };
  let listening!: () => void;
  const ready = new Promise<void>((resolve) => listening = resolve);
  const server = options.socketPath !== undefined
    ? Deno.serve(
      { path: options.socketPath, transport: "unix", onListen: () => listening() },
      handler,
    )
    : Deno.serve(
      { hostname: "127.0.0.1", port: options.port ?? 0, onListen: () => listening() },
      handler,
    );
  await ready;
  const port = options.socketPath !== undefined ? 0 : (server.addr as Deno.NetAddr).port;
  return {
    url: options.socketPath ?? `http://127.0.0.1:${port}/events`,
    port,
    requests,
    close: async () => {
      await server.shutdown();
      if (options.socketPath !== undefined) await Deno.remove(options.socketPath).catch(() => {});
    },
  };
}

/** A receiver that reads requests and hangs up unanswered. */
export interface HangUpReceiver {
  /** The URL to give `runner_http_url`. */
  readonly url: string;
  /** The body of every attempt, in arrival order. */
  readonly attempts: string[];
  /** Stops it. */
  close(): Promise<void>;
}

/**
 * Starts a loopback TCP listener that reads each request (head and
 * `Content-Length` body), records the body and closes the connection
 * without answering.
 *
 * @example
 * ```ts
 * const hangUp = startHangUpReceiver();
 * try { … hangUp.attempts … } finally { await hangUp.close(); }
 * ```
 */
export function startHangUpReceiver(): HangUpReceiver {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const attempts: string[] = [];
  const serving = (async () => {
    for await (const conn of listener) {
      readRequestBody(conn).then((body) => {
        if (body !== undefined) attempts.push(body);
      }).finally(() => {
        try {
          conn.close();
        } catch {
          // already closed
        }
      });
    }
  })().catch(() => {});
  return {
    url: `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}/events`,
    attempts,
    close: async () => {
      listener.close();
      await serving;
    },
  };
}

async function readRequestBody(conn: Deno.Conn): Promise<string | undefined> {
  const decoder = new TextDecoder();
  let text = "";
  const buffer = new Uint8Array(64 * 1024);
  for (;;) {
    const n = await conn.read(buffer).catch(() => null);
    if (n === null) return undefined;
    text += decoder.decode(buffer.subarray(0, n));
    const end = text.indexOf("\r\n\r\n");
    if (end === -1) continue;
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(text)?.[1] ?? 0);
    const body = text.slice(end + 4);
    if (new TextEncoder().encode(body).length >= length) return body;
  }
}

/**
 * A TCP port nothing listens on (taken from the system, then freed).
 *
 * @example
 * ```ts
 * const url = `http://127.0.0.1:${freePort()}/events`;
 * ```
 */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/**
 * One HTTP/1.1 POST over a unix socket, written as requests-unixsocket
 * writes it for ansible-runner-http: origin-form request line
 * (`POST /path HTTP/1.1`), `Content-Length`, one connection per request.
 * (`fetch` through `Deno.createHttpClient({ proxy: { transport: "unix" } })`
 * would send the absolute form, `POST http://localhost/path`, which servers
 * that match on the path can refuse.) Returns the response's status code.
 *
 * @module
 */
import { writeAll } from "../../io/write_all.ts";
import { concatBytes } from "../../io/concat_bytes.ts";

/**
 * A POST for {@linkcode postOverUnixSocket}.
 *
 * @example
 * ```ts
 * import type { UnixPost } from "./unix_http.ts";
 *
 * const post: UnixPost = {
 *   socketPath: "/runner/events.sock",
 *   requestPath: "/",
 *   headers: [["Content-Type", "application/json"]],
 *   body: new TextEncoder().encode('{"status": "running"}'),
 * };
 * ```
 */
export interface UnixPost {
  /** The socket. */
  readonly socketPath: string;
  /** The request target (origin form, starting with `/`). */
  readonly requestPath: string;
  /** Headers in their order (`Host`, `Content-Length` and `Connection` are tachyon's). */
  readonly headers: readonly (readonly [string, string])[];
  /** The request body. */
  readonly body: Uint8Array;
}

/**
 * The socket's answer was not HTTP/1.x.
 *
 * @example
 * ```ts
 * import { UnixHttpError } from "./unix_http.ts";
 *
 * const error = new UnixHttpError("the answer is not HTTP");
 * console.assert(error.name === "UnixHttpError");
 * ```
 */
export class UnixHttpError extends Error {
  /** The error name. */
  override name = "UnixHttpError";
}

/** Headers tachyon writes itself. */
const OWN_HEADERS = new Set(["host", "content-length", "connection", "transfer-encoding"]);
/** The most of a response head read. */
const MAX_HEAD_BYTES = 64 * 1024;
/** The most of a response body read (the rest is not waited for). */
const MAX_BODY_BYTES = 1024 * 1024;
const HEAD_END = new Uint8Array([13, 10, 13, 10]);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Sends `post` and returns the response status. Rejects on a connection
 * failure, an answer that is not HTTP, or `signal` (which closes the
 * connection).
 *
 * @example
 * ```ts
 * import { postOverUnixSocket } from "./unix_http.ts";
 *
 * const send = (body: string) =>
 *   postOverUnixSocket({
 *     socketPath: "/runner/events.sock",
 *     requestPath: "/",
 *     headers: [["Content-Type", "application/json"]],
 *     body: new TextEncoder().encode(body),
 *   }, AbortSignal.timeout(10_000));
 * ```
 */
export async function postOverUnixSocket(post: UnixPost, signal: AbortSignal): Promise<number> {
  signal.throwIfAborted();
  const conn = await Deno.connect({ transport: "unix", path: post.socketPath });
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    try {
      conn.close();
    } catch {
      // already closed
    }
  };
  signal.addEventListener("abort", close, { once: true });
  try {
    await writeAll(conn, requestBytes(post));
    return await readStatus(conn);
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw error;
  } finally {
    signal.removeEventListener("abort", close);
    close();
  }
}

function requestBytes(post: UnixPost): Uint8Array {
  const lines = [`POST ${post.requestPath} HTTP/1.1`, "Host: localhost"];
  for (const [name, value] of post.headers) {
    if (!OWN_HEADERS.has(name.toLowerCase())) lines.push(`${name}: ${value}`);
  }
  lines.push(`Content-Length: ${post.body.length}`, "Connection: close", "", "");
  return concatBytes([encoder.encode(lines.join("\r\n")), post.body]);
}

/** Reads the response head (skipping `1xx` heads) and its body, and returns the status. */
async function readStatus(conn: Deno.Conn): Promise<number> {
  const reader = new ChunkReader(conn);
  for (;;) {
    const head = await reader.head();
    const match = /^HTTP\/1\.[01] (\d{3})/.exec(head);
    if (match === null) throw new UnixHttpError("the socket's answer is not an HTTP/1.x response");
    const status = Number(match[1]);
    if (status >= 100 && status < 200) continue;
    if (status !== 204 && status !== 304) await reader.body(head);
    return status;
  }
}

/** The response bytes read so far, consumed as heads and bodies. */
class ChunkReader {
  #conn: Deno.Conn;
  #buffer: Uint8Array = new Uint8Array(0);
  #eof = false;

  constructor(conn: Deno.Conn) {
    this.#conn = conn;
  }

  /** The next head, without its blank line. */
  async head(): Promise<string> {
    for (;;) {
      const end = indexOf(this.#buffer, HEAD_END);
      if (end !== -1) {
        const head = decoder.decode(this.#buffer.subarray(0, end));
        this.#buffer = this.#buffer.slice(end + HEAD_END.length);
        return head;
      }
      if (this.#buffer.length > MAX_HEAD_BYTES) {
        throw new UnixHttpError("the socket's answer has an over-long HTTP head");
      }
      if (!(await this.#fill())) {
        throw new UnixHttpError("the socket closed the connection before an HTTP answer");
      }
    }
  }

  /** Reads the body `head` announces (or up to the connection's end), at most 1 MiB. */
  async body(head: string): Promise<void> {
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    const chunked = /\r\ntransfer-encoding:[^\r]*chunked/i.test(head);
    const done = () =>
      this.#buffer.length >= MAX_BODY_BYTES ||
      (length !== null && this.#buffer.length >= Number(length[1])) ||
      (chunked && endsWithLastChunk(this.#buffer));
    while (!done() && await this.#fill());
  }

  async #fill(): Promise<boolean> {
    if (this.#eof) return false;
    const chunk = new Uint8Array(16 * 1024);
    const n = await this.#conn.read(chunk);
    if (n === null) {
      this.#eof = true;
      return false;
    }
    this.#buffer = concatBytes([this.#buffer, chunk.subarray(0, n)]);
    return true;
  }
}

/** Whether a chunked body is complete: it ends with the last chunk and an empty trailer. */
function endsWithLastChunk(buffer: Uint8Array): boolean {
  const tail = decoder.decode(buffer.subarray(Math.max(0, buffer.length - 7)));
  return tail.endsWith("\r\n0\r\n\r\n") || tail === "0\r\n\r\n";
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

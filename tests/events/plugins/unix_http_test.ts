/**
 * The unix socket POST on the wire, against a raw socket listener: the
 * request requests-unixsocket would send (origin-form request line, the
 * settings' headers in order, Content-Length, the body), and the answer's
 * framings (Content-Length, chunked, close-delimited, a 100 first).
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { postOverUnixSocket, UnixHttpError } from "../../../src/events/plugins/unix_http.ts";
import { tempDir } from "../../_support/worker_process.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Listens on a socket, reads one request per connection, writes `answer` in pieces, closes. */
async function withRawSocket(
  answer: string[],
  body: (socketPath: string, requests: string[]) => Promise<void>,
  closeAfterAnswer = true,
): Promise<void> {
  const dir = await tempDir();
  const socketPath = join(dir.path, "raw.sock");
  const listener = Deno.listen({ transport: "unix", path: socketPath });
  const requests: string[] = [];
  const serving = (async () => {
    for await (const conn of listener) {
      let text = "";
      const buffer = new Uint8Array(4096);
      while (!/\r\n\r\n[\s\S]*\}$/.test(text)) {
        const n = await conn.read(buffer);
        if (n === null) break;
        text += decoder.decode(buffer.subarray(0, n));
      }
      requests.push(text);
      for (const piece of answer) {
        await conn.write(encoder.encode(piece));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      if (closeAfterAnswer) conn.close();
    }
  })().catch(() => {});
  try {
    await body(socketPath, requests);
  } finally {
    listener.close();
    await serving;
    await dir.remove();
  }
}

const post = (socketPath: string) => ({
  socketPath,
  requestPath: "/runner/events",
  headers: [["X-B", "2"], ["Authorization", "Bearer x"], ["Host", "ignored"], [
    "Content-Type",
    "application/json",
  ]] as [string, string][],
  body: encoder.encode('{"status": "running"}'),
});

Deno.test("the request: origin form, the headers in order, Content-Length, the body", async () => {
  await withRawSocket(["HTTP/1.1 204 No Content\r\n\r\n"], async (socketPath, requests) => {
    assert.equal(await postOverUnixSocket(post(socketPath), AbortSignal.timeout(10_000)), 204);
    assert.equal(
      requests[0],
      "POST /runner/events HTTP/1.1\r\nHost: localhost\r\nX-B: 2\r\nAuthorization: Bearer x\r\n" +
        "Content-Type: application/json\r\nContent-Length: 21\r\nConnection: close\r\n\r\n" +
        '{"status": "running"}',
    );
  });
});

Deno.test("answers with a Content-Length body, a chunked body, a close-delimited body, a 100 first", async () => {
  const answers: [string[], number, boolean][] = [
    [["HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", "hel", "lo"], 200, false],
    [
      ["HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n", "3\r\nabc\r\n", "0\r\n\r\n"],
      201,
      false,
    ],
    [["HTTP/1.0 500 Oops\r\n\r\n", "a body until the end"], 500, true],
    [
      ["HTTP/1.1 100 Continue\r\n\r\n", "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"],
      202,
      false,
    ],
  ];
  for (const [answer, status, closes] of answers) {
    // Keeping the connection open (closes = false) shows the reader stops at the framing's end.
    await withRawSocket(answer, async (socketPath) => {
      assert.equal(await postOverUnixSocket(post(socketPath), AbortSignal.timeout(5_000)), status);
    }, closes);
  }
});

Deno.test("an answer that is not HTTP, a missing socket, an abort", async () => {
  await withRawSocket(["SSH-2.0-OpenSSH\r\n\r\n"], async (socketPath) => {
    await assert.rejects(
      postOverUnixSocket(post(socketPath), AbortSignal.timeout(5_000)),
      UnixHttpError,
    );
  });
  await assert.rejects(
    postOverUnixSocket(post("/tmp/tachyon-no-such-socket.sock"), AbortSignal.timeout(5_000)),
    Deno.errors.NotFound,
  );
  await withRawSocket([], async (socketPath) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("stop")), 100);
    await assert.rejects(postOverUnixSocket(post(socketPath), controller.signal), /stop/);
  }, false);
});

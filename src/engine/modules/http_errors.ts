/**
 * A request that got no HTTP response, worded as Ansible's `fetch_url`
 * words it on a Debian bookworm target (Python 3.11's urllib): `curl`'s or
 * `wget`'s exit status and message become `Request failed: <urlopen error
 * [Errno 111] Connection refused>`, `Connection failure: timed out`, ….
 *
 * @module
 */

/** Which client ran the request on the target. */
export type HttpClientName = "curl" | "wget";

/** Python's `ssl` module line in certificate errors (Python 3.11 of Debian bookworm). */
const SSL_WHERE = "(_ssl.c:992)";

/**
 * Ansible's `msg` for a request without a response.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { transportFailure } from "./http_errors.ts";
 * assert.equal(
 *   transportFailure("curl", 7, "curl: (7) Failed to connect to h port 1 after 0 ms: Couldn't connect to server"),
 *   "Request failed: <urlopen error [Errno 111] Connection refused>",
 * );
 * ```
 */
export function transportFailure(client: HttpClientName, rc: number, stderr: string): string {
  const text = stderr.trim();
  const urlopen = (why: string) => `Request failed: <urlopen error ${why}>`;
  const errno = connectErrno(text);
  if (isResolveFailure(client, rc, text)) {
    return urlopen("[Errno -2] Name or service not known");
  }
  const certificate = certificateProblem(client, rc, text);
  if (certificate !== undefined) {
    return urlopen(
      `[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ${certificate} ${SSL_WHERE}`,
    );
  }
  if (isTimeout(client, rc, text)) {
    return /connect|Connection timed out after/i.test(text) && !/Read error/.test(text)
      ? urlopen("timed out")
      : "Connection failure: timed out";
  }
  if ((client === "curl" && rc === 7) || (client === "wget" && errno !== undefined)) {
    return urlopen(errno ?? "[Errno 111] Connection refused");
  }
  if ((client === "curl" && rc === 52) || /closed connection|No data received/i.test(text)) {
    return "Connection failure: Remote end closed connection without response";
  }
  if ((client === "curl" && rc === 56) || /Connection reset/i.test(text)) {
    return "Connection failure: [Errno 104] Connection reset by peer";
  }
  const detail = text.split("\n").map((l) => l.trim()).filter((l) => l !== "")[0] ?? "";
  return urlopen(detail.replace(/^curl: \(\d+\) /, "") || `${client} exited with ${rc}`);
}

function connectErrno(text: string): string | undefined {
  if (/No route to host/i.test(text)) return "[Errno 113] No route to host";
  if (/Network is unreachable/i.test(text)) return "[Errno 101] Network is unreachable";
  if (/Connection refused/i.test(text)) return "[Errno 111] Connection refused";
  return undefined;
}

function isResolveFailure(client: HttpClientName, rc: number, text: string): boolean {
  if (client === "curl") return rc === 6;
  return /unable to resolve host address/i.test(text);
}

function isTimeout(client: HttpClientName, rc: number, text: string): boolean {
  if (client === "curl") return rc === 28;
  return /timed out/i.test(text);
}

/** The reason OpenSSL gives for a certificate curl or wget refused, in Python's words. */
function certificateProblem(
  client: HttpClientName,
  rc: number,
  text: string,
): string | undefined {
  if (client === "curl") {
    if (rc !== 60 && rc !== 51) return undefined;
    const mismatch = /target host name '([^']*)'/.exec(text);
    if (mismatch) {
      const what = /^[\d.]+$|:/.test(mismatch[1]) ? "IP address" : "Hostname";
      return `${what} mismatch, certificate is not valid for '${mismatch[1]}'.`;
    }
    const problem = /SSL certificate problem: ([^\n]*)/.exec(text);
    return problem ? problem[1].trim() : "unable to get local issuer certificate";
  }
  if (rc !== 5) return undefined;
  if (/self-signed|self signed/i.test(text)) return "self-signed certificate";
  if (/doesn't match|does not match/i.test(text)) {
    const host = /requested host name ‘([^’]*)’|requested host name '([^']*)'/.exec(text);
    const name = host?.[1] ?? host?.[2] ?? "";
    const what = /^[\d.]+$|:/.test(name) ? "IP address" : "Hostname";
    return `${what} mismatch, certificate is not valid for '${name}'.`;
  }
  if (/expired/i.test(text)) return "certificate has expired";
  return "unable to get local issuer certificate";
}

/**
 * Test support for `get_url` and `uri` on lab hosts: a small HTTP server
 * (Python's `http.server`, which every lab host has) run INSIDE each twin,
 * on 127.0.0.1, so requests never leave the host's own network namespace
 * and both twins answer alike. It serves `/srv/http` (with
 * `If-Modified-Since`, as `SimpleHTTPRequestHandler` does) and these
 * endpoints:
 *
 * - `/echo`: the method, path, lowercased headers and body as JSON
 *   (`?status=N` answers with status N);
 * - `/status/N`: status N with a short text body;
 * - `/redirect/N?to=URL`: status N with `Location: URL`;
 * - `/basic?cred=user:pass`: 401 with a Basic challenge unless the request
 *   carries those credentials (default {@linkcode HTTP_USER}:{@linkcode HTTP_PASSWORD});
 * - `/cookies`: two cookies and a repeated header;
 * - `/disposition`: `Content-Disposition: attachment; filename="named.txt"`;
 * - `/nolength`: a body without `Content-Length`;
 * - `/gzip`: a gzip-encoded body;
 * - `/slow?s=N`: answers after N seconds;
 * - `/jsonish?type=T&body=B`: body B as content type T.
 *
 * With TLS (`https`), the same server listens on {@linkcode HTTPS_PORT}
 * with a self-signed certificate for 127.0.0.1 made at test time.
 *
 * @module
 */
import { join } from "node:path";
import type { LabFiles } from "../../_support/lab/mod.ts";
import type { LabTwins } from "./_twin_lab.ts";

/** The plain HTTP port inside each host. */
export const HTTP_PORT = 8080;
/** The HTTPS port inside each host. */
export const HTTPS_PORT = 8443;
/** The base URL of the plain server, as both twins reach it. */
export const BASE = `http://127.0.0.1:${HTTP_PORT}`;
/** The base URL of the TLS server. */
export const TLS_BASE = `https://127.0.0.1:${HTTPS_PORT}`;
/** The user `/basic` accepts. */
export const HTTP_USER = "alice";
/** Its password: distinctive, so a test can look for it on the target. */
export const HTTP_PASSWORD = "tachyon-http-pw-7f3a";

const SERVER_PATH = "/usr/local/lib/tachyon-http/server.py";
const CERT_DIR = "/usr/local/lib/tachyon-http";

const SERVER = String.raw`
import base64, gzip, http.server, json, ssl, sys, time, urllib.parse

ROOT = sys.argv[2]

class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **k):
        super().__init__(*a, directory=ROOT, **k)

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.command, self.path))

    def reply(self, code, body=b"", ctype="text/plain", headers=()):
        self.send_response(code)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)
        return True

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def route(self):
        u = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(u.query))
        p = u.path
        if p == "/echo":
            data = self.body()
            out = {"method": self.command, "path": self.path,
                   "headers": dict(sorted((k.lower(), v) for k, v in self.headers.items())),
                   "body": data.decode("latin-1")}
            return self.reply(int(q.get("status", 200)), json.dumps(out, sort_keys=True).encode(),
                              "application/json")
        if p.startswith("/status/"):
            code = int(p.split("/")[2])
            return self.reply(code, ("status %d\n" % code).encode())
        if p.startswith("/redirect/"):
            self.body()
            return self.reply(int(p.split("/")[2]), b"", None, [("Location", q.get("to", "/echo"))])
        if p == "/basic":
            want = "Basic " + base64.b64encode(q.get("cred", "${HTTP_USER}:${HTTP_PASSWORD}").encode()).decode()
            if self.headers.get("Authorization") != want:
                return self.reply(401, b"no\n", "text/plain", [("WWW-Authenticate", 'Basic realm="lab"')])
            return self.reply(200, b"welcome\n")
        if p == "/cookies":
            return self.reply(200, b"{}", "application/json",
                              [("Set-Cookie", "zeta=1; Path=/"), ("Set-Cookie", "alpha=two; Path=/"),
                               ("X-Dup", "a"), ("X-Dup", "b")])
        if p == "/disposition":
            return self.reply(200, b"named\n", "text/plain",
                              [("Content-Disposition", 'attachment; filename="named.txt"')])
        if p == "/nolength":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write("no length \u00e9\n".encode())
            return True
        if p == "/gzip":
            return self.reply(200, gzip.compress(b"unzipped text\n", mtime=0), "text/plain",
                              [("Content-Encoding", "gzip")])
        if p == "/slow":
            time.sleep(float(q.get("s", "5")))
            return self.reply(200, b"late\n")
        if p == "/jsonish":
            return self.reply(200, q.get("body", "{}").encode(), q.get("type", "application/json"))
        return False

    def do_GET(self):
        if not self.route():
            super().do_GET()

    def do_HEAD(self):
        if not self.route():
            super().do_HEAD()

    def do_POST(self):
        if not self.route():
            self.reply(405, b"")

    do_PUT = do_POST
    do_PATCH = do_POST
    do_DELETE = do_POST

server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
if len(sys.argv) > 4:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[3], sys.argv[4])
    server.socket = context.wrap_socket(server.socket, server_side=True)
server.serve_forever()
`;

/**
 * A self-signed certificate and key for 127.0.0.1 (PEM), made with this
 * machine's `openssl` in a temp dir that is removed at once.
 *
 * @example
 * ```ts
 * const { cert, key } = await selfSignedCertificate();
 * ```
 */
export async function selfSignedCertificate(): Promise<{ cert: string; key: string }> {
  const dir = await Deno.makeTempDir({ prefix: "tachyon_http_cert_" });
  try {
    const out = await new Deno.Command("/usr/bin/openssl", {
      args: [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
        "-days",
        "2",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=IP:127.0.0.1,DNS:localhost",
      ],
      stdout: "null",
      stderr: "piped",
    }).output();
    if (!out.success) throw new Error(`openssl: ${new TextDecoder().decode(out.stderr)}`);
    return {
      cert: await Deno.readTextFile(join(dir, "cert.pem")),
      key: await Deno.readTextFile(join(dir, "key.pem")),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * The files both twins need: the server, what it serves (`site`, by path
 * under `/srv/http`) and, with `tls`, the certificate.
 *
 * @example
 * ```ts
 * const files = await httpServerFiles({ "a.txt": "A\n" }, true);
 * await using twins = await startLabTwins("web", { files });
 * ```
 */
export async function httpServerFiles(
  site: Record<string, string>,
  tls: boolean,
): Promise<LabFiles> {
  const files: LabFiles = { [SERVER_PATH]: SERVER };
  for (const [path, content] of Object.entries(site)) files[`/srv/http/${path}`] = content;
  if (tls) {
    const { cert, key } = await selfSignedCertificate();
    files[`${CERT_DIR}/cert.pem`] = cert;
    files[`${CERT_DIR}/key.pem`] = { content: key, mode: 0o600 };
  }
  return files;
}

/**
 * Starts the server(s) in both twins (left to the hosts' end) and waits
 * until they answer.
 *
 * @example
 * ```ts
 * await startHttpServers(twins, true);
 * ```
 */
export async function startHttpServers(twins: LabTwins, tls: boolean): Promise<void> {
  const start = (port: number, extra: string) =>
    `setsid python3 ${SERVER_PATH} ${port} /srv/http${extra} ` +
    `>>/var/log/tachyon-http.log 2>&1 </dev/null &`;
  const wait = (url: string) =>
    `i=0; until curl -sk -o /dev/null ${url}/echo; do i=$((i+1)); ` +
    `[ $i -lt 200 ] || { echo "no server at ${url}"; exit 1; }; sleep 0.1; done`;
  const lines = [
    start(HTTP_PORT, ""),
    ...(tls ? [start(HTTPS_PORT, ` ${CERT_DIR}/cert.pem ${CERT_DIR}/key.pem`)] : []),
    wait(BASE),
    ...(tls ? [wait(TLS_BASE)] : []),
  ];
  await twins.shell(lines.join("\n"));
}

/**
 * Drops what differs between two runs of the same request (`date`,
 * `elapsed`, `last_modified` of files the twins got a second apart) and
 * checks the download's temp path (`src`) has each side's shape.
 *
 * @example
 * ```ts
 * const [a, t] = await twins.both("uri", { url: `${BASE}/echo` });
 * assert.deepEqual(comparable(t), comparable(a));
 * ```
 */
export function comparable(result: Record<string, unknown>): Record<string, unknown> {
  const out = { ...result };
  for (const key of ["date", "elapsed", "last_modified"]) {
    if (key in out) out[key] = `<${key}>`;
  }
  if (typeof out.src === "string") out.src = "<src>";
  if (typeof out.backup_file === "string") {
    out.backup_file = out.backup_file.replace(
      /\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$/,
      ".<backup>",
    );
  }
  return out;
}

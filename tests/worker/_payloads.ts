/**
 * Test support: transmit streams whose zip payload is built by Python's
 * `zipfile` (the writer AWX's side uses) from a small spec: files of text,
 * zeros or random bytes, directories, symlinks, and central directory sizes
 * that lie.
 *
 * @module
 */
import { join } from "node:path";
import { run } from "../_support/worker_process.ts";

/** One zip entry of a payload spec. */
export interface PayloadEntry {
  /** The entry name as stored (`dir/` for a directory). */
  name: string;
  /** Text content of a file entry. */
  text?: string;
  /** A file entry of that many zero bytes (written in 1 MiB pieces). */
  zeros?: number;
  /** A file entry of that many random bytes. */
  random?: number;
  /** A symlink entry with this target. */
  symlink?: string;
  /** Store instead of deflate. */
  stored?: boolean;
  /** Make the central directory claim this uncompressed size. */
  declaredSize?: number;
}

const BUILD = `
import base64, json, os, struct, sys, zipfile
spec, out = json.load(sys.stdin), sys.argv[1]
entries, kwargs = spec["entries"], spec["kwargs"]
zip_path = out + ".zip"
with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as z:
    for e in entries:
        info = zipfile.ZipInfo(e["name"], (2024, 1, 2, 3, 4, 6))
        info.compress_type = zipfile.ZIP_STORED if e.get("stored") else zipfile.ZIP_DEFLATED
        if "symlink" in e:
            info.external_attr = 0o120777 << 16
            z.writestr(info, e["symlink"])
        elif e["name"].endswith("/"):
            info.external_attr = (0o40755 << 16) | 0x10
            z.writestr(info, b"")
        else:
            info.external_attr = 0o100644 << 16
            with z.open(info, "w", force_zip64=True) as w:
                if "text" in e: w.write(e["text"].encode())
                left = e.get("zeros", 0)
                while left > 0:
                    w.write(bytes(min(left, 1 << 20))); left -= 1 << 20
                left = e.get("random", 0)
                while left > 0:
                    w.write(os.urandom(min(left, 1 << 20))); left -= 1 << 20
data = bytearray(open(zip_path, "rb").read())
for e in entries:
    if "declaredSize" not in e: continue
    name = e["name"].encode()
    i = 0
    while True:
        i = data.index(b"PK\\x01\\x02", i)
        n = struct.unpack_from("<H", data, i + 28)[0]
        if bytes(data[i + 46:i + 46 + n]) == name: break
        i += 4
    if struct.unpack_from("<I", data, i + 24)[0] == 0xFFFFFFFF:
        extra = i + 46 + n
        struct.pack_into("<Q", data, extra + 4, e["declaredSize"])
    else:
        struct.pack_into("<I", data, i + 24, e["declaredSize"])
with open(out, "wb") as f:
    f.write((json.dumps({"kwargs": kwargs}) + "\\n").encode())
    f.write((json.dumps({"zipfile": len(data)}) + "\\n").encode())
    f.write(base64.b64encode(bytes(data)))
    f.write(b'{"eof": true}\\n')
os.remove(zip_path)
`;

/**
 * Builds a transmit stream (kwargs line, zip payload, eof) into `dir` and
 * returns its bytes.
 *
 * @example
 * ```ts
 * const stream = await payloadStream(tmp, [{ name: "artifacts", symlink: "/tmp/x" }]);
 * ```
 */
export async function payloadStream(
  dir: string,
  entries: PayloadEntry[],
  kwargs: Record<string, unknown> = { ident: "g1", module: "ping", host_pattern: "localhost" },
): Promise<Uint8Array> {
  const out = join(dir, `stream-${crypto.randomUUID()}`);
  const built = await run("/usr/bin/python3", ["-c", BUILD, out], {
    stdin: new TextEncoder().encode(JSON.stringify({ entries, kwargs })),
  });
  if (built.code !== 0) throw new Error(`payload build failed: ${built.stderr}`);
  const bytes = await Deno.readFile(out);
  await Deno.remove(out);
  return bytes;
}

export { listTree } from "../_support/files.ts";

/**
 * The typed task arguments of the modules that read and write files
 * (`blockinfile`, `copy`, `fetch`, `file`, `lineinfile`, `slurp`, `stat`),
 * and the parts they share: `mode` as a {@linkcode FileMode} and a required
 * path under any of its aliases. Types only; `task_args.ts` maps module
 * names to them and says how they follow each module's `parseArgs`.
 *
 * @module
 */

/**
 * A file mode: an octal string (`"0644"`, `"644"`: a string is always octal,
 * as in Ansible) or a symbolic mode (`"u=rw,g=r,o="`, `"a+X"`). Not a number:
 * TypeScript cannot tell `0o644` from `644`, and decimal `644` is mode
 * `0o1204`, the pitfall Ansible's documentation warns about.
 *
 * @example
 * ```ts
 * import type { FileMode } from "./file_task_args.ts";
 * const mode: FileMode = "0640";
 * ```
 */
export type FileMode = string;

/**
 * Exactly one of the names `K` with a value of type `V`: a required parameter
 * and its aliases.
 *
 * @example
 * ```ts
 * import type { OneOf } from "./file_task_args.ts";
 * const byAlias: OneOf<"path" | "dest", string> = { dest: "/etc/motd" };
 * ```
 */
export type OneOf<K extends string, V> = {
  [P in K]: { [Q in P]: V } & { [Q in Exclude<K, P>]?: never };
}[K];

/**
 * `mode`, `owner` and `group`, shared by the modules that write files.
 *
 * @example
 * ```ts
 * import type { FileAttributes } from "./file_task_args.ts";
 * const attrs: FileAttributes = { mode: "0640", owner: "root", group: "adm" };
 * ```
 */
export type FileAttributes = {
  /** Permissions of the file (see {@linkcode FileMode}). */
  mode?: FileMode;
  /** Owner (a user name or id). */
  owner?: string;
  /** Group (a group name or id). */
  group?: string;
};

/**
 * `blockinfile`: a marked block of lines in a file.
 *
 * @example
 * ```ts
 * import type { BlockinfileTaskArgs } from "./file_task_args.ts";
 * const args: BlockinfileTaskArgs = { path: "/etc/motd", block: "Managed by tachyon", create: true };
 * ```
 */
export type BlockinfileTaskArgs =
  & OneOf<"path" | "dest" | "destfile", string>
  & FileAttributes
  & {
    /** `present` (default) or `absent`. */
    state?: "present" | "absent";
    /** The block's text. */
    block?: string;
    /** Alias of `block`. */
    content?: string;
    /** The marker line; `{mark}` becomes `marker_begin` or `marker_end`. */
    marker?: string;
    /** Default `BEGIN`. */
    marker_begin?: string;
    /** Default `END`. */
    marker_end?: string;
    /** `EOF` or a regular expression: insert after its last match. */
    insertafter?: string;
    /** `BOF` or a regular expression: insert before its last match. */
    insertbefore?: string;
    /** Create the file when missing. */
    create?: boolean;
    /** Keep a timestamped backup. */
    backup?: boolean;
  };

/**
 * `copy`: a file from the controller (`src`) or from `content`.
 *
 * @example
 * ```ts
 * import type { CopyTaskArgs } from "./file_task_args.ts";
 * const args: CopyTaskArgs = { dest: "/etc/app.conf", content: "port = 80\n", mode: "0644" };
 * ```
 */
export type CopyTaskArgs =
  & (
    | {
      /** A controller-side file (relative to the project dir). */
      src: string;
      /** Not with `src`. */
      content?: never;
    }
    | {
      /** The file's text; an object or a list is written as JSON. */
      content: string | Readonly<Record<string, unknown>> | readonly unknown[];
      /** Not with `content`. */
      src?: never;
    }
  )
  & FileAttributes
  & {
    /** Where to write on the host (a directory when it ends with `/`). */
    dest: string;
    /** Keep a timestamped backup. */
    backup?: boolean;
    /** Replace a file whose content differs (default true). */
    force?: boolean;
    /** Alias of `force`. */
    thirsty?: boolean;
  };

/**
 * `fetch`: copies a file from the host into the private data dir.
 *
 * @example
 * ```ts
 * import type { FetchTaskArgs } from "./file_task_args.ts";
 * const args: FetchTaskArgs = { src: "/etc/os-release", dest: "fetched" };
 * ```
 */
export type FetchTaskArgs = {
  /** The file on the host. */
  src: string;
  /** Where to put it, under the private data dir. */
  dest: string;
  /** Write to `dest` itself instead of `dest/<host>/<src>`. */
  flat?: boolean;
  /** Fail when `src` is missing (default true). */
  fail_on_missing?: boolean;
  /** Compare checksums after the copy (default true). */
  validate_checksum?: boolean;
};

/**
 * `file`: directories, links, empty files, modes and removal.
 *
 * @example
 * ```ts
 * import type { FileTaskArgs } from "./file_task_args.ts";
 * const args: FileTaskArgs = { path: "/srv/app", state: "directory", mode: "0755" };
 * ```
 */
export type FileTaskArgs =
  & OneOf<"path" | "dest", string>
  & FileAttributes
  & {
    /** What the path must be (default: leave its type as it is). */
    state?: "absent" | "directory" | "file" | "hard" | "link" | "touch";
    /** The link target (`state: "link"` or `"hard"`). */
    src?: string;
    /** Apply `mode`, `owner` and `group` to a directory's contents too. */
    recurse?: boolean;
    /** Replace what is in the way of a link. */
    force?: boolean;
    /** Follow symlinks (default true). */
    follow?: boolean;
  };

/**
 * `lineinfile`: one line of a file, present or absent.
 *
 * @example
 * ```ts
 * import type { LineinfileTaskArgs } from "./file_task_args.ts";
 * const args: LineinfileTaskArgs = { path: "/etc/app.env", regexp: "^LEVEL=", line: "LEVEL=info" };
 * ```
 */
export type LineinfileTaskArgs =
  & OneOf<"path" | "dest" | "destfile", string>
  & FileAttributes
  & {
    /** `present` (default) or `absent`. */
    state?: "present" | "absent";
    /** The line. */
    line?: string;
    /** Alias of `line`. */
    value?: string;
    /** A regular expression for the line to replace or remove. */
    regexp?: string;
    /** Alias of `regexp`. */
    regex?: string;
    /** A literal string for the line to replace or remove. */
    search_string?: string;
    /** `EOF` or a regular expression: insert after its last match. */
    insertafter?: string;
    /** `BOF` or a regular expression: insert before its last match. */
    insertbefore?: string;
    /** `line` may use `regexp`'s groups (`\1`). */
    backrefs?: boolean;
    /** Create the file when missing. */
    create?: boolean;
    /** Keep a timestamped backup. */
    backup?: boolean;
    /** `insertafter`/`insertbefore` use the first match, not the last. */
    firstmatch?: boolean;
  };

/**
 * `slurp`: reads a file of the host (base64).
 *
 * @example
 * ```ts
 * import type { SlurpTaskArgs } from "./file_task_args.ts";
 * const args: SlurpTaskArgs = { src: "/etc/hostname" };
 * ```
 */
export type SlurpTaskArgs = OneOf<"src" | "path", string>;

/**
 * `stat`: facts about a path.
 *
 * @example
 * ```ts
 * import type { StatTaskArgs } from "./file_task_args.ts";
 * const args: StatTaskArgs = { path: "/etc/passwd", checksum_algorithm: "sha256" };
 * ```
 */
export type StatTaskArgs = OneOf<"path" | "dest", string> & {
  /** Follow a symlink. */
  follow?: boolean;
  /** Include a checksum (default true). */
  get_checksum?: boolean;
  /** `sha1` (default), `md5` or `sha256`. */
  checksum_algorithm?: "sha1" | "md5" | "sha256";
  /** Alias of `checksum_algorithm`. */
  checksum?: "sha1" | "md5" | "sha256";
  /** Alias of `checksum_algorithm`. */
  checksum_algo?: "sha1" | "md5" | "sha256";
  /** Accepted (Ansible's removed option). */
  get_md5?: boolean;
  /** Accepted. */
  get_mime?: boolean;
  /** Alias of `get_mime`. */
  mime?: boolean;
  /** Alias of `get_mime`. */
  mime_type?: boolean;
  /** Alias of `get_mime`. */
  "mime-type"?: boolean;
  /** Accepted. */
  get_attributes?: boolean;
  /** Alias of `get_attributes`. */
  attr?: boolean;
  /** Alias of `get_attributes`. */
  attributes?: boolean;
};

/**
 * File modes as modules take them: an octal string (`"0644"`), a number
 * (the mode itself, `0o644`), or a symbolic mode (`u+x,g-w`, `a=rX`),
 * applied the way Ansible's `_symbolic_mode_to_octal` does.
 *
 * @module
 */
import { ModuleArgsError } from "./module.ts";

/** A parsed `mode` argument. */
export type ModeSpec =
  | { readonly kind: "octal"; readonly value: number }
  | { readonly kind: "symbolic"; readonly text: string };

const PERM_BITS = 0o7777;

/**
 * Parses a `mode` argument; throws {@linkcode ModuleArgsError} for anything
 * that is neither octal nor symbolic.
 *
 * @example
 * ```ts
 * parseMode("copy", "0640"); // { kind: "octal", value: 0o640 }
 * parseMode("file", "u+x"); // { kind: "symbolic", text: "u+x" }
 * ```
 */
export function parseMode(module: string, value: unknown): ModeSpec | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") {
    if (!Number.isInteger(value) || value < 0 || value > PERM_BITS) {
      throw new ModuleArgsError(module, `mode must be in octal or symbolic form: ${value}`);
    }
    return { kind: "octal", value };
  }
  const text = String(value).trim();
  if (/^[0-7]+$/.test(text)) {
    const n = parseInt(text, 8);
    if (n > PERM_BITS) {
      throw new ModuleArgsError(module, `mode must be in octal or symbolic form: ${text}`);
    }
    return { kind: "octal", value: n };
  }
  for (const clause of text.split(",")) {
    if (!/^[ugoa]*([-+=][rwxXstugo]*)+$/.test(clause)) {
      throw new ModuleArgsError(
        module,
        `mode must be in octal or symbolic form: bad symbolic permission for mode: ${clause}`,
      );
    }
  }
  return { kind: "symbolic", text };
}

/**
 * The permission bits `spec` gives a file whose bits are now `current`
 * (`isDir` for `X`; `umask` for clauses without `u`/`g`/`o`/`a`).
 *
 * @example
 * ```ts
 * applyMode({ kind: "symbolic", text: "u+x" }, 0o644, false, 0o022); // 0o744
 * ```
 */
export function applyMode(spec: ModeSpec, current: number, isDir: boolean, umask: number): number {
  if (spec.kind === "octal") return spec.value;
  let mode = current & PERM_BITS;
  for (const clause of spec.text.split(",")) {
    const who = /^[ugoa]*/.exec(clause)![0];
    const useUmask = who === "";
    const users = who === "" || who.includes("a") ? "ugo" : who;
    const parts = clause.slice(who.length).match(/[-+=][rwxXstugo]*/g) ?? [];
    for (const part of parts) {
      const op = part[0];
      const perms = part.slice(1);
      for (const user of users) {
        const bits = permBits(user, perms, mode, isDir, useUmask, umask);
        mode = applyOperation(user, op, bits, mode);
      }
    }
  }
  return mode;
}

function permBits(
  user: string,
  perms: string,
  prev: number,
  isDir: boolean,
  useUmask: boolean,
  umask: number,
): number {
  const rev = useUmask ? (umask ^ PERM_BITS) : PERM_BITS;
  const applyX = isDir || (prev & 0o111) > 0;
  const shift = user === "u" ? 6 : user === "g" ? 3 : 0;
  const copy = (from: string): number => {
    const fromShift = from === "u" ? 6 : from === "g" ? 3 : 0;
    return ((prev >> fromShift) & 0o7) << shift;
  };
  let bits = 0;
  for (const p of perms) {
    switch (p) {
      case "r":
        bits |= rev & (0o4 << shift);
        break;
      case "w":
        bits |= rev & (0o2 << shift);
        break;
      case "x":
        bits |= rev & (0o1 << shift);
        break;
      case "X":
        if (applyX) bits |= 0o1 << shift;
        break;
      case "s":
        if (user === "u") bits |= 0o4000;
        if (user === "g") bits |= 0o2000;
        break;
      case "t":
        if (user === "o") bits |= 0o1000;
        break;
      default:
        bits |= copy(p);
    }
  }
  return bits;
}

function applyOperation(user: string, op: string, bits: number, mode: number): number {
  if (op === "+") return mode | bits;
  if (op === "-") return mode & ~bits & PERM_BITS;
  const mask = user === "u" ? 0o4700 : user === "g" ? 0o2070 : 0o1007;
  return (mode & (mask ^ PERM_BITS)) | bits;
}

/**
 * Formats permission bits like Ansible results (`'0%03o'`): `"0644"`, `"04755"`.
 *
 * @example
 * ```ts
 * formatMode(0o644); // "0644"
 * ```
 */
export function formatMode(mode: number): string {
  return "0" + (mode & PERM_BITS).toString(8).padStart(3, "0");
}

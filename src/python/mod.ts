/**
 * What must behave exactly like CPython (3.11, the Python of Ansible 2.14
 * and ansible-runner 2.3), in one place: `repr`/`str`, float and number
 * text, `json.dumps`, `shlex`, `fnmatch`, `glob`, `re` patterns,
 * `ast.literal_eval`, `int()`, truthiness and iteration, string methods
 * (`strip`, `expandtabs`, `len`, `ljust`, `splitlines`, ordering), `textwrap.wrap` and
 * glibc's `wcwidth` (what Python's `ctypes` call returns). Every piece is
 * tested against `/usr/bin/python3` in `tests/python/`.
 *
 * The values are JSON-like: plain objects and `Map`s are dicts, arrays are
 * lists, and a number is an int when it is integral.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyRepr, pythonJsonDumps, shlexSplit, textWrap } from "./mod.ts";
 * assert.equal(pyRepr({ a: [1, 0.5, true, null] }), "{'a': [1, 0.5, True, None]}");
 * assert.equal(pythonJsonDumps({ a: "\u00e9" }), '{"a": "\\u00e9"}');
 * assert.deepEqual(shlexSplit(`-e "a=1 b=2"`), ["-e", "a=1 b=2"]);
 * assert.deepEqual(textWrap("the quick brown fox", 10), ["the quick", "brown fox"]);
 * ```
 *
 * @module
 */

export { codePointCompare } from "./code_point_compare.ts";
export { type Dict, isDict } from "./dict.ts";
export { PythonValueError } from "./errors.ts";
export { expandTabs } from "./expandtabs.ts";
export { jsonFloat, jsonNumber, pyFloatRepr, pyNumberRepr } from "./float_repr.ts";
export { fnmatchCase, fnmatchRegExp, fnmatchSource } from "./fnmatch.ts";
export { glob, hasMagic } from "./glob.ts";
export { pyInt } from "./int.ts";
export { pyIter } from "./iter.ts";
export { JsonTooLongError, pythonJsonDumps, type PythonJsonOptions } from "./json_dumps.ts";
export { pyLen } from "./len.ts";
export { pyLjust } from "./ljust.ts";
export { literalEval } from "./literal_eval.ts";
export {
  pythonGlobalRegExp,
  pythonMatch,
  PythonReError,
  type PythonReFlags,
  pythonRegExp,
} from "./re.ts";
export { parseTemplate, pythonSubn, type TemplatePart } from "./re_sub.ts";
export { pyRepr, pyStringRepr, type ReprOptions } from "./repr.ts";
export { pyBytesSplitlines, pySplitlines } from "./splitlines.ts";
export { ShlexError, shlexQuote, shlexSplit } from "./shlex.ts";
export { pyStr } from "./str.ts";
export { PY_WHITESPACE, pyStrip } from "./strip.ts";
export { textWrap } from "./textwrap.ts";
export { pyTruthy } from "./truthy.ts";
export { pyClass, pyTypeName } from "./type_name.ts";
export { wcwidth } from "./wcwidth.ts";

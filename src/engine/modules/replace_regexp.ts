/**
 * Python `re` as `replace` uses it: patterns compiled with `MULTILINE`
 * (sections with `DOTALL`) and `re.subn`'s replacement templates. Both live
 * in `src/python/` (`re.ts`, `re_sub.ts`), where every other Python regex
 * user finds them too; this module names what `replace` takes from there.
 *
 * @module
 */
export { pythonGlobalRegExp, PythonReError, type PythonReFlags } from "../../python/re.ts";
export { parseTemplate, pythonSubn, type TemplatePart } from "../../python/re_sub.ts";

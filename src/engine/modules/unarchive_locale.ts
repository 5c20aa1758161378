/**
 * Ansible's `get_best_parsable_locale` on the target, as a sh function: the
 * first of `C.utf8`, `C.UTF-8`, `en_US.utf8`, `en_US.UTF-8`, `C`, `POSIX`
 * that `locale -a` lists, else `C`. `unarchive` runs `tar` and `git` runs
 * every command under it, as Ansible does, so their messages (quotes
 * included) read the same.
 *
 * @module
 */

/**
 * The sh function `_uloc`: leaves the locale's name in `$_ul`.
 *
 * @example
 * ```ts
 * import { PARSABLE_LOCALE_SH } from "./unarchive_locale.ts";
 * const script = `${PARSABLE_LOCALE_SH}_uloc; LC_ALL=$_ul tar --version\n`;
 * ```
 */
export const PARSABLE_LOCALE_SH: string = `
_uloc() {
  _ul=C
  _ula=$(locale -a 2>/dev/null) || return 0
  for _ulp in C.utf8 C.UTF-8 en_US.utf8 en_US.UTF-8 C POSIX; do
    case "
$_ula
" in *"
$_ulp
"*) _ul=$_ulp; return 0;; esac
  done
}
`;

/**
 * Test support for `git` on lab twins: repositories made inside each host by
 * the same script with fixed authors and dates, so both hosts hold the very
 * same commits (same shas) and every result can be compared whole.
 *
 * `/srv/repo.git` (bare): `main` (commits `one`, `two`), `dev` (`dev` on
 * `two`), the lightweight tag `v1` and the annotated tag `r1` (both on
 * `one`). `/srv/lib.git`: one commit, the submodule `lib` of
 * `/srv/super.git`. `/srv/mirror.git`: a mirror of the repository, another
 * URL for the same commits. The `file` transport is allowed for submodules
 * (git ≥ 2.38 refuses it by default) in `/etc/gitconfig`.
 *
 * @module
 */

/** Commits with fixed names and dates: `commit MESSAGE FILE TEXT DAY` in the current repo. */
const COMMIT_SH = `
export GIT_AUTHOR_NAME=Lab GIT_AUTHOR_EMAIL=lab@example.org
export GIT_COMMITTER_NAME=Lab GIT_COMMITTER_EMAIL=lab@example.org HOME=/root
commit() {
  printf '%s\\n' "$3" >> "$2"; git add "$2"
  GIT_AUTHOR_DATE="2024-01-$4T00:00:00Z" GIT_COMMITTER_DATE="2024-01-$4T00:00:00Z" git commit -q -m "$1"
}
`;

/**
 * The setup script (run as root on both hosts): the repositories above;
 * prints each commit's sha and subject.
 *
 * @example
 * ```ts
 * const [theirs, ours] = await twins.shell(GIT_SETUP);
 * ```
 */
export const GIT_SETUP: string = `set -e
${COMMIT_SH}
git config --system protocol.file.allow always
git init -q --bare -b main /srv/repo.git
rm -rf /tmp/seed && git init -q -b main /tmp/seed && cd /tmp/seed
commit one README one 01
git tag v1
GIT_COMMITTER_DATE=2024-01-01T00:00:00Z git tag -a -m 'release 1' r1
commit two README two 02
git checkout -q -b dev
commit dev DEV dev 03
git checkout -q main
git remote add origin /srv/repo.git
git push -q origin main dev --tags
git clone -q --mirror /srv/repo.git /srv/mirror.git
git init -q --bare -b main /srv/lib.git
rm -rf /tmp/lib && git init -q -b main /tmp/lib && cd /tmp/lib
commit lib LIB lib 04
git remote add origin /srv/lib.git && git push -q origin main
git init -q --bare -b main /srv/super.git
rm -rf /tmp/super && git init -q -b main /tmp/super && cd /tmp/super
commit super SUPER super 05
git submodule -q add file:///srv/lib.git lib
GIT_AUTHOR_DATE=2024-01-06T00:00:00Z GIT_COMMITTER_DATE=2024-01-06T00:00:00Z git commit -q -m sub
git remote add origin /srv/super.git && git push -q origin main
for r in repo lib super; do git -C /srv/$r.git log --format="$r %H %s" main; done
`;

/**
 * Pushes one more commit (`three`, on the 7th) to `/srv/repo.git`'s `main`.
 *
 * @example
 * ```ts
 * await twins.shell(PUSH_THREE);
 * ```
 */
export const PUSH_THREE: string = `set -e
${COMMIT_SH}
cd /tmp/seed && commit three README three 07 && git push -q origin main
`;

/**
 * Pushes a commit to `/srv/lib.git` (the submodule moves on upstream).
 *
 * @example
 * ```ts
 * await twins.shell(PUSH_LIB);
 * ```
 */
export const PUSH_LIB: string = `set -e
${COMMIT_SH}
cd /tmp/lib && commit lib2 LIB lib2 08 && git push -q origin main
`;

/**
 * The state of working copies and bare repositories: refs, HEAD, status,
 * each tracked file's mode, the remote URLs, submodules.
 *
 * @example
 * ```ts
 * await state(repoState("/srv/w1 /srv/w2"));
 * ```
 */
export function repoState(dirs: string): string {
  return `for d in ${dirs}; do
  echo "== $d"; [ -e "$d" ] || { echo absent; continue; }
  git -C "$d" show-ref --head 2>&1 | sort
  git -C "$d" symbolic-ref -q HEAD || echo detached
  git -C "$d" config --get-regexp '^remote\\.' | sort
  git -C "$d" status --porcelain 2>/dev/null
  git -C "$d" submodule status 2>/dev/null || :
  find "$d" -path "$d/.git" -prune -o -type f -printf '%P %m\\n' 2>/dev/null | grep -v '^\\(objects\\|refs\\|logs\\|hooks\\|info\\)/' | sort
done`;
}

#!/usr/bin/env bash
# Installs what tachyon's demo and tests need on a fresh Debian machine with
# Node.js: Deno (pinned, from npm) and the real ansible-runner peers (Debian).
# Idempotent; prints what it does on stderr only.
set -euo pipefail

DENO_VERSION=2.9.6
log() { printf 'setup: %s\n' "$*" >&2; }

if ! command -v deno >/dev/null 2>&1 || [ "$(deno --version 2>/dev/null | head -n1 | cut -d' ' -f2)" != "$DENO_VERSION" ]; then
  log "installing deno@$DENO_VERSION from npm"
  npm install -g --allow-scripts=deno "deno@$DENO_VERSION" >&2 2>/dev/null \
    || npm install -g "deno@$DENO_VERSION" >&2
fi

need=()
[ -x /usr/bin/ansible-runner ] || need+=(python3-ansible-runner)
[ -x /usr/bin/ansible-playbook ] || need+=(ansible-core)
# Debian's collections (community.general, ansible.posix, …): the Ansible-path tests run a
# collection's module the way an EE's ordinary playbooks do.
[ -d /usr/lib/python3/dist-packages/ansible_collections/community/general ] || need+=(ansible)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
[ -x /usr/bin/ssh ] || need+=(openssh-client)
/usr/bin/python3 -c 'import ansible_mitogen' 2>/dev/null || need+=(ansible-mitogen)
[ -x /usr/bin/podman ] || need+=(podman)
# Lab hosts (tests/_support/lab/): a debootstrapped Debian root filesystem, started
# in namespaces (unshare, nsenter: util-linux) on a bridge (ip: iproute2); sshpass for
# password logins in their tests.
[ -x /usr/sbin/debootstrap ] || need+=(debootstrap)
[ -x /usr/sbin/ip ] || need+=(iproute2)
[ -x /usr/bin/unshare ] && [ -x /usr/bin/nsenter ] || need+=(util-linux)
[ -x /usr/bin/sshpass ] || need+=(sshpass)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    log "missing Debian packages (${need[*]}) and not root: install them first"
    exit 1
  fi
  log "installing Debian packages: ${need[*]}"
  apt-get update >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}" >&2
fi

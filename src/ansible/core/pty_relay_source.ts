/**
 * The Python source of tachyon's terminal relay: Deno has no pseudo-terminal,
 * and ansible-runner runs Ansible on one (pexpect: 24x80, no echo, SIGHUP
 * ignored), which gives it colours, `\r\n` line ends, 79-column banners and
 * prompts read from `/dev/tty`. Python is there wherever ansible-core is.
 * The relay starts its own session and process group (so killing the group
 * kills the whole job), runs the command on a new terminal, copies the
 * terminal's output to stdout and stdin to the terminal (answers to
 * prompts), kills the job when stdin ends (the worker is gone), and ends
 * stderr with how the command ended: `exit N`, `signal N` or `notfound`.
 *
 * @module
 */

/**
 * The relay's Python source (`python3 relay.py PROGRAM ARGS…`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PTY_RELAY_SOURCE } from "./pty_relay_source.ts";
 *
 * assert.match(PTY_RELAY_SOURCE, /os\.openpty\(\)/);
 * ```
 */
export const PTY_RELAY_SOURCE: string = String.raw`
# tachyon's terminal for Ansible: runs argv[1:] on a new pseudo-terminal
# (24x80, no echo, SIGHUP ignored: what ansible-runner's pexpect gives it),
# in this process's own session and process group, so that killing the group
# kills the whole job. What the terminal shows goes to stdout; stdin goes to
# the terminal (answers to prompts); stdin's end means tachyon is gone, and
# the job is killed. The last line on stderr says how the command ended:
# "exit N", "signal N" or "notfound".
import errno
import fcntl
import os
import select
import shutil
import signal
import struct
import sys
import termios
import time

DRAIN_QUIET = 0.25
DRAIN_MOST = 2.0


def write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]


def read_terminal(master):
    """The terminal's next output; empty once no process holds it."""
    try:
        return os.read(master, 65536)
    except OSError as error:
        if error.errno != errno.EIO:
            raise
        return b''


# The command's own process group, when it could not join this one.
job_group = None


def kill_job():
    for group in (job_group, 0):
        if group is not None:
            try:
                os.killpg(group, signal.SIGKILL)
            except OSError:
                pass
    os._exit(137)


def terminal():
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))
    attributes = termios.tcgetattr(slave)
    attributes[3] &= ~termios.ECHO
    termios.tcsetattr(slave, termios.TCSANOW, attributes)
    return master, slave


def start(program, argv, master, slave, own_session):
    """Forks the command onto the terminal; returns its pid, or None when it
    could not be executed."""
    report_read, report_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            if not own_session:
                os.setsid()
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            os.close(master)
            for fd in (0, 1, 2):
                os.dup2(slave, fd)
            if slave > 2:
                os.close(slave)
            signal.signal(signal.SIGHUP, signal.SIG_IGN)
            for number in (signal.SIGCHLD, signal.SIGTERM, signal.SIGPIPE):
                signal.signal(number, signal.SIG_DFL)
            os.execv(program, argv)
        except BaseException as error:
            os.write(report_write, str(getattr(error, 'errno', 0) or 1).encode())
        os._exit(127)
    os.close(report_write)
    failed = os.read(report_read, 64)
    os.close(report_read)
    if failed:
        os.waitpid(pid, 0)
        return None
    return pid


def lead_session():
    """Makes this process a session leader (Deno may have made it one);
    False when it cannot be."""
    if os.getsid(0) == os.getpid():
        return True
    try:
        os.setsid()
        return True
    except OSError:
        return False


def main():
    argv = sys.argv[1:]
    program = shutil.which(argv[0], path=os.environ.get('PATH', os.defpath))
    if program is None:
        sys.stderr.write('notfound\n')
        return 127
    own_session = lead_session()
    signal.signal(signal.SIGTERM, lambda *_: kill_job())
    master, slave = terminal()
    if own_session:
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    pid = start(program, argv, master, slave, own_session)
    os.close(slave)
    if pid is None:
        sys.stderr.write('notfound\n')
        return 127
    if not own_session:
        global job_group
        job_group = pid

    status = None
    terminal_open = True
    deadline = None
    while terminal_open:
        if status is None:
            done, code = os.waitpid(pid, os.WNOHANG)
            if done:
                status = code
                deadline = time.monotonic() + DRAIN_MOST
        timeout = None
        if deadline is not None:
            timeout = min(DRAIN_QUIET, deadline - time.monotonic())
            if timeout <= 0:
                break
        watched = [master, wake_read] + ([0] if status is None else [])
        ready = select.select(watched, [], [], timeout)[0]
        if not ready:
            if deadline is not None:
                break
            continue
        if wake_read in ready:
            os.read(wake_read, 512)
        if master in ready:
            data = read_terminal(master)
            if not data:
                terminal_open = False
            else:
                try:
                    write_all(1, data)
                except OSError:
                    kill_job()
        if 0 in ready:
            data = os.read(0, 4096)
            if not data:
                kill_job()
            write_all(master, data)
    if status is None:
        status = os.waitpid(pid, 0)[1]
    if os.WIFSIGNALED(status):
        sys.stderr.write('signal %d\n' % os.WTERMSIG(status))
        return 128 + os.WTERMSIG(status)
    code = os.WEXITSTATUS(status)
    sys.stderr.write('exit %d\n' % code)
    return code


if __name__ == '__main__':
    sys.exit(main())
`;

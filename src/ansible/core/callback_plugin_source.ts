/**
 * The Python source of tachyon's Ansible stdout callback, `tachyon_display`,
 * used when the image has ansible-core but not the ansible_runner package.
 * It extends the stdout callback the job would have used (`default`,
 * `minimal` for ad hoc commands, or the one named by
 * `ANSIBLE_STDOUT_CALLBACK`, passed on as `ORIGINAL_STDOUT_CALLBACK`) and
 * keeps its output. Around what each callback method displays, and around
 * each display outside one (warnings, deprecations, `-v` lines), it writes
 * a begin frame carrying the event's header and an end frame
 * (`frames.ts`). The header has ansible-runner's event names, `event_data`
 * keys and their order, `parent_uuid` nesting, no_log censoring,
 * `RUNNER_OMIT_EVENTS`, `RUNNER_ONLY_FAILED_EVENTS` and `MAX_EVENT_RES`.
 * Written for tachyon (it is not ansible-runner's `awx_display`).
 *
 * @module
 */

/**
 * The plugin's Python source, with `__TACHYON_FRAME_TAG__` where the job's frame tag goes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CALLBACK_PLUGIN_SOURCE } from "./callback_plugin_source.ts";
 *
 * assert.match(CALLBACK_PLUGIN_SOURCE, /class CallbackModule/);
 * ```
 */
export const CALLBACK_PLUGIN_SOURCE: string = String.raw`
# tachyon_display: the stdout callback tachyon runs Ansible with when the
# image has ansible-core but not the ansible_runner package. It keeps the
# output of the stdout callback it extends (default, minimal for ad hoc, or
# the one the job asked for), and frames it on the terminal: each callback
# event, and each display outside one, is preceded by a begin frame carrying
# the event's header (name, uuids, event_data) and followed by an end frame.
# tachyon reads the terminal, cuts it at the frames and numbers the events.
from __future__ import annotations

DOCUMENTATION = '''
    name: tachyon_display
    type: stdout
    short_description: ansible-runner events for tachyon
    description:
      - Frames what the extended stdout callback displays as ansible-runner events.
    extends_documentation_fragment:
      - default_callback
'''

import base64
import collections
import datetime
import functools
import inspect
import json
import os
import sys
import threading
import types
import uuid
from collections.abc import Mapping

from ansible import constants as C
from ansible.plugins.loader import callback_loader
from ansible.utils.display import Display

FRAME_TAG = '__TACHYON_FRAME_TAG__'
BEGIN = '\x1e' + FRAME_TAG + ':B:'
END = '\x1e' + FRAME_TAG + ':E\x1e'

ADHOC = bool(os.environ.get('AD_HOC_COMMAND_ID'))
EXTENDED = os.environ.get('ORIGINAL_STDOUT_CALLBACK') or ('minimal' if ADHOC else 'default')
ExtendedCallback = callback_loader.get(EXTENDED).__class__

HIDDEN = "the output has been hidden due to the fact that 'no_log: true' was specified for this result"
DISPLAY_FLAGS = ('debug', 'verbose', 'deprecated', 'warning', 'system_warning', 'error')
FAILED_EVENTS = ('runner_on_failed', 'runner_on_async_failed', 'runner_on_item_failed')
REFERENCES = (('JOB_ID', 'job_id'), ('AD_HOC_COMMAND_ID', 'ad_hoc_command_id'),
              ('PROJECT_UPDATE_ID', 'project_update_id'))
PARENTS = ('task_uuid', 'play_uuid', 'playbook_uuid')


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc)


def plain(value):
    """What json.dumps cannot write, as ansible-runner's events show it."""
    if getattr(value, 'yaml_tag', None) == '!vault':
        text = value._ciphertext
        return {'__ansible_vault': text.decode('utf-8') if isinstance(text, bytes) else text}
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, bytes):
        return value.decode('utf-8', 'replace')
    return str(value)


def env_true(name):
    return os.environ.get(name, 'False').lower() == 'true'


def as_int(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


class Scope:
    """The context of the run: shared parts (playbook, play, task, set by the
    callback as the run goes) and, per thread, what the current event and the
    display methods on the stack add. A key set twice keeps its first place."""

    def __init__(self):
        self.lock = threading.RLock()
        self.playbook = {}
        self.play = {}
        self.task = {}
        self._threads = threading.local()

    def reset_lock(self):
        self.lock = threading.RLock()

    def own(self):
        stack = getattr(self._threads, 'keys', None)
        if stack is None:
            stack = self._threads.keys = {}
        return stack

    def push(self, values):
        """Adds 'values' to this thread's context; returns what to pop."""
        own = self.own()
        own.update(values)
        return list(values)

    def pop(self, keys):
        own = self.own()
        for key in keys:
            own.pop(key, None)

    def merged(self):
        data = {}
        data.update(self.playbook)
        data.update(self.play)
        data.update(self.task)
        data.update(self.own())
        return data

    def header(self):
        """The event's header: what ansible-runner takes from its callback."""
        data = self.merged()
        event = data.pop('event', None)
        if not event:
            event = next((flag for flag in DISPLAY_FLAGS if data.get(flag)), 'verbose')
        head = {'event': event}
        for variable, field in REFERENCES:
            number = as_int(os.environ.get(variable))
            if number is not None:
                head[field] = number
        head['pid'] = data.get('pid', os.getpid())
        head['uuid'] = data.get('uuid', str(uuid.uuid4()))
        head['created'] = data.get('created', utc_now().isoformat())
        parent = data.get('parent_uuid') or next(
            (data[k] for k in PARENTS if data.get(k) and data.get(k) != data.get('uuid')), None)
        if parent:
            head['parent_uuid'] = parent
        if 'verbosity' in data:
            head['verbosity'] = data.pop('verbosity')
        keep = not env_true('RUNNER_OMIT_EVENTS') and (
            not env_true('RUNNER_ONLY_FAILED_EVENTS') or event in FAILED_EVENTS)
        if not keep:
            data = {}
        elif event != 'playbook_on_stats' and 'res' in data:
            limit = as_int(os.environ.get('MAX_EVENT_RES'))
            if len(str(data['res'])) > (700000 if limit is None else limit):
                data['res'] = {}
        head['event_data'] = data
        return head


scope = Scope()
# A fork taken while another thread holds the lock must not inherit it held.
os.register_at_fork(after_in_child=scope.reset_lock)


def flush_all():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def write_frame(stream, text):
    flush_all()
    stream.write(text)
    stream.flush()


def header_json():
    header = scope.header()
    try:
        return json.dumps(header, default=plain)
    except (TypeError, ValueError):
        header['event_data'] = {}
        return json.dumps(header, default=plain)


def begin_frame(stream):
    header = header_json()
    write_frame(stream, BEGIN + base64.b64encode(header.encode('utf-8')).decode('ascii') + '\x1e')


def end_frame(stream):
    write_frame(stream, END)


def flagged(name, method):
    """A Display method that marks what it displays with 'name'."""
    @functools.wraps(method)
    def marked(*args, **kwargs):
        keys = scope.push({name: True})
        try:
            return method(*args, **kwargs)
        finally:
            scope.pop(keys)
    return marked


def verbose_marked(method):
    signature = inspect.signature(method)

    @functools.wraps(method)
    def marked(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        values = {'verbose': True, 'verbosity': bound.arguments.get('caplevel', 2) + 1}
        if bound.arguments.get('host') is not None:
            values['remote_addr'] = bound.arguments['host']
        keys = scope.push(values)
        try:
            return method(*args, **kwargs)
        finally:
            scope.pop(keys)
    return marked


def framed_display(method):
    """Display.display: outside a callback event, one event of its own."""
    signature = inspect.signature(method)

    @functools.wraps(method)
    def display(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        # In a forked worker the text goes to the main process, which displays
        # it as a display of its own; the worker still frames its (empty) part,
        # with the method's mark ('warning'...), as ansible-runner's callback does.
        if bound.arguments.get('log_only') or scope.own().get('uuid'):
            return method(*args, **kwargs)
        stream = sys.stderr if bound.arguments.get('stderr') else sys.stdout
        with scope.lock:
            keys = scope.push({'uuid': str(uuid.uuid4())})
            try:
                begin_frame(stream)
                return method(*args, **kwargs)
            finally:
                end_frame(stream)
                scope.pop(keys)
    return display


def mark_display_methods():
    quiet = ('display', 'verbose', 'v', 'vv', 'vvv', 'vvvv', 'vvvvv', 'vvvvvv')
    for name in dir(Display):
        if name.startswith('_') or 'cow' in name or 'prompt' in name or name in quiet:
            continue
        method = inspect.getattr_static(Display, name)
        if isinstance(method, types.FunctionType):
            setattr(Display, name, flagged(name, method))
    Display.verbose = verbose_marked(Display.verbose)
    Display.display = framed_display(Display.display)


mark_display_methods()


def hidden_results(res):
    """'res' as events show it: no_log results (and loop items) censored."""
    if not isinstance(res, Mapping) or not res:
        return res
    if res.get('_ansible_no_log', False):
        return {'censored': HIDDEN}
    items = res.get('results')
    if isinstance(items, list) and items:
        res['results'] = [
            {'censored': HIDDEN} if isinstance(item, Mapping) and item.get('_ansible_no_log', False)
            else item
            for item in items
        ]
    return res


def play_pattern(play):
    hosts = getattr(play, 'hosts', '')
    return ','.join(hosts) if isinstance(hosts, list) else hosts


def loop_kind(task):
    for name in ('loop_with', 'loop'):
        if hasattr(task, name):
            return getattr(task, name)
    return None


class CallbackModule(ExtendedCallback):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'stdout'
    CALLBACK_NAME = 'tachyon_display'

    # events whose 'task' argument is event data, not the task context
    WITHOUT_TASK = ('playbook_on_start', 'playbook_on_stats', 'playbook_on_setup',
                    'playbook_on_notify', 'playbook_on_import_for_host',
                    'playbook_on_not_import_for_host', 'playbook_on_no_hosts_matched',
                    'playbook_on_no_hosts_remaining')

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._started = {}
        self._seen = collections.Counter()

    def _event(self, name, data, show):
        """Runs 'show' (the extended callback's display) inside event 'name'."""
        data.setdefault('uuid', str(uuid.uuid4()))
        task = data.pop('task', None) if name not in self.WITHOUT_TASK else None
        if 'res' in data:
            data['res'] = hidden_results(data['res'])
        with scope.lock:
            keys = scope.push(dict(event=name, **data))
            if task is not None:
                keys += scope.push(self._task_context(task))
            try:
                begin_frame(sys.stdout)
                show()
            finally:
                end_frame(sys.stdout)
                scope.pop(keys)

    def _unique(self, identifier):
        """A uuid seen again (free strategy, serial) gets a '_N' suffix."""
        self._seen[identifier] += 1
        count = self._seen[identifier]
        return identifier if count == 1 else '%s_%d' % (identifier, count)

    @staticmethod
    def _task_context(task):
        context = {
            'task': task.name or task.action,
            'task_uuid': str(task._uuid),
            'task_action': task.action,
            'resolved_action': getattr(task, 'resolved_action', task.action),
            'task_args': '',
        }
        try:
            context['task_path'] = task.get_path()
        except AttributeError:
            pass
        if C.DISPLAY_ARGS_TO_STDOUT:
            context['task_args'] = HIDDEN if task.no_log else ', '.join(
                '%s=%s' % pair for pair in task.args.items())
        role = getattr(task, '_role', None)
        if role:
            role_name = role._role_name
            if hasattr(role, 'get_name') and role.get_name() != role_name:
                context['resolved_role'] = role.get_name()
        else:
            role_name = getattr(task, 'role_name', '')
        if role_name:
            context['role'] = role_name
        return context

    def _timing(self, result):
        started = self._started.get(result._host.get_name())
        if not started:
            return None, None, None
        ended = utc_now()
        return started.isoformat(), ended.isoformat(), (ended - started).total_seconds()

    def _host_result(self, result, **extra):
        start, end, duration = self._timing(result)
        data = {'host': result._host.get_name(), 'remote_addr': result._host.address}
        data.update(extra)
        data.update(start=start, end=end, duration=duration)
        return data

    # playbook, play and task starts

    def v2_playbook_on_start(self, playbook):
        playbook_uuid = str(uuid.uuid4())
        scope.playbook = {'playbook': getattr(playbook, '_file_name', '???'),
                          'playbook_uuid': playbook_uuid}
        scope.play, scope.task = {}, {}
        self._event('playbook_on_start', {'uuid': playbook_uuid},
                    lambda: super(CallbackModule, self).v2_playbook_on_start(playbook))

    def v2_playbook_on_play_start(self, play):
        if ADHOC:
            return
        play_uuid = self._unique(str(play._uuid))
        play._uuid = play_uuid
        pattern = play_pattern(play)
        name = play.get_name().strip() or pattern
        scope.play = {'play': name, 'play_uuid': play_uuid, 'play_pattern': pattern}
        scope.task = {}
        self._event('playbook_on_play_start', {'name': name, 'pattern': pattern, 'uuid': play_uuid},
                    lambda: super(CallbackModule, self).v2_playbook_on_play_start(play))

    def v2_playbook_on_task_start(self, task, is_conditional):
        scope.task = self._task_context(task)
        if ADHOC:
            return
        data = {'task': task, 'name': task.get_name(), 'is_conditional': is_conditional,
                'uuid': self._unique(str(task._uuid))}
        self._event('playbook_on_task_start', data,
                    lambda: super(CallbackModule, self).v2_playbook_on_task_start(task, is_conditional))

    def _conditional_task_start(self, task, show):
        scope.task = self._task_context(task)
        data = {'task': task, 'name': task.get_name(), 'uuid': str(task._uuid), 'is_conditional': True}
        self._event('playbook_on_task_start', data, show)

    def v2_playbook_on_handler_task_start(self, task):
        self._conditional_task_start(
            task, lambda: super(CallbackModule, self).v2_playbook_on_handler_task_start(task))

    def v2_playbook_on_cleanup_task_start(self, task):
        self._conditional_task_start(
            task, lambda: super(CallbackModule, self).v2_playbook_on_cleanup_task_start(task))

    # playbook notices

    def v2_playbook_on_vars_prompt(self, varname, private=True, prompt=None, encrypt=None,
                                   confirm=False, salt_size=None, salt=None, default=None,
                                   unsafe=None):
        data = {'varname': varname, 'private': private, 'prompt': prompt, 'encrypt': encrypt,
                'confirm': confirm, 'salt_size': salt_size, 'salt': salt, 'default': default,
                'unsafe': unsafe}
        self._event('playbook_on_vars_prompt', data,
                    lambda: super(CallbackModule, self).v2_playbook_on_vars_prompt(
                        varname, private, prompt, encrypt, confirm, salt_size, salt, default))

    def v2_playbook_on_include(self, included_file):
        data = {'included_file': getattr(included_file, '_filename', None)}
        self._event('playbook_on_include', data,
                    lambda: super(CallbackModule, self).v2_playbook_on_include(included_file))

    def v2_playbook_on_import_for_host(self, result, imported_file):
        self._event('playbook_on_import_for_host', {},
                    lambda: super(CallbackModule, self).v2_playbook_on_import_for_host(
                        result, imported_file))

    def v2_playbook_on_not_import_for_host(self, result, missing_file):
        self._event('playbook_on_not_import_for_host', {},
                    lambda: super(CallbackModule, self).v2_playbook_on_not_import_for_host(
                        result, missing_file))

    def v2_playbook_on_setup(self):
        self._event('playbook_on_setup', {},
                    lambda: super(CallbackModule, self).v2_playbook_on_setup())

    def v2_playbook_on_no_hosts_matched(self):
        self._event('playbook_on_no_hosts_matched', {},
                    lambda: super(CallbackModule, self).v2_playbook_on_no_hosts_matched())

    def v2_playbook_on_no_hosts_remaining(self):
        self._event('playbook_on_no_hosts_remaining', {},
                    lambda: super(CallbackModule, self).v2_playbook_on_no_hosts_remaining())

    def v2_playbook_on_notify(self, handler, host):
        data = {'host': host.get_name(), 'handler': handler.get_name()}
        self._event('playbook_on_notify', data,
                    lambda: super(CallbackModule, self).v2_playbook_on_notify(handler, host))

    def v2_playbook_on_stats(self, stats):
        scope.play, scope.task = {}, {}
        custom = getattr(stats, 'custom', None) or {}
        data = {'changed': stats.changed, 'dark': stats.dark, 'failures': stats.failures,
                'ignored': getattr(stats, 'ignored', 0), 'ok': stats.ok,
                'processed': stats.processed, 'rescued': getattr(stats, 'rescued', 0),
                'skipped': stats.skipped, 'artifact_data': custom.get('_run', {})}
        self._event('playbook_on_stats', data,
                    lambda: super(CallbackModule, self).v2_playbook_on_stats(stats))

    # host results

    def v2_runner_on_start(self, host, task):
        self._started[host.get_name()] = utc_now()
        self._event('runner_on_start', {'host': host.get_name(), 'task': task},
                    lambda: super(CallbackModule, self).v2_runner_on_start(host, task))

    def v2_runner_on_ok(self, result):
        if result._task.action in ('setup', 'gather_facts'):
            result._result.get('ansible_facts', {}).pop('ansible_env', None)
        data = self._host_result(result, task=result._task, res=result._result)
        data['event_loop'] = loop_kind(result._task)
        self._event('runner_on_ok', data,
                    lambda: super(CallbackModule, self).v2_runner_on_ok(result))

    def v2_runner_on_failed(self, result, ignore_errors=False):
        data = self._host_result(result, res=result._result, task=result._task)
        data['ignore_errors'] = ignore_errors
        data['event_loop'] = loop_kind(result._task)
        self._event('runner_on_failed', data,
                    lambda: super(CallbackModule, self).v2_runner_on_failed(result, ignore_errors))

    def v2_runner_on_skipped(self, result):
        data = self._host_result(result, task=result._task)
        data['event_loop'] = loop_kind(result._task)
        self._event('runner_on_skipped', data,
                    lambda: super(CallbackModule, self).v2_runner_on_skipped(result))

    def v2_runner_on_unreachable(self, result):
        data = self._host_result(result, task=result._task)
        data['res'] = result._result
        self._event('runner_on_unreachable', data,
                    lambda: super(CallbackModule, self).v2_runner_on_unreachable(result))

    def v2_runner_on_no_hosts(self, task):
        self._event('runner_on_no_hosts', {'task': task},
                    lambda: super(CallbackModule, self).v2_runner_on_no_hosts(task))

    def _async(self, name, result, show):
        data = {'host': result._host.get_name(), 'task': result._task, 'res': result._result,
                'jid': result._result.get('ansible_job_id')}
        self._event(name, data, show)

    def v2_runner_on_async_poll(self, result):
        self._async('runner_on_async_poll', result,
                    lambda: super(CallbackModule, self).v2_runner_on_async_poll(result))

    def v2_runner_on_async_ok(self, result):
        self._async('runner_on_async_ok', result,
                    lambda: super(CallbackModule, self).v2_runner_on_async_ok(result))

    def v2_runner_on_async_failed(self, result):
        self._async('runner_on_async_failed', result,
                    lambda: super(CallbackModule, self).v2_runner_on_async_failed(result))

    def v2_runner_on_file_diff(self, result, diff):
        data = {'host': result._host.get_name(), 'task': result._task, 'diff': diff}
        self._event('runner_on_file_diff', data,
                    lambda: super(CallbackModule, self).v2_runner_on_file_diff(result, diff))

    def v2_on_file_diff(self, result):
        data = {'host': result._host.get_name(), 'task': result._task,
                'diff': result._result.get('diff')}
        self._event('runner_on_file_diff', data,
                    lambda: super(CallbackModule, self).v2_on_file_diff(result))

    def _item(self, name, result, show):
        data = {'host': result._host.get_name(), 'task': result._task, 'res': result._result}
        self._event(name, data, show)

    def v2_runner_item_on_ok(self, result):
        self._item('runner_item_on_ok', result,
                   lambda: super(CallbackModule, self).v2_runner_item_on_ok(result))

    def v2_runner_item_on_failed(self, result):
        self._item('runner_item_on_failed', result,
                   lambda: super(CallbackModule, self).v2_runner_item_on_failed(result))

    def v2_runner_item_on_skipped(self, result):
        self._item('runner_item_on_skipped', result,
                   lambda: super(CallbackModule, self).v2_runner_item_on_skipped(result))

    def v2_runner_retry(self, result):
        self._item('runner_retry', result,
                   lambda: super(CallbackModule, self).v2_runner_retry(result))
`;

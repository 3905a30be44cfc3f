"""`make run`'s processes: each in its own session, stopped together, a crashed worker or beat
started again after a growing delay (scripts/stack.py's supervisor; the standard library only)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterable
from pathlib import Path

from stack_services import ROOT, log, port_open


class Children:
    """The site's processes, each in its own session so a stop reaches its own children too
    (runserver's reloader, Celery's pool). `logs` sends each one's output to <logs>/<name>.log."""

    def __init__(self, commands: dict[str, list[str]], env: dict, logs: Path | None = None):
        self.commands = commands
        self.env = env
        self.logs = logs
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self) -> Children:
        for name in self.commands:
            self.start_one(name)
        return self

    def start_one(self, name: str) -> None:
        """Start (or start again) one process; a restarted one appends to its log."""
        output = None
        if self.logs is not None:
            output = open(self.logs / f"{name}.log", "ab")
        try:
            self.processes[name] = subprocess.Popen(
                self.commands[name],
                env=self.env,
                cwd=ROOT,
                start_new_session=True,
                stdout=output,
                stderr=subprocess.STDOUT if output else None,
                preexec_fn=_die_with_parent,
            )
        finally:
            if output:
                output.close()

    def exited(self, ignore: Iterable[str] = ()) -> tuple[str, int] | None:
        for name, child in self.processes.items():
            if name not in ignore and child.poll() is not None:
                return name, child.returncode
        return None

    def stop(self, timeout: float = 30) -> None:
        for child in self.processes.values():
            if child.poll() is None:
                _signal_group(child, signal.SIGTERM)
        deadline = time.time() + timeout
        for child in self.processes.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                _signal_group(child, signal.SIGKILL)
                child.wait()


def _signal_group(child: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(child.pid, sig)
    except ProcessLookupError:
        pass


def _die_with_parent() -> None:
    """Linux: a child gets SIGTERM when its parent dies, so a killed supervisor (or test run)
    leaves no server behind."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


# Processes the supervisor starts again when they exit (a broker restart can crash the worker;
# beat holds no state worth stopping for). Anything else exiting stops the whole site: a web server
# or sandbox that dies is a failure to show, not to hide behind restarts.
RESTARTED = ("worker", "beat")
RESTART_BACKOFF = (1, 2, 5, 10, 30)  # seconds before each restart in a row
STABLE_AFTER = 60  # a process that ran this long restarts from the first delay again


class Restarts:
    """When to start a crashed worker or beat again: backoff on quick repeated crashes."""

    def __init__(self, children: Children, names: Iterable[str] = RESTARTED):
        self.children = children
        self.names = set(names)
        self.due: dict[str, float] = {}  # name -> when to start it
        self.streak: dict[str, int] = {}
        self.started_at: dict[str, float] = dict.fromkeys(children.processes, time.monotonic())

    def schedule(self, name: str, status: int) -> None:
        now = time.monotonic()
        if now - self.started_at.get(name, now) >= STABLE_AFTER:
            self.streak[name] = 0
        delay = RESTART_BACKOFF[min(self.streak.get(name, 0), len(RESTART_BACKOFF) - 1)]
        self.streak[name] = self.streak.get(name, 0) + 1
        self.due[name] = now + delay
        log(f"{name} exited with status {status}; restarting it in {delay} s (restart #{self.streak[name]})")

    def start_due(self) -> None:
        now = time.monotonic()
        for name, at in list(self.due.items()):
            if at <= now:
                del self.due[name]
                self.children.start_one(name)
                self.started_at[name] = now
                log(f"{name} restarted")

    def poll(self) -> tuple[str, int] | None:
        """One round: start what is due, schedule what crashed; returns a process that exited and
        is not restarted (name, status), if any."""
        self.start_due()
        exited = self.children.exited(ignore=self.due)
        if exited and exited[0] in self.names:
            self.schedule(*exited)
            return None
        return exited


def supervise(commands: dict[str, list[str]], env: dict, banner: str = "", web_port: int = 0) -> int:
    """Run the processes until Ctrl-C. A worker or beat that exits is started again with backoff;
    any other process exiting (the web server, a sandbox) stops them all in order."""
    children = Children(commands, env).start()
    restarts = Restarts(children)
    stopping = False
    banner_due = bool(banner)

    def request_stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    exit_code = 0
    while not stopping:
        if banner_due and port_open(web_port):
            print(banner, flush=True)
            banner_due = False
        exited = restarts.poll()
        if exited:
            log(f"{exited[0]} exited with status {exited[1]}; stopping the rest (only worker and beat are restarted)")
            exit_code = exited[1] or 1
            stopping = True
        time.sleep(0.3)
    log("shutting down...")
    children.stop()
    return exit_code

#!/usr/bin/env python3
"""Project-local services and processes for `make run` and `make test`.

Starts a private PostgreSQL and Redis under a data directory (unless
DATABASE_URL / REDIS_URL point elsewhere), prepares the database, and runs the
web server, the Celery worker and beat in the foreground with a clean Ctrl-C.

Only the standard library is used: this script runs before the virtualenv has
its packages, and inside it afterwards.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def log(message: str) -> None:
    print(f"[stoflow] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def pg_bin(name: str) -> str:
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    if candidates:
        return candidates[-1]
    found = shutil.which(name)
    if not found:
        sys.exit(f"PostgreSQL's {name} was not found: run `make deps` (it installs the server).")
    return found


def as_postgres(cmd: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root: drop to the postgres system user.
    return ["runuser", "-u", "postgres", "--", *cmd] if IS_ROOT else cmd


class Postgres:
    def __init__(self, data: Path, port: int, fast: bool = False):
        self.dir = data / "postgres"
        self.sock = data / "run"
        self.log = data / "postgres.log"
        self.port = port
        self.fast = fast

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/stoflow"

    def _own(self, *paths: Path) -> None:
        if IS_ROOT:
            for path in paths:
                subprocess.run(["chown", "-R", "postgres:postgres", str(path)], check=True)

    def start(self) -> None:
        self.sock.mkdir(parents=True, exist_ok=True)
        if not (self.dir / "PG_VERSION").exists():
            self.dir.mkdir(parents=True, exist_ok=True)
            self._own(self.dir, self.sock)
            log(f"initialising PostgreSQL in {self.dir}")
            subprocess.run(
                as_postgres(
                    [pg_bin("initdb"), "-D", str(self.dir), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]
                ),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        self._own(self.dir, self.sock)
        self.log.touch()
        self._own(self.log)
        if port_open(self.port):
            sys.exit(f"Port {self.port} is taken; set STOFLOW_PG_PORT to another port.")
        options = f"-p {self.port} -k {self.sock} -c listen_addresses=127.0.0.1"
        if self.fast:  # throwaway test instance: durability buys nothing
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        subprocess.run(
            as_postgres(
                [pg_bin("pg_ctl"), "-D", str(self.dir), "-o", options, "-l", str(self.log), "-w", "-t", "60", "start"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self._ensure_database()
        log(f"PostgreSQL ready on 127.0.0.1:{self.port}")

    def _ensure_database(self) -> None:
        psql = [pg_bin("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-tAq"]
        exists = subprocess.run(
            psql + ["-c", "SELECT 1 FROM pg_database WHERE datname='stoflow'"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        if not exists:
            subprocess.run(psql + ["-c", "CREATE DATABASE stoflow"], check=True)

    def stop(self) -> None:
        if (self.dir / "postmaster.pid").exists():
            subprocess.run(
                as_postgres([pg_bin("pg_ctl"), "-D", str(self.dir), "-m", "fast", "-w", "stop"]),
                stdout=subprocess.DEVNULL,
            )


class Redis:
    """One Redis server. `eviction` picks the policy: the broker and limiter
    instance must never evict; the cache instance evicts least-recently-used keys."""

    def __init__(self, data: Path, name: str, port: int, persistent: bool, eviction: bool):
        self.dir = data / name
        self.name = name
        self.port = port
        self.persistent = persistent
        self.eviction = eviction

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        if port_open(self.port):
            sys.exit(f"Port {self.port} is taken; choose another with STOFLOW_REDIS_PORT.")
        cmd = [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--daemonize",
            "yes",
            "--dir",
            str(self.dir),
            "--pidfile",
            str(self.dir / "redis.pid"),
            "--logfile",
            str(self.dir / "redis.log"),
            "--save",
            "",
            "--appendonly",
            "yes" if self.persistent else "no",
        ]
        if self.eviction:
            cmd += ["--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"]
        else:
            cmd += ["--maxmemory-policy", "noeviction"]
        subprocess.run(cmd, check=True)
        for _ in range(100):
            if port_open(self.port):
                break
            time.sleep(0.05)
        log(f"Redis ({self.name}) ready on 127.0.0.1:{self.port}")

    def stop(self) -> None:
        pidfile = self.dir / "redis.pid"
        if pidfile.exists():
            try:
                os.kill(int(pidfile.read_text().strip()), signal.SIGTERM)
            except (ProcessLookupError, ValueError):
                pass
            for _ in range(100):
                if not port_open(self.port):
                    break
                time.sleep(0.05)


class Stack:
    """The services a run needs, started here unless the environment names them."""

    def __init__(self, data: Path, throwaway: bool):
        self.data = data
        env = os.environ
        self.started: list = []
        self.env = dict(env)
        if not env.get("DATABASE_URL"):
            port = free_port() if throwaway else int(env.get("STOFLOW_PG_PORT", "55432"))
            self.started.append(Postgres(data, port, fast=throwaway))
            self.env["DATABASE_URL"] = self.started[-1].url
        if not env.get("REDIS_URL"):
            port = free_port() if throwaway else int(env.get("STOFLOW_REDIS_PORT", "56379"))
            broker = Redis(data, "redis", port, persistent=not throwaway, eviction=False)
            cache_port = free_port() if throwaway else port + 1
            cache = Redis(data, "redis-cache", cache_port, persistent=False, eviction=True)
            self.started += [broker, cache]
            self.env["REDIS_URL"] = broker.url
            self.env.setdefault("CACHE_REDIS_URL", cache.url)
        self.env.setdefault("MEDIA_ROOT", str(data / "media"))

    def start(self) -> None:
        self.data.mkdir(parents=True, exist_ok=True)
        try:
            for service in self.started:
                service.start()
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        for service in reversed(self.started):
            service.stop()


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)


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


def site_processes(
    env: dict, data: Path, port: int, *, reload: bool = True, concurrency: int = 2
) -> dict[str, list[str]]:
    """What `make run` runs: the web server, the Celery worker and beat, and the apps' extra
    processes. The journey tests run the same list without the code reloader."""
    python = sys.executable
    celery = [python, "-m", "celery", "-A", "stoflow"]
    web = [python, "manage.py", "runserver", f"127.0.0.1:{port}"]
    if not reload:
        # Without DEBUG (the test settings) runserver serves static files only when told to.
        web += ["--noreload", "--insecure"]
    commands = {
        "web": web,
        "worker": celery + ["worker", "--loglevel", "INFO", "--concurrency", str(concurrency)],
        "beat": celery + ["beat", "--loglevel", "INFO", "--schedule", str(data / "celerybeat-schedule")],
    }
    commands.update(extra_processes(env, data))
    return commands


def cmd_run(args) -> int:
    data = (ROOT / args.data).resolve()
    stack = Stack(data, throwaway=False)
    stack.start()
    env = stack.env
    env.update(local_ebay_app(env))
    try:
        manage(env, "setup_platform")
        manage(env, "build_extension")  # the packages the Vinted pages offer, for this SITE_URL
        demo = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "bootstrap_demo"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        port = os.environ.get("PORT", "8000")
        commands = site_processes(env, data, int(port))
        banner = (
            f"\n{'=' * 64}\n  Stoflow is running: http://127.0.0.1:{port}/\n"
            + "".join(f"  {line.strip()}\n" for line in demo.splitlines() if line.strip())
            + f"  Ctrl-C stops everything; data stays in {args.data}/\n{'=' * 64}"
        )
        return supervise(commands, env, banner=banner, web_port=int(port))
    finally:
        stack.stop()
        log("stopped; data kept in " + str(data) + " (`make clean` removes it)")


def extra_processes(env: dict, data: Path) -> dict[str, list[str]]:
    """Processes that apps add beside the site (the Vinted sandbox, for one)."""
    extra = {}
    sandbox = ROOT / "vinted" / "management" / "commands" / "vinted_sandbox.py"
    if sandbox.exists():
        port = env.get("VINTED_SANDBOX_PORT", "8765")
        extra["vinted-sandbox"] = [
            sys.executable,
            "manage.py",
            "vinted_sandbox",
            "--port",
            port,
            "--state-file",
            str(data / "vinted-sandbox.json"),
            "--seed-demo",
        ]
    ebay_sandbox = ROOT / "ebay" / "management" / "commands" / "ebay_sandbox.py"
    if ebay_sandbox.exists():
        port = env.get("EBAY_SANDBOX_PORT", "8766")
        extra["ebay-sandbox"] = [
            sys.executable,
            "manage.py",
            "ebay_sandbox",
            "--port",
            port,
            "--state-file",
            str(data / "ebay-sandbox.json"),
            "--seed-demo",
        ]
    return extra


def local_ebay_app(env: dict) -> dict:
    """The eBay application keys of the local eBay sandbox (ebay/sandbox/state.py LOCAL_APP), unless the
    environment names a real application: with them the site shows the eBay channel."""
    if env.get("EBAY_CLIENT_ID"):
        return {}
    port = env.get("EBAY_SANDBOX_PORT", "8766")
    return {
        "EBAY_ENVIRONMENT": "local",
        "EBAY_SANDBOX_URL": f"http://127.0.0.1:{port}",
        "EBAY_CLIENT_ID": "Stoflow-local-PRD-0000000000-00000000",
        "EBAY_CLIENT_SECRET": "PRD-local-sandbox-secret",
        "EBAY_RUNAME": "Stoflow-local-RuName",
    }


def cmd_test(args) -> int:
    data = Path(tempfile.mkdtemp(prefix="stoflow-test-"))
    if IS_ROOT:
        os.chmod(data, 0o755)
    stack = Stack(data, throwaway=True)
    try:
        stack.start()
        env = stack.env
        env["STOFLOW_ENV"] = "test"
        pytest_args = args.pytest_args
        if pytest_args and pytest_args[0] == "--":
            pytest_args = pytest_args[1:]
        result = subprocess.run([sys.executable, "-m", "pytest", *pytest_args], env=env, cwd=ROOT)
        return result.returncode
    finally:
        stack.stop()
        shutil.rmtree(data, ignore_errors=True)


def cmd_bench(args) -> int:
    """Run benchmark scripts from bench/ against throwaway services."""
    data = Path(tempfile.mkdtemp(prefix="stoflow-bench-"))
    if IS_ROOT:
        os.chmod(data, 0o755)
    stack = Stack(data, throwaway=True)
    names = args.names or sorted(p.stem for p in (ROOT / "bench").glob("*.py") if p.stem not in ("__init__", "common"))
    try:
        stack.start()
        env = {**stack.env, "STOFLOW_ENV": "development", "DEBUG": "false"}
        manage(env, "setup_platform")
        status = 0
        for name in names:
            print(f"\n=== bench/{name} ===", flush=True)
            status |= subprocess.run([sys.executable, str(ROOT / "bench" / f"{name}.py")], env=env, cwd=ROOT).returncode
        return status
    finally:
        stack.stop()
        shutil.rmtree(data, ignore_errors=True)


def cmd_services(args) -> int:
    """Start the services and print their URLs as shell exports (for a shell of your own)."""
    data = (ROOT / args.data).resolve()
    stack = Stack(data, throwaway=False)
    stack.start()
    for key in ("DATABASE_URL", "REDIS_URL", "CACHE_REDIS_URL", "MEDIA_ROOT"):
        print(f"export {key}={stack.env[key]}")
    return 0


def cmd_stop(args) -> int:
    data = (ROOT / args.data).resolve()
    Stack(data, throwaway=False).stop()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func in (("run", cmd_run), ("services", cmd_services), ("stop", cmd_stop)):
        p = sub.add_parser(name)
        p.add_argument("--data", default=".data")
        p.set_defaults(func=func)
    p = sub.add_parser("bench")
    p.add_argument("names", nargs="*", help="bench/<name>.py scripts to run (default: all)")
    p.set_defaults(func=cmd_bench)
    p = sub.add_parser("test")
    p.add_argument("pytest_args", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_test)
    args = parser.parse_args()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

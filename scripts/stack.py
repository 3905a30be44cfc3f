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
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# The services and the supervisor sit beside this script, which runs as a script and is also loaded
# by path from the tests (tests/journeys/conftest.py and others).
sys.path.insert(0, str(Path(__file__).resolve().parent))

from stack_services import (
    IS_ROOT,
    ROOT,
    Postgres,
    Redis,
    Stack,
    as_postgres,
    free_port,
    log,
    manage,
    pg_bin,
    port_open,
)
from stack_supervisor import RESTART_BACKOFF, RESTARTED, STABLE_AFTER, Children, Restarts, supervise

__all__ = [
    "IS_ROOT",
    "RESTARTED",
    "RESTART_BACKOFF",
    "ROOT",
    "STABLE_AFTER",
    "Children",
    "Postgres",
    "Redis",
    "Restarts",
    "Stack",
    "as_postgres",
    "free_port",
    "log",
    "manage",
    "pg_bin",
    "port_open",
    "site_processes",
    "supervise",
]


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
            script = [sys.executable, str(ROOT / "bench" / f"{name}.py"), *shlex.split(args.args)]
            status |= subprocess.run(script, env=env, cwd=ROOT).returncode
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
    p.add_argument("--args", default="", help='options for each script, e.g. --args="--shops 50"')
    p.set_defaults(func=cmd_bench)
    p = sub.add_parser("test")
    p.add_argument("pytest_args", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_test)
    args = parser.parse_args()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

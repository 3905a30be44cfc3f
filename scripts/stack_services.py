"""The private PostgreSQL and Redis that `make run`, `make test` and the benches start under a data
directory, and the helpers to reach them (scripts/stack.py's services; the standard library only)."""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
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

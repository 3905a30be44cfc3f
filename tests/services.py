"""Real service processes started by tests (Redis, a Celery worker)."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 10) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port}")


class RedisServer:
    """A private redis-server that a test may stop and start again."""

    def __init__(self):
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="stoflow-redis-")
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.dir,
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def free_cluster_port() -> int:
    """A free port whose cluster bus port (port + 10000) is free too."""
    while True:
        port = free_port()
        if port + 10000 > 65535:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port + 10000))
            except OSError:
                continue
        return port


class RedisClusterServer:
    """A Redis Cluster of `masters` local redis-server processes (no replicas) in a temp dir, its
    slots spread by `redis-cli --cluster create`."""

    def __init__(self, masters: int = 3):
        self.dir = Path(tempfile.mkdtemp(prefix="stoflow-redis-cluster-"))
        self.ports: list[int] = []
        while len(self.ports) < masters:
            port = free_cluster_port()
            if port not in self.ports:
                self.ports.append(port)
        self.processes: list[subprocess.Popen] = []

    @property
    def url(self) -> str:
        """One node, in the form LIMITER_REDIS_URL takes (stoflow.redis_clients)."""
        return f"redis+cluster://127.0.0.1:{self.ports[0]}"

    def node(self, port: int):
        import redis

        return redis.Redis(host="127.0.0.1", port=port, decode_responses=True)

    def start(self, timeout: float = 30) -> "RedisClusterServer":
        try:
            for port in self.ports:
                node_dir = self.dir / str(port)
                node_dir.mkdir()
                self.processes.append(
                    subprocess.Popen(
                        [
                            shutil.which("redis-server"),
                            "--port",
                            str(port),
                            "--bind",
                            "127.0.0.1",
                            "--cluster-enabled",
                            "yes",
                            "--cluster-config-file",
                            "nodes.conf",
                            "--cluster-node-timeout",
                            "5000",
                            "--save",
                            "",
                            "--appendonly",
                            "no",
                            "--dir",
                            str(node_dir),
                        ],
                        stdout=subprocess.DEVNULL,
                        start_new_session=True,
                    )
                )
            for port in self.ports:
                wait_for_port(port)
            subprocess.run(
                [shutil.which("redis-cli"), "--cluster", "create"]
                + [f"127.0.0.1:{port}" for port in self.ports]
                + ["--cluster-replicas", "0", "--cluster-yes"],
                check=True,
                stdout=subprocess.DEVNULL,
                timeout=timeout,
            )
            self.wait_ok(timeout)
        except BaseException:
            self.cleanup()
            raise
        return self

    def wait_ok(self, timeout: float = 30) -> None:
        """Until every node says cluster_state:ok and knows every master."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            infos = [self.node(port).cluster("info") for port in self.ports]
            if all(
                info["cluster_state"] == "ok" and int(info["cluster_known_nodes"]) == len(self.ports) for info in infos
            ):
                return
            time.sleep(0.1)
        raise TimeoutError(f"the cluster on {self.ports} is not ok: {infos}")

    def node_id(self, port: int) -> str:
        return self.node(port).execute_command("CLUSTER", "MYID")

    def port_of_slot(self, slot: int) -> int:
        for start, end, (_host, port, *_rest), *_replicas in self.node(self.ports[0]).execute_command(
            "CLUSTER", "SLOTS"
        ):
            if start <= slot <= end:
                return int(port)
        raise LookupError(f"no node serves slot {slot}")

    # Resharding one slot by hand, in the steps `redis-cli --cluster reshard` takes, so a test can
    # act between them: while the slot is migrating, a key already moved is answered with ASK;
    # once it is assigned, a client with the old slot map is answered with MOVED.
    def begin_migration(self, slot: int, target: int) -> int:
        source = self.port_of_slot(slot)
        self.node(target).execute_command("CLUSTER", "SETSLOT", slot, "IMPORTING", self.node_id(source))
        self.node(source).execute_command("CLUSTER", "SETSLOT", slot, "MIGRATING", self.node_id(target))
        return source

    def migrate_keys(self, slot: int, source: int, target: int) -> int:
        moved = 0
        while keys := self.node(source).execute_command("CLUSTER", "GETKEYSINSLOT", slot, 100):
            self.node(source).execute_command("MIGRATE", "127.0.0.1", target, "", 0, 5000, "KEYS", *keys)
            moved += len(keys)
        return moved

    def finish_migration(self, slot: int, target: int) -> None:
        for port in [target] + [port for port in self.ports if port != target]:
            self.node(port).execute_command("CLUSTER", "SETSLOT", slot, "NODE", self.node_id(target))

    def flush(self) -> None:
        for port in self.ports:
            self.node(port).flushall()

    def cleanup(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            process.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)


class CeleryWorker:
    """`celery worker` in its own process, on the test database and broker."""

    concurrency = 1

    def __init__(self, env_overrides: dict | None = None, queues: str | None = None):
        self.env = {**os.environ, **(env_overrides or {})}
        self.queues = queues
        self.process = None
        self.log = tempfile.NamedTemporaryFile(prefix="stoflow-worker-", suffix=".log", delete=False)

    def arguments(self) -> list[str]:
        """What follows `celery -A stoflow worker`."""
        args = ["--loglevel", "INFO", "--concurrency", str(self.concurrency), "--pool", "prefork"]
        args += ["--without-gossip", "--without-mingle"]
        return args + (["-Q", self.queues] if self.queues else [])

    def start(self) -> "CeleryWorker":
        cmd = [sys.executable, "-m", "celery", "-A", "stoflow", "worker", *self.arguments()]
        self.process = subprocess.Popen(
            cmd, env=self.env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        return self

    def wait_ready(self, app, timeout: float = 30) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("worker exited: " + Path(self.log.name).read_text()[-2000:])
            if app.control.ping(timeout=0.5):
                return
        raise TimeoutError("worker did not answer: " + Path(self.log.name).read_text()[-2000:])

    def kill(self, sig=signal.SIGKILL) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(30)

    def stop(self) -> None:
        self.kill(signal.SIGTERM)


def use_broker(app, url: str) -> None:
    """Point this process's Celery app at another broker.

    Celery's connection pool is kombu's process-wide pool for that URL, and the producer pool
    holds it: forget both (and kombu's registry) so the next send or ping opens fresh ones.
    """
    from kombu import pools

    app.conf.broker_url = url
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


class MotoServer:
    """moto's standalone S3-compatible server on a free port: object storage over real HTTP."""

    def __init__(self):
        self.port = free_port()
        self.process = None
        self.log = tempfile.NamedTemporaryFile(prefix="stoflow-moto-", suffix=".log", delete=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "MotoServer":
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port(self.port, timeout=30)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def database_url() -> str:
    """The test database, for a worker process started by a test."""
    from django.db import connection

    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


class WorkerWithBeat(CeleryWorker):
    """The worker plus its embedded beat, so due jobs and expired leases are dispatched as in production."""

    def arguments(self) -> list[str]:
        return [*super().arguments(), "-B", "-s", tempfile.mkdtemp(prefix="stoflow-beat-") + "/schedule"]

    def ready(self) -> "WorkerWithBeat":
        from stoflow.celery import app as celery_app

        self.wait_ready(celery_app)
        return self

"""The Docker image and docker-compose.yml, checked without a Docker engine (there is none in CI).

`docker compose config` validates the compose file where the compose plugin exists; everywhere, the file
is read with PyYAML and checked for what the stack relies on, and the Dockerfile for a lean image.
"""

import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = {"migrate", "web", "worker", "beat"}
LONG_RUNNING = {"postgres", "redis", "redis-cache", "web", "worker", "beat"}


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def stages(dockerfile: str) -> list[str]:
    return re.split(r"^FROM\s", dockerfile, flags=re.MULTILINE)[1:]


def compose_plugin() -> str | None:
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return docker
    return None


@pytest.mark.skipif(compose_plugin() is None, reason="no `docker compose` here; the structural tests below cover it")
def test_compose_config_with_docker_validates_the_file(tmp_path):
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    (tmp_path / ".env").write_text("SECRET_KEY=x\nSTOFLOW_ENCRYPTION_KEYS=k1:eA==\n")
    result = subprocess.run(
        [compose_plugin(), "compose", "config", "--quiet"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_compose_services_have_an_image_or_the_build_and_the_app_environment(compose):
    services = compose["services"]
    assert set(services) == LONG_RUNNING | {"migrate"}
    for name, service in services.items():
        assert ("image" in service) != ("build" in service), name
    for name in APP_SERVICES:
        service = services[name]
        assert service["build"] == "." and service["env_file"] == ".env", name
        env = service["environment"]
        assert env["STOFLOW_ENV"] == "production", name
        assert {"DATABASE_URL", "REDIS_URL", "CACHE_REDIS_URL", "MEDIA_ROOT", "ALLOWED_HOSTS"} <= set(env), name
        assert env["REDIS_URL"] != env["CACHE_REDIS_URL"], "the broker and limiter never share the evicting cache"
    assert "noeviction" in services["redis"]["command"]


def test_compose_long_running_services_restart_unless_stopped_and_migrate_runs_once(compose):
    services = compose["services"]
    assert {name: services[name].get("restart") for name in LONG_RUNNING} == dict.fromkeys(
        LONG_RUNNING, "unless-stopped"
    )
    assert services["migrate"]["restart"] == "no"


def test_compose_waits_on_healthchecks_that_exist(compose):
    services = compose["services"]
    for name in ("postgres", "redis", "redis-cache", "worker"):
        assert services[name]["healthcheck"]["test"], name
    # web keeps the image's HEALTHCHECK (it is the one serving HTTP); the others have no port to ask.
    assert "healthcheck" not in services["web"]
    assert services["beat"]["healthcheck"] == {"disable": True}
    assert services["migrate"]["healthcheck"] == {"disable": True}
    for name, service in services.items():
        for dependency, rule in (service.get("depends_on") or {}).items():
            assert dependency in services, f"{name} depends on an unknown {dependency}"
            if rule["condition"] == "service_healthy":
                assert "test" in services[dependency].get("healthcheck", {}), f"{dependency} has no healthcheck"
            else:
                assert (dependency, rule["condition"]) == ("migrate", "service_completed_successfully")
    assert set(compose["volumes"]) == {"pgdata", "redisdata", "media"}


def test_dockerfile_final_stage_has_no_node_runs_unprivileged_with_a_healthcheck():
    dockerfile = (ROOT / "Dockerfile").read_text()
    *earlier, final = stages(dockerfile)
    assert earlier, "a multi-stage build"
    assert any(stage.startswith("node:") and "scripts/vendor.sh --omit=dev" in stage for stage in earlier)
    assert final.startswith("python:")
    assert not re.search(r"\b(node|nodejs|npm|npx|gettext)\b", final.replace("--from=", "")), final
    user = re.findall(r"^USER\s+(\S+)", final, flags=re.MULTILINE)
    assert user and user[-1] not in ("root", "0"), "the server runs as an unprivileged user"
    assert re.search(r"^HEALTHCHECK .*scripts/healthcheck\.py", final, flags=re.MULTILINE)


def test_dockerfile_installs_only_the_runtime_requirements_with_their_hashes():
    dockerfile = (ROOT / "Dockerfile").read_text()
    installs = re.findall(r"pip install[^\n]*", dockerfile)
    assert installs == ["pip install --require-hashes -r /tmp/requirements.txt"]
    assert "requirements-dev" not in dockerfile
    assert ".env" in (ROOT / ".dockerignore").read_text().split(), "secrets never go into the image"


class _Health(http.server.BaseHTTPRequestHandler):
    status = 200
    seen: list = []

    def do_GET(self):
        self.seen.append((self.path, self.headers["Host"], self.headers["X-Forwarded-Proto"]))
        self.send_response(self.status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def health_server():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Health)
    _Health.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def run_healthcheck(port: int, allowed_hosts: str) -> int:
    env = {**os.environ, "PORT": str(port), "ALLOWED_HOSTS": allowed_hosts}
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "healthcheck.py")], env=env, capture_output=True, timeout=30
    ).returncode


@pytest.mark.parametrize("status, exit_code", [(200, 0), (503, 1)])
def test_healthcheck_exits_by_health_status_asking_as_the_site_over_https(health_server, status, exit_code):
    _Health.status = status
    assert run_healthcheck(health_server.server_port, ".shop.example, other.example") == exit_code
    assert _Health.seen == [("/health/", "shop.example", "https")]


def test_healthcheck_with_nothing_listening_fails(health_server):
    port = health_server.server_port
    health_server.shutdown()
    health_server.server_close()
    assert run_healthcheck(port, "") == 1

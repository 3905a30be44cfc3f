"""`make run`'s supervisor (scripts/stack_supervisor.py, run by scripts/stack.py): a crashed worker
or beat is started again with backoff, and says so; the web server exiting stops the site."""

import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("stoflow_stack_supervisor", ROOT / "scripts" / "stack.py")
stack_script = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(stack_script)
supervisor = importlib.import_module("stack_supervisor")  # stack.py put scripts/ on the path

CRASH = [sys.executable, "-c", "import sys; sys.exit(3)"]
LIVE = [sys.executable, "-c", "import time; time.sleep(60)"]


def _poll_until(restarts, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        exited = restarts.poll()
        if exited:
            return exited
        time.sleep(0.05)
    return None


def test_supervisor_restarts_a_crashed_worker_with_backoff_and_says_so(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(supervisor, "RESTART_BACKOFF", (0.2, 0.4))
    children = supervisor.Children({"worker": CRASH, "web": LIVE}, env={}, logs=tmp_path).start()
    try:
        restarts = supervisor.Restarts(children)
        assert _poll_until(restarts, 3) is None
        out = capsys.readouterr().out
        assert "worker exited with status 3; restarting it in 0.2 s (restart #1)" in out
        assert "restarting it in 0.4 s (restart #2)" in out and "worker restarted" in out
        assert children.processes["web"].poll() is None  # the rest keeps running
    finally:
        children.stop(timeout=5)


def test_supervisor_reports_the_web_server_exiting_so_the_site_stops(tmp_path):
    children = supervisor.Children({"worker": LIVE, "web": CRASH}, env={}, logs=tmp_path).start()
    try:
        assert _poll_until(supervisor.Restarts(children), 5) == ("web", 3)
    finally:
        children.stop(timeout=5)

"""`manage.py ebay_sandbox` as `make run` starts it, and the application keys `make run` gives the site."""

import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from ebay.sandbox.state import LOCAL_APP

ROOT = Path(__file__).resolve().parents[3]


def _stack_script():
    spec = importlib.util.spec_from_file_location("stack_script", ROOT / "scripts" / "stack.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_make_run_starts_the_ebay_sandbox_with_a_state_file(tmp_path):
    commands = _stack_script().site_processes({"EBAY_SANDBOX_PORT": "9876"}, tmp_path, 8000)
    assert commands["ebay-sandbox"][2:] == [
        "ebay_sandbox",
        "--port",
        "9876",
        "--state-file",
        str(tmp_path / "ebay-sandbox.json"),
        "--seed-demo",
    ]


def test_local_ebay_app_matches_the_sandbox_application_and_yields_to_real_keys():
    stack = _stack_script()
    keys = stack.local_ebay_app({"EBAY_SANDBOX_PORT": "9876"})
    assert (keys["EBAY_CLIENT_ID"], keys["EBAY_CLIENT_SECRET"], keys["EBAY_RUNAME"]) == (
        LOCAL_APP["client_id"],
        LOCAL_APP["client_secret"],
        LOCAL_APP["runame"],
    )
    assert keys["EBAY_SANDBOX_URL"] == "http://127.0.0.1:9876" and keys["EBAY_ENVIRONMENT"] == "local"
    assert stack.local_ebay_app({"EBAY_CLIENT_ID": "real-app"}) == {}


def test_command_serves_seeds_the_demo_seller_and_saves_state_on_sigterm(tmp_path):
    port = _stack_script().free_port()
    state_file = tmp_path / "ebay.json"
    process = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "ebay_sandbox",
            "--port",
            str(port),
            "--state-file",
            str(state_file),
            "--seed-demo",
            "--accept-url",
            "http://127.0.0.1:8123/ebay/consent/accepted",
        ],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                overview = requests.get(f"http://127.0.0.1:{port}/__sandbox__/", timeout=2).json()
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline and process.poll() is None, process.stdout.read()
                time.sleep(0.2)
        assert [s["username"] for s in overview["sellers"]] == ["demo_ebay_seller"]
        app = next(a for a in overview["apps"] if a["client_id"] == LOCAL_APP["client_id"])
        assert app["accept_url"] == "http://127.0.0.1:8123/ebay/consent/accepted"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
    saved = json.loads(state_file.read_text())
    assert "demo_ebay_seller" in saved["sellers"] and saved["programs"]["demo_ebay_seller"]

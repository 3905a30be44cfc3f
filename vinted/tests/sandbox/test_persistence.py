"""--state-file: sellers, sessions, listings and photo bytes survive a restart."""

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import requests

from vinted.sandbox.server import SandboxServer, seed_demo

from .helpers import PASSWORD, Client

ROOT = Path(__file__).resolve().parents[3]


def test_state_file_keeps_listings_photos_and_sessions_across_restart(tmp_path):
    state_file = tmp_path / "sandbox.json"
    first = SandboxServer(port=0, state_file=state_file).start()
    seller = first.create_seller("alice", PASSWORD)
    client = Client(first.url)
    client.login("alice")
    item = client.publish(title="Kept shirt")
    original = first.photo_bytes(item["photos"][0]["id"])
    issued = first.issue_session(seller["id"])
    first.stop()

    second = SandboxServer(port=0, state_file=state_file).start()
    try:
        assert [i["title"] for i in second.listings(seller["id"])] == ["Kept shirt"]
        photo_url = f"{second.url}/images/{item['photos'][0]['id']}/full.jpg"
        assert requests.get(photo_url).content == original
        me = requests.get(f"{second.url}/fr/api/v2/users/current", cookies=issued["cookies"])
        assert me.status_code == 200  # same signing key, same session
        again = second.create_seller("bruno", PASSWORD)
        assert again["id"] == seller["id"] + 1  # ids keep counting
    finally:
        second.stop()


def test_explicit_settings_beat_the_state_file(tmp_path):
    state_file = tmp_path / "sandbox.json"
    first = SandboxServer(port=0, state_file=state_file, access_lifetime=60)
    first.state.save()
    first.httpd.server_close()
    for explicit, expected in (({}, 60), ({"access_lifetime": 5}, 5)):
        again = SandboxServer(port=0, state_file=state_file, **explicit)
        again.httpd.server_close()
        assert again.state.config["access_lifetime"] == expected


def test_reset_removes_stored_photos(tmp_path):
    state_file = tmp_path / "sandbox.json"
    server = SandboxServer(port=0, state_file=state_file).start()
    try:
        server.create_seller("alice", PASSWORD)
        client = Client(server.url)
        client.login("alice")
        client.photo_id()
        photo_dir = tmp_path / "sandbox.json.photos"
        assert len(list(photo_dir.iterdir())) == 1
        server.reset()
        assert list(photo_dir.iterdir()) == [] and server.state.photos == {}
    finally:
        server.stop()


def test_seed_demo_is_idempotent(tmp_path):
    state_file = tmp_path / "sandbox.json"
    for _ in range(2):
        sandbox = SandboxServer(port=0, state_file=state_file)
        seed_demo(sandbox)
        sandbox.httpd.server_close()
    reloaded = SandboxServer(port=0, state_file=state_file)
    reloaded.httpd.server_close()
    assert [s["login"] for s in reloaded.state.sellers.values()] == ["demo_seller"]


def test_management_command_serves_and_seeds_demo(tmp_path):
    state_file = tmp_path / "sandbox.json"
    process = subprocess.Popen(
        [sys.executable, "manage.py", "vinted_sandbox", "--port", "0", "--seed-demo", "--state-file", str(state_file)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=os.environ.copy(),
    )
    try:
        lines = [process.stdout.readline() for _ in range(2)]
        assert "demo_seller / sandbox-demo" in lines[0], lines
        url = re.search(r"on (http://[\d.:]+)/", lines[1]).group(1)
        client = Client(url)
        login = client.login("demo_seller", "sandbox-demo")
        assert login.status_code == 302
        assert client.call("GET", "/api/v2/users/current").json()["user"]["login"] == "demo_seller"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
    assert process.returncode == 0
    assert "demo_seller" in state_file.read_text()

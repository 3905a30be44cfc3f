"""Threaded server: concurrent writes stay consistent; the controls answer the machine only."""

import socket
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from vinted.sandbox.server import SandboxServer

from .helpers import PASSWORD, Client


def test_concurrent_uploads_get_unique_ids_and_exact_count(sandbox, alice, seller):
    with ThreadPoolExecutor(max_workers=10) as pool:
        responses = list(pool.map(lambda _: alice.upload(), range(40)))
    assert {r.status_code for r in responses} == {200}
    assert len({r.json()["id"] for r in responses}) == 40
    assert sandbox.mutating_count(seller["id"]) == 40


def test_concurrent_sellers_keep_their_own_logs(sandbox):
    clients = []
    for n in range(4):
        sandbox.create_seller(f"seller{n}", PASSWORD)
        client = Client(sandbox.url)
        client.login(f"seller{n}")
        clients.append(client)
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda c: [c.upload() for _ in range(5)], clients))
    for n in range(4):
        seller = sandbox.state.seller_by_login("fr", f"seller{n}")
        assert sandbox.mutating_count(seller["id"]) == 5


def _outward_address() -> str | None:
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 9))  # no packet is sent; this only picks the outgoing interface
        address = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("127.") else address


def test_controls_refuse_non_loopback_clients():
    address = _outward_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address")
    sandbox = SandboxServer(port=0, host="0.0.0.0").start()
    try:
        port = sandbox.httpd.server_address[1]
        assert requests.get(f"http://127.0.0.1:{port}/__sandbox__/").status_code == 200
        outside = requests.post(f"http://{address}:{port}/__sandbox__/sellers", json={"login": "x", "password": "y"})
        assert outside.status_code == 404
        assert sandbox.state.sellers == {}
        assert requests.get(f"http://{address}:{port}/fr/").status_code == 200  # the sites stay reachable
    finally:
        sandbox.stop()

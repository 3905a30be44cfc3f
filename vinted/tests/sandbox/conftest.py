import pytest

from vinted.sandbox.server import SandboxServer

from .helpers import PASSWORD, Client


@pytest.fixture
def sandbox():
    server = SandboxServer(port=0, datadome_every=0).start()
    yield server
    server.stop()


@pytest.fixture
def seller(sandbox):
    return sandbox.create_seller("alice", PASSWORD, site="fr")


@pytest.fixture
def other_seller(sandbox):
    return sandbox.create_seller("bruno", PASSWORD, site="fr")


@pytest.fixture
def alice(sandbox, seller) -> Client:
    client = Client(sandbox.url, "fr")
    client.login("alice")
    return client


@pytest.fixture
def bruno(sandbox, other_seller) -> Client:
    client = Client(sandbox.url, "fr")
    client.login("bruno")
    return client

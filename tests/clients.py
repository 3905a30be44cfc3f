"""Helpers for test clients."""

from django.db import connection
from django.test.client import Client


def staying_in(client, tenant):
    """The middleware leaves the connection on the public schema after each request; this client
    goes back into the shop afterwards so the test body can check the shop's data."""
    original = client.request

    def request(**kwargs):
        response = original(**kwargs)
        connection.set_tenant(tenant)
        return response

    client.request = request
    return client


def serve_like_production(request):
    """Wrap `Client.request` so a test request is served the way a server thread serves it.

    A test body often runs inside a shop's schema to set up or check data. Without this, the
    request would start on that schema and a streamed body would be read there afterwards, so
    code that only works with the shop pre-set on the connection would pass its tests and fail in
    production. Here every request starts on the public schema (the middleware must choose the
    shop), and a streamed body is read to the end on the public schema, as the WSGI server reads
    it after the middleware has switched back. The test's own schema is restored afterwards.
    """

    def served(self, **kwargs):
        held = connection.tenant
        connection.set_schema_to_public()
        try:
            response = request(self, **kwargs)
            if getattr(response, "streaming", False) and not getattr(response, "is_async", False):
                response.streaming_content = [b"".join(response.streaming_content)]
        finally:
            connection.set_tenant(held)
        return response

    served.serves_like_production = True
    return served


def install_production_like_client() -> None:
    if not getattr(Client.request, "serves_like_production", False):
        Client.request = serve_like_production(Client.request)

"""Helpers for test clients."""
from django.db import connection


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

"""schemathesis sends generated requests to every operation of /api/v1/schema/ with a real API
token: no answer may be a server error. Bounded in time (SCHEMATHESIS_SECONDS, about a minute in
all); the counts are printed at the end (`-s` shows them)."""

import os
import sys
import time

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from stoflow.wsgi import application
from tenants import tokens

BUDGET_SECONDS = float(os.environ.get("SCHEMATHESIS_SECONDS", "60"))
EXAMPLES_PER_OPERATION = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "40"))
COUNTS = {"operations": 0, "requests": 0, "server_errors": 0, "skipped_for_time": 0, "by_status": {}}
STARTED: dict[str, float] = {}


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    from django.core import signals
    from django.db import close_old_connections

    # As Django's test client does: the WSGI app would otherwise close the test's connection (and
    # its transaction) at the end of each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module", autouse=True)
def print_counts():
    yield
    print(f"\nschemathesis: {COUNTS}", file=sys.stderr)


@pytest.fixture
def token_header(shop_a):
    _token, key = tokens.create(shop_a.membership, "schemathesis")
    return {"Authorization": f"Token {key}"}


# Read at collection: the schema view needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
# Each operation gets an equal share of the time, so a slow machine still covers all of them.
SHARE_SECONDS = BUDGET_SECONDS / max(1, sum(1 for _ in schema.get_all_operations()))


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_generated_api_requests_get_no_server_error(case, token_header):
    started = STARTED.setdefault(case.operation.label, time.monotonic())
    if time.monotonic() - started > SHARE_SECONDS:
        COUNTS["skipped_for_time"] += 1
        return
    if case.operation.label not in COUNTS["by_status"]:
        COUNTS["operations"] += 1
        COUNTS["by_status"][case.operation.label] = {}
    response = case.call(headers=token_header)
    COUNTS["requests"] += 1
    seen = COUNTS["by_status"][case.operation.label]
    seen[response.status_code] = seen.get(response.status_code, 0) + 1
    if response.status_code >= 500:
        COUNTS["server_errors"] += 1
    case.validate_response(response, checks=[not_a_server_error])

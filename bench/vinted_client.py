"""What the Vinted client's guards cost per request, against the sandbox on loopback.

Run with `make bench BENCH=vinted_client`. Baseline: the same request sent with bare `requests`
in the same process. The guarded write adds a limiter reservation (Redis Lua script), an
attempts-log row and its outcome (two PostgreSQL statements) and classification.
Targets: guarded read overhead p50 <= 1 ms; guarded write overhead p50 <= 15 ms and p95 <= 50 ms
(under 0.25 % of the 20 s minimum spacing between two writes of one account); opening a sealed
session p95 <= 1 ms.
"""

import argparse
import os
import time

from common import ROOT, setup_django, summary


def paired(baseline, ours, n: int) -> tuple[list[float], list[float]]:
    """Alternates the two so that noise from other processes hits both alike."""
    a, b = [], []
    for _ in range(n):
        for step, times in ((baseline, a), (ours, b)):
            started = time.perf_counter()
            step()
            times.append(time.perf_counter() - started)
    return a, b


def timed(step, n: int) -> list[float]:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return times


def _one_listing(client) -> int:
    import io

    from PIL import Image

    from vinted.client import new_upload_session

    buffer = io.BytesIO()
    Image.new("RGB", (800, 1000), (120, 40, 40)).save(buffer, "JPEG")
    upload = new_upload_session()
    photo = client.upload_photo(buffer.getvalue(), upload_session_id=upload)
    item = {
        "currency": "EUR",
        "title": "Bench T-shirt",
        "description": "For the benchmark.",
        "brand_id": 12,
        "brand": "Zara",
        "catalog_id": 221,
        "size_id": 4,
        "status_id": 2,
        "item_attributes": [{"code": "size", "ids": [4]}, {"code": "condition", "ids": [2]}],
        "color_ids": [12],
        "price": 10,
        "package_size_id": 1,
        "shipment_prices": {"domestic": None, "international": None},
        "assigned_photos": [{"id": photo.data["id"], "orientation": 0}],
    }
    created = client.create_item(item, upload_session_id=upload)
    assert created.ok, created
    return created.data["id"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    # Celery's Django fix-up puts the working directory first on sys.path; from bench/ the
    # sibling scripts (catalog.py, ai.py) would shadow the apps of the same names.
    os.chdir(ROOT)
    setup_django()
    import requests
    from django.conf import settings
    from django_tenants.utils import tenant_context

    from tenants import provisioning
    from vinted import services, sessions
    from vinted.client import http
    from vinted.sandbox.server import SandboxServer

    sandbox = SandboxServer(port=0).start()
    settings.VINTED_SANDBOX_ENABLED = True
    settings.VINTED_SANDBOX_URL = sandbox.url
    settings.VINTED_RATE_LIMIT_MAX = 1_000_000  # measure the guard, not the budget
    shop = provisioning.provision_shop(
        name="bench vinted", owner_email="vinted@bench.local", password="bench-password-1"
    )
    try:
        with tenant_context(shop.tenant):
            seller = sandbox.create_seller("bench-seller")
            issued = sandbox.issue_session(seller["id"])
            session = sessions.VintedSession(
                cookies=issued["cookies"],
                csrf_token=issued["csrf_token"],
                anon_id=issued["anon_id"],
                user_agent=issued["user_agent"],
                locale=issued["locale"],
            )
            capture = services.Capture(domain=issued["domain"], session=session, vinted_user_id=seller["id"])
            account, _created = services.connect(capture, tenant=shop.tenant)
            client = services.client_for(account)
            item_id = _one_listing(client)
            headers = client._headers(write=True)
            bare = requests.Session()
            site = client.site
            n = args.requests

            bare_read, guarded_read = paired(
                lambda: bare.get(site.url("/api/v2/users/current"), headers=headers, timeout=http.timeouts()),
                client.who_am_i,
                n,
            )
            print("reads (GET /api/v2/users/current)")
            base = summary("  bare requests", bare_read)
            ours = summary("  VintedClient.who_am_i", guarded_read)
            print(
                f"  overhead p50 {ours['p50'] - base['p50']:.2f} ms, p95 {ours['p95'] - base['p95']:.2f} ms, "
                f"ratio p50 {ours['p50'] / base['p50']:.2f}x"
            )

            path = f"/api/v2/items/{item_id}/is_hidden"
            bare_write, guarded_write = paired(
                lambda: bare.put(site.url(path), json={"is_hidden": True}, headers=headers, timeout=http.timeouts()),
                lambda: client.hide_item(item_id),
                n,
            )
            print(f"writes (PUT {path}): reserve + attempts log + one send")
            base = summary("  bare requests", bare_write)
            ours = summary("  VintedClient.hide_item", guarded_write)
            print(
                f"  overhead p50 {ours['p50'] - base['p50']:.2f} ms, p95 {ours['p95'] - base['p95']:.2f} ms, "
                f"ratio p50 {ours['p50'] / base['p50']:.2f}x"
            )
            print("parts of the guard")
            from vinted import budget

            key = client.budget_key
            summary("  policy lookup (once per client)", timed(lambda: budget.policy_for(key), n))
            policy = budget.policy_for(key)
            ids = []
            summary(
                "  reserve + attempts-log row",
                timed(lambda: ids.append(budget.reserve(key, "PUT", path, policy)[1]), n),
            )
            summary("  record the outcome", timed(lambda: budget.record(ids.pop(), "ok", 200), n))
            print("sealed session")
            summary("  open_session (AES-GCM + JSON)", timed(lambda: sessions.open_session(account), n * 3))
            summary("  seal_session", timed(lambda: sessions.seal_session(account, session), n * 3))
    finally:
        sandbox.stop()
        provisioning.delete_shop(shop.tenant)


if __name__ == "__main__":
    main()

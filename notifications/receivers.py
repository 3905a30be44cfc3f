"""What notifications listen to: catalog's sale signal and the saves of vinted's job events and
accounts. Neither app imports this one.

A failure here is logged and swallowed: a notification must never undo a sale or a job step.
"""

import logging

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import connection
from django.db.models.signals import post_save, pre_save
from django.urls import reverse

from . import notices, webhooks
from .outbox.models import Kind

log = logging.getLogger(__name__)


def _in_shop() -> bool:
    return getattr(connection, "tenant", None) is not None and connection.schema_name != "public"


def _safely(func):
    def receiver(*args, **kwargs):
        if not _in_shop():
            return
        try:
            func(*args, **kwargs)
        except Exception:  # logged, never raised: see the module's docstring
            log.exception("notification for %s failed", func.__name__)

    receiver.__name__ = func.__name__
    return receiver


def _product(product) -> dict:
    if product is None:
        return {}
    return {"id": str(product.public_id), "sku": product.sku, "title": product.title}


@_safely
def on_sale(sender, sale, **kwargs):
    data = {
        "sale_id": str(sale.public_id),
        "product": _product(sale.product),
        "channel": sale.channel,
        "account": sale.account_label,
        "listing_id": sale.listing_ref,
        "quantity": sale.quantity,
        "price": f"{sale.price:.2f}",
        "currency": sale.currency,
        "sold_at": sale.sold_at.isoformat(),
    }
    webhooks.emit("listing.sold", data)
    notices.notify(
        Kind.ITEM_SOLD,
        {
            "title": sale.product.title if sale.product else "",
            "price": f"{sale.price:.2f}",
            "currency": sale.currency,
            "channel": sale.channel,
            "quantity": sale.quantity,
        },
    )


@_safely
def on_job_event(sender, instance, created, **kwargs):
    if not created or instance.kind != "transition":
        return
    job = instance.job
    base = {
        "job_id": str(job.public_id),
        "action": job.action,
        "product": _product(job.product),
        "account": str(job.account.public_id),
    }
    if instance.to_state == "completed" and job.action in ("publish", "repost", "show", "delete"):
        listing = job.account.listings.filter(product=job.product).order_by("-id").first() if job.product else None
        listing_data = {"item_id": listing.item_id, "url": listing.url} if listing else {}
        event = "listing.deleted" if job.action == "delete" else "listing.published"
        webhooks.emit(event, {**base, "listing": listing_data})
    elif instance.to_state == "failed":
        webhooks.emit("job.failed", {**base, "message": job.message, "error_code": job.error_code})
    elif instance.to_state == "needs_attention":
        notices.notify(
            Kind.JOB_ATTENTION,
            {
                "title": job.product.title if job.product else "",
                "action": job.action,
                "message": job.message,
                "url": settings.SITE_URL.rstrip("/") + reverse("vinted:job", args=[job.public_id]),
            },
        )


def remember_status(sender, instance, **kwargs):
    instance._status_before = (
        type(instance).objects.filter(pk=instance.pk).values_list("status", flat=True).first() if instance.pk else None
    )


@_safely
def on_account(sender, instance, created, **kwargs):
    before, now = getattr(instance, "_status_before", None), instance.status
    if before == now:
        return
    account = {
        "id": str(instance.public_id),
        "login": instance.login,
        "site": instance.domain,
        "reason": instance.status_reason,
    }
    reconnect = settings.SITE_URL.rstrip("/") + reverse("vinted:accounts")
    if now == "expired":
        webhooks.emit("session.expired", {"account": account})
        notices.notify(Kind.SESSION, {**account, "state": "expired", "reconnect_url": reconnect})
    elif now == "expiring":
        notices.notify(Kind.SESSION, {**account, "state": "expiring", "reconnect_url": reconnect})
    elif now == "challenge_required":
        notices.notify(Kind.CHALLENGE, {**account, "reconnect_url": reconnect})


def on_login(sender, request, user, **kwargs):
    language = getattr(request, "LANGUAGE_CODE", "")
    if language:
        notices.remember_language(user, language)


def connect() -> None:
    from catalog.signals import sale_recorded
    from tenants.signals import shop_erasing
    from vinted.jobs.models import JobEvent
    from vinted.models import VintedAccount

    from . import erasure

    sale_recorded.connect(on_sale, dispatch_uid="notifications-sale")
    post_save.connect(on_job_event, sender=JobEvent, dispatch_uid="notifications-job-event")
    pre_save.connect(remember_status, sender=VintedAccount, dispatch_uid="notifications-account-before")
    post_save.connect(on_account, sender=VintedAccount, dispatch_uid="notifications-account")
    user_logged_in.connect(on_login, dispatch_uid="notifications-language")
    shop_erasing.connect(erasure.on_shop_erasing, dispatch_uid="notifications-shop-erasing")

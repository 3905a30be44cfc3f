"""E-mail notifications: events become notices for the shop's members who want that kind; the
beat sends each user one e-mail per kind with every notice waiting, at most once per
NOTIFICATIONS_BATCH_SECONDS (an hour), in the user's language."""

import datetime
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation

from tenants.connection import tenant_connection
from tenants.models import Membership, Tenant, User

from .outbox.models import Kind, Notice, NotificationSettings

log = logging.getLogger(__name__)


def settings_of(user: User) -> NotificationSettings:
    return NotificationSettings.objects.get_or_create(user=user)[0]


def set_choices(user: User, enabled_kinds: Iterable[str], language: str | None = None) -> NotificationSettings:
    choice = settings_of(user)
    choice.disabled = [kind for kind in Kind.values if kind not in set(enabled_kinds)]
    if language:
        choice.language = language
    choice.save()
    return choice


def remember_language(user: User, language: str) -> None:
    languages = {code for code, _name in settings.LANGUAGES}
    if language in languages:
        NotificationSettings.objects.update_or_create(user=user, defaults={"language": language})


def recipients(tenant: Tenant, kind: str) -> list[User]:
    """The shop's members who have not switched `kind` off."""
    users = [
        m.user
        for m in Membership.objects.filter(tenant=tenant).select_related("user")
        if m.user.is_active and m.user.email
    ]
    off = set(
        NotificationSettings.objects.filter(user__in=users, disabled__contains=[kind]).values_list("user_id", flat=True)
    )
    return [user for user in users if user.pk not in off]


def notify(kind: str, data: dict[str, Any], tenant: Tenant | None = None) -> int:
    """A notice of `kind` for every member of the current shop who wants it."""
    tenant = tenant or tenant_connection().tenant
    notices = [
        Notice(user=user, kind=kind, tenant_schema=tenant.schema_name, shop_name=tenant.name, data=data)
        for user in recipients(tenant, kind)
    ]
    Notice.objects.bulk_create(notices)
    return len(notices)


def send_due(now: datetime.datetime | None = None) -> int:
    """One e-mail per (user, kind) with notices waiting, unless one went out within the batch window."""
    now = now or timezone.now()
    window = datetime.timedelta(seconds=settings.NOTIFICATIONS_BATCH_SECONDS)
    pending = (
        Notice.objects.filter(sent_at__isnull=True).values("user_id", "kind").distinct().order_by("user_id", "kind")
    )
    sent = 0
    for group in pending:
        last = Notice.objects.filter(user_id=group["user_id"], kind=group["kind"], sent_at__isnull=False).aggregate(
            last=Max("sent_at")
        )["last"]
        if last and now - last < window:
            continue
        with transaction.atomic():
            notices = list(
                Notice.objects.select_for_update(skip_locked=True)
                .select_related("user")
                .filter(user_id=group["user_id"], kind=group["kind"], sent_at__isnull=True)
                .order_by("created_at", "id")
            )
            if not notices:
                continue
            _send(notices[0].user, group["kind"], notices)
            Notice.objects.filter(pk__in=[n.pk for n in notices]).update(sent_at=now)
            sent += 1
    return sent


def _send(user: User, kind: str, notices: list[Notice]) -> None:
    language = settings_of(user).language
    with translation.override(language):
        context = {
            "user": user,
            "kind": kind,
            "notices": notices,
            "site_url": settings.SITE_URL.rstrip("/"),
            "count": len(notices),
        }
        subject = " ".join(render_to_string("notifications/email/subject.txt", context).split())
        body = render_to_string("notifications/email/body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])

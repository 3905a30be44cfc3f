"""Reads of the publication engine (jobs, listings, figures for the dashboard)."""

import datetime
import uuid
from typing import Any, TypedDict

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product
from channels.models import JobDispatch
from tenants.connection import current_schema_name

from .. import domains
from ..models import VintedAccount
from ..preflight import Problem, preflight
from .models import Job, JobEvent, Listing

# A listing in one of these states is on Vinted: publishing the product again would duplicate it.
LIVE = (Listing.Status.PUBLISHED, Listing.Status.HIDDEN)

S = Job.State


def jobs_for_account(account: VintedAccount) -> QuerySet[Job]:
    return Job.objects.filter(account=account).select_related("product").order_by("-created_at", "-id")


def jobs_for_product(product: Product) -> QuerySet[Job]:
    return Job.objects.filter(product=product).select_related("account").order_by("-created_at", "-id")


def job(public_id: uuid.UUID | str) -> Job | None:
    return Job.objects.filter(public_id=public_id).select_related("product", "account").first()


def events_of(job: Job) -> QuerySet[JobEvent]:
    return JobEvent.objects.filter(job=job).order_by("at", "id")


def listing_for(product: Product | int, account: VintedAccount | int) -> Listing | None:
    return Listing.objects.filter(product=product, account=account).select_related("account").first()


def is_listed(product: Product, account: VintedAccount) -> bool:
    return Listing.objects.filter(product=product, account=account, status__in=LIVE).exists()


def publish_problems(product: Product, account: VintedAccount) -> list[Problem]:
    """Every reason this product cannot be published on this account now: the pre-flight checks,
    and a live listing there already (the product page offers update and repost instead)."""
    found = preflight(product, account)
    if is_listed(product, account):
        found.append(Problem("listing", _("This product is already listed on this Vinted account.")))
    return found


def listing_url(listing: Listing | None) -> str:
    """Where a listing is on Vinted, built from its id and its account's site (a stored URL, even an old
    relative one taken from an answer, is never shown)."""
    return domains.listing_url(listing.account.domain, listing.item_id) if listing is not None else ""


def requests_needed(action: str, product: Product | None) -> int:
    """Mutating requests a job will spend (docs/vinted-api.md §10.4)."""
    if action == Job.Action.SYNC:
        return 0
    if action in (Job.Action.UPDATE, Job.Action.DELETE, Job.Action.HIDE, Job.Action.SHOW):
        return 1
    photos = product.photos.count() if product is not None else 0
    return photos + (2 if action == Job.Action.REPOST else 1)


def job_progress(job: Job) -> dict[str, Any]:
    """What the progress fragment shows; `message` is the English source, translate at display."""
    listing = listing_for(job.product_id, job.account_id) if job.product_id else None
    done = job.state == S.COMPLETED
    return {
        "public_id": str(job.public_id),
        "action": job.action,
        "state": job.state,
        "state_label": job.get_state_display(),
        "step": job.step,
        "photos_done": job.photos_done,
        "photos_total": job.photos_total,
        "eta": job.next_attempt_at if job.state in (S.WAITING_RATE_LIMIT, S.PENDING) else None,
        "url": listing_url(listing) if done else "",
        "message": job.message,
        "errors": job.errors,
        "error_code": job.error_code,
        "finished": job.state in Job.TERMINAL,
        "attempts": job.attempts,
        "starts_by": starts_by(job),
    }


def starts_by(job: Job) -> datetime.datetime | None:
    """When a job that has not started yet is sent at the latest: its dispatch row's due time (the
    beat dispatcher sends it then if no message did before, e.g. the web process died between the
    commit and the broker). None for a job that started or waits for something else."""
    if job.state != S.PENDING or job.step:
        return None
    return (
        JobDispatch.objects.filter(channel=Job.CHANNEL, tenant_schema=current_schema_name(), job_id=job.pk)
        .values_list("due_at", flat=True)
        .first()
    )


class WaitingSummary(TypedDict):
    waiting: int
    next_at: datetime.datetime | None


def _since(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def publications_per_day(days: int) -> dict[datetime.date, int]:
    """Completed publish and repost jobs per local day over the last `days` days (missing days 0)."""
    rows = (
        Job.objects.filter(
            action__in=[Job.Action.PUBLISH, Job.Action.REPOST], state=S.COMPLETED, finished_at__gte=_since(days)
        )
        .annotate(day=TruncDate("finished_at"))
        .values("day")
        .annotate(n=Count("id"))
    )
    counts = {row["day"]: row["n"] for row in rows}
    today = timezone.localdate()
    return {
        today - datetime.timedelta(days=i): counts.get(today - datetime.timedelta(days=i), 0)
        for i in range(days - 1, -1, -1)
    }


def success_rate(days: int) -> float | None:
    """Share of publish jobs that ended published, among those that ended (or need a person)."""
    figures = Job.objects.filter(
        action__in=[Job.Action.PUBLISH, Job.Action.REPOST], updated_at__gte=_since(days)
    ).aggregate(
        ok=Count("id", filter=Q(state=S.COMPLETED)), bad=Count("id", filter=Q(state__in=[S.FAILED, S.NEEDS_ATTENTION]))
    )
    total = figures["ok"] + figures["bad"]
    return None if total == 0 else figures["ok"] / total


def waiting_summary(account: VintedAccount) -> WaitingSummary:
    """ "12 waiting, next slot 14:32" for an account."""
    waiting = Job.objects.filter(account=account, state=S.WAITING_RATE_LIMIT)
    first = waiting.exclude(next_attempt_at__isnull=True).order_by("next_attempt_at").first()
    return {"waiting": waiting.count(), "next_at": first.next_attempt_at if first else None}

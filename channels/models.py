"""What every marketplace channel's jobs share (docs/architecture.md, "Channel jobs").

`JobDispatch` is public: the beat dispatcher finds due jobs of every shop without opening each
schema. `ChannelJob` and `ChannelJobEvent` are abstract: each channel has its own job table in the
shop's schema (its own actions, remote ids and constraints), with the same state machine.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobDispatch(models.Model):
    """One row per live job of any channel (public schema), written in the job's own transaction.

    `due_at` is when to look next: the next attempt of a waiting job, the lease end of a running one
    (a dead worker's job is then reconciled), or null for a job that waits for a person.
    """

    channel = models.CharField(max_length=20)
    tenant_schema = models.CharField(max_length=63)
    job_id = models.BigIntegerField()
    job_public_id = models.UUIDField(unique=True)
    action = models.CharField(max_length=12)
    state = models.CharField(max_length=20)
    due_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "tenant_schema", "job_id"], name="channels_dispatch_one_per_job")
        ]
        indexes = [
            models.Index(
                fields=["channel", "due_at"], name="channels_dispatch_due", condition=models.Q(due_at__isnull=False)
            )
        ]

    def __str__(self):
        return f"{self.channel} {self.tenant_schema}#{self.job_id} {self.state} due {self.due_at}"


class JobState(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    WAITING_RATE_LIMIT = "waiting_rate_limit", _("Waiting for the call limit")
    WAITING_RECONNECT = "waiting_reconnect", _("Waiting for you to reconnect the account")
    NEEDS_ATTENTION = "needs_attention", _("Needs your attention")
    UNKNOWN = "unknown", _("Checking on the marketplace")


TERMINAL = (JobState.COMPLETED, JobState.FAILED, JobState.CANCELLED)
ACTIVE = tuple(s for s in JobState if s not in TERMINAL)
# A job in one of these is picked up again by time (its next_attempt_at); the others wait for a person.
CLAIMABLE = (JobState.PENDING, JobState.WAITING_RATE_LIMIT, JobState.UNKNOWN)


class ChannelJob(models.Model):
    """The state machine every channel job has. Subclasses add `action`, `product`, `account` and their
    constraints, and set CHANNEL."""

    CHANNEL = ""
    State = JobState
    TERMINAL = TERMINAL
    ACTIVE = ACTIVE

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    state = models.CharField(max_length=20, choices=JobState.choices, default=JobState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    message = models.CharField(max_length=500, blank=True)  # English source, translated at display
    errors = models.JSONField(default=list, blank=True)  # [{"field", "message"}] from the marketplace
    step = models.CharField(max_length=20, blank=True)
    remote = models.JSONField(default=dict, blank=True)  # ids the marketplace gave back so far
    cancel_requested = models.BooleanField(default=False)
    created_by = models.BigIntegerField(null=True, blank=True)  # user id (users live in public)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{getattr(self, 'action', '')} {self.public_id} ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE


class ChannelJobEvent(models.Model):
    """Append-only history of a job: transitions and requests. Never a token, cookie or body.
    Subclasses add `job = ForeignKey(<their job>, related_name="events")`."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", _("State change")
        REQUEST = "request", _("Request")

    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    message = models.CharField(max_length=500, blank=True)
    method = models.CharField(max_length=8, blank=True)
    path = models.CharField(max_length=200, blank=True)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]


class PollSchedule(models.Model):
    """When a channel next reads one connected account (public schema): one row per account of a shop
    that a periodic poll looks at, so the beat task reads only the due rows instead of opening every
    shop's schema (channels.polls; eBay's orders poll uses it, docs/scaling.md).

    The channel keeps the row in the transaction that changes the answer. `next_at` is never later
    than the moment the account is due; it may be earlier (the tick, or the poll, then only moves it).
    """

    channel = models.CharField(max_length=20)
    tenant_schema = models.CharField(max_length=63)
    account_id = models.BigIntegerField()
    next_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "tenant_schema", "account_id"], name="channels_poll_one_per_account"
            )
        ]
        indexes = [
            models.Index(
                fields=["channel", "next_at"], name="channels_poll_due", condition=models.Q(next_at__isnull=False)
            )
        ]

    def __str__(self):
        return f"{self.channel} {self.tenant_schema}#{self.account_id} next {self.next_at}"

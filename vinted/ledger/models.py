from django.db import models


class VintedAttempt(models.Model):
    """One reserved slot for a mutating Vinted request.

    Public, not per shop: the budget belongs to the Vinted account, and two shops
    may connect the same account. The limiter rebuilds its window from these rows
    when Redis lost them, so a row is written for every reserved slot, sent or not.
    """

    class Outcome(models.TextChoices):
        RESERVED = "reserved"  # slot taken, request not answered yet
        RELEASED = "released"  # nothing left the machine; slot given back
        OK = "ok"
        VALIDATION_ERROR = "validation_error"
        SESSION_EXPIRED = "session_expired"
        CSRF_REFRESH = "csrf_refresh"
        BOT_CHALLENGE = "bot_challenge"
        RATE_LIMITED = "rate_limited"
        TRANSIENT = "transient"
        AMBIGUOUS = "ambiguous"
        NOT_FOUND = "not_found"
        REJECTED = "rejected"

    account_key = models.CharField(max_length=160, db_index=True)
    attempt_id = models.CharField(max_length=64, unique=True)
    reserved_at_ms = models.BigIntegerField()
    sent_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, default=Outcome.RESERVED)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    tenant_schema = models.CharField(max_length=63)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["account_key", "reserved_at_ms"])]

    def __str__(self):
        return f"{self.method} {self.path} ({self.outcome})"


class SyncSchedule(models.Model):
    """The public index of connected Vinted accounts and when each is next looked at for a periodic
    sync (one row per connected account of a shop), so the beat task reads only the due rows instead
    of opening every shop's schema.

    Kept by vinted.jobs.schedule in the transaction that changes the account, its sync jobs or its
    listings. `next_sync_at` is never later than the moment the account is due (its last sync's
    start + vinted.jobs.dispatch.sync_interval); it may be earlier (a listing stopped being live),
    and the tick then only moves it. Null while a sync of the account is in progress: that sync's
    end sets it.
    """

    tenant_schema = models.CharField(max_length=63)
    account_id = models.BigIntegerField()
    next_sync_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant_schema", "account_id"], name="vinted_sync_one_per_account")
        ]
        indexes = [
            models.Index(
                fields=["next_sync_at"], name="vinted_sync_due", condition=models.Q(next_sync_at__isnull=False)
            ),
        ]

    def __str__(self):
        return f"{self.tenant_schema}#{self.account_id} next sync {self.next_sync_at}"

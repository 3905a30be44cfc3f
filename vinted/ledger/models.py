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

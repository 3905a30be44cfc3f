from django.db import models


class DraftIndex(models.Model):
    """The public index of photo drafts (ai.photo_drafts): which shop holds which draft since when,
    so the sweeper finds the old ones with one indexed query instead of listing every shop's
    storage. The draft itself (photos, proposal) stays under the shop's storage prefix; a row is
    written with the draft and deleted with it."""

    tenant_schema = models.CharField(max_length=63)
    draft_id = models.UUIDField()
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant_schema", "draft_id"], name="ai_draft_one_per_id")]

    def __str__(self):
        return f"{self.tenant_schema}/{self.draft_id} ({self.created_at:%Y-%m-%d %H:%M})"

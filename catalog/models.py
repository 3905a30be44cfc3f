"""A shop's products and their photos (tenant schema).

References to the shared taxonomy (public schema) carry no database constraint: a foreign key
from every shop schema into public would block public-schema maintenance (truncate, restore),
and taxonomy values are deactivated, never deleted (the admin offers no delete).
"""

import secrets
import uuid
from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.taxonomy.models import Brand, Category, Colour, Condition, Material, PackageSize, Size

SKU_MAX = 64
TITLE_MAX = 100
DESCRIPTION_MAX = 2000
MAX_COLOURS = 2
MAX_MATERIALS = 3
MAX_PHOTOS = 20
# `simple` with accents removed (created by taxonomy migration 0003); the search vector and every
# search query must use the same configuration.
SEARCH_CONFIG = "extensions.simple_unaccent"


class ProductQuerySet(models.QuerySet["Product"]):
    def alive(self) -> "ProductQuerySet":
        return self.filter(deleted_at__isnull=True)

    def deleted(self) -> "ProductQuerySet":
        return self.filter(deleted_at__isnull=False)


_ProductManagerBase = models.Manager.from_queryset(ProductQuerySet)


class ProductManager(_ProductManagerBase["Product"]):
    def get_queryset(self) -> ProductQuerySet:
        # The search vector is only ever filtered on; loading it would double the bytes of a list.
        return ProductQuerySet(self.model, using=self._db).defer("search")


class Product(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        READY = "ready", _("Ready")
        LISTED = "listed", _("Listed")
        SOLD = "sold", _("Sold")
        ARCHIVED = "archived", _("Archived")

    class Gender(models.TextChoices):
        WOMEN = "women", _("Women")
        MEN = "men", _("Men")
        KIDS = "kids", _("Kids")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sku = models.CharField(_("SKU"), max_length=SKU_MAX)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX, blank=True)
    price = models.DecimalField(_("price"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])
    cost_price = models.DecimalField(
        _("cost price"), max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    stock = models.PositiveIntegerField(_("stock"), default=1)
    brand = models.ForeignKey(
        Brand,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        verbose_name=_("brand"),
    )
    # Always the brand's text (copied from `brand` when mapped): search and display need no join,
    # and a typed brand missing from the taxonomy stays here with brand=None ("unmapped").
    brand_name = models.CharField(_("brand"), max_length=120, blank=True)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        verbose_name=_("category"),
    )
    size = models.ForeignKey(
        Size,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        verbose_name=_("size"),
    )
    colours = models.ManyToManyField(
        Colour, blank=True, related_name="+", db_constraint=False, verbose_name=_("colours")
    )
    materials = models.ManyToManyField(
        Material, blank=True, related_name="+", db_constraint=False, verbose_name=_("materials")
    )
    condition = models.ForeignKey(
        Condition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        verbose_name=_("condition"),
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    is_unisex = models.BooleanField(_("unisex"), default=False)
    package_size = models.ForeignKey(
        PackageSize,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        verbose_name=_("package size"),
    )
    length_cm = models.PositiveSmallIntegerField(
        _("length (cm)"), null=True, blank=True, validators=[MaxValueValidator(1000)]
    )
    width_cm = models.PositiveSmallIntegerField(
        _("width (cm)"), null=True, blank=True, validators=[MaxValueValidator(1000)]
    )
    # Flaws are published on purpose (an honest listing sells and avoids returns): the AI writes
    # them into the description. What must stay private goes in private_notes.
    seller_notes = models.TextField(
        _("flaws and condition notes"),
        blank=True,
        help_text=_(
            "Visible flaws and condition details, e.g. “small mark on the left "
            "sleeve”. They are published: the AI writes them into the "
            "listing's description."
        ),
    )
    private_notes = models.TextField(
        _("private notes"),
        blank=True,
        help_text=_(
            "For you only, e.g. where it is stored or what you paid. Never published and never sent to the AI."
        ),
    )
    tags = ArrayField(models.CharField(max_length=40), default=list, blank=True, verbose_name=_("tags"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    listed_at = models.DateTimeField(_("listed"), null=True, blank=True)
    sold_at = models.DateTimeField(_("sold"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    photo_count = models.PositiveSmallIntegerField(default=0, editable=False)
    # The SKU is indexed twice: as PostgreSQL's parser reads it ("MAR-77" gives "mar" and "-77")
    # and split at punctuation ("mar", "77"), the way a typed search is split, so a code is found
    # by the same index condition as words and a search never needs a second, OR-ed condition.
    search = models.GeneratedField(
        expression=SearchVector(
            "sku",
            Func(
                F("sku"),
                Value(r"[[:punct:][:space:]]+"),
                Value(" "),
                Value("g"),
                function="regexp_replace",
                output_field=models.TextField(),
            ),
            "title",
            "brand_name",
            "description",
            config=SEARCH_CONFIG,
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ProductManager()
    # Set on a page of products by catalog.selectors.attach_covers, not stored.
    cover_id: "uuid.UUID | None"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.UniqueConstraint(
                fields=["sku"], condition=Q(deleted_at__isnull=True), name="catalog_product_sku_unique_alive"
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="catalog_product_price_not_negative"),
            models.CheckConstraint(
                condition=Q(cost_price__gte=0) | Q(cost_price__isnull=True), name="catalog_product_cost_not_negative"
            ),
        ]
        indexes = [
            GinIndex(fields=["search"], name="catalog_product_search"),
            models.Index(
                fields=["-created_at", "-id"], name="catalog_product_created", condition=Q(deleted_at__isnull=True)
            ),
            models.Index(
                fields=["status", "-created_at", "-id"],
                name="catalog_product_status",
                condition=Q(deleted_at__isnull=True),
            ),
            # One per sort order of the list, so a page is an index walk, not a sort of every match.
            models.Index(fields=["price", "id"], name="catalog_product_by_price", condition=Q(deleted_at__isnull=True)),
            models.Index(fields=["title", "id"], name="catalog_product_by_title", condition=Q(deleted_at__isnull=True)),
            models.Index(
                fields=["-updated_at", "-id"], name="catalog_product_by_updated", condition=Q(deleted_at__isnull=True)
            ),
            models.Index(fields=["listed_at"], name="catalog_product_listed_at"),
            models.Index(fields=["sold_at"], name="catalog_product_sold_at"),
        ]

    def __str__(self) -> str:
        return f"{self.sku} · {self.title}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def brand_unmapped(self) -> bool:
        return self.brand_id is None and bool(self.brand_name)


def photo_path(schema_name: str, product_public_id, photo_public_id, variant: str = "") -> str:
    """Storage name under the shop's prefix, so one bucket or directory holds every shop apart."""
    suffix = f"_{variant}" if variant else ""
    return f"{schema_name}/products/{product_public_id}/{photo_public_id}{suffix}.jpg"


class ProductPhoto(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    position = models.PositiveSmallIntegerField(default=0)
    image = models.CharField(max_length=300)  # storage name of the normalised JPEG
    thumbnail = models.CharField(max_length=300)  # 400 px
    small = models.CharField(max_length=300)  # 120 px, for lists
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    bytes = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        indexes = [models.Index(fields=["product", "position"], name="catalog_photo_order")]

    def __str__(self) -> str:
        return f"{self.product_id}#{self.position}"


def original_path(schema_name: str, product_public_id, upload_public_id) -> str:
    """A large upload kept as sent until the worker has normalised it."""
    return f"{schema_name}/products/{product_public_id}/{upload_public_id}_original"


class PhotoUpload(models.Model):
    """A large photo waiting for the worker (or refused by it): not a ProductPhoto until it is
    normalised, so nothing that publishes or lists photos ever sees it. A refused one keeps its
    original file until the seller retries or deletes it."""

    class Status(models.TextChoices):
        PROCESSING = "processing", _("Processing")
        FAILED = "failed", _("Failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photo_uploads")
    original = models.CharField(max_length=300)
    name = models.CharField(max_length=255, blank=True)  # the seller's file name, for messages
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROCESSING)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.name or self.public_id} ({self.status})"


class PaymentMethod(models.TextChoices):
    MARKETPLACE = "marketplace", _("Through the marketplace")
    CASH = "cash", _("Cash")
    CARD = "card", _("Card")
    TRANSFER = "transfer", _("Bank transfer")
    CHEQUE = "cheque", _("Cheque")
    OTHER = "other", _("Other")


class SaleQuerySet(models.QuerySet["Sale"]):
    def counted(self) -> "SaleQuerySet":
        """Sales that count in figures, charts and exports: not cancelled."""
        return self.filter(cancelled_at__isnull=True)


class Sale(models.Model):
    """One sale of a product (shop schema): a marketplace listing that sold, or a sale entered by hand.

    Marketplace-neutral: `channel` is the marketplace's key ("vinted", or "manual" for a sale
    outside any marketplace), `account_ref`/`account_label` say which of its accounts, and
    `listing_ref` which listing (the marketplace's id), so catalog never imports a marketplace.
    Price, currency and the cost price are copied at the time of the sale: later catalog edits
    do not rewrite past revenue or margin.
    """

    MANUAL = "manual"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Products are soft-deleted; SET_NULL only guards a hard delete without losing the ledger.
    product = models.ForeignKey(Product, on_delete=models.SET_NULL, null=True, blank=True, related_name="sales")
    # The product as the ledger names it once the product is deleted for good (the link is then empty).
    product_sku = models.CharField(_("SKU"), max_length=SKU_MAX, blank=True)
    product_title = models.CharField(_("title"), max_length=TITLE_MAX, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1, validators=[MinValueValidator(1)])
    price = models.DecimalField(
        _("sale price"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )  # per unit, as paid
    currency = models.CharField(_("currency"), max_length=3)
    cost_price = models.DecimalField(
        _("cost price"), max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )  # per unit, at the time
    # What the seller paid to sell it, for the whole sale (typed by the seller).
    shipping_cost = models.DecimalField(
        _("shipping cost"), max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    fees = models.DecimalField(
        _("fees"), max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    margin = models.GeneratedField(
        expression=(F("price") - Coalesce(F("cost_price"), Value(Decimal("0")))) * F("quantity")
        - Coalesce(F("shipping_cost"), Value(Decimal("0")))
        - Coalesce(F("fees"), Value(Decimal("0"))),
        output_field=models.DecimalField(max_digits=14, decimal_places=2),
        db_persist=True,
    )
    buyer_ref = models.CharField(_("buyer reference"), max_length=200, blank=True)
    payment_method = models.CharField(_("means of payment"), max_length=20, choices=PaymentMethod.choices, blank=True)
    # A cancelled sale (a return) stays in the ledger for the record but counts nowhere.
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    sold_at = models.DateTimeField(_("sold"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=30, default=MANUAL)
    account_ref = models.CharField(max_length=100, blank=True)
    account_label = models.CharField(_("account"), max_length=200, blank=True)
    listing_ref = models.CharField(_("listing"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SaleQuerySet.as_manager()

    class Meta:
        ordering = ["-sold_at", "-id"]
        verbose_name = _("sale")
        verbose_name_plural = _("sales")
        constraints = [
            # A listing sells once: a second sync of the same sold listing records nothing more.
            models.UniqueConstraint(
                fields=["channel", "account_ref", "listing_ref"],
                name="catalog_sale_one_per_listing",
                condition=~Q(listing_ref=""),
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="catalog_sale_price_not_negative"),
            models.CheckConstraint(
                condition=Q(shipping_cost__gte=0) | Q(shipping_cost__isnull=True),
                name="catalog_sale_shipping_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(fees__gte=0) | Q(fees__isnull=True), name="catalog_sale_fees_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["sold_at"], name="catalog_sale_sold_at")]

    def __str__(self) -> str:
        return f"{self.channel} {self.price} {self.currency} ({self.sold_at:%Y-%m-%d})"

    @property
    def revenue(self) -> Decimal:
        return self.price * self.quantity

    @property
    def sku(self) -> str:
        """The product's SKU, or the one recorded when the product is gone."""
        return self.product.sku if self.product_id else self.product_sku

    @property
    def title(self) -> str:
        return self.product.title if self.product_id else self.product_title


class DelistStep(models.Model):
    """One line of a product's delist log (shop schema): a sale seen, or what a channel did to take
    one of the product's other listings off sale. Marketplace-neutral like `Sale`: the channels write
    plain strings (their key, account and listing references, an English message translated at
    display), so catalog never imports a marketplace.

    A waiting or failed step is an urgent task on the dashboard until a later step on the same
    listing is recorded, the seller dismisses it, or the product is for sale again.
    """

    class Outcome(models.TextChoices):
        SOLD = "sold", _("Sale seen")
        CANCELLED = "cancelled", _("Sale cancelled")
        ASKED = "asked", _("Delist asked")
        ENDED = "ended", _("Ended")
        SKIPPED = "skipped", _("Nothing to do")
        WAITING = "waiting", _("Waiting")
        FAILED = "failed", _("Failed")

    URGENT = (Outcome.WAITING, Outcome.FAILED)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="delist_steps")
    sale = models.ForeignKey(Sale, on_delete=models.SET_NULL, null=True, blank=True, related_name="delist_steps")
    at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    channel = models.CharField(max_length=30)
    account_ref = models.CharField(max_length=100, blank=True)
    account_label = models.CharField(max_length=200, blank=True)
    listing_ref = models.CharField(max_length=100, blank=True)
    # English sources with %(name)s placeholders filled from `params`: translated when shown.
    message = models.CharField(max_length=500, blank=True)
    todo = models.CharField(max_length=500, blank=True)  # what the seller can do about it
    todo_url = models.CharField(max_length=400, blank=True)
    params = models.JSONField(default=dict, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["product", "at"], name="catalog_delist_product_at"),
            models.Index(
                fields=["at"],
                name="catalog_delist_open",
                condition=Q(outcome__in=["waiting", "failed"], resolved_at=None),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.outcome} {self.listing_ref} ({self.at:%Y-%m-%d %H:%M})"

    @property
    def is_urgent(self) -> bool:
        return self.outcome in self.URGENT and self.resolved_at is None


class ImportRun(models.Model):
    """A CSV import too large for one request: the worker reads the kept file, records its progress
    here, then the same per-row report the synchronous import shows."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file_name = models.CharField(max_length=255, blank=True)  # storage name; emptied once deleted
    language = models.CharField(max_length=10, default="en")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    rejected = models.JSONField(default=list)  # [[line, reason], ...]
    notes = models.JSONField(default=list)  # [[line, note], ...]
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"import {self.public_id} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)


def import_path(schema_name: str) -> str:
    """A kept upload's storage name: under the shop's prefix, with a name nobody can guess."""
    return f"{schema_name}/imports/{secrets.token_urlsafe(24)}.csv"

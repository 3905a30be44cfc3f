"""Forms of the catalog pages. They check field formats; the services check the rules."""

from django import forms
from django.conf import settings
from django.core.cache import caches
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import SKU_MAX, PaymentMethod, Product, Sale
from .selectors import SORTS, ProductFilters
from .taxonomy import selectors as taxonomy
from .taxonomy.matching import normalise
from .taxonomy.models import Brand, Category, Colour, Condition, Material, PackageSize, Size


class LabelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


def category_request_help() -> str:
    """Where a seller asks for a category the list lacks (the operator's address, from settings)."""
    url = settings.CATALOG_CATEGORY_REQUEST_URL
    if not url:
        return ""
    return format_html(
        '{} <a href="{}" class="help-link">{}</a>', _("Missing a category?"), url, _("Ask us to add it.")
    )


class CategoryChoiceField(forms.ModelChoiceField):
    """Validates against the leaf categories; offers them grouped under their parent's path, the
    same options the list filter offers (`taxonomy_choices`)."""

    default_error_messages = {"invalid_choice": _("This category is no longer offered: choose another.")}

    def __init__(self, **kwargs):
        super().__init__(queryset=taxonomy.leaf_categories(), **kwargs)

    def label_from_instance(self, obj):
        return obj.path()


class LabelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/*,.heic,.heif", "capture": "environment"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


def tags_from_text(text: str) -> list[str]:
    seen = []
    for tag in (text or "").split(","):
        tag = tag.strip()[:40]
        if tag and tag not in seen:
            seen.append(tag)
    return seen


class ProductForm(forms.ModelForm):
    category = CategoryChoiceField(required=False, label=_("Category"))
    size = LabelChoiceField(queryset=Size.objects.none(), required=False, label=_("Size"))
    condition = LabelChoiceField(
        queryset=Condition.objects.filter(is_active=True), required=False, label=_("Condition")
    )
    package_size = LabelChoiceField(
        queryset=PackageSize.objects.filter(is_active=True), required=False, label=_("Package size")
    )
    colours = LabelMultipleChoiceField(
        queryset=Colour.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Colours (up to 2)"),
    )
    materials = LabelMultipleChoiceField(
        queryset=Material.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Materials (up to 3)"),
    )
    brand_name = forms.CharField(
        required=False,
        max_length=120,
        label=_("Brand"),
        help_text=_("Pick a suggestion; a brand not in the list is kept as unmapped."),
    )
    tags = forms.CharField(required=False, label=_("Tags"), help_text=_("Separated by commas."))
    photos = MultipleFileField(
        required=False,
        label=_("Add photos"),
        help_text=_("JPEG, PNG, WebP or HEIC; drag them here, pick several, or take them with your phone."),
    )

    class Meta:
        model = Product
        fields = [
            "sku",
            "title",
            "description",
            "price",
            "cost_price",
            "stock",
            "brand_name",
            "category",
            "size",
            "condition",
            "colours",
            "materials",
            "gender",
            "is_unisex",
            "package_size",
            "length_cm",
            "width_cm",
            "seller_notes",
            "private_notes",
            "tags",
            "status",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "seller_notes": forms.Textarea(attrs={"rows": 3}),
            "private_notes": forms.Textarea(attrs={"rows": 2}),
        }

    # Fields the category decides (its sizes, the conditions and package sizes marketplaces allow):
    # rendered together under the category picker and re-rendered when the category changes.
    CATEGORY_FIELDS = ("size", "condition", "package_size")

    def __init__(self, *args, advice=(), category=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["tags"] = ", ".join(self.instance.tags)
        self.fields["category"].help_text = category_request_help()
        self.picked = (
            category
            if category is not None
            else chosen_category(self.data if self.is_bound else None, self.instance, self.add_prefix("category"))
        )
        self.fields["size"].queryset = taxonomy.sizes_for_category(self.picked) if self.picked else Size.objects.none()
        self.fields["brand_name"].widget.attrs.update({"list": "brand-options", "autocomplete": "off"})
        self.advice = list(advice)
        self._apply_advice()

    def _apply_advice(self):
        """Offer only what every marketplace allows for the category (plus the product's current
        value, so editing never silently drops it); the services still accept any value."""
        allowed = None
        for advice in self.advice:
            if advice.condition_ids is not None:
                allowed = set(advice.condition_ids) if allowed is None else allowed & set(advice.condition_ids)
        if allowed is not None:
            keep = allowed | ({self.instance.condition_id} if self.instance.condition_id else set())
            self.fields["condition"].queryset = Condition.objects.filter(is_active=True, pk__in=keep)
        offered = next((a.package_size_ids for a in self.advice if a.package_size_ids), ())
        if offered:
            keep = set(offered) | ({self.instance.package_size_id} if self.instance.package_size_id else set())
            self.fields["package_size"].queryset = PackageSize.objects.filter(is_active=True, pk__in=keep)
            if not self.is_bound and not self.instance.package_size_id:
                self.initial["package_size"] = offered[0]
            suggested = PackageSize.objects.filter(pk=offered[0]).first()
            if suggested:
                self.fields["package_size"].help_text = _("Suggested for this category: %(size)s") % {
                    "size": suggested.label
                }

    def marketplace_required(self) -> list[tuple[str, list[str]]]:
        """[(source, [field labels])] of the fields each marketplace requires in this category."""
        out = []
        for advice in self.advice:
            labels = [str(self.fields[name].label) for name in self.Meta.fields if name in advice.required]
            if labels:
                out.append((advice.source, labels))
        return out

    def clean_tags(self):
        return tags_from_text(self.cleaned_data["tags"])

    def product_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["brand"] = None
        return data


def chosen_category(data, instance=None, name: str = "category"):
    """The category the data names, else the product's own. Any category, even one no longer
    offered: its advice says why (the form's field still refuses it)."""
    if data is not None:
        try:
            return Category.objects.filter(pk=int(data.get(name) or 0)).first()
        except (TypeError, ValueError):
            return None
    return instance.category if instance is not None and instance.pk else None


def taxonomy_choices() -> dict:
    """Category, brand and condition choices in the active language, from the shared cache: the
    taxonomy changes rarely and building the category paths on every request costs more than the page.

    `category_groups` is what the product form and the list filter both offer: every leaf a product
    can be listed under, grouped under its parent's path ([(path, [(id, name), ...]), ...])."""

    def build():
        groups = {}
        for leaf in taxonomy.leaf_categories():
            parent = leaf.parent.path() if leaf.parent_id else ""
            groups.setdefault(parent, []).append((leaf.pk, leaf.label))
        return {
            "category_groups": sorted(groups.items(), key=lambda group: normalise(group[0])),
            "category_ids": set(Category.objects.filter(is_active=True).values_list("pk", flat=True)),
            "brands": [(str(b.pk), b.label) for b in Brand.objects.filter(is_active=True)],
            "conditions": [(c.pk, c.label) for c in Condition.objects.filter(is_active=True)],
        }

    return caches["shared"].get_or_set(f"catalog:taxonomy-choices:{get_language()}", build, 300)


class CategoryFilterField(forms.TypedChoiceField):
    """Offers the leaves, like the product form; a link or API call naming a parent category (its
    sub-categories included) stays valid."""

    def valid_value(self, value):
        return super().valid_value(value) or str(value).isdigit() and int(value) in taxonomy_choices()["category_ids"]


class FilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        label=_("Search"),
        widget=forms.SearchInput(attrs={"placeholder": _("Title, SKU, brand, description")}),
    )
    status = forms.ChoiceField(
        required=False,
        label=_("Status"),
        choices=[("", _("All live products"))] + list(Product.Status.choices) + [("deleted", _("Deleted"))],
    )
    category = CategoryFilterField(required=False, coerce=int, empty_value=None, label=_("Category"))
    brand = forms.ChoiceField(required=False, label=_("Brand"))
    condition = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=_("Condition"))
    has_photos = forms.ChoiceField(
        required=False,
        label=_("Photos"),
        choices=[("", _("With or without")), ("yes", _("With photos")), ("no", _("Without photos"))],
    )
    sort = forms.ChoiceField(required=False, label=_("Sort"), choices=[(k, v[0]) for k, v in SORTS.items()])

    def __init__(self, *args, extension_filters=(), request=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = taxonomy_choices()
        self.fields["category"].choices = [("", _("Any category"))] + choices["category_groups"]
        self.fields["brand"].choices = [("", _("Any brand")), ("unmapped", _("Unmapped brands"))] + choices["brands"]
        self.fields["condition"].choices = [("", _("Any condition"))] + choices["conditions"]
        self.extension_filters = list(extension_filters)
        for entry in self.extension_filters:
            self.fields[entry.name] = forms.ChoiceField(
                required=False, label=entry.label, choices=[("", "—")] + list(entry.choices(request))
            )

    def filters(self) -> ProductFilters:
        data = self.cleaned_data if self.is_valid() else {}
        photos = data.get("has_photos")
        return ProductFilters(
            q=data.get("q") or "",
            status=data.get("status") or "",
            category=data.get("category"),
            brand=data.get("brand") or "",
            condition=data.get("condition"),
            has_photos={"yes": True, "no": False}.get(photos),
            sort=data.get("sort") or "newest",
            extra={e.name: data.get(e.name) for e in self.extension_filters if data.get(e.name)},
        )


class BulkForm(forms.Form):
    action = forms.CharField()
    ids = forms.CharField(required=False)
    percent = forms.DecimalField(required=False, max_digits=6, decimal_places=2, label=_("Change (%)"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))

    def clean_file(self):
        """Bytes and rows are bounded before any row is parsed: a request stays short."""
        upload = self.cleaned_data["file"]
        max_bytes, max_rows = settings.CATALOG_CSV_MAX_BYTES, settings.CATALOG_CSV_MAX_ROWS
        if upload.size > max_bytes:
            raise forms.ValidationError(
                _("This file is %(size)s MB; the limit is %(limit)s MB. Split it into several files.")
                % {"size": round(upload.size / 1_048_576, 1), "limit": round(max_bytes / 1_048_576, 1)}
            )
        # Line breaks, header included; a quoted value spanning lines counts more, never fewer.
        lines = sum(chunk.count(b"\n") for chunk in upload.chunks())
        upload.seek(0)
        self.rows = lines - 1
        if lines - 1 > max_rows:
            raise forms.ValidationError(
                _(
                    "This file has more than %(max)s rows; at most %(max)s rows can be "
                    "imported at once. Split it into several files."
                )
                % {"max": max_rows}
            )
        return upload


class SellForm(forms.Form):
    """A sale entered by hand; what to do with the product's live marketplace listings."""

    TAKEDOWN_CHOICES = [
        ("hide", _("Hide them (you can show them again)")),
        ("delete", _("Delete them")),
        ("keep", _("Leave them online")),
    ]

    price = forms.DecimalField(
        label=_("Sale price (each)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text=_("Leave empty to use the product's price."),
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=100000, initial=1)
    takedown = forms.ChoiceField(
        label=_("Its listings on marketplaces, once none is left"),
        choices=TAKEDOWN_CHOICES,
        initial="hide",
        required=False,
    )

    def clean_takedown(self):
        return self.cleaned_data.get("takedown") or "hide"


class SaleFilterForm(forms.Form):
    """Filters of the Sales page, its export and the sales API (the same query-string keys)."""

    start = forms.DateField(required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(required=False, label=_("Channel"))
    account = forms.ChoiceField(required=False, label=_("Account"))
    category = CategoryFilterField(required=False, coerce=int, empty_value=None, label=_("Category"))
    brand = forms.CharField(required=False, max_length=120, label=_("Brand"))
    cancelled = forms.BooleanField(required=False, label=_("Show cancelled sales"))

    def __init__(self, *args, channels=(), accounts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", _("Any channel"))] + [
            (value, _("By hand") if value == Sale.MANUAL else value.capitalize()) for value in channels
        ]
        self.fields["account"].choices = [("", _("Any account"))] + list(accounts)
        self.fields["category"].choices = [("", _("Any category"))] + taxonomy_choices()["category_groups"]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end date is before the start date."))
        return data

    def filters(self):
        from .sales_report import SaleFilters

        data = self.cleaned_data
        return SaleFilters(
            start=data.get("start"),
            end=data.get("end"),
            channel=data.get("channel") or "",
            account=data.get("account") or "",
            category=data.get("category"),
            brand=data.get("brand") or "",
            cancelled=bool(data.get("cancelled")),
        )


class SaleForm(forms.ModelForm):
    """What the seller may change on a recorded sale (catalog.sales.EDITABLE)."""

    class Meta:
        model = Sale
        fields = ["sold_at", "price", "cost_price", "shipping_cost", "fees", "buyer_ref", "payment_method"]
        labels = {"price": _("Price paid (each)"), "cost_price": _("Cost price (each)"), "sold_at": _("Date")}
        help_texts = {
            "buyer_ref": _("A name or username, for your records."),
            "shipping_cost": _("Shipping you paid, if any."),
            "fees": _("Marketplace or payment fees, if any."),
        }
        widgets = {"sold_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}


class ManualSaleForm(SellForm):
    """A sale outside any marketplace, entered from the Sales page: the product by its SKU."""

    field_order = ["sku", "price", "quantity", "payment_method", "buyer_ref", "shipping_cost", "fees", "takedown"]
    sku = forms.CharField(label=_("SKU"), max_length=SKU_MAX)
    payment_method = forms.ChoiceField(
        label=_("Means of payment"), required=False, choices=[("", "—")] + list(PaymentMethod.choices)
    )
    buyer_ref = forms.CharField(label=_("Buyer reference"), required=False, max_length=200)
    shipping_cost = forms.DecimalField(
        label=_("Shipping cost"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    fees = forms.DecimalField(label=_("Fees"), required=False, min_value=0, max_digits=10, decimal_places=2)

    def details(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ("payment_method", "buyer_ref", "shipping_cost", "fees")}

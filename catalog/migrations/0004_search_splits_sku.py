import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

SEARCH = models.GeneratedField(
    db_persist=True,
    expression=django.contrib.postgres.search.SearchVector(
        "sku",
        models.Func(
            models.F("sku"),
            models.Value("[[:punct:][:space:]]+"),
            models.Value(" "),
            models.Value("g"),
            function="regexp_replace",
            output_field=models.TextField(),
        ),
        "title",
        "brand_name",
        "description",
        config="simple",
    ),
    output_field=django.contrib.postgres.search.SearchVectorField(),
)


class Migration(migrations.Migration):
    """The search vector also holds the SKU split at punctuation, so a search is one index condition;
    the UPPER(sku) prefix index that served the second, OR-ed condition goes."""

    dependencies = [
        ("catalog", "0003_sort_indexes"),
    ]

    operations = [
        # PostgreSQL cannot change a generated column's expression: drop it and add it again.
        migrations.RemoveIndex(model_name="product", name="catalog_product_search"),
        migrations.RemoveField(model_name="product", name="search"),
        migrations.AddField(model_name="product", name="search", field=SEARCH),
        migrations.AddIndex(
            model_name="product",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search"], name="catalog_product_search"),
        ),
        migrations.RunSQL(
            "DROP INDEX catalog_product_sku_prefix",
            "CREATE INDEX catalog_product_sku_prefix ON catalog_product (UPPER(sku) text_pattern_ops)",
        ),
    ]

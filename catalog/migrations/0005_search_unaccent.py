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
        config="extensions.simple_unaccent",
    ),
    output_field=django.contrib.postgres.search.SearchVectorField(),
)


class Migration(migrations.Migration):
    """The search vector is built with `simple` plus unaccent (the configuration created by
    taxonomy 0003), so searches ignore accents; the query side uses the same configuration."""

    dependencies = [
        ("catalog", "0004_search_splits_sku"),
        ("taxonomy", "0003_unaccent_search_config"),
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
    ]

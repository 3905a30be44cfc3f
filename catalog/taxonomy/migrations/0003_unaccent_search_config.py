"""The text search configuration the product search uses: PostgreSQL's `simple` with accents removed
(unaccent), so "sezane" finds "Sézane" and "Sézane" finds "sezane".

Database-wide objects, created once from the public schema's migration (shared apps migrate first);
tenant schemas only refer to them. They live in their own `extensions` schema, never in `public` or a
shop schema, so copying the template schema (tenants/clone.py) has nothing to copy, and every use
names them in full, so no search path has to include that schema.
"""

from django.db import migrations

# Word token types that can hold letters outside ASCII; the ASCII ones keep `simple` alone.
TOKEN_TYPES = "word, numword, hword, numhword, hword_part, hword_numpart"

CREATE = f"""
CREATE SCHEMA IF NOT EXISTS extensions;
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA extensions;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace
                   WHERE n.nspname = 'extensions' AND c.cfgname = 'simple_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION extensions.simple_unaccent (COPY = pg_catalog.simple);
        ALTER TEXT SEARCH CONFIGURATION extensions.simple_unaccent
            ALTER MAPPING FOR {TOKEN_TYPES} WITH extensions.unaccent, pg_catalog.simple;
    END IF;
END
$$;
"""

# The extension and its schema may serve other uses: only the configuration goes.
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS extensions.simple_unaccent"


class Migration(migrations.Migration):
    dependencies = [
        ("taxonomy", "0002_seed_vinted_reference"),
    ]

    operations = [
        migrations.RunSQL(CREATE, DROP),
    ]

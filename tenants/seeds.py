"""The plans Stoflow ships with. Used by the data migration and by
`ensure_platform_rows()`, which restores them in tests that flush the database."""

TIER_PLAN = [
    # code, name, max products, max platforms, AI credits a month
    ("starter", "Starter", 50, 2, 0),
    ("standard", "Standard", 200, 5, 100),
    ("premium", "Premium", None, None, 500),
    ("business", "Business", None, None, 2000),
    ("enterprise", "Enterprise", None, None, 10000),
]
DEFAULT_TIER = "starter"

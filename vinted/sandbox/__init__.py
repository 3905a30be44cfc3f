"""A simulator of Vinted's web API for development and tests (docs/vinted-sandbox.md)."""

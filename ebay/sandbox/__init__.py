"""Stoflow's eBay sandbox: a local, faithful fake of the eBay APIs the eBay client uses (docs/ebay-sandbox.md)."""

"""Words a seller reads on the Vinted pages and in the header."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_accounts_page_says_checked_just_now_for_a_fresh_check(client_a, account):
    account.last_verified_at = timezone.now()
    account.save()
    html = client_a.get(reverse("vinted:accounts")).content.decode()
    assert "checked just now" in html and "0\xa0minutes" not in html


def test_header_budget_badge_keeps_its_label_visible(client_a, account):
    html = client_a.get(reverse("dashboard")).content.decode()
    badge = re.search(r"<a class=\"header-budget\".*?</a>", html, re.S).group(0)
    assert '<span class="header-budget-label">Vinted requests</span>' in badge
    assert "visually-hidden" not in badge

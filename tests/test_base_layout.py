"""The base layout every page shares."""

import re

from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse


def test_every_page_links_a_favicon_that_exists(client_a):
    for response in (Client().get(reverse("tenants:login")), client_a.get(reverse("dashboard"))):
        match = re.search(r'<link rel="icon" href="/static/([^"]+)"', response.content.decode())
        assert match and finders.find(match.group(1))


def test_new_api_token_has_a_copy_button_from_a_static_script(client_a):
    body = client_a.post(reverse("tenants:api_tokens"), {"name": "stock script"}).content.decode()
    assert re.search(r'<code class="token"[^>]* id="new-token"', body)
    assert 'data-copy="#new-token"' in body and "/static/js/copy.js" in body
    assert finders.find("js/copy.js")

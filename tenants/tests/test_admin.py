"""The staff admin keeps per-request state on the request, never on the shared ModelAdmin."""

import re

import pytest
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.middleware.csrf import _unmask_cipher_token

from tenants.models import Tenant
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _staff_request(rf, user):
    request = rf.get("/admin/tenants/tenant/")
    request.user, request.session = user, SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_act_as_buttons_carry_the_csrf_token_of_the_request_they_are_rendered_for(rf, shop_a):
    model_admin = admin.site._registry[Tenant]
    staff = UserFactory(is_staff=True, is_superuser=True)
    first, second = _staff_request(rf, staff), _staff_request(rf, staff)
    # Two requests interleaved on one ModelAdmin, as two threads of one server process would.
    first_response = model_admin.changelist_view(first)
    second_response = model_admin.changelist_view(second)
    first_html = first_response.render().content.decode()
    second_html = second_response.render().content.decode()
    assert first.META["CSRF_COOKIE"] != second.META["CSRF_COOKIE"]
    assert _button_secrets(first_html) == {first.META["CSRF_COOKIE"]}
    assert _button_secrets(second_html) == {second.META["CSRF_COOKIE"]}


def _button_secrets(html: str) -> set[str]:
    forms = re.findall(r'action="/staff/act-as/\d+/".*?name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert forms
    return {_unmask_cipher_token(token) for token in forms}

"""The settings page: your name, e-mail, language and password; the shop's name for owners and admins."""

from django.urls import reverse

from tenants.models import Membership, Tenant, User
from tests.factories import PASSWORD, add_member


def test_header_links_to_the_settings_page(client_a):
    body = client_a.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("tenants:settings")}"' in body


def test_settings_page_links_to_the_password_change(client_a):
    response = client_a.get(reverse("tenants:settings"))
    assert response.status_code == 200
    assert f'href="{reverse("tenants:password_change")}"' in response.content.decode()


def test_save_profile_changes_the_name_and_the_language(client_a, shop_a):
    response = client_a.post(
        reverse("tenants:settings"),
        {"first_name": "Lou", "last_name": "Martin", "email": shop_a.owner.email, "language": "fr"},
    )
    assert response.status_code == 302 and response.url == reverse("tenants:settings")
    owner = User.objects.get(pk=shop_a.owner.pk)
    assert (owner.first_name, owner.last_name) == ("Lou", "Martin")
    assert response.cookies["django_language"].value == "fr"
    assert "Paramètres" in client_a.get(reverse("tenants:settings")).content.decode()


def test_change_email_without_the_current_password_shows_a_field_error(client_a, shop_a):
    response = client_a.post(reverse("tenants:settings"), {"email": "new@example.com", "language": "en"})
    assert response.status_code == 400
    assert "current_password" in response.context["form"].errors
    assert User.objects.get(pk=shop_a.owner.pk).email == shop_a.owner.email


def test_change_email_with_the_current_password_saves_it(client_a, shop_a):
    response = client_a.post(
        reverse("tenants:settings"), {"email": "New@Example.com", "language": "en", "current_password": PASSWORD}
    )
    assert response.status_code == 302
    assert User.objects.get(pk=shop_a.owner.pk).email == "new@example.com"


def test_change_email_to_one_already_used_shows_a_field_error(client_a, shop_b):
    response = client_a.post(
        reverse("tenants:settings"), {"email": shop_b.owner.email, "language": "en", "current_password": PASSWORD}
    )
    assert response.status_code == 400 and "email" in response.context["form"].errors


def test_rename_shop_as_owner_renames_it(client_a, shop_a):
    response = client_a.post(reverse("tenants:settings_shop"), {"name": "  Vide Dressing Lou "})
    assert response.status_code == 302
    assert Tenant.objects.get(pk=shop_a.tenant.pk).name == "Vide Dressing Lou"


def test_rename_shop_with_a_blank_name_shows_a_field_error(client_a, shop_a):
    response = client_a.post(reverse("tenants:settings_shop"), {"name": "   "})
    assert response.status_code == 400 and "name" in response.context["shop_form"].errors
    assert Tenant.objects.get(pk=shop_a.tenant.pk).name == shop_a.tenant.name


def test_rename_shop_as_member_is_refused_and_not_offered(client, shop_a):
    client.force_login(add_member(shop_a, Membership.Role.MEMBER))
    page = client.get(reverse("tenants:settings"))
    assert page.status_code == 200 and "data-shop-form" not in page.content.decode()
    assert client.post(reverse("tenants:settings_shop"), {"name": "Mine now"}).status_code == 403
    assert Tenant.objects.get(pk=shop_a.tenant.pk).name == shop_a.tenant.name


def test_viewer_can_change_their_own_name(client, shop_a):
    viewer = add_member(shop_a, Membership.Role.VIEWER)
    client.force_login(viewer)
    response = client.post(reverse("tenants:settings"), {"first_name": "Vi", "email": viewer.email, "language": "en"})
    assert response.status_code == 302 and User.objects.get(pk=viewer.pk).first_name == "Vi"


def test_password_change_comes_back_to_the_settings_with_a_message(client_a):
    response = client_a.post(
        reverse("tenants:password_change"),
        {"old_password": PASSWORD, "new_password1": "a-new-secret-2026", "new_password2": "a-new-secret-2026"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("tenants:settings")
    assert "Your password is changed." in response.content.decode()

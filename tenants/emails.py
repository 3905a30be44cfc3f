"""E-mails about accounts: signup confirmation, the notice to an address that is already taken."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from .models import User


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def _send(request, to: str, template: str, context: dict) -> None:
    context = {"sign_in_url": _absolute(request, reverse("tenants:login")), **context}
    subject = render_to_string(f"tenants/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"tenants/email/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def send_signup_confirmation(request, user: User, shop_name: str) -> None:
    # The password-reset token generator: valid until the user signs in (last_login is part of
    # the hash), so the link works once, and for PASSWORD_RESET_TIMEOUT at most.
    path = reverse(
        "tenants:signup_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    _send(request, user.email, "signup_confirm", {"link": _absolute(request, path), "shop": shop_name})


def send_signup_attempt_notice(request, email: str) -> None:
    _send(request, email, "signup_attempt", {"reset_url": _absolute(request, reverse("tenants:password_reset"))})


def send_invitation(request, invitation) -> None:
    path = reverse("tenants:invitation", args=[invitation.public_id])
    _send(
        request,
        invitation.email,
        "invitation_existing",
        {"link": _absolute(request, path), "shop": invitation.tenant.name, "role": invitation.get_role_display()},
    )


def user_from_link(uidb64: str, token: str) -> User | None:
    try:
        user = User.objects.filter(pk=int(urlsafe_base64_decode(uidb64).decode()), is_active=True).first()
    except (ValueError, TypeError, OverflowError):
        return None
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user

"""Helpers for the browser tests."""

import re
import time

from django.core import mail


def sign_up(page, *, shop_name: str, email: str, password: str) -> None:
    """Signs up in the page and opens the confirmation link from the e-mail, as a person would."""
    send_sign_up(page, shop_name=shop_name, email=email, password=password)
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    open_confirmation_link(page, message.body)


def send_sign_up(page, *, shop_name: str, email: str, password: str) -> None:
    """Fills and sends the sign-up form; the shop opens once the e-mailed link is followed."""
    page.goto(page.base_url + "/signup/")
    page.fill("#id_shop_name", shop_name)
    page.fill("#id_email", email)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/signup/sent/")


def open_confirmation_link(page, email_body: str) -> None:
    page.goto(re.search(r"https?://\S+/signup/confirm/\S+/", email_body).group(0))
    page.wait_for_url("**/dashboard/")


def wait_until(page, expression: str, arg=None, timeout: float = 30) -> None:
    """Wait until a JavaScript expression (or a function of `arg`) is true in the page.

    Playwright's wait_for_function polls inside the page with `new Function`, which the site's
    Content-Security-Policy (script-src 'self', no eval) refuses once the first check fails; this
    polls from here, each check evaluated by the browser's debugging protocol, which the CSP does
    not govern."""
    deadline = time.monotonic() + timeout
    while not (page.evaluate(expression, arg) if arg is not None else page.evaluate(expression)):
        if time.monotonic() > deadline:
            raise TimeoutError(f"never true in the page: {expression}")
        time.sleep(0.05)

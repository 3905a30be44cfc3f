"""Failures of a generation, each with a code stored on the log row and a message for the seller."""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "auth": _("The AI service refused our API key. An administrator needs to check the AI settings."),
    "rate_limited": _("The AI service is busy right now. Please try again in a few minutes."),
    "timeout": _("The AI service took too long to answer. Please try again."),
    "unavailable": _("The AI service is unavailable right now. Please try again later."),
    "bad_request": _("The AI service rejected the request. Please try again or contact support."),
    "refused": _("The AI declined to write this listing. Check the product details and try again."),
    "malformed": _("The AI answered in an unexpected format. Please try again."),
    "too_long": _("The AI's answer was cut off because it was too long. Try a shorter length."),
    "ungrounded": _(
        "The AI's text mentioned details that are not in your product (%(details)s), so we "
        "discarded it. Please try again or complete the product details."
    ),
    "no_credits": _(
        "You have used all your AI credits for this month. They renew on the 1st, or a larger plan gives you more."
    ),
    "product_gone": _("This product no longer exists."),
    "internal": _("Something went wrong while writing the description. Please try again."),
}


class GenerationError(Exception):
    """A failure with a code from MESSAGES. `retryable` failures are retried by the Celery task."""

    def __init__(self, code: str, detail: str = "", *, retryable: bool = False, request_id: str = ""):
        if code not in MESSAGES:
            raise ValueError(f"unknown generation error code {code!r}")
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
        self.retryable = retryable
        self.request_id = request_id


def message_for(code: str, detail: str = "") -> str:
    message = MESSAGES.get(code, MESSAGES["internal"])
    return str(message) % {"details": detail} if "%(details)s" in str(message) else str(message)

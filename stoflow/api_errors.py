"""The API's answer to the refusals services raise: 4xx JSON naming the field, in one place.

Services raise Django's ValidationError (keyed by field) or a `Refusal` (a quota, a job that
cannot be asked for, a session that cannot be stored); API views let them through and
`exception_handler` (settings.REST_FRAMEWORK["EXCEPTION_HANDLER"]) answers them. This module
imports no app: each app's refusal subclasses `Refusal` and says its own status and body.
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback


class Refusal(Exception):
    """A service's refusal a person can read: the API answers `status_code` with `api_body()`."""

    status_code = 400
    field = "non_field_errors"

    def __init__(self, message: str = "", *, field: str | None = None):
        super().__init__(message)
        self.message = message
        if field is not None:
            self.field = field

    def api_body(self) -> dict[str, Any]:
        return {self.field: [self.message]}


def validation_error(error: DjangoValidationError) -> exceptions.ValidationError:
    """DRF's 400 for Django's ValidationError: by field when it has fields, else non_field_errors."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(error.message_dict)
    return exceptions.ValidationError({"non_field_errors": error.messages})


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = validation_error(exc)
    elif isinstance(exc, Refusal):
        set_rollback()  # as DRF does for its own exceptions, under ATOMIC_REQUESTS
        return Response(exc.api_body(), status=exc.status_code)
    return drf_exception_handler(exc, context)

"""A logging filter that keeps session secrets out of every log line."""

import logging
import re

SECRET_NAMES = (
    "access_token_web",
    "refresh_token_web",
    "datadome",
    "_vinted_fr_session",
    "v_udt",
    "cookie",
    "set-cookie",
    "csrf_token",
    "x-csrf-token",
    "authorization",
    "password",
    "api_key",
    "sessionid",
)
# name=value, name: value, "name": "value" -- the value is replaced, the name kept.
_PATTERN = re.compile(
    r"(?i)(?P<name>" + "|".join(re.escape(n) for n in SECRET_NAMES) + r")"
    r"(?P<sep>[\"']?\s*[:=]\s*[\"']?)(?P<value>[^\s\"';,&}]+)"
)
REDACTED = "[redacted]"


def redact(text: str) -> str:
    return _PATTERN.sub(lambda m: f"{m.group('name')}{m.group('sep')}{REDACTED}", text)


class RedactSecretsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True

"""Keep secrets out of everything pkit writes: logs, the ledger, the report, exceptions, file names.

One function, ``redact``, used wherever a URL or a message that may carry one leaves a fetcher. Why
both a pattern and the literal secret: the pattern catches a key in any URL (``api_key=...``, also
``user:password@``) even when the caller did not pass the secret; the literal catches the key where
no pattern would (an exception that quotes it bare, a percent-encoded echo is covered by the pattern).
"""

from __future__ import annotations

import logging
import re
from urllib.parse import quote

REDACTED = "REDACTED"

# Query parameters that carry credentials in the APIs pkit calls (EasyData uses api_key).
_QUERY_SECRET = re.compile(r"(?i)([?&](?:api_key|apikey|key|token|access_token)=)[^&#\s'\"<>]*")
_USERINFO = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://)[^/@\s'\"<>]+@")


def redact(text: str, *secrets: str | None) -> str:
    """``text`` with credentials in URLs and every given secret (also percent-encoded) replaced."""
    out = _QUERY_SECRET.sub(rf"\1{REDACTED}", text)
    out = _USERINFO.sub(r"\1", out)
    for secret in secrets:
        if secret:
            for form in {secret, quote(secret, safe="")}:
                out = out.replace(form, REDACTED)
    return out


class RedactingFilter(logging.Filter):
    """Rewrites a record's message through ``redact`` (HTTP libraries log request URLs at INFO/DEBUG)."""

    def __init__(self, *secrets: str | None) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message, *self.secrets)
        if clean != message:
            record.msg, record.args = clean, None
        return True


# Loggers of the HTTP stack that name request URLs; a filter on a logger does not reach its children.
HTTP_LOGGERS = ("httpx", "httpcore", "httpcore.http11", "httpcore.connection", "urllib3.connectionpool")


def install_http_log_redaction(*secrets: str | None) -> list[tuple[logging.Logger, RedactingFilter]]:
    """Attach a ``RedactingFilter`` to the HTTP loggers; returns what to pass to ``remove_filters``."""
    installed = []
    for name in HTTP_LOGGERS:
        logger = logging.getLogger(name)
        flt = RedactingFilter(*secrets)
        logger.addFilter(flt)
        installed.append((logger, flt))
    return installed


def remove_filters(installed: list[tuple[logging.Logger, RedactingFilter]]) -> None:
    for logger, flt in installed:
        logger.removeFilter(flt)

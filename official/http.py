"""Getting JSON from official-data APIs: clear errors, no leaked keys.

Every connector calls ``get_json`` with the ``httpx.Client`` its caller made (with the settings'
timeout and User-Agent). The retry policy and the capped body read are ``httpkit``'s, shared
with the crawler. Retried: connection errors and timeouts, 429 (honouring Retry-After),
5xx (exponential backoff with jitter). Not retried: other 4xx, HTML pages where JSON was
expected, malformed JSON. Secrets (API keys, app tokens) are removed from every URL and message
this module hands out.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import httpx

from httpkit.body import ACCEPT_ENCODING, BodyError, read_capped
from httpkit.retry import RetryPolicy, retry_after_seconds
from official.errors import BadResponse, RateLimited, SourceHTTPError, SourceUnavailable

log = logging.getLogger(__name__)

SECRET_PARAMS = frozenset({"api_key", "apikey", "$$app_token", "app_token", "token",
                           "access_token", "key", "x-api-key"})
REDACTED = "REDACTED"


@dataclass(frozen=True, slots=True)
class JsonResponse:
    """A parsed JSON answer and what we keep about it (never the httpx response itself)."""

    url: str  # redacted
    status: int
    data: Any
    headers: dict[str, str]  # lower-cased names
    retrieved_at: str  # UTC ISO timestamp
    sha256: str  # of the raw body


def redact_url(url: str, secrets: Iterable[str] = ()) -> str:
    """The URL with secret query parameters (api_key, $$app_token, ...) and any of ``secrets``
    replaced by REDACTED."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    cleaned = [(k, REDACTED if k.lower() in SECRET_PARAMS else v) for k, v in query]
    text = urlunsplit(parts._replace(query=urlencode(cleaned, safe="$,:'()*", quote_via=quote)))
    return redact_text(text, secrets)


def redact_text(text: str, secrets: Iterable[str] = ()) -> str:
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, REDACTED)
    return text


_SECRET_IN_TEXT = re.compile(
    r"(?i)([?&](?:" + "|".join(re.escape(p) for p in sorted(SECRET_PARAMS)) + r")=)[^&\s\"']+")


class RedactingFilter(logging.Filter):
    """Removes secret query parameters from log records (httpx logs every request URL at INFO)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = _SECRET_IN_TEXT.sub(lambda m: m.group(1) + REDACTED, message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def install_log_redaction() -> None:
    """Put the redacting filter on httpx's logger and ours (idempotent)."""
    for name in ("httpx", "official"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())


install_log_redaction()


def _api_message(body: bytes) -> str | None:
    """The error message inside a JSON error body (Socrata, api.data.gov, ArcGIS shapes)."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    error = data.get("error")
    if isinstance(error, dict):
        code = error.get("code")
        message = error.get("message") or ""
        return f"{code}: {message}" if code else message or None
    message = data.get("message")
    if isinstance(message, str):
        code = data.get("code") or data.get("errorCode")
        return f"{code}: {message}" if code else message
    return None


def looks_like_html(content_type: str, body: bytes) -> bool:
    head = body[:512].lstrip().lower()
    return "html" in content_type.lower() or head.startswith((b"<!doctype", b"<html", b"<head"))


def get_json(client: httpx.Client, url: str, *, params: Mapping[str, str] | None = None,
             headers: Mapping[str, str] | None = None, policy: RetryPolicy | None = None,
             secrets: Iterable[str] = (), what: str = "the source",
             max_bytes: int = 50_000_000) -> JsonResponse:
    """GET ``url`` and parse JSON, retrying transient failures under ``policy``.

    Raises ``RateLimited`` (429 after the retries), ``SourceUnavailable`` (network errors,
    timeouts, 5xx after the retries), ``SourceHTTPError`` (other 4xx, with the API's own
    message), ``BadResponse`` (an HTML page or malformed JSON).
    """
    policy = policy or RetryPolicy()
    secrets = tuple(secrets)
    request = client.build_request("GET", url, params=params, headers=headers)
    request.headers["Accept-Encoding"] = ACCEPT_ENCODING  # what read_capped decodes
    shown = redact_url(str(request.url), secrets)
    for attempt in range(policy.retries + 1):
        last = attempt == policy.retries
        try:
            response = client.send(request, stream=True, follow_redirects=True)
            try:
                body = read_capped(response, max_bytes, max_bytes)
            finally:
                response.close()
        except BodyError as exc:
            if exc.reason == "too large":
                raise BadResponse(
                    f"{what} sent more than {max_bytes:,} bytes ({shown}). Narrow the date range "
                    "or aggregate on the server.") from None
            raise BadResponse(f"{what} sent a body we cannot read ({exc}, {shown}). Try again; if it "
                              "persists, report the endpoint as broken.") from None
        except httpx.TimeoutException as exc:
            reason = f"timed out ({type(exc).__name__})"
            if not last:
                _wait(policy, policy.delay(attempt), shown, reason)
                continue
            raise SourceUnavailable(
                f"{what} did not answer in time at {shown} after {attempt + 1} tries. The endpoint "
                "may be down or unreachable from this machine; try again later, raise --timeout, "
                "or enter the figures by hand with `claims official import`.") from None
        except httpx.TransportError as exc:
            reason = redact_text(str(exc), secrets) or type(exc).__name__
            if not last:
                _wait(policy, policy.delay(attempt), shown, reason)
                continue
            raise SourceUnavailable(
                f"Could not reach {what} at {shown} ({reason}) after {attempt + 1} tries. Check the "
                "network (this build machine has no internet), or enter the figures by hand with "
                "`claims official import`.") from None
        status = response.status_code
        if status == 429:
            asked = retry_after_seconds(response.headers.get("retry-after"))
            wait = policy.wait(attempt, asked)
            if wait is None:
                raise RateLimited(
                    f"{what} is rate-limiting us (429) and asks to wait {asked:.0f} s ({shown}). "
                    "Try again later, or configure an API key / app token for a higher limit.")
            if not last:
                _wait(policy, wait, shown, "429")
                continue
            raise RateLimited(
                f"{what} kept answering 429 Too Many Requests ({shown}) after {attempt + 1} tries. "
                "Wait and try again, or configure an API key / app token for a higher limit.")
        if status >= 500 or status == 202:
            if not last:
                _wait(policy, policy.delay(attempt), shown, f"HTTP {status}")
                continue
            detail = _api_message(body)
            raise SourceUnavailable(
                f"{what} kept failing with HTTP {status} at {shown} after {attempt + 1} tries"
                f"{': ' + redact_text(detail, secrets) if detail else ''}. Try again later.")
        content_type = response.headers.get("content-type", "")
        if status >= 400:
            detail = _api_message(body)
            if detail is None and looks_like_html(content_type, body):
                detail = "an HTML error page instead of JSON"
            raise SourceHTTPError(
                f"{what} refused the request with HTTP {status} at {shown}"
                f"{': ' + redact_text(detail, secrets) if detail else ''}. Check the dataset id, "
                "field names and key in the registry.", status)
        if looks_like_html(content_type, body):
            raise BadResponse(
                f"{what} sent an HTML page instead of JSON (HTTP {status}, {shown}). The API may be "
                "down, moved, or showing a login/maintenance page; check the URL in a browser.")
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise BadResponse(
                f"{what} sent malformed JSON (HTTP {status}, {shown}): {exc}. The response may be "
                "truncated; try again, or report the endpoint as broken.") from None
        return JsonResponse(
            url=shown, status=status, data=data,
            headers={k.lower(): v for k, v in response.headers.items()},
            retrieved_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            sha256=hashlib.sha256(body).hexdigest(),
        )
    raise AssertionError("unreachable")  # pragma: no cover


def _wait(policy: RetryPolicy, seconds: float, shown: str, reason: str) -> None:
    log.info("retrying %s in %.2f s (%s)", shown, seconds, reason)
    policy.sleep(seconds)

"""The shared retry policy and error handling, against a real local HTTP server."""

from __future__ import annotations

import logging

import httpx
import pytest
from official_server import LocalApi, Reply, SleepLog

from httpkit.retry import RetryPolicy, retry_after_seconds
from official.errors import BadResponse, RateLimited, SourceHTTPError, SourceUnavailable
from official.http import get_json, redact_url

OK = Reply(200, [{"n": "1"}])


def test_429_with_retry_after_waits_what_the_server_asks(api: LocalApi, client: httpx.Client,
                                                         policy: RetryPolicy, sleeps: SleepLog) -> None:
    api.queue("/data.json", Reply(429, {"message": "slow down"}, {"Retry-After": "2"}))
    api.route("/data.json", lambda _: OK)
    response = get_json(client, f"{api.base_url}/data.json", policy=policy)
    assert response.data == [{"n": "1"}]
    assert sleeps.asked == [2.0]
    assert len(api.requests_to("/data.json")) == 2


def test_429_without_retry_after_uses_backoff_then_gives_up(api: LocalApi, client: httpx.Client,
                                                           sleeps: SleepLog) -> None:
    api.route("/data.json", lambda _: Reply(429, {"error": {"code": "OVER_RATE_LIMIT",
                                                            "message": "You have exceeded your rate limit."}}))
    policy = RetryPolicy(retries=2, backoff=0.01, jitter=0.0, sleep=sleeps)
    with pytest.raises(RateLimited, match="kept answering 429"):
        get_json(client, f"{api.base_url}/data.json", policy=policy)
    assert sleeps.asked == [0.01, 0.02]  # exponential: backoff * 2**attempt
    assert len(api.requests_to("/data.json")) == 3


def test_retry_after_longer_than_max_delay_gives_up_at_once(api: LocalApi, client: httpx.Client,
                                                           policy: RetryPolicy, sleeps: SleepLog) -> None:
    api.route("/data.json", lambda _: Reply(429, b"", {"Retry-After": "3600"}))
    with pytest.raises(RateLimited, match="3600 s"):
        get_json(client, f"{api.base_url}/data.json", policy=policy)
    assert sleeps.asked == []


def test_5xx_is_retried_with_backoff_then_succeeds(api: LocalApi, client: httpx.Client,
                                                   policy: RetryPolicy, sleeps: SleepLog) -> None:
    api.queue("/data.json", Reply(503, "<html>down</html>", {"Content-Type": "text/html"}),
              Reply(500, {"message": "internal"}))
    api.route("/data.json", lambda _: OK)
    assert get_json(client, f"{api.base_url}/data.json", policy=policy).data == [{"n": "1"}]
    assert len(sleeps.asked) == 2


def test_5xx_forever_is_source_unavailable(api: LocalApi, client: httpx.Client, policy: RetryPolicy) -> None:
    api.route("/data.json", lambda _: Reply(502, {"message": "bad gateway"}))
    with pytest.raises(SourceUnavailable, match="HTTP 502.*bad gateway"):
        get_json(client, f"{api.base_url}/data.json", policy=policy)
    assert len(api.requests_to("/data.json")) == 4


def test_backoff_has_jitter_and_a_cap() -> None:
    policy = RetryPolicy(backoff=1.0, jitter=0.25, max_delay=5.0)
    delays = {round(policy.delay(1), 6) for _ in range(20)}
    assert all(1.5 <= d <= 2.5 for d in delays) and len(delays) > 1
    assert policy.delay(10) == 5.0


def test_html_page_instead_of_json_is_a_clear_error(api: LocalApi, client: httpx.Client,
                                                    policy: RetryPolicy) -> None:
    api.route("/data.json", lambda _: Reply(200, "<!DOCTYPE html><html><body>Maintenance</body></html>",
                                            {"Content-Type": "text/html; charset=utf-8"}))
    with pytest.raises(BadResponse, match="HTML page instead of JSON"):
        get_json(client, f"{api.base_url}/data.json", policy=policy)


def test_html_sniffed_even_when_labelled_json(api: LocalApi, client: httpx.Client, policy: RetryPolicy) -> None:
    api.route("/data.json", lambda _: Reply(200, b"<html><head><title>Error</title></head></html>"))
    with pytest.raises(BadResponse, match="HTML page"):
        get_json(client, f"{api.base_url}/data.json", policy=policy)


def test_malformed_json_is_a_clear_error(api: LocalApi, client: httpx.Client, policy: RetryPolicy) -> None:
    api.route("/data.json", lambda _: Reply(200, b'[{"period": "2025-01-01", "n": '))
    with pytest.raises(BadResponse, match="malformed JSON"):
        get_json(client, f"{api.base_url}/data.json", policy=policy)


def test_4xx_carries_the_apis_own_message_and_is_not_retried(api: LocalApi, client: httpx.Client,
                                                            policy: RetryPolicy) -> None:
    api.route("/data.json", lambda _: Reply(400, {"code": "query.soql.no-such-column", "error": True,
                                                  "message": "No such column: states"}))
    with pytest.raises(SourceHTTPError, match="No such column: states") as info:
        get_json(client, f"{api.base_url}/data.json", policy=policy)
    assert info.value.status == 400
    assert len(api.requests_to("/data.json")) == 1


def test_timeout_is_retried_then_source_unavailable(api: LocalApi, sleeps: SleepLog) -> None:
    api.route("/slow.json", lambda _: Reply(200, OK.body, delay=0.5))
    policy = RetryPolicy(retries=1, backoff=0.0, sleep=sleeps)
    with httpx.Client(timeout=0.1) as fast, pytest.raises(SourceUnavailable, match="did not answer in time"):
        get_json(fast, f"{api.base_url}/slow.json", policy=policy)
    assert len(sleeps.asked) == 1


def test_connection_refused_is_source_unavailable(client: httpx.Client, policy: RetryPolicy) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(SourceUnavailable, match="Could not reach"):
        get_json(client, f"http://127.0.0.1:{port}/x.json", policy=policy)


@pytest.mark.parametrize(("url", "expected"), [
    ("https://api.usa.gov/crime/fbi/cde/summarized/agency/X/homicide?from=01-2024&API_KEY=abcd1234",
     "https://api.usa.gov/crime/fbi/cde/summarized/agency/X/homicide?from=01-2024&API_KEY=REDACTED"),
    ("https://h/resource/a.json?$$app_token=tok123&$limit=5", "https://h/resource/a.json?$$app_token=REDACTED&$limit=5"),
    ("https://h/x?api_key=k&apikey=k2&token=t&q=1", "https://h/x?api_key=REDACTED&apikey=REDACTED&token=REDACTED&q=1"),
    ("https://h/x?q=1", "https://h/x?q=1"),
])
def test_redact_url(url: str, expected: str) -> None:
    assert redact_url(url) == expected


def test_redact_url_removes_a_known_secret_anywhere() -> None:
    assert "s3cr3tkey" not in redact_url("https://h/s3cr3tkey/x?a=s3cr3tkey", ["s3cr3tkey"])


def test_error_messages_never_show_the_key(api: LocalApi, client: httpx.Client, policy: RetryPolicy) -> None:
    key = "K" * 40
    api.route("/x.json", lambda _: Reply(403, {"error": {"code": "API_KEY_INVALID",
                                                         "message": "An invalid api_key was supplied."}}))
    with pytest.raises(SourceHTTPError) as info:
        get_json(client, f"{api.base_url}/x.json", params={"API_KEY": key}, policy=policy, secrets=[key])
    assert key not in str(info.value) and "API_KEY_INVALID" in str(info.value)


@pytest.mark.parametrize(("header", "seconds"), [("7", 7.0), ("", None), ("soon", None),
                                                 ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)])
def test_retry_after_parsing(header: str, seconds: float | None) -> None:
    assert retry_after_seconds(header) == seconds


def test_httpx_request_log_lines_do_not_show_keys(api: LocalApi, client: httpx.Client, policy: RetryPolicy,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    key = "q" * 40
    api.route("/x.json", lambda _: OK)
    with caplog.at_level(logging.INFO):
        get_json(client, f"{api.base_url}/x.json", params={"API_KEY": key, "a": "1"}, policy=policy,
                 secrets=[key])
    assert "HTTP Request" in caplog.text and "API_KEY=REDACTED" in caplog.text
    assert key not in caplog.text


@pytest.mark.issue(11)
def test_gzip_json_is_decoded_and_a_gzip_bomb_is_refused(api: LocalApi, client: httpx.Client,
                                                          policy: RetryPolicy) -> None:
    """get_json reads bodies through httpkit's capped reader, as the crawler does: a small gzip
    body that inflates past the cap stops there instead of being inflated whole."""
    import gzip

    api.route("/small.json", lambda _: Reply(200, gzip.compress(b'[{"n": "1"}]'), {"Content-Encoding": "gzip"}))
    assert get_json(client, f"{api.base_url}/small.json", policy=policy).data == [{"n": "1"}]
    assert api.requests_to("/small.json")[0].headers["accept-encoding"] == "gzip, deflate"
    bomb = gzip.compress(b"[" + b" " * 5_000_000 + b"]")
    assert len(bomb) < 10_000
    api.route("/bomb.json", lambda _: Reply(200, bomb, {"Content-Encoding": "gzip"}))
    with pytest.raises(BadResponse, match="more than 100,000 bytes"):
        get_json(client, f"{api.base_url}/bomb.json", policy=policy, max_bytes=100_000)

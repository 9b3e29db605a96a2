"""When to try an HTTP request again, and how long to wait first.

One policy for the crawler and the official-data connectors: exponential backoff with jitter,
a server's Retry-After honoured as the least wait, and a Retry-After longer than ``max_delay``
meaning "give up now, come back another time" rather than a sleep of an hour.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often to retry and how long to wait. ``backoff=0`` makes retries immediate (tests).

    ``sleep`` is what synchronous callers (the official connectors) wait with; the async
    crawler asks ``wait`` for the number and sleeps on its own event loop.
    """

    retries: int = 3
    backoff: float = 1.0
    max_delay: float = 60.0  # longest single wait; a longer Retry-After gives up at once
    jitter: float = 0.25  # +/- fraction of each backoff delay
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)

    def delay(self, attempt: int) -> float:
        """The backoff before retry number ``attempt + 1`` (``attempt`` counts from 0)."""
        base = self.backoff * (2 ** attempt)
        return min(self.max_delay, max(0.0, base * (1 + random.uniform(-self.jitter, self.jitter))))

    def wait(self, attempt: int, retry_after: float | None = None) -> float | None:
        """Seconds to wait before the next try, or None when the server's Retry-After is longer
        than ``max_delay`` (the caller gives up and says so)."""
        if retry_after is None:
            return self.delay(attempt)
        if retry_after > self.max_delay:
            return None
        return max(self.delay(attempt), retry_after)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())

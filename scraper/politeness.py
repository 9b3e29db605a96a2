"""Per-host slots: concurrency, spacing between requests, and pauses asked for by 429s."""

from __future__ import annotations

import asyncio
import time


class HostSlot:
    """At most ``concurrency`` requests in flight to one host, starts spaced ``delay`` apart.

    The spacing is the larger of our own delay (settings, or the source's override) and the
    host's robots.txt Crawl-delay.
    """

    def __init__(self, concurrency: int, delay: float) -> None:
        self.concurrency = max(1, concurrency)
        self.base_delay = max(0.0, delay)
        self.robots_delay = 0.0
        self._sem = asyncio.Semaphore(self.concurrency)
        self._lock = asyncio.Lock()
        self._next_start = 0.0

    @property
    def delay(self) -> float:
        return max(self.base_delay, self.robots_delay)

    def pause_until(self, moment: float) -> None:
        """No new request to this host before ``moment`` (time.monotonic), e.g. after a 429."""
        self._next_start = max(self._next_start, moment)

    def set_robots_delay(self, delay: float) -> None:
        self.robots_delay = max(0.0, delay)

    async def __aenter__(self) -> HostSlot:
        await self._sem.acquire()
        try:
            async with self._lock:
                wait = self._next_start - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                self._next_start = max(self._next_start, time.monotonic()) + self.delay
        except BaseException:
            self._sem.release()
            raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._sem.release()


class HostSlots:
    """One HostSlot per host, created on first use.

    A source's ``crawl_delay`` replaces the default delay of its hosts whenever given; its
    ``per_host_concurrency`` applies when the slot is created (the first request to the host).
    """

    def __init__(self, concurrency: int, delay: float) -> None:
        self.concurrency = concurrency
        self.delay = delay
        self._slots: dict[str, HostSlot] = {}

    def get(self, host: str, *, concurrency: int | None = None, delay: float | None = None) -> HostSlot:
        slot = self._slots.get(host)
        if slot is None:
            slot = HostSlot(concurrency or self.concurrency, self.delay if delay is None else delay)
            self._slots[host] = slot
        elif delay is not None:
            slot.base_delay = max(0.0, delay)
        return slot

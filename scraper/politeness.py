"""Per-host slots: concurrency, spacing between requests, and pauses asked for by 429s."""

from __future__ import annotations

import asyncio
import time


class HostSlot:
    """At most ``concurrency`` requests in flight to one host, starts spaced ``delay`` apart."""

    def __init__(self, concurrency: int, delay: float) -> None:
        self.concurrency = max(1, concurrency)
        self.delay = max(0.0, delay)
        self._sem = asyncio.Semaphore(self.concurrency)
        self._lock = asyncio.Lock()
        self._next_start = 0.0

    def pause_until(self, moment: float) -> None:
        """No new request to this host before ``moment`` (time.monotonic), e.g. after a 429."""
        self._next_start = max(self._next_start, moment)

    def set_delay(self, delay: float) -> None:
        self.delay = max(self.delay, delay)

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
    """One HostSlot per host, created on first use."""

    def __init__(self, concurrency: int, delay: float) -> None:
        self.concurrency = concurrency
        self.delay = delay
        self._slots: dict[str, HostSlot] = {}

    def get(self, host: str, *, concurrency: int | None = None, delay: float | None = None) -> HostSlot:
        slot = self._slots.get(host)
        if slot is None:
            slot = HostSlot(concurrency or self.concurrency, self.delay if delay is None else delay)
            self._slots[host] = slot
        return slot

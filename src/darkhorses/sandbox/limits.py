"""Rate limits per account and endpoint class, as the v1.4.3 spec states them.

Classes: ``free`` (1/s: courses, free cards, free results), ``racecards`` (2/s: the racecard
lists) and ``default`` (5/s: everything else). A request over the limit is answered 429 with
the vendor's body; ``Retry-After`` is sent only when asked for (the real API documents none).
The window slides: no one-second interval ever holds more than the limit.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Literal

RateClass = Literal["free", "racecards", "default"]


@dataclass(frozen=True)
class RateLimits:
    """Requests per window (one second) per endpoint class; ``retry_after`` adds the header.

    A longer ``window_s`` lets tests provoke a 429 without depending on how fast they run.
    """

    free: int = 1
    racecards: int = 2
    default: int = 5
    retry_after: bool = False
    window_s: float = 1.0

    def per_second(self, rate_class: RateClass) -> int:
        return int(getattr(self, rate_class))


def too_many_body(limit: int, window_s: float = 1.0) -> dict[str, str]:
    """The 429 body the real API sends (slowapi's format)."""
    return {"error": f"Rate limit exceeded: {limit} per {window_s:g} second"}


class RateLimiter:
    """Sliding one-second windows keyed by (account, endpoint class)."""

    def __init__(self, limits: RateLimits) -> None:
        self.limits = limits
        self._lock = threading.Lock()
        self._windows: dict[tuple[str, str], deque[float]] = {}

    def check(self, account: str, rate_class: RateClass, at: float | None = None) -> float | None:
        """Admit the request (None) or say how many seconds until it would be admitted.

        ``at`` is the request's arrival on the ``time.monotonic()`` clock.
        """
        limit = self.limits.per_second(rate_class)
        now = time.monotonic() if at is None else at
        with self._lock:
            window = self._windows.setdefault((account, rate_class), deque())
            while window and window[0] <= now - self.limits.window_s:
                window.popleft()
            if len(window) >= limit:
                return max(0.0, window[0] + self.limits.window_s - now)
            window.append(now)
            return None

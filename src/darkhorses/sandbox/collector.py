"""The cyclic garbage collector around the world's work.

Answering a request allocates hundreds of thousands of short-lived objects that form no cycles,
while the world's caches hold half a million long-lived ones (a couple of years into a
backfill) that every older-generation collection scans again: left alone, the collector takes
about a sixth of the sandbox's CPU time. So the collector is paused while the world answers
(:func:`gc_paused`), and a process that serves only the sandbox (``darkhorses sandbox``) also
freezes what survived each request (:class:`Freezer`), with a full collection now and then.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Requests between two full collections of everything frozen (the frozen heap is then
# scanned once, so that cycles left behind, e.g. by closed connections, are still freed).
FULL_COLLECTION_EVERY = 500


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the block (left alone if it is off already)."""
    enabled = gc.isenabled()
    if enabled:
        gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Freezer:
    """Moves what survived a request out of the collector's way (``gc.freeze``).

    Process-wide: only for a process that does nothing but serve the sandbox.
    """

    def __init__(self, full_every: int = FULL_COLLECTION_EVERY) -> None:
        self.full_every = full_every
        self._lock = threading.Lock()
        self._requests = 0

    def after_request(self) -> None:
        with self._lock:
            self._requests += 1
            if self._requests % self.full_every == 0:
                gc.unfreeze()
                gc.collect()
            gc.freeze()

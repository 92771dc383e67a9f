"""A process that takes a job lock, says so, and holds it until killed (used by the lock tests).

Usage: python -m tests.service.lock_holder DATABASE_URL LOCK_DIR JOB_NAME
"""

from __future__ import annotations

import sys
import time

from darkhorses.service.locks import JobLocks
from darkhorses.store.engine import make_engine


def main() -> None:
    url, lock_dir, name = sys.argv[1:4]
    locks = JobLocks(make_engine(url), lock_dir=lock_dir)
    lock = locks.lock(name)
    print("held" if lock.acquire() else "busy", flush=True)
    while True:  # hold until killed
        time.sleep(60)


if __name__ == "__main__":
    main()

"""What a job run did: counts per table and outcome, API calls, problems."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class RunStatus(StrEnum):
    """How a run ended. ``partial`` means some records were quarantined or some units failed."""

    SUCCESS = "success"
    PARTIAL = "partial"
    FAILED = "failed"


# Process exit codes of one-shot commands, fit for cron and monitoring.
EXIT_CODES = {RunStatus.SUCCESS: 0, RunStatus.FAILED: 1, RunStatus.PARTIAL: 3}


@dataclass
class JobReport:
    """Counts a job gathers while it runs; jobs return one, commands print it."""

    job: str
    started_at: datetime | None = None
    finished_at: datetime | None = None
    # Rows by table and outcome: {"ra_mst_runners": {"inserted": 10, "updated": 2, ...}}.
    rows: dict[str, Counter[str]] = field(default_factory=dict)
    # Anything else worth counting: races_fetched, filtered_foreign, quarantined, ...
    counts: Counter[str] = field(default_factory=Counter)
    api_calls: int = 0
    errors: list[str] = field(default_factory=list)
    status: RunStatus = RunStatus.SUCCESS

    def add_rows(self, table: str, outcome: dict[str, int] | Counter[str]) -> None:
        """Add a writer's inserted/updated/unchanged counts for a table."""
        self.rows.setdefault(table, Counter()).update(dict(outcome))

    def count(self, key: str, n: int = 1) -> None:
        """Count something that is not a row write."""
        self.counts[key] += n

    def fail(self, message: str) -> None:
        """Record an error; the run becomes partial unless it already failed."""
        self.errors.append(message)
        if self.status is RunStatus.SUCCESS:
            self.status = RunStatus.PARTIAL

    def merge(self, other: JobReport) -> None:
        """Fold a sub-job's report into this one."""
        for table, outcome in other.rows.items():
            self.add_rows(table, outcome)
        self.counts.update(other.counts)
        self.api_calls += other.api_calls
        self.errors.extend(other.errors)
        order = [RunStatus.SUCCESS, RunStatus.PARTIAL, RunStatus.FAILED]
        self.status = max(self.status, other.status, key=order.index)

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.status]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary."""
        return {
            "job": self.job,
            "status": self.status.value,
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "rows": {t: dict(c) for t, c in sorted(self.rows.items())},
            "counts": dict(sorted(self.counts.items())),
            "api_calls": self.api_calls,
            "errors": list(self.errors),
        }

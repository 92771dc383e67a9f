"""What a check says: a name, a status, one figure and a message a person can act on.

Exit codes of ``darkhorses health`` and ``darkhorses quality``, fit for monitoring (and
consistent with the jobs' own: 1 failed, 3 partial):

====  ==========================================================
0     every check ok (or skipped)
1     at least one check failed: unhealthy, act now
2     usage or configuration error: nothing was checked
3     warnings only: worth a look, nothing broken
====  ==========================================================
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """A check's verdict. ``skip`` means it could not apply here (said in the message)."""

    OK = "ok"
    SKIP = "skip"
    WARN = "warn"
    FAIL = "fail"


_SEVERITY = {Status.OK: 0, Status.SKIP: 0, Status.WARN: 1, Status.FAIL: 2}
EXIT_CODES = {Status.OK: 0, Status.SKIP: 0, Status.WARN: 3, Status.FAIL: 1}
USAGE = 2


@dataclass(frozen=True)
class Check:
    """One check's outcome; ``figure`` is the number it judged (rows, hours, a rate...)."""

    name: str
    status: Status
    message: str
    figure: float | int | None = None
    unit: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "name": self.name,
            "status": self.status.value,
            "figure": self.figure,
            "unit": self.unit,
            "message": self.message,
            "details": self.details,
        }


def overall(checks: Iterable[Check]) -> Status:
    """The worst status among ``checks`` (ok when there are none)."""
    worst = Status.OK
    for check in checks:
        if _SEVERITY[check.status] > _SEVERITY[worst]:
            worst = check.status
    return worst


def exit_code(checks: Iterable[Check]) -> int:
    """The process exit code for ``checks`` (see the module docstring)."""
    return EXIT_CODES[overall(checks)]


def by_threshold(
    name: str,
    figure: float,
    *,
    warn_above: float | None = None,
    fail_above: float | None = None,
    unit: str = "",
    message: str,
    details: dict[str, Any] | None = None,
) -> Check:
    """A check whose status follows ``figure`` against upper thresholds."""
    status = Status.OK
    if warn_above is not None and figure > warn_above:
        status = Status.WARN
    if fail_above is not None and figure > fail_above:
        status = Status.FAIL
    return Check(name, status, message, figure, unit, details or {})

"""Health and data-quality checks: each a small function returning a named :class:`Check`."""

from darkhorses.checks.result import EXIT_CODES, Check, Status, exit_code, overall

__all__ = ["EXIT_CODES", "Check", "Status", "exit_code", "overall"]

"""`darkhorses sandbox` commands."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the sandbox commands to the main application."""

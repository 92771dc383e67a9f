"""`darkhorses db` commands."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the db commands to the main application."""

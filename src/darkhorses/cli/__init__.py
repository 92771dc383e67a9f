"""The ``darkhorses`` command line: each command group lives in its own module here."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="darkhorses",
    help="UK and Irish horse racing data from The Racing API, kept in a SQL database.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)

# Each module exposes ``register(app)``; listed here so ``darkhorses --help`` shows them all.
_COMMAND_MODULES = [
    "darkhorses.cli.sandbox",
    "darkhorses.cli.db",
    "darkhorses.cli.sync",
    "darkhorses.cli.backfill",
    "darkhorses.cli.importer",
    "darkhorses.cli.replay",
    "darkhorses.cli.demo",
    "darkhorses.cli.odds",
    "darkhorses.cli.stats",
    "darkhorses.cli.stats_compute",
    "darkhorses.cli.service",
    "darkhorses.cli.checks",
    "darkhorses.cli.dashboard",
]

for _name in _COMMAND_MODULES:
    importlib.import_module(_name).register(app)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help="Print the version and exit."),
) -> None:
    if version:
        from darkhorses import __version__

        typer.echo(__version__)
        raise typer.Exit()


def main() -> None:
    """Console-script entry point."""
    app()

"""`darkhorses sandbox`: serve the local Racing API."""

from __future__ import annotations

import typer

from darkhorses.sandbox.accounts import DEFAULT_ACCOUNTS, parse_account
from darkhorses.sandbox.clock import parse_instant
from darkhorses.sandbox.faults import FaultSpec, FaultSpecError
from darkhorses.sandbox.limits import RateLimits


def sandbox(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8765, help="Port to listen on."),
    seed: int = typer.Option(1, help="World seed: same seed, same data."),
    now: str | None = typer.Option(
        None, help="Fix the clock at this ISO instant (with --speed: start from it)."
    ),
    speed: float | None = typer.Option(None, help="Run the clock this many times faster."),
    faults: str = typer.Option(
        "",
        help="Faults: name=rate items (429, 429-retry-after, 500, 502, 503, slow, reset, "
        "truncate, drift-missing, drift-extra, drift-number) and seed=, slow-s=, "
        "retry-after-s=, path=; e.g. '500=0.05,reset=0.01,seed=7'.",
    ),
    no_limits: bool = typer.Option(False, "--no-limits", help="Switch rate limiting off."),
    retry_after: bool = typer.Option(False, help="Send Retry-After with rate-limit 429s."),
    account: list[str] = typer.Option(
        [],
        help="Extra account user:password:plan[+historic] (repeatable); "
        "free, basic, standard, pro and historic always exist.",
    ),
) -> None:
    """Serve the sandbox Racing API (a deterministic generated world) over HTTP.

    SIGTERM or Ctrl+C stop it cleanly: open requests are finished, then it exits with 0.
    """
    import signal

    import uvicorn

    from darkhorses.sandbox.app import SandboxOptions, create_app
    from darkhorses.sandbox.world import World

    try:
        fault_spec = FaultSpec.parse(faults) if faults else None
    except FaultSpecError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--faults'") from None
    try:
        start = parse_instant(now) if now else None
    except ValueError as exc:
        raise typer.BadParameter(f"not an ISO instant ({exc})", param_hint="'--now'") from None
    if speed is not None and speed <= 0:
        raise typer.BadParameter("must be positive", param_hint="'--speed'")
    try:
        extra = tuple(parse_account(a) for a in account)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--account'") from None
    options = SandboxOptions(
        accounts=(*DEFAULT_ACCOUNTS, *extra),
        limits=None if no_limits else RateLimits(retry_after=retry_after),
        faults=fault_spec,
        now=start,
        speed=speed,
        freeze_gc=True,  # this process serves nothing else
    )
    app = create_app(World(seed), options)
    typer.echo(f"sandbox Racing API on http://{host}:{port} (seed {seed}); Ctrl+C to stop")
    server = uvicorn.Server(
        uvicorn.Config(app, host=host, port=port, log_level="info", lifespan="off")
    )
    # uvicorn shuts down gracefully on SIGINT/SIGTERM, then raises the signal again for the
    # handler it found installed; with these the command then ends normally (exit 0) instead
    # of being killed by its own SIGTERM (143) or ending in a KeyboardInterrupt.
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, lambda signum, frame: None)
    server.run()
    if not server.started:
        raise typer.Exit(1)  # the address was taken, or uvicorn could not start (it said why)


def register(app: typer.Typer) -> None:
    """Add the sandbox commands to the main application."""
    app.command("sandbox")(sandbox)

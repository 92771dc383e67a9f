"""The demo: the sandbox in-process on a free port, a local SQLite file, a full sync, a summary.

No credentials and no network: the sandbox's ``pro`` account is used internally, with the
real API's rate limits on and a fixed world seed. The summary holds what a racing fan looks
at first: today's cards by meeting, yesterday's winners and their prices, and what was stored.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from pydantic import SecretStr

from darkhorses.clock import UK, Clock
from darkhorses.config import load_settings
from darkhorses.jobs.context import JobContext
from darkhorses.jobs.report import JobReport
from darkhorses.jobs.sync import SyncPlan, run_sync
from darkhorses.store.schema import metadata

RESULTS_DAYS = 7
CARD_DAYS_AHEAD = 2
SANDBOX_ACCOUNT = "pro"


@dataclass(frozen=True)
class CardRace:
    """One race on today's card."""

    off: str  # UK clock, 24-hour
    name: str
    runners: int


@dataclass(frozen=True)
class Winner:
    """A winner of yesterday."""

    course: str
    off: str
    race: str
    horse: str
    sp: str
    jockey: str
    trainer: str


@dataclass
class DemoResult:
    """What the demo did and what the database now holds."""

    database: Path
    report: JobReport
    notes: list[str]
    seconds: float
    today: date
    meetings: dict[str, list[CardRace]] = field(default_factory=dict)
    winners: list[Winner] = field(default_factory=list)
    table_rows: dict[str, int] = field(default_factory=dict)


def _uk_time(value: datetime | None) -> str:
    return value.astimezone(UK).strftime("%H:%M") if value else "--:--"


def run_demo(
    database: Path,
    *,
    seed: int = 1,
    enrich_limit: int = 60,
    progress: Callable[[str, int, int], None] | None = None,
    now: datetime | None = None,
) -> DemoResult:
    """Serve the sandbox, sync into ``database`` and read back the summary."""
    from darkhorses.sandbox.app import SandboxOptions, create_app
    from darkhorses.sandbox.limits import RateLimits
    from darkhorses.sandbox.server import serve
    from darkhorses.sandbox.world import World

    started = time.perf_counter()
    base = load_settings()
    now = now or base.now
    app = create_app(World(seed), SandboxOptions(limits=RateLimits(), now=now))
    with serve(app) as base_url:
        api = base.api.model_copy(
            update={
                "base_url": base_url,
                "username": SANDBOX_ACCOUNT,
                "password": SecretStr(SANDBOX_ACCOUNT),
                "plan": "pro",
                "historic_addon": False,
            }
        )
        settings = base.model_copy(
            update={
                "api": api,
                "database": base.database.model_copy(update={"url": f"sqlite:///{database}"}),
                "sync": base.sync.model_copy(update={"enrich_limit": enrich_limit}),
                "now": now,
            }
        )
        today = Clock(now).today_uk()
        plan = SyncPlan(
            courses=True,
            bookmakers=True,
            racecards=(today, today + timedelta(days=CARD_DAYS_AHEAD)),
            results=(today - timedelta(days=RESULTS_DAYS - 1), today),
            enrich="brought",
        )
        with JobContext.open(settings, trigger="demo") as ctx:
            if progress is not None:
                ctx.progress = progress
            report = run_sync(ctx, plan, job="demo")
            result = DemoResult(
                database=database,
                report=report,
                notes=ctx.notes,
                seconds=0.0,
                today=today,
            )
            with ctx.engine.connect() as conn:
                _read_summary(conn, result)
    result.seconds = time.perf_counter() - started
    return result


def _read_summary(conn: sa.Connection, result: DemoResult) -> None:
    races = metadata.tables["ra_mst_races"]
    runners = metadata.tables["ra_mst_runners"]
    jockeys = metadata.tables["ra_mst_jockeys"]
    trainers = metadata.tables["ra_mst_trainers"]
    declared = (
        sa.select(sa.func.count())
        .where(
            runners.c.race_id == races.c.id,
            sa.not_(sa.func.coalesce(runners.c.is_non_runner, False)),
        )
        .scalar_subquery()
    )
    query = (
        sa.select(races.c.course, races.c.off_dt, races.c.race_name, declared.label("runners"))
        .where(races.c.date == result.today)
        .order_by(races.c.off_dt, races.c.course)
    )
    for row in conn.execute(query):
        meeting = result.meetings.setdefault(row.course or "?", [])
        meeting.append(CardRace(_uk_time(row.off_dt), row.race_name or "", int(row.runners)))
    yesterday = result.today - timedelta(days=1)
    winners = (
        sa.select(
            races.c.course,
            races.c.off_dt,
            races.c.race_name,
            runners.c.horse,
            runners.c.sp,
            jockeys.c.name.label("jockey"),
            trainers.c.name.label("trainer"),
        )
        .join(runners, runners.c.race_id == races.c.id)
        .outerjoin(jockeys, jockeys.c.id == runners.c.jockey_id)
        .outerjoin(trainers, trainers.c.id == runners.c.trainer_id)
        .where(races.c.date == yesterday, runners.c.position == 1)
        .order_by(races.c.off_dt, races.c.course)
    )
    for won in conn.execute(winners):
        result.winners.append(
            Winner(
                won.course or "?",
                _uk_time(won.off_dt),
                won.race_name or "",
                won.horse or "?",
                won.sp or "",
                won.jockey or "",
                won.trainer or "",
            )
        )
    for name in sorted(metadata.tables):
        if name.startswith("ra_mst_") or name in ("ra_horse_pedigree", "dh_raw_responses"):
            count = conn.execute(sa.select(sa.func.count()).select_from(metadata.tables[name]))
            result.table_rows[name] = int(count.scalar_one())


def summary_dict(result: DemoResult) -> dict[str, Any]:
    """The summary as JSON-ready data."""
    return {
        "database": str(result.database),
        "today": result.today.isoformat(),
        "seconds": round(result.seconds, 1),
        "api_calls": result.report.api_calls,
        "status": result.report.status.value,
        "meetings": {k: [vars(r) for r in v] for k, v in result.meetings.items()},
        "winners": [vars(w) for w in result.winners],
        "table_rows": result.table_rows,
        "notes": result.notes,
    }

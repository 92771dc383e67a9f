"""Replay: rebuild the tables from the raw archive, with zero API calls.

Bodies are replayed oldest first; bodies fetched at the same instant go in the order a sync
fetches them (masters, racecards, results, horses), so column ownership settles the same way.
Each archived body is one unit of work, through the same transforms, filter and quarantine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from itertools import groupby

from darkhorses.api.archive import ArchivedResponse, iter_archived
from darkhorses.jobs import ingest
from darkhorses.jobs.context import JobContext
from darkhorses.jobs.landing import land
from darkhorses.jobs.report import JobReport
from darkhorses.jobs.runs import close_run, open_run
from darkhorses.transform import Rows, seed_rows

# Path template -> (kind, tier); the first match wins.
_KINDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), kind)
    for p, kind in (
        (r"^/v1/courses/regions$", "regions"),
        (r"^/v1/courses$", "courses"),
        (r"^/v1/racecards/(free|basic|standard|pro)$", "racecards"),
        (r"^/v1/racecards/\{race_id\}/(standard|pro)$", "racecard"),
        (r"^/v1/results/today/free$", "results"),
        (r"^/v1/results(/today)?$", "results"),
        (r"^/v1/results/\{race_id\}$", "result"),
        (r"^/v1/[a-z]+/\{id\}/results$", "results"),
        (r"^/v1/horses/\{horse_id\}/(pro|standard)$", "horse"),
    )
)
_SOURCES = {"racecards": "cards", "racecard": "cards", "results": "results", "result": "results"}
_ORDER = {"regions": 0, "courses": 1, "racecards": 2, "racecard": 2, "results": 3, "result": 3}


def kind_of(endpoint: str) -> str | None:
    """The kind of an archived endpoint, or None for what replay does not store."""
    for pattern, kind in _KINDS:
        if pattern.match(endpoint):
            return kind
    return None


def _ordered(responses: Iterator[ArchivedResponse]) -> Iterator[ArchivedResponse]:
    """Oldest first; within one instant, in sync order."""
    for _at, group in groupby(responses, key=lambda r: r.fetched_at):
        yield from sorted(group, key=lambda r: _ORDER.get(kind_of(r.endpoint) or "", 9))


def _rows(ctx: JobContext, response: ArchivedResponse, kind: str) -> Rows:
    body, source = response.body, response.endpoint
    if kind == "racecards":
        tier = response.endpoint.rsplit("/", 1)[1]
        return ingest.card_rows(
            body.get("racecards") or [], tier, regions=ctx.regions, source=source
        )
    if kind == "racecard":
        tier = response.endpoint.rsplit("/", 1)[1]
        return ingest.card_rows([body], tier, regions=ctx.regions, source=source)
    if kind in ("results", "result"):
        items = (body.get("results") or []) if kind == "results" else [body]
        tier = ingest.result_tier_of(items)
        return ingest.results_rows(items, tier, regions=ctx.regions, source=source)
    if kind == "horse":
        rows = ingest.profile_rows([body], pro=response.endpoint.endswith("/pro"), source=source)
        for row in rows.rows("ra_mst_horses"):
            row["profile_checked_at"] = response.fetched_at
        return rows
    if kind == "courses":
        return ingest.courses_rows(body.get("courses") or [], regions=ctx.regions, source=source)
    return ingest.region_list_rows(body, source=source)


def replay(ctx: JobContext, since: date | datetime | None = None) -> JobReport:
    """Re-apply every archived body (fetched since ``since``) to the tables."""
    started = ctx.clock.now()
    report = JobReport("replay", started_at=started)
    if not ctx.dry_run:
        params = {"since": since.isoformat() if since else None}
        ctx.run_id = open_run(ctx.engine, "replay", started, trigger=ctx.trigger, params=params)
    seed = Rows()
    for row in seed_rows():
        seed.add("ra_mst_bookmakers", row)
    land(ctx, seed, report, unit="bookmakers seed list")
    done = 0
    for response in _ordered(iter_archived(ctx.engine, since=since)):
        kind = kind_of(response.endpoint)
        if kind is None:
            report.count("bodies_skipped")
            continue
        land(
            ctx,
            _rows(ctx, response, kind),
            report,
            unit=f"{response.endpoint} {response.fetched_at:%Y-%m-%d %H:%M}",
            source=_SOURCES.get(kind, "other"),
        )
        report.count("bodies_replayed")
        done += 1
        ctx.progress("replay", done, done)
    report.finished_at = ctx.clock.now()
    if ctx.run_id is not None:
        close_run(ctx.engine, ctx.run_id, report)
    return report

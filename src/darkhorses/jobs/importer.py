"""Import saved API response bodies: the kind is read from the shape, then the same rules apply.

A file holds one body, or a capture ``{"request": {"endpoint": ...}, "body": ...}`` whose
endpoint settles the tier. Recognised: racecards of any tier (a page or one race), results of
any tier (``/v1/results`` pages, single results, entity ``/results`` pages), horse profiles
(pro or standard), courses, regions and search hits. Summaries, analyses and error bodies are
recognised and left out, saying so. Each file is one unit of work.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from darkhorses.jobs import ingest
from darkhorses.jobs.context import JobContext
from darkhorses.jobs.landing import land
from darkhorses.jobs.report import JobReport, RunStatus
from darkhorses.jobs.runs import close_run, open_run
from darkhorses.transform import Rows

_CARD_PATH = re.compile(r"^/v1/racecards/(?:[^/]+/)?(free|basic|standard|pro)$")


@dataclass(frozen=True)
class Body:
    """A body and what is known of where it came from."""

    data: Any
    endpoint: str = ""


class UnknownContent(ValueError):
    """A body whose kind cannot be told from its shape."""


def unwrap(data: Any) -> Body:
    """A capture's body with its endpoint, or the body as it is."""
    if isinstance(data, dict) and set(data) >= {"request", "body"}:
        request = data["request"] if isinstance(data["request"], dict) else {}
        return Body(data["body"], str(request.get("endpoint") or ""))
    return Body(data)


def kind_of(body: Body) -> str:
    """What a body is: racecards, racecard, results, result, horse, courses, regions,
    search, or ignored:<what>; ``UnknownContent`` otherwise."""
    data = body.data
    if isinstance(data, list):
        if all(isinstance(i, dict) and "region_code" in i for i in data):
            return "regions"
        raise UnknownContent("a list that is not the region list")
    if not isinstance(data, dict):
        raise UnknownContent(f"a JSON {type(data).__name__}, not an object")
    if "racecards" in data:
        return "racecards"
    if "results" in data:
        return "results"
    if "courses" in data and "total_rides" not in data:
        return "courses"
    if "search_results" in data:
        return "search"
    if "racecard_summaries" in data:
        return "ignored:racecard summaries"
    if "runners" in data and "race_id" in data:
        return "result" if "off" in data or "winning_time_detail" in data else "racecard"
    if str(data.get("id", "")).startswith("hrs_") and "runners" not in data:
        return "horse"
    if "total_rides" in data or "total_runners" in data or "courses" in data:
        return "ignored:analysis"
    captures = [c for v in data.values() if isinstance(v, list) for c in v]
    if (
        data
        and all(isinstance(v, list) for v in data.values())
        and captures
        and all(isinstance(c, dict) and "endpoint" in c for c in captures)
    ):
        return "ignored:error captures"
    if set(data) == {"detail"}:
        return "ignored:error body"
    raise UnknownContent(f"an object with keys {', '.join(sorted(data)[:6])}")


def body_rows(body: Body, kind: str, regions: list[str], source: str) -> Rows:
    """Rows of one recognised body."""
    data = body.data
    if kind in ("racecards", "racecard"):
        items = data["racecards"] if kind == "racecards" else [data]
        match = _CARD_PATH.match(body.endpoint)
        tier = match.group(1) if match else ingest.card_tier_of(items)
        return ingest.card_rows(items or [], tier, regions=regions, source=source)
    if kind in ("results", "result"):
        items = (data["results"] or []) if kind == "results" else [data]
        tier = ingest.result_tier_of(items)
        return ingest.results_rows(items, tier, regions=regions, source=source)
    if kind == "horse":
        pro = body.endpoint.endswith("/pro") or any(k in data for k in ("dob", "breeder", "sex"))
        return ingest.profile_rows([data], pro=pro, source=source)
    if kind == "courses":
        return ingest.courses_rows(data["courses"] or [], regions=regions, source=source)
    if kind == "regions":
        return ingest.region_list_rows(data, source=source)
    if kind == "search":
        return ingest.search_rows(data["search_results"] or [], source=source)
    return Rows()


def import_files(ctx: JobContext, paths: Iterable[Path]) -> JobReport:
    """Import each file as one unit of work; a bad file is reported, the others go on."""
    started = ctx.clock.now()
    report = JobReport("import", started_at=started)
    files = list(paths)
    if not ctx.dry_run:
        ctx.run_id = open_run(
            ctx.engine,
            "import",
            started,
            trigger=ctx.trigger,
            params={"files": [str(p) for p in files]},
        )
    failed = 0
    for done, path in enumerate(files, 1):
        if not _import_one(ctx, path, report):
            failed += 1
        ctx.progress("import", done, len(files))
    if files and failed == len(files):
        report.status = RunStatus.FAILED
    report.finished_at = ctx.clock.now()
    if ctx.run_id is not None:
        close_run(ctx.engine, ctx.run_id, report)
    return report


def _import_one(ctx: JobContext, path: Path, report: JobReport) -> bool:
    try:
        body = unwrap(json.loads(path.read_text(encoding="utf-8")))
        kind = kind_of(body)
    except (OSError, UnicodeDecodeError) as exc:
        report.fail(f"{path}: cannot read ({exc.__class__.__name__}: {exc})")
        return False
    except json.JSONDecodeError as exc:
        report.fail(f"{path}: not JSON ({exc.msg} at line {exc.lineno})")
        return False
    except UnknownContent as exc:
        report.fail(f"{path}: not a body darkhorses can import ({exc})")
        return False
    if kind.startswith("ignored:"):
        ctx.note(f"{path.name}: {kind.partition(':')[2]}, nothing to store")
        report.count("files_ignored")
        return True
    rows = body_rows(body, kind, ctx.regions, source=f"import:{kind}")
    source = {"racecards": "cards", "racecard": "cards", "results": "results", "result": "results"}
    if not land(ctx, rows, report, unit=str(path), source=source.get(kind, "other")):
        return False
    report.count("files_imported")
    report.count(f"{kind}_files")
    return True

"""What each page shows, as plain data: the JSON endpoints return it, the templates draw it."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from darkhorses.api.plans import CARD_LACKS, PLANS, RESULT_LACKS, rate_class, required_plan
from darkhorses.clock import UK
from darkhorses.config import Settings
from darkhorses.dashboard.queries import backfill, freshness, jobs, prices, racing, usage

# Endpoints worth naming when a plan cannot reach them (ids are placeholders).
NOTABLE_ENDPOINTS = (
    "/v1/racecards/pro",
    "/v1/racecards/standard",
    "/v1/results",
    "/v1/odds/{race_id}/{horse_id}",
    "/v1/horses/{horse_id}/pro",
    "/v1/horses/{horse_id}/results",
    "/v1/jockeys/{jockey_id}/results",
)
RUN_COUNTERS = ("retries", "rate_limited", "limiter_wait_s")


def overview(conn: sa.Connection, settings: Settings, now: datetime) -> dict[str, Any]:
    """Tables, jobs, failures, quarantine and alerts."""
    tables = freshness.table_states(conn, now, settings.service.stale_after_h)
    return {
        "now": now,
        "tables": [t.as_dict() for t in tables],
        "stale_tables": [t.name for t in tables if t.state == freshness.RED],
        "jobs": jobs.last_runs(conn),
        "failures": jobs.recent_failures(conn, now),
        "quarantine": jobs.quarantine(conn),
        "alerts": jobs.active_alerts(conn),
    }


def plan_in_use(conn: sa.Connection, settings: Settings) -> str:
    """The configured plan, or for ``auto`` the one the latest backfill resolved."""
    if settings.api.plan != "auto":
        return settings.api.plan
    request = backfill.latest_request(conn)
    plan = request.get("plan") if request else None
    return plan if plan in PLANS else "auto"


def api_usage(
    conn: sa.Connection,
    settings: Settings,
    now: datetime,
    client_counters: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Calls per hour against the plan's rate, by class; the plan and what it cannot reach."""
    api = settings.api
    plan = plan_in_use(conn, settings)
    rates = {"free": api.rate_free, "racecards": api.rate_racecards, "default": api.rate_default}
    out: dict[str, Any] = {
        "now": now,
        "plan": plan,
        "rates_per_s": {**rates, "global": api.rate_global},
        "limit_per_hour": api.rate_global * 3600,
        "calls": usage.calls_per_hour(conn, now),
        "archive": usage.responses_by_class(conn, now),
        "run_counters": usage.run_counters(conn, now, RUN_COUNTERS),
        "client": client_counters,
    }
    for entry in out["archive"]["classes"]:
        entry["rate_per_s"] = rates.get(entry["class"])
    if plan in PLANS:
        out["cannot_reach"] = [
            {"endpoint": path, "needs": required_plan(path), "rate_class": rate_class(path)}
            for path in NOTABLE_ENDPOINTS
            if PLANS.index(required_plan(path)) > PLANS.index(plan)
        ]
        out["card_fields_missing"] = sorted(CARD_LACKS[plan])  # type: ignore[index]
        out["result_fields_missing"] = sorted(RESULT_LACKS[plan])  # type: ignore[index]
    else:
        out["cannot_reach"] = []
        out["card_fields_missing"] = out["result_fields_missing"] = []
    return out


def backfill_progress(conn: sa.Connection, settings: Settings, now: datetime) -> dict[str, Any]:
    """Days done, failed and remaining per kind and year; the rate and the ETA."""
    counted = backfill.status_by_year(conn)
    request = backfill.latest_request(conn)
    planned = backfill.planned_days_by_year(request, settings.api.historic_addon) if request else {}
    years = []
    totals = {"done": 0, "empty": 0, "failed": 0, "remaining": 0, "planned": 0}
    for kind, year in sorted(set(counted) | set(planned), key=lambda k: (k[0], k[1])):
        c: Counter[str] = counted.get((kind, year), Counter())
        done, empty, failed = c.get("done", 0), c.get("empty", 0), c.get("failed", 0)
        days = max(planned.get((kind, year), 0), done + empty + failed + c.get("pending", 0))
        remaining = max(days - done - empty, 0)
        years.append(
            {
                "kind": kind,
                "year": year,
                "days": days,
                "done": done,
                "empty": empty,
                "failed": failed,
                "remaining": remaining,
            }
        )
        for key, value in (("done", done), ("empty", empty), ("failed", failed)):
            totals[key] += value
        totals["remaining"] += remaining
        totals["planned"] += days
    rate_per_h = 0.0
    for window in backfill.RATE_WINDOWS:
        finished = backfill.finished_since(conn, now - window)
        if finished:
            rate_per_h = finished / (window.total_seconds() / 3600)
            break
    eta = None
    if totals["remaining"] and rate_per_h:
        eta = now + timedelta(hours=totals["remaining"] / rate_per_h)
    return {
        "now": now,
        "request": {k: v for k, v in (request or {}).items() if k != "started_at"} or None,
        "started_at": request.get("started_at") if request else None,
        "years": years,
        "totals": totals,
        "rate_days_per_hour": round(rate_per_h, 2),
        "eta": eta,
    }


def race_status(race: dict[str, Any], now: datetime) -> str:
    """abandoned, result (in), off, or upcoming."""
    if race.get("is_abandoned"):
        return "abandoned"
    if race.get("has_result"):
        return "result"
    off = race.get("off_dt")
    if off is not None and off <= now:
        return "off"
    return "upcoming"


def today(conn: sa.Connection, now: datetime) -> dict[str, Any]:
    """Today's meetings (UK calendar) with race status, winners, and the next off's market."""
    day = now.astimezone(UK).date()
    races = racing.races_on(conn, day)
    won = racing.winners(conn, [r["id"] for r in races])
    meetings: dict[str, dict[str, Any]] = {}
    next_race = None
    for race in races:
        race["status"] = race_status(race, now)
        race["winners"] = won.get(race["id"], [])
        meeting = meetings.setdefault(
            race["course"] or "?", {"course": race["course"], "region": race["region"], "races": []}
        )
        meeting["races"].append(race)
        if next_race is None and race["status"] == "upcoming" and race["off_dt"] is not None:
            next_race = race
    out: dict[str, Any] = {
        "now": now,
        "date": day,
        "meetings": sorted(meetings.values(), key=lambda m: m["races"][0]["off_dt"] or now),
        "next_off": None,
    }
    if next_race is not None:
        out["next_off"] = {**next_race, "runners": market(conn, next_race["id"])}
    return out


def market(conn: sa.Connection, race_id: str) -> list[dict[str, Any]]:
    """The race's runners with their best price now and their best-price path."""
    field = racing.runners(conn, [race_id]).get(race_id, [])
    best = prices.best_now(conn, race_id)
    paths = prices.best_price_paths(prices.history(conn, race_id))
    return [
        {**runner, "best": best.get(runner["horse_id"]), "path": paths.get(runner["horse_id"], [])}
        for runner in field
    ]


def race_page(conn: sa.Connection, race_id: str, now: datetime) -> dict[str, Any] | None:
    """The card, the price movement per runner and bookmaker, the result and statistics."""
    race = racing.race(conn, race_id)
    if race is None:
        return None
    race["status"] = race_status(race, now)
    rows = prices.history(conn, race_id)
    per_book = prices.bookmaker_paths(rows)
    best = prices.best_now(conn, race_id)
    stats = racing.runner_statistics(conn, race_id)
    field = racing.runners(conn, [race_id]).get(race_id, [])
    runners = [
        {
            **r,
            "best": best.get(r["horse_id"]),
            "prices": per_book.get(r["horse_id"], {}),
            "stats": stats.get(r["horse_id"]),
        }
        for r in field
    ]
    finishers = sorted(
        (r for r in runners if r["position"] is not None or r["position_raw"]),
        key=lambda r: (r["position"] is None, r["position"] or 0, r["horse"] or ""),
    )
    return {"now": now, "race": race, "runners": runners, "result": finishers}

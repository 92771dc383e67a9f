"""An independent, plain-Python computation of every statistic, to check the SQL against.

It reads the raw runner, race and horse columns and applies the definitions of
``docs/statistics.md`` with exact fractions (sums of 1 / SP to 60 significant digits),
rounding as the columns store figures (half away from zero). It shares nothing with
``darkhorses.stats`` but the documented definitions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import Any

import sqlalchemy as sa

GOINGS = [
    ("standard to slow", "standard_to_slow"),
    ("standard to fast", "standard"),
    ("standard", "standard"),
    ("slow", "slow"),
    ("good to firm", "good_to_firm"),
    ("good to yielding", "good_to_soft"),
    ("good to soft", "good_to_soft"),
    ("good", "good"),
    ("yielding to soft", "soft"),
    ("yielding", "good_to_soft"),
    ("soft to heavy", "heavy"),
    ("very soft", "soft"),
    ("soft", "soft"),
    ("holding", "soft"),
    ("heavy", "heavy"),
    ("muddy", "heavy"),
    ("sloppy", "heavy"),
    ("hard", "firm"),
    ("firm", "firm"),
]
BUCKETS = [
    "firm",
    "good_to_firm",
    "good",
    "good_to_soft",
    "soft",
    "heavy",
    "standard",
    "standard_to_slow",
    "slow",
]


def going_bucket(text: str | None) -> str:
    g = (text or "").strip().lower()
    for prefix, bucket in GOINGS:
        if g.startswith(prefix):
            return bucket
    return "firm" if g == "fast" else "unknown"


def surface_bucket(text: str | None) -> str:
    s = (text or "").strip().lower()
    if s in ("aw", "all weather", "all-weather", "polytrack", "tapeta", "fibresand"):
        return "all_weather"
    return "turf" if s else "unknown"


def band(yards: int | None, jumps: bool) -> str | None:
    if yards is None:
        return None
    if jumps:
        table = [(4290, "Jumps up to 2m3f"), (5170, "Jumps 2m4f-2m7f"), (10**9, "Jumps 3m+")]
    else:
        table = [
            (1430, "Flat up to 6f"),
            (1870, "Flat 7f-1m"),
            (2530, "Flat 1m1f-1m3f"),
            (3630, "Flat 1m4f-1m6f"),
            (10**9, "Flat 1m7f+"),
        ]
    return next(label for bound, label in table if yards < bound)


def class_bucket(race_class: str | None, region: str | None) -> str:
    if race_class in {f"Class {n}" for n in range(1, 8)}:
        return race_class
    return "Irish (no class)" if (region or "").upper() == "IRE" else "Unclassed"


def rnd(value: Fraction | Decimal | None, places: int) -> Decimal | None:
    """Half away from zero, as the database columns store figures."""
    if value is None:
        return None
    with localcontext() as ctx:
        ctx.prec = 60
        if isinstance(value, Fraction):
            value = Decimal(value.numerator) / Decimal(value.denominator)
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass
class Run:
    """A runner row with its race and pedigree, and what the definitions make of it."""

    race_id: str
    horse_id: str
    jockey_id: str | None
    trainer_id: str | None
    owner_id: str | None
    course_id: str | None
    sire_id: str | None
    dam_id: str | None
    damsire_id: str | None
    date: date
    off_dt: datetime | None
    distance_y: int | None
    going: str
    surface: str
    klass: str
    jumps: bool
    band: str | None
    ran: bool
    position: int | None
    sp: Decimal | None
    bsp: Decimal | None
    win_time: Decimal | None
    winners: int = 1
    # Per-run terms, worked out once in ``load``: 1 / SP (to 60 significant digits) and the
    # P/L at SP and BSP (exact).
    inv: Decimal | None = None
    pl_sp: Fraction | None = None
    pl_bsp: Fraction | None = None

    @property
    def won(self) -> bool:
        return self.ran and self.position == 1

    @property
    def furlongs(self) -> int | None:
        return None if self.distance_y is None else (self.distance_y + 110) // 220

    def order(self) -> tuple[Any, ...]:
        return (self.date, self.off_dt is not None, self.off_dt or datetime.min, self.race_id)


def load(conn: sa.Connection) -> list[Run]:
    rows = conn.execute(
        sa.text(
            "SELECT n.race_id, n.horse_id, n.jockey_id, n.trainer_id, n.owner_id, n.position,"
            " n.position_status, n.is_non_runner, n.sp_dec, n.bsp, n.finishing_time_s,"
            " r.course_id, r.date, r.off_dt, r.distance_y, r.going, r.surface, r.race_class,"
            " r.region, r.type, r.winning_time_s, h.sire_id, h.dam_id, h.damsire_id"
            " FROM ra_mst_runners n JOIN ra_mst_races r ON r.id = n.race_id"
            " LEFT JOIN ra_mst_horses h ON h.id = n.horse_id"
        ).columns(
            date=sa.Date,
            off_dt=sa.DateTime,
            sp_dec=sa.Numeric(10, 2),
            bsp=sa.Numeric(10, 2),
            finishing_time_s=sa.Numeric(9, 2),
            winning_time_s=sa.Numeric(9, 2),
        )
    ).mappings()
    runs = []
    for x in rows:
        ran = (
            x["position_status"] is not None
            and x["position_status"] not in ("NR", "VOI")
            and not x["is_non_runner"]
        )
        jumps = (x["type"] or "").strip().lower() in ("hurdle", "chase", "nh flat")
        off = x["off_dt"]
        if isinstance(off, datetime) and off.tzinfo is not None:
            off = off.replace(tzinfo=None) - (off.utcoffset() or timedelta())
        won = ran and x["position"] == 1
        runs.append(
            Run(
                race_id=x["race_id"],
                horse_id=x["horse_id"],
                jockey_id=x["jockey_id"],
                trainer_id=x["trainer_id"],
                owner_id=x["owner_id"],
                course_id=x["course_id"],
                sire_id=x["sire_id"],
                dam_id=x["dam_id"],
                damsire_id=x["damsire_id"],
                date=x["date"],
                off_dt=off,
                distance_y=x["distance_y"],
                going=going_bucket(x["going"]),
                surface=surface_bucket(x["surface"]),
                klass=class_bucket(x["race_class"], x["region"]),
                jumps=jumps,
                band=band(x["distance_y"], jumps),
                ran=ran,
                position=x["position"],
                sp=x["sp_dec"] if ran and x["sp_dec"] and x["sp_dec"] > 0 else None,
                bsp=x["bsp"] if ran and x["bsp"] and x["bsp"] > 0 else None,
                win_time=(x["finishing_time_s"] or x["winning_time_s"]) if won else None,
            )
        )
    winners: dict[str, int] = defaultdict(int)
    for run in runs:
        winners[run.race_id] += run.won
    for run in runs:
        run.winners = winners[run.race_id] or 1
        run.inv = None if run.sp is None else _inverse(run.sp)
        run.pl_sp = _profit(run, run.sp)
        run.pl_bsp = _profit(run, run.bsp)
    return runs


def _inverse(sp: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 60
        return Decimal(1) / sp


def _profit(run: Run, price: Decimal | None) -> Fraction | None:
    """Level-stakes P/L of one run at ``price``, dead-heat rule; None without a price."""
    if price is None:
        return None
    return Fraction(price) / run.winners - 1 if run.won else Fraction(-1)


def ae(runs: Iterable[Run]) -> Decimal | None:
    """Wins / sum(1 / SP) over the priced runs, the sum to 60 significant digits (exact
    fractions of many prices grow huge; this rounds the same but on an exact tie)."""
    priced = [r for r in runs if r.inv is not None]
    if not priced:
        return None
    with localcontext() as ctx:
        ctx.prec = 60
        expected = sum((r.inv for r in priced), Decimal(0))  # type: ignore[misc]
        return rnd(Decimal(sum(r.won for r in priced)) / expected, 4)


def profit(runs: Iterable[Run], terms: Callable[[Run], Fraction | None]) -> Decimal | None:
    values = [t for t in map(terms, runs) if t is not None]
    return rnd(sum(values, Fraction(0)), 2) if values else None


def record(runs: list[Run], percent: bool = True) -> dict[str, Any]:
    n = len(runs)
    wins = sum(r.won for r in runs)
    places = sum(r.position in (1, 2, 3) for r in runs)
    scale, times = (3, 100) if percent else (4, 1)
    won = [r for r in runs if r.won]
    return {
        "runs": n,
        "wins": wins,
        "seconds": sum(r.position == 2 for r in runs),
        "thirds": sum(r.position == 3 for r in runs),
        "places": places,
        "win_percent": rnd(Fraction(wins * times, n), scale),
        "place_percent": rnd(Fraction(places * times, n), scale),
        "ae_index": ae(runs),
        "profit_loss_1u": profit(runs, lambda r: r.pl_sp),
        "profit_loss_bsp_1u": profit(runs, lambda r: r.pl_bsp),
        "first_run_date": min(r.date for r in runs),
        "last_run_date": max(r.date for r in runs),
        "last_win_date": max((r.date for r in won), default=None),
    }


def group(runs: Iterable[Run], key: Callable[[Run], Any]) -> dict[Any, list[Run]]:
    out: dict[Any, list[Run]] = defaultdict(list)
    for r in runs:
        k = key(r)
        if k is not None and (not isinstance(k, tuple) or None not in k):
            out[k].append(r)
    return out


def going_json(runs: list[Run], key: Callable[[Run], str] = lambda r: r.going) -> dict[str, Any]:
    out = {}
    for bucket, rs in group(runs, key).items():
        value = ae(rs)
        out[bucket] = {
            "runs": len(rs),
            "wins": sum(r.won for r in rs),
            "ae": None if value is None else float(value),
        }
    return out


# --- the tables ----------------------------------------------------------------------------


def people(runs: list[Run], role: str, as_of: date) -> dict[str, dict[str, Any]]:
    run_word, last_word, recent_word = {
        "jockey": ("rides", "ride", "rides"),
        "trainer": ("runners", "runner", "runs"),
        "owner": ("runners", "runner", "runs"),
    }[role]
    mine = [r for r in runs if r.ran and r.date <= as_of]
    out = {}
    for who, rs in group(mine, lambda r: getattr(r, f"{role}_id")).items():
        n, wins = len(rs), sum(r.won for r in rs)
        places = sum(r.position in (1, 2, 3) for r in rs)
        last = max(r.date for r in rs)
        last_win = max((r.date for r in rs if r.won), default=None)
        row: dict[str, Any] = {
            f"total_{run_word}": n,
            "total_wins": wins,
            "total_places": places,
            "total_seconds": sum(r.position == 2 for r in rs),
            "total_thirds": sum(r.position == 3 for r in rs),
            "win_rate": rnd(Fraction(wins, n), 4),
            "place_rate": rnd(Fraction(places, n), 4),
            "ae_index": ae(rs),
            "profit_loss_1u": profit(rs, lambda r: r.pl_sp),
            f"last_{last_word}_date": last,
            "last_win_date": last_win,
            f"days_since_last_{last_word}": (as_of - last).days,
            "days_since_last_win": None if last_win is None else (as_of - last_win).days,
        }
        for days in (14, 30):
            recent = [r for r in rs if r.date > as_of - timedelta(days=days)]
            w = sum(r.won for r in recent)
            row[f"recent_{days}d_{recent_word}"] = len(recent)
            row[f"recent_{days}d_wins"] = w
            row[f"recent_{days}d_win_rate"] = rnd(Fraction(w, len(recent)), 4) if recent else None
            row[f"recent_{days}d_ae"] = ae(recent)
        if role == "owner":
            row["total_horses"] = len({r.horse_id for r in rs})
        row["stats_as_of"] = as_of
        out[who] = row
    return out


def _ranked(rs: list[Run], key: Callable[[Run], str | None], min_runs: int) -> dict[str, Any]:
    buckets = []
    for name, bs in group(rs, key).items():
        wins = sum(r.won for r in bs)
        buckets.append(
            {
                "name": name,
                "runners": len(bs),
                "wins": wins,
                "win_percent": rnd(Fraction(wins * 100, len(bs)), 4),
                "ae": ae(bs),
            }
        )
    return {
        "by_runs": sorted(buckets, key=lambda b: (-b["runners"], b["name"])),
        "best": min(
            (b for b in buckets if b["runners"] >= min_runs and b["ae"] is not None),
            key=lambda b: (-b["ae"], -b["runners"], b["name"]),
            default=None,
        ),
    }


def ancestors(runs: list[Run], role: str, as_of: date, min_runs: int) -> dict[str, Any]:
    mine = [r for r in runs if r.ran and r.date <= as_of]
    out = {}
    for who, rs in group(mine, lambda r: getattr(r, f"{role}_id")).items():
        n, wins = len(rs), sum(r.won for r in rs)
        quality = sum(
            r.sp is not None and r.distance_y is not None and r.klass not in ("Unclassed",)
            for r in rs
        )
        row: dict[str, Any] = {
            "total_progeny": len({r.horse_id for r in rs}),
            "total_runners": n,
            "total_wins": wins,
            "total_places_2nd": sum(r.position == 2 for r in rs),
            "total_places_3rd": sum(r.position == 3 for r in rs),
            "overall_win_percent": rnd(Fraction(wins * 100, n), 4),
            "overall_ae_index": ae(rs),
            "profit_loss_1u": profit(rs, lambda r: r.pl_sp),
            "data_quality_score": rnd(Fraction(quality, n), 4),
        }
        for kind, key in (("class", lambda r: r.klass), ("distance", lambda r: r.band)):
            ranked = _ranked(rs, key, min_runs)
            best = ranked["best"]
            row[f"best_{kind}"] = best["name"] if best else None
            row[f"best_{kind}_ae"] = best["ae"] if best else None
            for i in range(3):
                b = ranked["by_runs"][i] if i < len(ranked["by_runs"]) else {}
                for field in ("name", "runners", "wins", "win_percent", "ae"):
                    row[f"{kind}_{i + 1}_{field}"] = b.get(field)
        row["going_breakdown"] = going_json(rs)
        row["surface_breakdown"] = going_json(rs, lambda r: r.surface)
        out[who] = row
    return out


def combos(runs: list[Run], as_of: date, min_runs: int) -> dict[tuple[str, str], Any]:
    mine = [r for r in runs if r.ran and r.date <= as_of]
    pairs = group(mine, lambda r: (r.jockey_id, r.trainer_id))
    return {k: record(rs) for k, rs in pairs.items() if len(rs) >= min_runs}


def performance(
    runs: list[Run], as_of: date, key: Callable[[Run], Any], with_band: bool
) -> dict[tuple[str, str, Any], Any]:
    mine = [r for r in runs if r.ran and r.date <= as_of]
    out = {}
    for entity in ("horse", "jockey", "trainer"):
        column = f"{entity}_id"
        for (who, k), rs in group(mine, lambda r, c=column: (getattr(r, c), key(r))).items():
            row = record(rs)
            times = [r.win_time for r in rs if r.won and r.win_time is not None]
            won = sorted((r for r in rs if r.won), key=Run.order)
            row["best_winning_time_s"] = min(times) if times else None
            row["avg_winning_time_s"] = (
                rnd(Fraction(sum(times)) / len(times), 2) if times else None  # type: ignore[arg-type]
            )
            row["last_winning_time_s"] = won[-1].win_time if won else None
            row["going_breakdown"] = going_json(rs)
            if with_band:
                bands = {r.band for r in rs}
                row["distance_band"] = next((b for b in sorted(bands, reverse=True) if b), None)
            out[(entity, who, k)] = row
    return out


def runner_statistics(runs: list[Run]) -> dict[tuple[str, str], dict[str, Any]]:
    by_horse = group(runs, lambda r: r.horse_id)
    out = {}
    for rows in by_horse.values():
        rows.sort(key=Run.order)
        for i, target in enumerate(rows):
            before = [r for r in rows[:i] if r.ran]
            row: dict[str, Any] = {"race_date": target.date}

            def count(prefix: str, rs: list[Run], known: bool = True, row: dict = row) -> None:
                values = {
                    "runs": len(rs),
                    "wins": sum(r.won for r in rs),
                    "seconds": sum(r.position == 2 for r in rs),
                    "thirds": sum(r.position == 3 for r in rs),
                }
                for name, v in values.items():
                    row[f"{prefix}_{name}"] = v if known else None

            count("career", before)
            count(
                "course",
                [r for r in before if r.course_id == target.course_id],
                target.course_id is not None,
            )
            count(
                "course_distance",
                [
                    r
                    for r in before
                    if r.course_id == target.course_id and r.furlongs == target.furlongs
                ],
                target.course_id is not None and target.furlongs is not None,
            )
            count(
                "distance",
                [r for r in before if r.furlongs == target.furlongs],
                target.furlongs is not None,
            )
            for b in BUCKETS:
                count(f"going_{b}", [r for r in before if r.going == b])
            count("all_weather", [r for r in before if r.surface == "all_weather"])
            count("jumps", [r for r in before if r.jumps])
            count(
                "jockey",
                [r for r in before if r.jockey_id == target.jockey_id],
                target.jockey_id is not None,
            )
            count("last_10", before[-10:])
            year = [r for r in before if r.date >= target.date - timedelta(days=365)]
            count("last_12_months", year)
            won = [r for r in before if r.won]
            row["last_raced_date"] = before[-1].date if before else None
            row["last_won_date"] = won[-1].date if won else None
            row["days_since_last_run"] = (target.date - before[-1].date).days if before else None
            distances = [r.distance_y for r in won if r.distance_y is not None]
            row["min_winning_distance_y"] = min(distances) if distances else None
            row["max_winning_distance_y"] = max(distances) if distances else None
            out[(target.race_id, target.horse_id)] = row
    return out

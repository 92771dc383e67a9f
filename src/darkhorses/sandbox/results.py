"""Result endpoints: ranges (newest first, paged), today's, one race, and per entity."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from darkhorses.sandbox.context import Call
from darkhorses.sandbox.errors import not_found
from darkhorses.sandbox.filters import (
    index_filter,
    keep_all,
    needs_result,
    place_filter,
    result_filter,
)
from darkhorses.sandbox.pages import JsonText, envelope_json, page_of
from darkhorses.sandbox.windows import HISTORIC_FIRST, results_earliest, results_range
from darkhorses.sandbox.world.contract import EntityKind, RaceRef, ResultTier


def _page(
    call: Call, refs: list[RaceRef], tier: ResultTier, echo: list[list[str]] | None = None
) -> JsonText:
    """Filter by the result-only parameters when asked, then page and write the results."""
    limit, skip = call.params["limit"], call.params["skip"]
    values = call.params.values
    world = call.world
    if needs_result(values):
        # decided from what the results would show, without building them
        keep = result_filter(values)
        refs = [r for r in refs if keep(world.result_facts(r.race_id))]
    items = [world.result_json(r.race_id, tier) for r in page_of(refs, limit, skip)]
    return envelope_json(
        "results", items, len(refs), limit, skip, call.params.echo if echo is None else echo
    )


def _ready_newest_first(call: Call, refs: list[RaceRef]) -> list[RaceRef]:
    ready = [r for r in refs if call.result_ready(r)]
    ready.sort(key=lambda r: (r.off_dt, r.race_id), reverse=True)
    return ready


def _place(call: Call) -> Any:
    return place_filter(call.params["region"], call.params["course"], call.region_codes)


def results(call: Call) -> JsonText:
    """``/v1/results``: a date range (default and at most 365 days), newest first."""
    earliest = results_earliest(call.today, call.account.historic)
    first, last = results_range(
        call.params["start_date"], call.params["end_date"], call.today, earliest
    )
    place, index = _place(call), index_filter(call.params.values)
    refs: list[RaceRef] = []
    day = last
    while day >= first:
        refs.extend(keep_all(call.races_on(day), place, index))
        day -= timedelta(days=1)
    return _page(call, _ready_newest_first(call, refs), "standard")


def today(call: Call, tier: ResultTier) -> JsonText:
    """``/v1/results/today`` and ``/v1/results/today/free``."""
    place = place_filter(call.params["region"], (), call.region_codes)
    refs = _ready_newest_first(call, keep_all(call.races_on(call.today), place))
    echo = call.params.echo
    if tier == "free":
        # The free endpoint echoes the date it answered for.
        echo = [*echo, ["date", call.today.isoformat()]]
    return _page(call, refs, tier, echo)


def one(call: Call) -> JsonText:
    """``/v1/results/{race_id}``."""
    ref = call.known_race(call.path["race_id"])
    if ref is None or not call.result_ready(ref):
        raise not_found()
    return JsonText(call.world.result_json(ref.race_id, "standard"))


def entity(call: Call, kind: EntityKind, id_param: str, tier: ResultTier) -> JsonText:
    """``/v1/{kind}/{id}/results``: the races an entity ran in, newest first."""
    first, last = results_range(
        call.params["start_date"], call.params["end_date"], call.today, HISTORIC_FIRST
    )
    ids = call.world.entity_races(kind, call.path[id_param], first, min(last, call.today))
    refs = [ref for ref in map(call.world.race, ids) if ref is not None]
    refs = keep_all(refs, _place(call), index_filter(call.params.values))
    return _page(call, _ready_newest_first(call, refs), tier)

"""The Racing API client: plan-aware, rate-limited, retrying, paging and archiving.

One :class:`RacingApiClient` may be shared by every thread of a process. Each call waits for
the shared rate limiter, retries transient failures (see :mod:`darkhorses.api.retry`),
archives the body (see :mod:`darkhorses.api.archive`) and returns parsed JSON, never models:
the jobs validate records one by one so that one bad record never fails a page.

Methods (``Page``: items of a walked list plus ``total``, ``endpoint``, ``tier``; ``Fetched``:
one body plus ``endpoint`` and ``tier``):

===============================================  ==========================================
``regions()``                                    ``/v1/courses/regions`` (Fetched, a list)
``courses(region_codes)``                        ``/v1/courses`` (Page)
``racecards(day, region_codes, course_ids)``     richest of ``/v1/racecards/pro|standard|
                                                 basic|free`` (Page; below Pro only today and
                                                 tomorrow)
``racecard(race_id)``                            ``/v1/racecards/{race_id}/pro|standard``
``summaries(day)``                               ``/v1/racecards/summaries`` (Page)
``results_day(day, regions)``                    richest of ``/v1/results``, ``/v1/results/
                                                 today``, ``/v1/results/today/free`` (Page)
``results_range(start, end, regions)``           one ``results_day`` per day (iterator)
``results_today(regions)``                       ``results_day`` for the UK today
``result(race_id)``                              ``/v1/results/{race_id}``
``horse(horse_id)``                              ``/v1/horses/{id}/pro``, else ``/standard``
``search(kind, name)``                           ``/v1/{kind}/search`` (Fetched, a list)
``entity_results(kind, id, start, end)``         ``/v1/{kind}/{id}/results`` (Page)
``odds(race_id, horse_id)``                      ``/v1/odds/{race_id}/{horse_id}``
===============================================  ==========================================

A call the plan cannot make raises :class:`~darkhorses.api.errors.PlanRequired` before any
request is sent; the API's own 401 "<Plan> Plan required" raises the same, never retried.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import Any

import httpx

from darkhorses import __version__
from darkhorses.api import plans
from darkhorses.api.archive import RawArchive
from darkhorses.api.errors import (
    BadBody,
    ConnectionLost,
    InvalidRequest,
    NotFound,
    PlanRequired,
    Timeout,
    error_for_status,
)
from darkhorses.api.limiter import RateLimiter, shared_limiter
from darkhorses.api.metrics import ClientMetrics
from darkhorses.api.paging import RACECARD_PAGES, RESULT_PAGES, walk_pages, walk_range
from darkhorses.api.plans import PlanResolver, Tier
from darkhorses.api.redact import safe_params, safe_url
from darkhorses.api.retry import RetryPolicy, call_with_retries
from darkhorses.clock import Clock

log = logging.getLogger("darkhorses.api")

USER_AGENT = f"darkhorses/{__version__}"
# How far back /v1/results reaches without the historical results add-on.
HISTORY_DAYS = 365
ENTITY_KINDS = ("horses", "jockeys", "trainers", "owners", "sires", "dams", "damsires")

Params = list[tuple[str, str | int | float | bool | None]]


@dataclass(frozen=True)
class Page:
    """The items of a walked list endpoint and where they came from."""

    items: list[dict[str, Any]]
    total: int
    endpoint: str
    tier: Tier
    params: list[list[str]] = field(default_factory=list)
    pages: int = 1

    @property
    def lacks(self) -> frozenset[str]:
        """Fields this tier lacks compared with the richest one (``runner.*`` for runners)."""
        if self.endpoint.startswith("/v1/racecards/") and "summaries" not in self.endpoint:
            return plans.CARD_LACKS[self.tier]
        if "/results" in self.endpoint:
            return plans.RESULT_LACKS[self.tier]
        return frozenset()


@dataclass(frozen=True)
class Fetched:
    """One response body and where it came from."""

    body: Any
    endpoint: str
    tier: Tier


def _repeat(name: str, values: Iterable[str] | None) -> Params:
    """An array parameter as repeated keys (``region=gb&region=ire``)."""
    return [(name, str(v)) for v in (values or ())]


class RacingApiClient:
    """A thread-safe client of The Racing API (or of its sandbox)."""

    def __init__(
        self,
        base_url: str,
        username: str,
        password: str,
        *,
        plan: str = "auto",
        historic_addon: bool = False,
        timeout_s: float = 30.0,
        limiter: RateLimiter,
        retry: RetryPolicy | None = None,
        archive: RawArchive | None = None,
        metrics: ClientMetrics | None = None,
        clock: Clock | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.limiter = limiter
        self.retry = retry or RetryPolicy()
        self.archive = archive
        self.metrics = metrics or ClientMetrics()
        self.clock = clock or Clock()
        self.historic_addon = historic_addon
        self._resolver = PlanResolver(plan, self._probe_plan)
        self._http = httpx.Client(
            base_url=self.base_url,
            auth=httpx.BasicAuth(username, password),
            timeout=httpx.Timeout(timeout_s, connect=min(timeout_s, 10.0)),
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            transport=transport,
        )

    @classmethod
    def from_settings(
        cls,
        settings: Any,
        engine: Any = None,
        *,
        limiter: RateLimiter | None = None,
        metrics: ClientMetrics | None = None,
        transport: httpx.BaseTransport | None = None,
        shared_budget_url: str | None = None,
    ) -> RacingApiClient:
        """A client for ``settings.api``; archives to ``engine`` when given and enabled.

        Without ``limiter``, the process-wide limiter of the account is used; with
        ``shared_budget_url`` (a PostgreSQL URL) its buckets live in that database, so every
        process on the account shares one budget.
        """
        api = settings.api
        return cls(
            api.base_url,
            api.username,
            api.password.get_secret_value(),
            plan=api.plan,
            historic_addon=api.historic_addon,
            timeout_s=api.timeout_s,
            limiter=limiter or shared_limiter(api, postgres_url=shared_budget_url),
            retry=RetryPolicy(attempts=api.retry_attempts, timeout_s=api.retry_timeout_s),
            archive=RawArchive(engine) if engine is not None and api.archive else None,
            metrics=metrics,
            clock=Clock(settings.now),
            transport=transport,
        )

    def __enter__(self) -> RacingApiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool (the shared limiter stays)."""
        self._http.close()

    def __repr__(self) -> str:
        return f"RacingApiClient({safe_url(self.base_url)!r})"

    # -- plumbing ---------------------------------------------------------------------------

    @property
    def plan(self) -> Tier:
        """The account's plan (probed once when configured as ``auto``)."""
        return self._resolver.plan

    def _need(self, needed: Tier, endpoint: str) -> None:
        if not plans.allows(self.plan, needed):
            raise PlanRequired(needed, endpoint=endpoint)

    def get(
        self, path: str, params: Params | None = None, *, template: str = "", archive: bool = True
    ) -> Any:
        """GET ``path`` with retries; the parsed JSON body. Array params as repeated keys."""
        params = params or []
        template = template or path
        self._need(plans.required_plan(path), path)
        return call_with_retries(
            lambda: self._once(path, params, template, archive),
            self.retry,
            on_retry=lambda _n: self.metrics.retry(template),
        )

    def _once(self, path: str, params: Params, template: str, archive: bool) -> Any:
        waited = self.limiter.acquire(plans.rate_class(path))
        self.metrics.waited(waited)
        started = time.perf_counter()
        shown = safe_params(params)
        try:
            response = self._http.get(path, params=params)
        except httpx.TimeoutException as exc:
            self.metrics.call(template, "timeout")
            log.debug("GET %s %s timed out", path, shown)
            raise Timeout(f"{path}: no answer in time", endpoint=path) from exc
        except httpx.RequestError as exc:
            self.metrics.call(template, "connection")
            log.debug("GET %s %s failed: %s", path, shown, exc.__class__.__name__)
            raise ConnectionLost(
                f"{path}: connection lost ({exc.__class__.__name__})", endpoint=path
            ) from exc
        body = response.content
        status = response.status_code
        self.metrics.call(template, status, len(body))
        log.debug(
            "GET %s %s -> %d (%d bytes, %.0f ms)",
            path,
            shown,
            status,
            len(body),
            (time.perf_counter() - started) * 1000,
        )
        if status != 200:
            raise error_for_status(
                status, body, endpoint=path, retry_after=response.headers.get("Retry-After")
            )
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise BadBody(
                f"{path}: body is not valid JSON ({len(body)} bytes)", endpoint=path
            ) from exc
        if archive and self.archive is not None:
            self.archive.store(template, path, shown, status, body, self.clock.now())
        return data

    def _walk(
        self,
        path: str,
        params: Params,
        items_key: str,
        tier: Tier,
        *,
        template: str = "",
        racecards: bool = False,
    ) -> Page:
        limits = RACECARD_PAGES if racecards else RESULT_PAGES

        def fetch(limit: int, skip: int) -> dict[str, Any]:
            return self.get(
                path, [*params, ("limit", str(limit)), ("skip", str(skip))], template=template
            )

        walk = walk_pages(fetch, items_key, limits, id_key="race_id")
        return Page(walk.items, walk.total, path, tier, safe_params(params), walk.pages)

    def _probe_plan(self) -> Tier:
        """Find the account's plan with at most three cheap calls, richest first."""
        today = self.clock.today_uk().isoformat()
        probes: list[tuple[Tier, str, Params]] = [
            ("pro", "/v1/racecards/pro", [("date", today), ("limit", "1")]),
            (
                "standard",
                "/v1/results",
                [("start_date", today), ("end_date", today), ("limit", "1")],
            ),
            ("basic", "/v1/results/today", [("limit", "1")]),
        ]
        for tier, path, params in probes:
            try:
                call_with_retries(partial(self._once, path, params, path, False), self.retry)
            except PlanRequired:
                continue
            log.info("Racing API plan detected: %s", tier)
            return tier
        log.info("Racing API plan detected: free")
        return "free"

    # -- courses ----------------------------------------------------------------------------

    def regions(self) -> Fetched:
        """Every region ``{region, region_code}``."""
        return Fetched(self.get("/v1/courses/regions"), "/v1/courses/regions", "free")

    def courses(self, region_codes: Sequence[str] | None = None) -> Page:
        """Every course, optionally only in ``region_codes``."""
        params = _repeat("region_codes", region_codes)
        body = self.get("/v1/courses", params)
        items = body.get("courses") or []
        return Page(
            items, int(body.get("total") or len(items)), "/v1/courses", "free", safe_params(params)
        )

    # -- racecards --------------------------------------------------------------------------

    def racecards(
        self,
        day: date,
        region_codes: Sequence[str] | None = None,
        course_ids: Sequence[str] | None = None,
    ) -> Page:
        """Every card of ``day`` from the richest list the plan allows, all pages."""
        tier = plans.racecards_tier(self.plan)
        path = f"/v1/racecards/{tier}"
        if tier == "pro":
            params: Params = [("date", day.isoformat())]
        else:
            today = self.clock.today_uk()
            if day == today:
                params = [("day", "today")]
            elif day == today + timedelta(days=1):
                params = [("day", "tomorrow")]
            else:
                raise PlanRequired("pro", endpoint=f"{path} for {day} (only today and tomorrow)")
        params += _repeat("region_codes", region_codes) + _repeat("course_ids", course_ids)
        return self._walk(path, params, "racecards", tier, racecards=True)

    def racecard(self, race_id: str) -> Fetched:
        """One race's card: the Pro single card, else the Standard one."""
        if plans.allows(self.plan, "pro"):
            tier: Tier = "pro"
        else:
            self._need("standard", "/v1/racecards/{race_id}/standard")
            tier = "standard"
        path = f"/v1/racecards/{race_id}/{tier}"
        return Fetched(self.get(path, template=f"/v1/racecards/{{race_id}}/{tier}"), path, tier)

    def summaries(self, day: date) -> Page:
        """The day's racecard summaries."""
        params: Params = [("date", day.isoformat())]
        body = self.get("/v1/racecards/summaries", params)
        items = body.get("racecard_summaries") or []
        return Page(items, len(items), "/v1/racecards/summaries", "basic", safe_params(params))

    # -- results ----------------------------------------------------------------------------

    def results_day(self, day: date, regions: Sequence[str] | None = None) -> Page:
        """Every result of ``day`` (one day per call, all pages) from the richest endpoint."""
        today = self.clock.today_uk()
        if day < today - timedelta(days=HISTORY_DAYS) and not self.historic_addon:
            raise InvalidRequest(
                f"/v1/results for {day}: more than {HISTORY_DAYS} days back needs the historical"
                " results add-on (settings api.historic_addon)",
                endpoint="/v1/results",
            )
        chosen = plans.results_endpoint(self.plan, today=day == today)
        if chosen is None:
            raise PlanRequired("standard", endpoint=f"/v1/results for {day}")
        path, tier = chosen
        params = _repeat("region", regions)
        if path == "/v1/results":
            params = [("start_date", day.isoformat()), ("end_date", day.isoformat()), *params]
        return self._walk(path, params, "results", tier)

    def results_range(
        self, start: date, end: date, regions: Sequence[str] | None = None
    ) -> Iterator[Page]:
        """``results_day`` for each day from ``start`` to ``end`` inclusive, oldest first."""
        day = start
        while day <= end:
            yield self.results_day(day, regions)
            day += timedelta(days=1)

    def results_today(self, regions: Sequence[str] | None = None) -> Page:
        """Today's results (UK date) from the richest endpoint the plan allows."""
        return self.results_day(self.clock.today_uk(), regions)

    def result(self, race_id: str) -> Fetched:
        """One race's result."""
        path = f"/v1/results/{race_id}"
        return Fetched(self.get(path, template="/v1/results/{race_id}"), path, "standard")

    # -- horses, people, searches, odds -----------------------------------------------------

    def horse(self, horse_id: str) -> Fetched:
        """A horse's profile: Pro when allowed (falling back to Standard when Pro has none)."""
        if plans.allows(self.plan, "pro"):
            path = f"/v1/horses/{horse_id}/pro"
            try:
                return Fetched(self.get(path, template="/v1/horses/{horse_id}/pro"), path, "pro")
            except NotFound:
                pass
        path = f"/v1/horses/{horse_id}/standard"
        return Fetched(self.get(path, template="/v1/horses/{horse_id}/standard"), path, "standard")

    def search(self, kind: str, name: str) -> Fetched:
        """Search ``kind`` (horses, jockeys, trainers, owners, sires, dams, damsires) by name."""
        if kind not in ENTITY_KINDS:
            raise ValueError(f"unknown search kind {kind!r}; one of {', '.join(ENTITY_KINDS)}")
        path = f"/v1/{kind}/search"
        body = self.get(path, [("name", name)])
        return Fetched(body.get("search_results") or [], path, "standard")

    def entity_results(
        self,
        kind: str,
        entity_id: str,
        start: date,
        end: date,
        regions: Sequence[str] | None = None,
    ) -> Page:
        """Results of a horse, person or sire line in [start, end], ranges split as needed."""
        if kind not in ENTITY_KINDS:
            raise ValueError(f"unknown entity kind {kind!r}; one of {', '.join(ENTITY_KINDS)}")
        path = f"/v1/{kind}/{entity_id}/results"
        template = f"/v1/{kind}/{{id}}/results"
        extra = _repeat("region", regions)

        def fetch(a: date, b: date, limit: int, skip: int) -> dict[str, Any]:
            params = [
                ("start_date", a.isoformat()),
                ("end_date", b.isoformat()),
                *extra,
                ("limit", str(limit)),
                ("skip", str(skip)),
            ]
            return self.get(path, params, template=template)

        walk = walk_range(fetch, start, end, "results", RESULT_PAGES, id_key="race_id")
        params = [("start_date", start.isoformat()), ("end_date", end.isoformat()), *extra]
        return Page(walk.items, walk.total, path, "standard", safe_params(params), walk.pages)

    def odds(self, race_id: str, horse_id: str) -> Fetched:
        """A runner's odds with their minute-level history."""
        path = f"/v1/odds/{race_id}/{horse_id}"
        return Fetched(self.get(path, template="/v1/odds/{race_id}/{horse_id}"), path, "pro")

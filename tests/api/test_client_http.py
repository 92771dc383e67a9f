"""The client against the sandbox over real HTTP: plans, limits, faults, paging, errors."""

from __future__ import annotations

import base64
import gzip
import json
import logging
import threading
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from darkhorses.api import plans
from darkhorses.api.archive import RawArchive, iter_archived
from darkhorses.api.client import RacingApiClient
from darkhorses.api.errors import AuthFailed, InvalidRequest, NotFound, PlanRequired
from darkhorses.config import Settings
from darkhorses.sandbox.accounts import Account
from darkhorses.sandbox.limits import RateLimits
from darkhorses.store.engine import make_engine
from darkhorses.store.schema.ops import dh_raw_responses
from tests.api.conftest import UNLIMITED, ClientFactory
from tests.plugins.sandbox import DEFAULT_NOW, RunningSandbox, SandboxFactory, sample_ids

TODAY = date(2025, 10, 14)  # the sandbox's fixed clock: DEFAULT_NOW

EXPECTED = {
    # plan: (racecard list, results endpoint for today)
    "free": ("/v1/racecards/free", "/v1/results/today/free"),
    "basic": ("/v1/racecards/basic", "/v1/results/today"),
    "standard": ("/v1/racecards/standard", "/v1/results"),
    "pro": ("/v1/racecards/pro", "/v1/results"),
}


def _lacking(items: list[dict], lacks: frozenset[str]) -> set[str]:
    """Fields a tier is said to lack that its payload carries all the same."""
    race_level = {f for f in lacks if not f.startswith("runner.")}
    runner_level = {f.split(".")[1] for f in lacks if f.count(".") == 1}
    present = set()
    for item in items:
        present |= race_level & item.keys()
        for runner in item.get("runners", []):
            present |= runner_level & runner.keys()
    return present


@pytest.mark.parametrize("plan", list(EXPECTED))
def test_each_plan_gets_the_richest_endpoint_it_allows(
    sandbox: RunningSandbox, api_client: ClientFactory, plan: str
) -> None:
    client = api_client(sandbox, plan)  # plan "auto": probed
    assert client.plan == plan

    cards = client.racecards(TODAY, region_codes=["gb", "ire"])
    results = client.results_today(regions=["gb", "ire"])

    assert (cards.endpoint, results.endpoint) == EXPECTED[plan]
    assert cards.tier == plan
    assert cards.total == len(cards.items) > 0
    assert results.total == len(results.items) > 0
    # What the tier is said to lack is really missing from its payloads.
    assert _lacking(cards.items, cards.lacks) == set()
    assert _lacking(results.items, results.lacks) == set()
    if plan != "pro":
        assert cards.lacks > plans.CARD_LACKS["pro"]


def test_auto_plan_is_probed_once(sandbox: RunningSandbox, api_client: ClientFactory) -> None:
    client = api_client(sandbox, "standard")
    client.results_today(regions=["gb"])
    client.results_today(regions=["gb"])
    stats = sandbox.stats()["by_endpoint_status"]
    assert stats["/v1/racecards/pro"] == {"401": 1}  # the one failed probe
    assert stats["/v1/results"] == {"200": 3}  # the successful probe, then two calls


def test_pro_call_on_a_standard_account_fails_at_once(
    sandbox: RunningSandbox, api_client: ClientFactory
) -> None:
    ids = sample_ids(sandbox)
    sandbox.reset()
    client = api_client(sandbox, "standard", plan="pro")  # misconfigured: the API says no
    with pytest.raises(PlanRequired) as caught:
        client.odds(ids["race_id"], ids["horse_id"])
    assert caught.value.plan == "Pro"
    stats = sandbox.stats()
    assert stats["by_endpoint"] == {"/v1/odds/{race_id}/{horse_id}": 1}
    assert client.metrics.snapshot()["retries"] == 0


def test_pro_call_on_a_known_standard_plan_is_refused_without_a_request(
    sandbox: RunningSandbox, api_client: ClientFactory
) -> None:
    client = api_client(sandbox, "standard", plan="standard")
    with pytest.raises(PlanRequired) as caught:
        client.odds("rac_1", "hrs_1")
    assert caught.value.plan == "Pro"
    with pytest.raises(PlanRequired):
        client.racecards(TODAY + timedelta(days=3))  # below Pro: today and tomorrow only
    assert sandbox.stats()["requests"] == 0


def test_sandbox_limits_equal_to_ours_give_no_429(
    sandbox_factory: SandboxFactory, api_client: ClientFactory
) -> None:
    limits = RateLimits(free=20, racecards=20, default=50)
    running = sandbox_factory(limits=limits)
    ids = sample_ids(running)
    running.reset()
    rates = {"free": 20.0, "racecards": 20.0, "default": 50.0}
    client = api_client(running, "basic", plan="basic", rates=rates, global_rate=90)
    calls = [  # one endpoint of each rate class, each light on the sandbox
        lambda: client.courses(["ire"]),
        lambda: client.racecards(TODAY, course_ids=[ids["course_id"]]),
        lambda: client.results_today(regions=["ire"]),
    ]
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for i in range(50):
                calls[(i + offset) % len(calls)]()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    stats = running.stats()
    assert stats["requests"] == 200, stats["by_endpoint_status"]
    assert "429" not in stats["by_status"]
    peaks = stats["peak_per_second"]
    assert peaks["basic/free"] <= limits.free
    assert peaks["basic/racecards"] <= limits.racecards
    assert peaks["basic/default"] <= limits.default


FAULTS = "500=0.06,502=0.02,503=0.02,429=0.03,429-retry-after=0.02,slow=0.02,truncate=0.02"


@pytest.mark.slow
def test_a_faulty_api_yields_exactly_the_data_of_a_healthy_one(
    sandbox_factory: SandboxFactory, api_client: ClientFactory
) -> None:
    healthy = sandbox_factory(limits=False)
    faulty = sandbox_factory(limits=False, faults=f"{FAULTS},slow-s=2,seed=11")
    start, end = date(2025, 9, 14), date(2025, 10, 13)  # 30 days

    def walk(running: RunningSandbox) -> tuple[list[list[dict]], dict]:
        client = api_client(running, "pro", plan="pro", rates=UNLIMITED, timeout_s=0.5)
        pages = list(client.results_range(start, end, regions=["gb", "ire"]))
        assert all(p.total == len(p.items) for p in pages)
        return [p.items for p in pages], client.metrics.snapshot()

    expected, _ = walk(healthy)
    got, metrics = walk(faulty)

    assert len(got) == 30
    assert got == expected
    statuses = faulty.stats()["by_status"]
    # The faults really happened, and each failed answer cost a retry.
    assert "429" in statuses
    assert any(status.startswith("5") for status in statuses)
    assert metrics["retries"] >= sum(n for s, n in statuses.items() if s != "200")


def test_a_busy_day_is_paged_completely(sandbox_factory: SandboxFactory, api_client) -> None:
    running = sandbox_factory(limits=False)
    client = api_client(running, "pro", plan="pro", rates=UNLIMITED)
    for back in range(1, 15):
        page = client.results_day(TODAY - timedelta(days=back))
        if page.total > 100:
            break
    else:
        pytest.fail("no day with more than 100 races in the last two weeks")
    assert page.pages >= 2
    assert len(page.items) == page.total
    assert len({r["race_id"] for r in page.items}) == page.total


def test_errors_are_typed_and_not_retried(sandbox: RunningSandbox, api_client) -> None:
    client = api_client(sandbox, "pro", plan="pro")
    with pytest.raises(NotFound):
        client.result("rac_0")
    with pytest.raises(InvalidRequest) as caught:
        client.get("/v1/results", [("region", "gb+ire")])
    assert "gb+ire" in str(caught.value.detail)
    with pytest.raises(InvalidRequest) as missing:
        client.get("/v1/horses/search")  # name is required
    assert "name" in str(missing.value.detail)
    stats = sandbox.stats()
    assert stats["requests"] == 3
    assert client.metrics.snapshot()["retries"] == 0


SECRET = "s3cret-Pa55w0rd-7f3a"


def test_the_password_never_leaks(
    sandbox_factory: SandboxFactory,
    api_client: ClientFactory,
    tmp_path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    running = sandbox_factory(accounts=(Account("tipster", SECRET, "pro"),), limits=False)
    engine = make_engine(f"sqlite:///{tmp_path / 'archive.db'}")
    dh_raw_responses.create(engine)
    client = api_client(running, "tipster", SECRET, rates=UNLIMITED, archive=RawArchive(engine))
    texts: list[str] = []

    client.results_day(TODAY - timedelta(days=1), regions=["gb"])
    with pytest.raises(NotFound) as missing:
        client.horse("hrs_0")
    texts += [str(missing.value), repr(missing.value)]
    wrong = api_client(running, "tipster", SECRET + "-typo", plan="pro")
    with pytest.raises(AuthFailed) as refused:
        wrong.courses()
    texts += [str(refused.value), repr(refused.value), repr(client), repr(wrong)]

    with engine.connect() as conn:
        rows = list(conn.execute(sa.select(dh_raw_responses)))
    engine.dispose()
    assert rows, "nothing was archived"
    archived = [json.dumps(r.params) + gzip.decompress(r.body_gzip).decode() for r in rows]

    basic = base64.b64encode(f"tipster:{SECRET}".encode()).decode()
    for secret in (SECRET, basic):
        assert secret not in caplog.text
        assert all(secret not in text for text in texts)
        assert all(secret not in text for text in archived)
    assert "/v1/results" in caplog.text  # the requests were logged, at DEBUG


def test_bodies_are_archived_once_and_replayable(
    sandbox_factory: SandboxFactory, api_client: ClientFactory, db_url: str
) -> None:
    running = sandbox_factory(limits=False)
    engine = make_engine(db_url)
    try:
        client = api_client(running, "pro", plan="pro", rates=UNLIMITED, archive=RawArchive(engine))
        day = TODAY - timedelta(days=2)
        first = client.results_day(day, regions=["gb", "ire"])
        client.results_day(day, regions=["gb", "ire"])

        with engine.connect() as conn:
            rows = list(conn.execute(sa.select(dh_raw_responses)))
        assert len(rows) == first.pages
        assert {r.fetch_count for r in rows} == {2}
        assert {r.endpoint for r in rows} == {"/v1/results"}

        replayed = [a for a in iter_archived(engine) if a.endpoint == "/v1/results"]
        assert [r for a in replayed for r in a.body["results"]] == first.items
        assert ["start_date", day.isoformat()] in replayed[0].params
    finally:
        engine.dispose()


def test_built_from_settings(sandbox: RunningSandbox) -> None:
    settings = Settings(
        api={"base_url": sandbox.base_url, "username": "basic", "password": "basic"},
        now=DEFAULT_NOW,
    )
    with (
        RacingApiClient.from_settings(settings) as first,
        RacingApiClient.from_settings(settings) as second,
    ):
        assert first.limiter is second.limiter  # one limiter per account in the process
        assert first.plan == "basic"
        cards = first.racecards(TODAY + timedelta(days=1), region_codes=["ire"])
        assert cards.endpoint == "/v1/racecards/basic"
        assert ["day", "tomorrow"] in cards.params
        assert all(card["region"] == "IRE" for card in cards.items)
    assert sandbox.stats()["by_status"].get("429") is None


def test_single_records_searches_and_entity_results(
    sandbox_factory: SandboxFactory, api_client: ClientFactory
) -> None:
    running = sandbox_factory(limits=False)
    ids = sample_ids(running)
    pro = api_client(running, "pro", plan="pro", rates=UNLIMITED)
    standard = api_client(running, "standard", plan="standard", rates=UNLIMITED)

    card = pro.racecard(ids["race_id"])
    assert (card.endpoint, card.tier) == (f"/v1/racecards/{ids['race_id']}/pro", "pro")
    assert card.body["race_id"] == ids["race_id"]
    assert standard.racecard(ids["race_id"]).tier == "standard"

    odds = pro.odds(ids["race_id"], ids["horse_id"])
    assert odds.body["odds"] and all("history" in book for book in odds.body["odds"])

    assert pro.horse(ids["horse_id"]).tier == "pro"
    assert standard.horse(ids["horse_id"]).body["id"] == ids["horse_id"]

    runner = next(r for r in card.body["runners"] if r["horse_id"] == ids["horse_id"])
    hits = standard.search("trainers", runner["trainer"]).body
    assert ids["trainer_id"] in {hit["id"] for hit in hits}

    summaries = standard.summaries(TODAY)
    assert summaries.total == len(summaries.items) > 0

    runs = pro.entity_results("jockeys", ids["jockey_id"], TODAY - timedelta(days=21), TODAY)
    assert runs.total == len(runs.items) > 0
    assert all(
        any(r["jockey_id"] == ids["jockey_id"] for r in race["runners"]) for race in runs.items
    )


def test_history_beyond_a_year_needs_the_add_on(
    sandbox_factory: SandboxFactory, api_client: ClientFactory
) -> None:
    running = sandbox_factory(limits=False)
    old = TODAY - timedelta(days=400)
    plain = api_client(running, "pro", plan="pro", rates=UNLIMITED)
    with pytest.raises(InvalidRequest, match="add-on"):
        plain.results_day(old, regions=["gb"])
    assert running.stats()["requests"] == 0
    historic = api_client(running, "historic", plan="pro", rates=UNLIMITED, historic_addon=True)
    page = historic.results_day(old, regions=["gb"])
    assert page.total == len(page.items) > 0

"""The dashboard in headless Chromium, against a database filled from the sandbox: what a
person looking at each page checks, and a screenshot of every page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from darkhorses.clock import UK
from darkhorses.store.engine import make_engine
from darkhorses.store.schema.racing import ra_mst_races
from tests.dashboard.conftest import serve_dashboard
from tests.dashboard.fill import DAY, NOW, Filled

PAGES = ("/", "/usage", "/backfill", "/today")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def query(url: str, sql: str | sa.Executable, **params: Any) -> list[sa.Row[Any]]:
    """Rows of ``sql`` (text, or a Core statement for typed values) on ``url``."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            result = conn.execute(sa.text(sql) if isinstance(sql, str) else sql, params)
            return list(result) if result.returns_rows else []
    finally:
        engine.dispose()


def next_race_id(url: str) -> str:
    r = ra_mst_races
    rows = query(
        url,
        sa.select(r.c.id).where(r.c.date == DAY, r.c.off_dt > NOW).order_by(r.c.off_dt, r.c.id),
    )
    return str(rows[0].id)


class Page:
    """A browser tab that records console errors, page errors and dialogs."""

    def __init__(self, browser: Any, viewport: dict[str, int]) -> None:
        self.page = browser.new_page(viewport=viewport)
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def open(self, url: str) -> Any:
        response = self.page.goto(url)
        assert response is not None and response.status == 200, url
        return self.page


@pytest.fixture
def tab(browser: Any) -> Iterator[Page]:
    page = Page(browser, DESKTOP)
    yield page
    page.page.close()


@pytest.fixture(scope="module")
def base(filled_sqlite: Filled) -> Iterator[str]:
    with serve_dashboard(filled_sqlite.url) as base_url:
        yield base_url


def test_every_page_loads_cleanly_on_desktop_and_phone(browser, filled_sqlite, base, screenshots):
    race = next_race_id(filled_sqlite.url)
    pages = [*PAGES, f"/race/{race}"]
    names = ["overview", "api", "backfill", "today", "race"]
    for viewport, suffix in ((DESKTOP, ""), (PHONE, "-phone")):
        tab = Page(browser, viewport)
        for path, name in zip(pages, names, strict=True):
            page = tab.open(base + path)
            assert page.locator("h1").count() == 1
            page.screenshot(path=str(screenshots / f"{name}{suffix}.png"), full_page=True)
            # Wide tables scroll inside their box: the page itself never scrolls sideways.
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} is {overflow}px too wide at {viewport['width']}px"
        assert tab.errors == [], tab.errors
        tab.page.close()
    for name in names:
        assert (screenshots / f"{name}.png").stat().st_size > 10_000


def test_today_lists_the_races_with_uk_off_times_and_winners(tab, filled_sqlite, base):
    r = ra_mst_races
    races = query(
        filled_sqlite.url,
        sa.select(r.c.id, r.c.race_name, r.c.off_dt, r.c.has_result).where(r.c.date == DAY),
    )
    assert len(races) > 10
    page = tab.open(base + "/today")
    for race in races:
        row = page.locator(f'tr[data-race="{race.id}"]')
        off = race.off_dt
        assert row.locator("td").nth(0).inner_text() == f"{off.astimezone(UK):%H:%M} UK"
        assert row.locator("td").nth(1).inner_text() == race.race_name
        expected = "result in" if race.has_result else ("off" if off <= NOW else "upcoming")
        assert row.locator(".badge").inner_text() == expected
    winners = query(
        filled_sqlite.url,
        "SELECT u.race_id, u.horse, u.sp FROM ra_mst_runners u JOIN ra_mst_races r "
        "ON r.id = u.race_id WHERE r.date = :day AND u.position = 1",
        day=DAY.isoformat(),
    )
    assert winners, "the fill stores some of the day's results"
    for winner in winners:
        row = page.locator(f'tr[data-race="{winner.race_id}"]')
        assert winner.horse in row.locator("td").nth(3).inner_text()
        assert winner.sp in row.locator("td").nth(4).inner_text()
    assert tab.errors == []


def test_next_off_sparklines_have_one_point_per_price_change(tab, filled_sqlite, base):
    race = next_race_id(filled_sqlite.url)
    # Instants at which some fixed-odds bookmaker changed its price on each runner.
    changes = {
        row.horse_id: row.n
        for row in query(
            filled_sqlite.url,
            "SELECT h.horse_id, COUNT(DISTINCT h.changed_at) AS n FROM ra_odds_history h "
            "JOIN ra_mst_bookmakers b ON b.id = h.bookmaker_id "
            "WHERE h.race_id = :race AND b.type <> 'exchange' AND h.decimal IS NOT NULL "
            "GROUP BY h.horse_id",
            race=race,
        )
    }
    assert changes and max(changes.values()) > 1
    page = tab.open(base + "/today")
    assert page.locator("#next-off a").first.get_attribute("href") == f"/race/{race}"
    for horse_id, n in changes.items():
        line = page.locator(f'#next-runners tr[data-horse="{horse_id}"] svg.spark polyline')
        points = line.get_attribute("points").split()
        assert len(points) == n, horse_id
    assert tab.errors == []


def test_backfill_bar_shows_done_failed_and_remaining(tab, filled_sqlite, base):
    counts = dict(
        (r.status, r.n)
        for r in query(
            filled_sqlite.url, "SELECT status, COUNT(*) AS n FROM dh_backfill_days GROUP BY status"
        )
    )
    assert counts == {"done": 3, "failed": 2}
    page = tab.open(base + "/backfill")
    row = page.locator('#years tr[data-kind="results"][data-year="2025"]')
    figures = {
        name: row.locator(f'[data-figure="{name}"]').inner_text()
        for name in ("done", "failed", "remaining")
    }
    assert figures == {"done": "3", "failed": "2", "remaining": "2"}
    titles = [s.get_attribute("title") for s in row.locator(".bar .seg").all()]
    assert titles == ["done: 3", "failed: 2"]
    # Drawn to scale: 3 of 5 days done, 2 failed.
    bar = row.locator(".bar").bounding_box()
    done, failed = (s.bounding_box() for s in row.locator(".bar .seg").all())
    assert done["width"] == pytest.approx(bar["width"] * 3 / 5, abs=1)
    assert failed["width"] == pytest.approx(bar["width"] * 2 / 5, abs=1)
    assert tab.errors == []


def test_a_table_aged_past_its_threshold_shows_red(tab, filled_sqlite, copy_of, screenshots):
    with serve_dashboard(filled_sqlite.url) as fresh:
        page = tab.open(fresh + "/")
        assert page.locator('tr[data-table="ra_mst_races"]').get_attribute("data-state") == "green"
    aged = copy_of(filled_sqlite)
    # Every run that wrote races now ended 40 hours earlier (threshold: 30 hours).
    query(
        aged,
        "UPDATE dh_runs SET finished_at = datetime(finished_at, '-40 hours'), "
        "started_at = datetime(started_at, '-40 hours')",
    )
    with serve_dashboard(aged) as base_url:
        page = tab.open(base_url + "/")
        row = page.locator('tr[data-table="ra_mst_races"]')
        assert row.get_attribute("data-state") == "red"
        badge = row.locator(".badge")
        assert badge.inner_text() == "stale"
        assert badge.evaluate("e => getComputedStyle(e).color") == "rgb(207, 34, 46)"
        assert "40.0 h" in row.inner_text()
        page.screenshot(path=str(screenshots / "overview-stale.png"), full_page=True)
    assert tab.errors == []


def test_a_horse_named_like_a_script_renders_as_text(tab, filled_sqlite, copy_of):
    url = copy_of(filled_sqlite)
    race = next_race_id(url)
    name = "<script>alert(1)</script>"
    horse = query(url, "SELECT horse_id FROM ra_mst_runners WHERE race_id = :r", r=race)[0]
    query(
        url,
        "UPDATE ra_mst_runners SET horse = :name WHERE race_id = :r AND horse_id = :h",
        name=name,
        r=race,
        h=horse.horse_id,
    )
    query(url, "UPDATE ra_mst_races SET race_name = :name WHERE id = :r", name=name, r=race)
    with serve_dashboard(url) as base_url:
        for path in ("/today", f"/race/{race}"):
            page = tab.open(base_url + path)
            cell = page.locator(f'tr[data-horse="{horse.horse_id}"] td').nth(
                1 if path == "/today" else 2
            )
            assert cell.inner_text() == name
            assert name in page.locator("main").inner_text()
    assert tab.dialogs == []
    assert tab.errors == []

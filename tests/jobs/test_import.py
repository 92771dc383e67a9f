"""`darkhorses import`: saved bodies of every kind, bad records, amended results."""

from __future__ import annotations

import json
from pathlib import Path

from tests.jobs.conftest import Cli, table_counts
from tests.plugins.sandbox import RunningSandbox

HOME = {"GB", "IRE"}


def test_every_reference_sample_imports_cleanly(cli: Cli, db, samples_dir: Path) -> None:
    files = sorted(samples_dir.glob("*.json"))
    bodies = {f.name: json.loads(f.read_text()).get("body") for f in files}

    report = cli.json("import", *map(str, files))

    assert report["status"] == "success", report["errors"]
    assert "quarantined" not in report["counts"]
    assert db("SELECT count(*) AS n FROM dh_quarantine")[0]["n"] == 0
    races, runners = set(), set()
    for body in bodies.values():
        if not isinstance(body, dict):
            continue
        items = (body.get("racecards") or []) + (body.get("results") or [])
        for race in items:
            if race.get("race_id") and race["region"] in HOME:
                races.add(race["race_id"])
                runners.update((race["race_id"], r["horse_id"]) for r in race["runners"])
    assert races and {r["id"] for r in db("SELECT id FROM ra_mst_races")} == races
    stored = {(r["race_id"], r["horse_id"]) for r in db("SELECT * FROM ra_mst_runners")}
    assert stored == runners
    courses = {c["id"] for c in bodies["courses_gb.json"]["courses"] if c["region_code"] == "gb"}
    assert {r["id"] for r in db("SELECT id FROM ra_mst_courses")} == courses
    regions = db("SELECT count(*) AS n FROM ra_mst_regions")[0]["n"]
    assert regions == len(bodies["courses_regions.json"])
    horse = bodies["horse_pro.json"]
    profile = db(f"SELECT * FROM ra_mst_horses WHERE id = '{horse['id']}'")[0]
    assert profile["profile_status"] == "pro" and profile["dam_id"] == horse["dam_id"]
    jockeys = {r["id"] for r in db("SELECT id FROM ra_mst_jockeys")}
    assert {j["id"] for j in bodies["jockeys_search.json"]["search_results"]} <= jockeys
    assert report["counts"]["files_ignored"] == 3  # summaries, an analysis, error bodies


def _results_page(sandbox: RunningSandbox) -> dict:
    with sandbox.client("pro") as http:
        params = {"start_date": "2025-10-13", "end_date": "2025-10-13", "region": "ire"}
        return http.get("/v1/results", params=params).raise_for_status().json()


def test_a_malformed_runner_is_quarantined_and_the_rest_lands(
    cli: Cli, db, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    page = _results_page(sandbox)
    bad = page["results"][0]["runners"][1]
    bad["weight_lbs"] = "heavy"
    path = tmp_path / "results.json"
    path.write_text(json.dumps(page))

    code, output = cli("import", str(path))

    assert code == 3, output
    total = sum(len(r["runners"]) for r in page["results"])
    assert table_counts(db)["ra_mst_runners"] == total - 1
    assert table_counts(db)["ra_mst_races"] == len(page["results"])
    quarantined = db("SELECT record_key, reason, payload FROM dh_quarantine")
    assert len(quarantined) == 1
    assert quarantined[0]["record_key"] == f"{page['results'][0]['race_id']}/{bad['horse_id']}"
    assert "weight_lbs" in quarantined[0]["reason"]
    payload = quarantined[0]["payload"]
    payload = json.loads(payload) if isinstance(payload, str) else payload
    assert payload["weight_lbs"] == "heavy"
    runs = db("SELECT job, status FROM dh_runs")
    assert runs == [{"job": "import", "status": "partial"}]

    bad["weight_lbs"] = "131"  # the record is corrected upstream and comes again
    path.write_text(json.dumps(page))
    fixed = cli.json("import", str(path))
    assert fixed["counts"]["quarantine_resolved"] == 1
    assert table_counts(db)["ra_mst_runners"] == total
    assert db("SELECT resolved_at FROM dh_quarantine")[0]["resolved_at"] is not None


def test_an_amended_result_updates_the_row_and_logs_the_change(
    cli: Cli, db, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    page = _results_page(sandbox)
    path = tmp_path / "results.json"
    path.write_text(json.dumps(page))
    assert cli("import", str(path))[0] == 0
    race = page["results"][0]
    first, second = race["runners"][0], race["runners"][1]
    first["position"], second["position"] = second["position"], first["position"]
    first["bsp"] = "7.4"
    path.write_text(json.dumps(page))

    report = cli.json("import", str(path))

    assert report["counts"]["amendments"] >= 3
    assert report["rows"]["ra_mst_runners"]["updated"] == 2
    log = db("SELECT record_key, column_name, old_value, new_value FROM dh_amendments")
    key = f"{race['race_id']}:{first['horse_id']}"
    changes = {
        (r["column_name"], r["old_value"], r["new_value"]) for r in log if r["record_key"] == key
    }
    assert ("position", second["position"], first["position"]) in changes
    assert any(column == "bsp" and new == "7.4" for column, _old, new in changes)
    stored = db(f"SELECT position FROM ra_mst_runners WHERE horse_id = '{first['horse_id']}'")
    assert stored == [{"position": int(first["position"])}]


def test_unreadable_files_are_reported_and_the_others_land(
    cli: Cli, db, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(_results_page(sandbox)))
    broken = tmp_path / "broken.json"
    broken.write_text('{"results": [')
    strange = tmp_path / "strange.json"
    strange.write_text('{"hello": "world"}')

    report = cli.json("import", str(broken), str(good), str(strange), expect=3)

    assert len(report["errors"]) == 2
    assert any("broken.json: not JSON" in e for e in report["errors"])
    assert any("strange.json" in e for e in report["errors"])
    assert table_counts(db)["ra_mst_races"] > 0

"""Small hand-written API payloads, shaped like the real ones, for edge cases."""

from __future__ import annotations

from typing import Any


def card_runner(**overrides: Any) -> dict[str, Any]:
    """A pro-card runner; every value a string as the API sends it."""
    runner: dict[str, Any] = {
        "horse_id": "hrs_100",
        "horse": "Border Gem",
        "dob": "2020-03-11",
        "age": "5",
        "sex": "mare",
        "sex_code": "M",
        "colour": "b",
        "region": "GB",
        "breeder": "T C Dawson",
        "dam": "Border Flora",
        "dam_id": "dam_200",
        "dam_region": "GB",
        "sire": "Gemix",
        "sire_id": "sir_300",
        "sire_region": "FR",
        "damsire": "Alflora",
        "damsire_id": "dsi_400",
        "damsire_region": "IRE",
        "trainer": "Jeremy Scott",
        "trainer_id": "trn_500",
        "trainer_location": "Brompton Regis, Somerset",
        "trainer_14_days": {"runs": "3", "wins": "1", "percent": "33"},
        "owner": "Notre Cheval Partnership",
        "owner_id": "own_600",
        "prev_trainers": [
            {"trainer": "J P O'Brien", "trainer_id": "trn_501", "change_date": "2024-08-01"}
        ],
        "prev_owners": [
            {"owner": "O T I Racing", "owner_id": "own_601", "change_date": "2025-01-01"}
        ],
        "comment": "Second in her last bumper",
        "spotlight": "Went close in her third bumper",
        "quotes": [{"date": "2025-01-01", "quote": "She is well", "race_id": "rac_1"}],
        "stable_tour": [],
        "medical": [{"date": "2025-03-24", "type": "Wind Surgery"}],
        "number": "1",
        "draw": "0",
        "headgear": "p",
        "headgear_run": "1",
        "wind_surgery": "w",
        "wind_surgery_run": "1",
        "past_results_flags": ["CD"],
        "lbs": "158",
        "ofr": "74",
        "rpr": "-",
        "ts": "-",
        "jockey": "Rose Dawes(5)",
        "jockey_id": "jky_700",
        "silk_url": "https://example.invalid/silk.svg",
        "last_run": "186",
        "form": "542-",
        "trainer_rtf": "50",
        "odds": [
            {
                "bookmaker": "Bet365",
                "fractional": "11/4",
                "decimal": "3.75",
                "ew_places": "3",
                "ew_denom": "5",
                "updated": "2025-10-13 14:11:07",
                "history": [],
            },
            {
                "bookmaker": "Betfair Exchange",
                "fractional": "3/1",
                "decimal": "4",
                "ew_places": "",
                "ew_denom": "",
                "updated": "2025-10-13 14:11:07",
                "history": [],
            },
        ],
    }
    runner.update(overrides)
    return runner


def card_race(runners: list[dict[str, Any]] | None = None, **overrides: Any) -> dict[str, Any]:
    """A pro racecard."""
    race: dict[str, Any] = {
        "race_id": "rac_1",
        "course": "Hereford",
        "course_id": "crs_624",
        "date": "2025-10-13",
        "off_time": "2:12",
        "off_dt": "2025-10-13T14:12:00+01:00",
        "race_name": "Maiden Hurdle",
        "distance_round": "2m",
        "distance": "2m53y",
        "distance_f": "16.0",
        "region": "GB",
        "pattern": "",
        "sex_restriction": "",
        "race_class": "Class 4",
        "type": "Hurdle",
        "age_band": "4yo+",
        "rating_band": "0-75",
        "prize": "£4,193",
        "field_size": "8",
        "going_detailed": "Good, Good to Soft in places",
        "rail_movements": "",
        "stalls": "",
        "weather": "",
        "going": "Good",
        "surface": "Turf",
        "jumps": "8 hurdles",
        "runners": runners if runners is not None else [card_runner()],
        "big_race": False,
        "is_abandoned": False,
        "tip": "Border Gem",
        "verdict": "Border Gem can win.",
        "betting_forecast": "2/1 Border Gem",
    }
    race.update(overrides)
    return race


def result_runner(**overrides: Any) -> dict[str, Any]:
    """A standard-results runner."""
    runner: dict[str, Any] = {
        "horse_id": "hrs_100",
        "horse": "Border Gem (GB)",
        "sp": "11/4F",
        "sp_dec": "3.75",
        "bsp": "4.1",
        "number": "1",
        "position": "1",
        "draw": "",
        "btn": "0",
        "ovr_btn": "0",
        "age": "5",
        "sex": "M",
        "weight": "11-4",
        "weight_lbs": "158",
        "headgear": "p",
        "time": "3:5.14",
        "or": "74",
        "rpr": "–",
        "tsr": "–",
        "prize": "2500.00",
        "jockey": "Rose Dawes",
        "jockey_claim_lbs": "5",
        "jockey_id": "jky_700",
        "trainer": "Jeremy Scott",
        "trainer_id": "trn_500",
        "owner": "Notre Cheval Partnership",
        "owner_id": "own_600",
        "sire": "Gemix (FR)",
        "sire_id": "sir_300",
        "dam": "Border Flora (GB)",
        "dam_id": "dam_200",
        "damsire": "Alflora",
        "damsire_id": "dsi_400",
        "comment": "Led 2 out, ran on",
        "silk_url": "https://example.invalid/silk.svg",
    }
    runner.update(overrides)
    return runner


def result_race(runners: list[dict[str, Any]] | None = None, **overrides: Any) -> dict[str, Any]:
    """A standard result."""
    race: dict[str, Any] = {
        "race_id": "rac_1",
        "date": "2025-10-13",
        "region": "GB",
        "course": "Hereford",
        "course_id": "crs_624",
        "off": "2:12",
        "off_dt": "2025-10-13T14:12:00+01:00",
        "race_name": "Maiden Hurdle",
        "type": "Hurdle",
        "class": "Class 4",
        "pattern": "",
        "rating_band": "0-75",
        "age_band": "4yo+",
        "sex_rest": "",
        "dist": "2m",
        "dist_y": "3573",
        "dist_m": "3267",
        "dist_f": "16f",
        "going": "Good To Soft",
        "surface": "Turf",
        "jumps": "8 hurdles",
        "runners": runners if runners is not None else [result_runner()],
        "winning_time_detail": "3m 5.14s (slow by 7.00s)",
        "comments": "",
        "non_runners": "Miss Chester (self certificate, coughing)",
        "tote_win": "£3.80",
        "tote_pl": "£1.50 £2.20",
        "tote_ex": "£12.40",
        "tote_csf": "£10.10",
        "tote_tricast": "",
        "tote_trifecta": "",
    }
    race.update(overrides)
    return race

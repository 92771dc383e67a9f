"""Racing tables: regions, courses, bookmakers, people, horses, pedigree, races, runners, results.

Keys are the API's own ids (``crs_``, ``rac_``, ``hrs_``, ``jky_``, ``trn_``, ``own_``, ``sir_``,
``dam_``, ``dsi_``); bookmakers are keyed by the slug of their display name and regions by their
upper-case code (``GB``, ``IRE``), the form races and horses carry, so they join directly.

Each column's comment names the source that owns it: *card* (racecards), *result* (results),
*profile* (``/v1/horses/{id}/pro|standard``), *courses* (``/v1/courses``), *odds* (bookmaker
prices) or *stats job* (computed in SQL from the runs). A source writes only the columns it owns,
so a result never blanks a card column.

Foreign keys: only where the parent row is always written in the same unit of work as the child,
by the same transform:

- ``ra_mst_runners.race_id`` and ``ra_mst_race_results.race_id`` -> ``ra_mst_races.id``: a card
  and a result both emit their race row (a result creates the race when no card was ever seen),
  so a runner can never point at a missing race.
- ``ra_horse_pedigree.horse_id`` -> ``ra_mst_horses.id``: pedigree rows are emitted with their
  horse row.

No foreign keys to courses, people, horses or the sire/dam/damsire masters from races and
runners: those rows come from other sources on other schedules (the course list is a monthly
job; free-tier and historical payloads may name a person or a horse with partial data; a
result can bring a horse never seen on a card), and a missing master row must never cost a race
or a runner. Joins still work on the ids; the quality checks report orphans instead.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from darkhorses.store.schema.base import JSONType, UTCDateTime, metadata

MONEY = sa.Numeric(14, 2)
ODDS = sa.Numeric(10, 2)
LENGTHS = sa.Numeric(7, 2)
RATE = sa.Numeric(7, 4)
FURLONGS = sa.Numeric(6, 2)
SECONDS = sa.Numeric(9, 2)


def _col(name: str, type_: Any, comment: str, *args: Any, **kw: Any) -> sa.Column[Any]:
    """A column with its data-dictionary comment (every column has one)."""
    return sa.Column(name, type_, *args, comment=comment, **kw)


def _id(comment: str) -> sa.Column[Any]:
    return _col("id", sa.Text, comment, primary_key=True)


# --- statistics columns of the people masters (filled by the stats job) ----------------------


def _people_stats(run_word: str, last_word: str) -> list[sa.Column[Any]]:
    """Form columns of a jockey/trainer/owner; ``run_word`` is "rides" or "runners"."""
    what = "rides" if run_word == "rides" else "runs"
    cols = [
        _col(f"total_{run_word}", sa.Integer, f"Career {what} in stored results (stats job)."),
        _col("total_wins", sa.Integer, "Career wins, dead-heaters included (stats job)."),
        _col("total_places", sa.Integer, "Career 1st, 2nd or 3rd finishes (stats job)."),
        _col("total_seconds", sa.Integer, "Career 2nd places (stats job)."),
        _col("total_thirds", sa.Integer, "Career 3rd places (stats job)."),
        _col("win_rate", RATE, f"Wins / {what}, a fraction 0..1 (stats job)."),
        _col("place_rate", RATE, f"Places / {what}, a fraction 0..1 (stats job)."),
        _col("ae_index", RATE, "Actual / expected wins: wins / sum(1/SP decimal) (stats job)."),
        _col("profit_loss_1u", MONEY, "Level-stakes P/L at SP for 1 unit a run (stats job)."),
        _col(f"last_{last_word}_date", sa.Date, f"Date of the latest {last_word} (stats job)."),
        _col("last_win_date", sa.Date, "Date of the latest win (stats job)."),
        _col(
            f"days_since_last_{last_word}",
            sa.Integer,
            f"Days from the latest {last_word} to the as-of date (stats job).",
        ),
        _col("days_since_last_win", sa.Integer, "Days from the latest win to the as-of date."),
    ]
    for days in (14, 30):
        cols += [
            _col(
                f"recent_{days}d_{what}",
                sa.Integer,
                f"{what} in the {days} days to the as-of date (stats job).",
            ),
            _col(
                f"recent_{days}d_wins",
                sa.Integer,
                f"Wins in the {days} days to the as-of date (stats job).",
            ),
            _col(
                f"recent_{days}d_win_rate", RATE, f"Win rate over the last {days} days (stats job)."
            ),
            _col(f"recent_{days}d_ae", RATE, f"A/E over the last {days} days (stats job)."),
        ]
    cols += [
        _col("stats_as_of", sa.Date, "The as-of date the figures were computed for (stats job)."),
        _col("stats_updated_at", UTCDateTime, "When the stats job last computed this row (UTC)."),
    ]
    return cols


def _ancestor_stats(role: str) -> list[sa.Column[Any]]:
    """Progeny figures of a sire, dam or damsire (filled by the stats job)."""
    of = "grand-offspring" if role == "damsire" else "progeny"
    cols = [
        _col("total_progeny", sa.Integer, f"Distinct {of} with at least one run (stats job)."),
        _col("total_runners", sa.Integer, f"Runs by the {of} (stats job)."),
        _col("total_wins", sa.Integer, f"Wins by the {of} (stats job)."),
        _col("total_places_2nd", sa.Integer, f"2nd places by the {of} (stats job)."),
        _col("total_places_3rd", sa.Integer, f"3rd places by the {of} (stats job)."),
        _col("overall_win_percent", RATE, "Wins / runs as a percentage 0..100 (stats job)."),
        _col("overall_ae_index", RATE, "Actual / expected wins from SP over all runs (stats job)."),
        _col("profit_loss_1u", MONEY, "Level-stakes P/L at SP for 1 unit a run (stats job)."),
        _col(
            "best_class",
            sa.Text,
            "Race class with the best A/E among qualifying classes (stats job).",
        ),
        _col("best_class_ae", RATE, "A/E in best_class (stats job)."),
        _col("best_distance", sa.Text, "Distance band with the best A/E (stats job)."),
        _col("best_distance_ae", RATE, "A/E in best_distance (stats job)."),
    ]
    for kind in ("class", "distance"):
        for n in (1, 2, 3):
            p = f"{kind}_{n}"
            rank = f"{kind} ranked {n} by runs"
            cols += [
                _col(f"{p}_name", sa.Text, f"Name of the {rank} (stats job)."),
                _col(f"{p}_runners", sa.Integer, f"Runs in the {rank} (stats job)."),
                _col(f"{p}_wins", sa.Integer, f"Wins in the {rank} (stats job)."),
                _col(f"{p}_win_percent", RATE, f"Win percentage in the {rank} (stats job)."),
                _col(f"{p}_ae", RATE, f"A/E in the {rank} (stats job)."),
            ]
    cols += [
        _col("going_breakdown", JSONType, "Runs, wins and A/E per going bucket (stats job)."),
        _col("surface_breakdown", JSONType, "Runs, wins and A/E per surface (stats job)."),
        _col(
            "data_quality_score",
            RATE,
            "Share 0..1 of the runs that had an SP, class and distance (stats job).",
        ),
        _col(
            "analysis_last_updated", UTCDateTime, "When the stats job last computed this row (UTC)."
        ),
    ]
    return cols


# --- reference masters -----------------------------------------------------------------------

ra_mst_regions = sa.Table(
    "ra_mst_regions",
    metadata,
    _id("Region code, upper case as races carry it: GB, IRE, FR (courses)."),
    _col("name", sa.Text, "Region name, e.g. Great Britain (courses).", nullable=False),
    comment="Racing regions known to the API (from /v1/courses/regions).",
)

ra_mst_courses = sa.Table(
    "ra_mst_courses",
    metadata,
    _id("API course id, crs_... (courses, card, result)."),
    _col("name", sa.Text, "Course name as the API lists it, e.g. Kempton (AW) (courses)."),
    _col("region_code", sa.Text, "Region code, upper case: GB, IRE (courses)."),
    _col("region", sa.Text, "Region name, e.g. Great Britain (courses)."),
    comment="Racecourses; all-weather tracks are separate courses as in the API.",
)

ra_mst_bookmakers = sa.Table(
    "ra_mst_bookmakers",
    metadata,
    _id("Canonical bookmaker id: slug of the display name, e.g. bet365, betfair-exchange."),
    _col(
        "name",
        sa.Text,
        "Display name as the API writes it, e.g. Bet365 (seed, odds).",
        nullable=False,
    ),
    _col("type", sa.Text, "fixed (fixed-odds bookmaker) or exchange (seed, odds)."),
    _col(
        "first_seen_date",
        sa.Date,
        "Race date of the first card whose odds named it; set once, on insert.",
    ),
    _col("last_seen_date", sa.Date, "Race date of the latest card whose odds named it (odds)."),
    comment="Bookmakers quoting prices: a seed list plus any new name met in odds.",
)

# --- people ----------------------------------------------------------------------------------

ra_mst_jockeys = sa.Table(
    "ra_mst_jockeys",
    metadata,
    _id("API jockey id, jky_... (card, result)."),
    _col("name", sa.Text, "Jockey name without the claim suffix (card, result)."),
    *_people_stats("rides", "ride"),
    comment="Jockeys met on cards and in results, with their form (stats job).",
)

ra_mst_trainers = sa.Table(
    "ra_mst_trainers",
    metadata,
    _id("API trainer id, trn_... (card, result)."),
    _col("name", sa.Text, "Trainer name (card, result)."),
    _col("location", sa.Text, "Trainer's yard, e.g. Brompton Regis, Somerset (card)."),
    *_people_stats("runners", "runner"),
    comment="Trainers met on cards and in results, with their form (stats job).",
)

ra_mst_owners = sa.Table(
    "ra_mst_owners",
    metadata,
    _id("API owner id, own_... (card, result)."),
    _col("name", sa.Text, "Owner name (card, result)."),
    *_people_stats("runners", "runner"),
    _col("total_horses", sa.Integer, "Distinct horses that ran in these colours (stats job)."),
    comment="Owners met on cards and in results, with their form (stats job).",
)

# --- horses and pedigree ---------------------------------------------------------------------

ra_mst_horses = sa.Table(
    "ra_mst_horses",
    metadata,
    _id("API horse id, hrs_... (card, result, profile)."),
    _col("name", sa.Text, "Name without the region suffix: Veraison (card, result, profile)."),
    _col(
        "region",
        sa.Text,
        "Country of breeding, e.g. IRE: the card's region, or the suffix of a result name.",
    ),
    _col("dob", sa.Date, "Date of birth (card, profile)."),
    _col("sex", sa.Text, "Sex as a word: colt, filly, gelding, horse, mare (card, profile)."),
    _col("sex_code", sa.Text, "Sex code: C, F, G, H, M (card, result, profile)."),
    _col("colour", sa.Text, "Colour as the API writes it: b, ch, gr, b/br (card, profile)."),
    _col(
        "colour_code",
        sa.Text,
        "Colour code, upper case: B, CH (profile; derived from colour on cards).",
    ),
    _col("breeder", sa.Text, "Breeder (card, profile)."),
    _col("sire_id", sa.Text, "Sire id, sir_... (card, result, profile)."),
    _col("dam_id", sa.Text, "Dam id, dam_... (card, result, profile)."),
    _col("damsire_id", sa.Text, "Damsire id, dsi_... (card, result, profile)."),
    _col(
        "profile_status",
        sa.Text,
        "Profile enrichment: pro, standard, none (404) or failed (enrich job).",
    ),
    _col(
        "profile_checked_at", UTCDateTime, "When the profile was last requested, UTC (enrich job)."
    ),
    sa.Index(None, "sire_id"),
    sa.Index(None, "dam_id"),
    sa.Index(None, "damsire_id"),
    sa.Index(None, "name"),
    comment="Horses met on cards, in results and in profiles.",
)

ra_horse_pedigree = sa.Table(
    "ra_horse_pedigree",
    metadata,
    _col(
        "horse_id",
        sa.Text,
        "Horse id, hrs_... (card, result, profile).",
        sa.ForeignKey("ra_mst_horses.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    _col("sire_id", sa.Text, "Sire id, sir_... (card, result, profile)."),
    _col("sire", sa.Text, "Sire name without region suffix (card, result, profile)."),
    _col("sire_region", sa.Text, "Sire's country of breeding (card; result/profile name suffix)."),
    _col("dam_id", sa.Text, "Dam id, dam_... (card, result, profile)."),
    _col("dam", sa.Text, "Dam name without region suffix (card, result, profile)."),
    _col("dam_region", sa.Text, "Dam's country of breeding (card; result/profile name suffix)."),
    _col("damsire_id", sa.Text, "Damsire id, dsi_... (card, result, profile)."),
    _col("damsire", sa.Text, "Damsire name without region suffix (card, result, profile)."),
    _col("damsire_region", sa.Text, "Damsire's country of breeding (card; profile name suffix)."),
    _col("breeder", sa.Text, "Breeder (card, profile)."),
    sa.Index(None, "sire_id"),
    sa.Index(None, "dam_id"),
    sa.Index(None, "damsire_id"),
    comment="Each horse's sire, dam and damsire, with names and regions.",
)


def _ancestor_table(name: str, role: str, prefix: str) -> sa.Table:
    of = "grand-offspring" if role == "damsire" else "progeny"
    return sa.Table(
        name,
        metadata,
        _id(f"API {role} id, {prefix}_... (card, result, profile)."),
        _col(
            "name",
            sa.Text,
            f"{role.capitalize()} name without region suffix (card, result, profile).",
        ),
        _col("region", sa.Text, f"{role.capitalize()}'s country of breeding (card; name suffix)."),
        _col("horse_id", sa.Text, f"The {role}'s own horse id: the {prefix}_ id with hrs_ prefix."),
        *_ancestor_stats(role),
        comment=f"{role.capitalize()}s of the horses met, with the figures of their {of}.",
    )


ra_mst_sires = _ancestor_table("ra_mst_sires", "sire", "sir")
ra_mst_dams = _ancestor_table("ra_mst_dams", "dam", "dam")
ra_mst_damsires = _ancestor_table("ra_mst_damsires", "damsire", "dsi")

# --- races -----------------------------------------------------------------------------------

ra_mst_races = sa.Table(
    "ra_mst_races",
    metadata,
    _id("API race id, rac_... (card, result)."),
    _col("course_id", sa.Text, "Course id, crs_... (card, result)."),
    _col("course", sa.Text, "Course name as given, e.g. Kempton (AW) (card, result)."),
    _col("date", sa.Date, "Race date on the UK calendar (card, result).", nullable=False),
    _col(
        "off_time",
        sa.Text,
        "Off time as the API writes it: 12-hour UK clock, 1:50 = 13:50; text only (card, result).",
    ),
    _col("off_dt", UTCDateTime, "Scheduled off, a UTC instant (card, result: off_dt)."),
    _col("race_name", sa.Text, "Race title (card, result)."),
    _col("region", sa.Text, "Region code of the course: GB, IRE (card, result)."),
    _col("type", sa.Text, "Flat, Hurdle, Chase or NH Flat (card, result)."),
    _col(
        "race_class",
        sa.Text,
        "Class 1..Class 7, NULL for unclassed and Irish races (card, result).",
    ),
    _col("pattern", sa.Text, "Group 1, Grade 2, Listed... (card, result)."),
    _col("age_band", sa.Text, "Age condition, e.g. 3yo+ (card, result)."),
    _col("rating_band", sa.Text, "Rating band, e.g. 0-70 (card, result)."),
    _col("sex_restriction", sa.Text, "Sex condition, e.g. F, C&G (card, result: sex_rest)."),
    _col("distance", sa.Text, "Exact distance as the card writes it, e.g. 2m53y (card)."),
    _col("distance_round", sa.Text, "Distance to the furlong as written: 2m (card; result dist)."),
    _col("distance_f", FURLONGS, "Distance in furlongs (card distance_f; result dist_f)."),
    _col(
        "distance_y", sa.Integer, "Distance in yards (result dist_y; card: parsed from distance)."
    ),
    _col("distance_m", sa.Integer, "Distance in metres (result)."),
    _col(
        "going",
        sa.Text,
        "Going description, e.g. Good To Soft (card; the official final going from the result).",
    ),
    _col("going_detailed", sa.Text, "Detailed going text (card)."),
    _col("surface", sa.Text, "Turf or AW (card, result)."),
    _col("jumps", sa.Text, "Obstacles, e.g. 8 hurdles (card standard+, result)."),
    _col("rail_movements", sa.Text, "Rail movements (card)."),
    _col("stalls", sa.Text, "Stalls position (card)."),
    _col("weather", sa.Text, "Weather note (card)."),
    _col("prize", MONEY, "Race prize fund, e.g. 4193.00 from £4,193 (card)."),
    _col("prize_currency", sa.Text, "Currency of prize: GBP or EUR (card)."),
    _col("prize_raw", sa.Text, "Prize as written, e.g. £4,193 (card)."),
    _col(
        "field_size",
        sa.Integer,
        "Runners declared (card); the number that ran once the result is in (result).",
    ),
    _col("big_race", sa.Boolean, "Flagged as a big race (card basic+)."),
    _col("is_abandoned", sa.Boolean, "Meeting or race abandoned (card basic+)."),
    _col("race_status", sa.Text, "The card's race_status, e.g. result (card)."),
    _col("tip", sa.Text, "Tipster's selection (card standard+)."),
    _col("verdict", sa.Text, "Race verdict (card standard+)."),
    _col(
        "betting_forecast",
        sa.Text,
        "Betting forecast, e.g. 15/8 Horse, 7/2 Other (card standard+).",
    ),
    _col(
        "card_source",
        sa.Text,
        "Racecard tier that last wrote the card columns: free, basic, standard, pro (card).",
    ),
    _col(
        "has_result",
        sa.Boolean,
        "True once a result has been stored (result); false until then.",
        nullable=False,
        server_default=sa.text("false"),  # a literal both backends read as false
    ),
    _col(
        "result_source",
        sa.Text,
        "Results tier that last wrote the result columns: free, basic, standard (result).",
    ),
    _col(
        "winning_time_detail",
        sa.Text,
        "Winning time text, e.g. 2m 19.97s (slow by 2.07s) (result).",
    ),
    _col("winning_time_s", SECONDS, "Winning time in seconds, e.g. 139.97 (result)."),
    _col("comments", sa.Text, "Race comments (result)."),
    _col("non_runners", sa.Text, "Non-runners with reasons, as written (result)."),
    _col("tote_win", sa.Text, "Tote win dividend as written, e.g. £9.50 (result)."),
    _col("tote_pl", sa.Text, "Tote place dividends as written, e.g. £2.80 £1.50 (result)."),
    _col("tote_ex", sa.Text, "Tote exacta as written (result)."),
    _col("tote_csf", sa.Text, "Computer straight forecast as written (result)."),
    _col("tote_tricast", sa.Text, "Tricast as written (result)."),
    _col("tote_trifecta", sa.Text, "Tote trifecta as written (result)."),
    sa.Index(None, "date"),
    sa.Index(None, "course_id", "date"),
    sa.Index(None, "off_dt"),
    sa.Index(None, "region", "date"),
    comment="One row per race; card columns and result columns owned separately.",
)

# --- runners ---------------------------------------------------------------------------------


def _race_fk() -> sa.ForeignKey:
    return sa.ForeignKey("ra_mst_races.id", ondelete="CASCADE")


ra_mst_runners = sa.Table(
    "ra_mst_runners",
    metadata,
    _col("race_id", sa.Text, "Race id, rac_... (card, result).", _race_fk(), primary_key=True),
    _col("horse_id", sa.Text, "Horse id, hrs_... (card, result).", primary_key=True),
    _col("horse", sa.Text, "Horse name without region suffix (card, result)."),
    _col("jockey_id", sa.Text, "Jockey id, jky_... (card, result)."),
    _col("trainer_id", sa.Text, "Trainer id, trn_... (card, result)."),
    _col("owner_id", sa.Text, "Owner id, own_... (card, result)."),
    _col("number", sa.Integer, "Saddle-cloth number; NULL for a non-runner (card, result)."),
    _col(
        "draw",
        sa.Integer,
        "Stall; NULL when not drawn (jumps: 0 on cards, blank in results) (card, result).",
    ),
    _col("age", sa.Integer, "Age in years on race day (card, result)."),
    _col("weight_lbs", sa.Integer, "Weight carried in lb (card lbs, result weight_lbs)."),
    _col("weight_st_lb", sa.Text, "Weight as written in stones-pounds, e.g. 9-5 (result)."),
    _col(
        "jockey_claim_lbs",
        sa.Integer,
        "Apprentice allowance in lb: from Name(5) on cards, jockey_claim_lbs in results.",
    ),
    _col("headgear", sa.Text, "Headgear code, e.g. p, t, tb (card, result)."),
    _col("headgear_run", sa.Text, "Run number with this headgear, e.g. 1 = first time (card)."),
    _col("wind_surgery", sa.Text, "Wind surgery mark, w (card)."),
    _col("wind_surgery_run", sa.Text, "Run number since wind surgery (card)."),
    _col("ofr", sa.Integer, "Official rating going into the race (card ofr)."),
    _col("rpr", sa.Integer, "Racing Post Rating going into the race (card)."),
    _col("ts", sa.Integer, "Topspeed rating going into the race (card)."),
    _col("form", sa.Text, "Recent form figures, e.g. 542- (card)."),
    _col("last_run_days", sa.Integer, "Days since the horse's last run (card last_run)."),
    _col("trainer_rtf", sa.Integer, "Trainer's runners-to-form percentage (card)."),
    _col("trainer_location", sa.Text, "Trainer's yard at declaration (card)."),
    _col("trainer_14_days", JSONType, "Trainer's last 14 days {runs, wins, percent} (card)."),
    _col("comment", sa.Text, "Pre-race comment (card)."),
    _col("spotlight", sa.Text, "Spotlight preview (card)."),
    _col("quotes", JSONType, "Connections' quotes, kept whole (card)."),
    _col("stable_tour", JSONType, "Stable-tour quotes, kept whole (card)."),
    _col("medical", JSONType, "Medical history [{date, type}], kept whole (card)."),
    _col(
        "prev_trainers", JSONType, "Previous trainers [{trainer, trainer_id, change_date}] (card)."
    ),
    _col("prev_owners", JSONType, "Previous owners [{owner, owner_id, change_date}] (card)."),
    _col(
        "past_results_flags",
        JSONType,
        'Course/distance/beaten-favourite flags, e.g. ["CD"] (card).',
    ),
    _col("silk_url", sa.Text, "URL of the silks image (card, result)."),
    _col(
        "is_non_runner",
        sa.Boolean,
        "Withdrawn: number NR on the card (card); False once it ran (result).",
    ),
    _col("position", sa.Integer, "Finishing position; NULL when it did not finish (result)."),
    _col("position_raw", sa.Text, "Position as written: 1, PU, UR, Died as a 5 (result)."),
    _col(
        "position_status",
        sa.Text,
        "finished, or the non-finish code: PU, F, UR, RO, BD, SU, DSQ, REF, CO, DIED (result).",
    ),
    _col("is_dead_heat", sa.Boolean, "Dead-heated for this position (result)."),
    _col("btn", LENGTHS, "Lengths behind the horse in front: .5, nk = 0.3 (result)."),
    _col("btn_raw", sa.Text, "Beaten distance as written (result)."),
    _col("ovr_btn", LENGTHS, "Lengths behind the winner (result)."),
    _col("ovr_btn_raw", sa.Text, "Overall beaten distance as written (result)."),
    _col("sp", sa.Text, "Starting price as written, e.g. 11/4F, EvensF (result)."),
    _col("sp_dec", ODDS, "Starting price as decimal odds, e.g. 3.75 (result)."),
    _col("is_favourite", sa.Boolean, "Favourite, joint or co-favourite at SP (result)."),
    _col("favourite_mark", sa.Text, "F favourite, J joint, C co-favourite (result)."),
    _col("bsp", ODDS, "Betfair starting price (result, when given)."),
    _col("finishing_time", sa.Text, "Finishing time as written, e.g. 2:19.97 (result)."),
    _col("finishing_time_s", SECONDS, "Finishing time in seconds (result)."),
    _col("result_or", sa.Integer, "Official rating in the result (result or)."),
    _col("result_rpr", sa.Integer, "Racing Post Rating earned in the race (result rpr)."),
    _col("result_tsr", sa.Integer, "Topspeed rating earned in the race (result tsr)."),
    _col(
        "performance_rating",
        sa.Integer,
        "Performance rating, where results give it instead of rpr (result).",
    ),
    _col(
        "speed_rating", sa.Integer, "Speed rating, where results give it instead of tsr (result)."
    ),
    _col("prize_won", MONEY, "Prize money won (result prize)."),
    _col(
        "prize_won_currency",
        sa.Text,
        "Currency of prize_won: GBP or EUR (result; by region when unmarked).",
    ),
    _col("result_comment", sa.Text, "In-running comment (result comment)."),
    sa.Index(None, "horse_id"),
    sa.Index(None, "jockey_id"),
    sa.Index(None, "trainer_id"),
    sa.Index(None, "owner_id"),
    comment="One row per horse declared in a race; card and result columns owned separately.",
)

# --- results (runner level, with race context, as consumers query them) ----------------------

ra_mst_race_results = sa.Table(
    "ra_mst_race_results",
    metadata,
    _col("race_id", sa.Text, "Race id, rac_... (result).", _race_fk(), primary_key=True),
    _col("horse_id", sa.Text, "Horse id, hrs_... (result).", primary_key=True),
    _col("date", sa.Date, "Race date, UK calendar (result).", nullable=False),
    _col("off_dt", UTCDateTime, "Off, a UTC instant (result)."),
    _col("region", sa.Text, "Region code: GB, IRE (result)."),
    _col("course_id", sa.Text, "Course id, crs_... (result)."),
    _col("course", sa.Text, "Course name (result)."),
    _col("race_name", sa.Text, "Race title (result)."),
    _col("type", sa.Text, "Flat, Hurdle, Chase or NH Flat (result)."),
    _col("race_class", sa.Text, "Class 1..Class 7 or NULL (result)."),
    _col("pattern", sa.Text, "Group/Grade/Listed (result)."),
    _col("distance_f", FURLONGS, "Distance in furlongs (result)."),
    _col("distance_y", sa.Integer, "Distance in yards (result)."),
    _col("going", sa.Text, "Official going (result)."),
    _col("surface", sa.Text, "Turf or AW (result)."),
    _col("horse", sa.Text, "Horse name without suffix (result)."),
    _col("horse_region", sa.Text, "Horse's country of breeding, from the name suffix (result)."),
    _col("age", sa.Integer, "Age (result)."),
    _col("sex_code", sa.Text, "Sex code (result sex)."),
    _col("number", sa.Integer, "Saddle-cloth number (result)."),
    _col("draw", sa.Integer, "Stall, NULL when not drawn (result)."),
    _col("weight_lbs", sa.Integer, "Weight carried in lb (result)."),
    _col("headgear", sa.Text, "Headgear code (result)."),
    _col("jockey_id", sa.Text, "Jockey id (result)."),
    _col("jockey_claim_lbs", sa.Integer, "Jockey allowance in lb (result)."),
    _col("trainer_id", sa.Text, "Trainer id (result)."),
    _col("owner_id", sa.Text, "Owner id (result)."),
    _col("sire_id", sa.Text, "Sire id (result)."),
    _col("dam_id", sa.Text, "Dam id (result)."),
    _col("damsire_id", sa.Text, "Damsire id (result)."),
    _col("position", sa.Integer, "Finishing position; NULL when it did not finish (result)."),
    _col("position_raw", sa.Text, "Position as written (result)."),
    _col("position_status", sa.Text, "finished, or the non-finish code: PU, F, UR... (result)."),
    _col("is_dead_heat", sa.Boolean, "Dead-heated for this position (result)."),
    _col("btn", LENGTHS, "Lengths behind the horse in front (result)."),
    _col("ovr_btn", LENGTHS, "Lengths behind the winner (result)."),
    _col("sp", sa.Text, "Starting price as written (result)."),
    _col("sp_dec", ODDS, "Starting price, decimal odds (result)."),
    _col("is_favourite", sa.Boolean, "Favourite, joint or co-favourite (result)."),
    _col("bsp", ODDS, "Betfair starting price (result, when given)."),
    _col("finishing_time_s", SECONDS, "Finishing time in seconds (result)."),
    _col("result_or", sa.Integer, "Official rating (result)."),
    _col("result_rpr", sa.Integer, "Racing Post Rating earned (result)."),
    _col("result_tsr", sa.Integer, "Topspeed rating earned (result)."),
    _col("performance_rating", sa.Integer, "Performance rating, where given (result)."),
    _col("speed_rating", sa.Integer, "Speed rating, where given (result)."),
    _col("prize_won", MONEY, "Prize money won (result)."),
    _col("prize_won_currency", sa.Text, "GBP or EUR (result)."),
    sa.Index(None, "date"),
    sa.Index(None, "horse_id", "date"),
    sa.Index(None, "jockey_id"),
    sa.Index(None, "trainer_id"),
    sa.Index(None, "course_id", "date"),
    comment="One row per runner that ran, with its race's context, as consumers read results.",
)

__all__ = [
    "ra_horse_pedigree",
    "ra_mst_bookmakers",
    "ra_mst_courses",
    "ra_mst_dams",
    "ra_mst_damsires",
    "ra_mst_horses",
    "ra_mst_jockeys",
    "ra_mst_owners",
    "ra_mst_race_results",
    "ra_mst_races",
    "ra_mst_regions",
    "ra_mst_runners",
    "ra_mst_sires",
    "ra_mst_trainers",
]

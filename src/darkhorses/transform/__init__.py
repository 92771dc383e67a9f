"""Pure functions from API payload models to table rows: no I/O, no clock.

Each returns a :class:`Rows` (rows per table, quarantined records, counters such as
``filtered_foreign``); the jobs hand it to the writer.
"""

from darkhorses.transform.bookmakers import bookmaker_id, bookmaker_row, bookmaker_type, seed_rows
from darkhorses.transform.courses import course_rows, regions_rows
from darkhorses.transform.horses import horse_profile_rows
from darkhorses.transform.racecards import racecard_rows
from darkhorses.transform.regions import DEFAULT_REGIONS, allowed_regions
from darkhorses.transform.results import result_rows
from darkhorses.transform.rows import TABLE_ORDER, Rows, combine

__all__ = [
    "DEFAULT_REGIONS",
    "TABLE_ORDER",
    "Rows",
    "allowed_regions",
    "bookmaker_id",
    "bookmaker_row",
    "bookmaker_type",
    "combine",
    "course_rows",
    "horse_profile_rows",
    "racecard_rows",
    "regions_rows",
    "result_rows",
    "seed_rows",
]

"""Horse profiles (``/v1/horses/{id}/standard|pro``, search hits) -> horse, pedigree and
sire/dam/damsire rows.

A profile has no ``region`` field, so the horse's region is left as the cards and results set
it; the ancestors' regions come from their name suffixes.
"""

from __future__ import annotations

from collections.abc import Iterable

from darkhorses.api.models.horses import Horse, HorsePro
from darkhorses.transform.entities import pedigree_rows, take
from darkhorses.transform.names import clean_name, split_region_suffix
from darkhorses.transform.rows import Row, Rows


def horse_profile_rows(profiles: Iterable[Horse], *, mark_profile: bool = True) -> Rows:
    """Rows for horse profiles; ``profile_status`` says which profile filled the row.

    Pass ``mark_profile=False`` for search hits, which are not an enrichment.
    """
    rows = Rows()
    for profile in profiles:
        name, _suffix = split_region_suffix(profile.name)
        horse: Row = {"id": profile.id, "name": name}
        if isinstance(profile, HorsePro):
            for column in ("dob", "sex", "sex_code", "colour", "colour_code"):
                take(horse, profile, column)
            take(horse, profile, "breeder", convert=clean_name)
        ids = pedigree_rows(rows, profile, profile.id, breeder=horse.get("breeder"))
        horse.update({f"{role}_id": ancestor_id for role, ancestor_id in ids.items()})
        if mark_profile:
            horse["profile_status"] = "pro" if isinstance(profile, HorsePro) else "standard"
        rows.add("ra_mst_horses", horse)
        rows.count("horses")
    return rows

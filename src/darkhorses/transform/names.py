"""Names and ids: region suffixes, jockey claims, ancestor horse ids.

Results and profiles write a horse's region into its name (``"Veraison (IRE)"``); cards give
the bare name and a ``region`` field. Names are normalised here, once, so both read the same;
ids, not names, decide identity.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SUFFIX = re.compile(r"^(?P<name>.*?)\s*\((?P<region>[A-Z]{2,4})\)\s*$")
_CLAIM = re.compile(r"^(?P<name>.*?)\s*\((?P<lbs>\d{1,2})\)\s*$")
_ANCESTOR_PREFIXES = ("sir_", "dam_", "dsi_")
# Course names that end in a parenthesised tag that is part of the name.
_COURSE_TAGS = frozenset({"AW"})


def clean_name(raw: str | None) -> str | None:
    """Trimmed, inner whitespace collapsed; blank is ``None``."""
    if raw is None:
        return None
    text = " ".join(raw.split())
    return text or None


def split_region_suffix(raw: str | None) -> tuple[str | None, str | None]:
    """``"Veraison (IRE)"`` -> ``("Veraison", "IRE")``; a bare name has no region."""
    name = clean_name(raw)
    if name is None:
        return None, None
    match = _SUFFIX.match(name)
    if not match or not match.group("name"):
        return name, None
    return match.group("name"), match.group("region")


def course_name(raw: str | None, region: str | None) -> str | None:
    """A course name without the region tag results once carried: ``"Naas (IRE)"`` -> ``"Naas"``.

    ``"Kempton (AW)"`` keeps its tag: all-weather tracks are their own courses.
    """
    name, tag = split_region_suffix(raw)
    if tag is None or tag in _COURSE_TAGS or (region and tag != region.upper()):
        return clean_name(raw)
    return name


def split_jockey_claim(raw: str | None) -> tuple[str | None, int | None]:
    """``"Rose Dawes(5)"`` -> ``("Rose Dawes", 5)``; no claim -> ``(name, 0)``."""
    name = clean_name(raw)
    if name is None:
        return None, None
    match = _CLAIM.match(name)
    if not match:
        return name, 0
    return clean_name(match.group("name")), int(match.group("lbs"))


def ancestor_horse_id(ancestor_id: str | None) -> str | None:
    """A sire, dam or damsire id as the animal's own horse id: ``sir_123`` -> ``hrs_123``."""
    if not ancestor_id:
        return None
    for prefix in _ANCESTOR_PREFIXES:
        if ancestor_id.startswith(prefix):
            return "hrs_" + ancestor_id[len(prefix) :]
    return None


@lru_cache(maxsize=4096)
def slug(name: str) -> str:
    """A stable id from a display name: ``"Betfair Exchange"`` -> ``"betfair-exchange"``."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")

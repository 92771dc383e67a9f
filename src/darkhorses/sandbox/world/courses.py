"""The courses of the sandbox's world: the GB and Irish racecourses plus a few abroad.

All-weather tracks are their own courses, as in the API. Ids are the sandbox's own. Each
course carries what the calendar needs: which codes it stages (flat turf ``F``, jumps ``J``,
all-weather ``A``) and roughly how many fixtures it holds in a year.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    """A racing country as the API names it."""

    code: str  # lower case, as in the regions list: "gb"
    name: str  # "Great Britain"

    @property
    def upper(self) -> str:
        """The code as written in race payloads: "GB"."""
        return self.code.upper()


@dataclass(frozen=True)
class Course:
    """One racecourse."""

    id: str
    name: str
    region: Region
    codes: str  # subset of "FJA"
    fixtures: int  # meetings a year (0 for a course no longer racing)
    currency: str  # "£" or "€"


REGIONS: tuple[Region, ...] = (
    Region("gb", "Great Britain"),
    Region("ire", "Ireland"),
    Region("fr", "France"),
    Region("usa", "USA"),
    Region("aus", "Australia"),
    Region("hk", "Hong Kong"),
    Region("uae", "United Arab Emirates"),
    Region("ger", "Germany"),
)
_BY_CODE = {r.code: r for r in REGIONS}

# name, codes, fixtures a year
_GB: tuple[tuple[str, str, int], ...] = (
    ("Aintree", "J", 8),
    ("Ascot", "FJ", 26),
    ("Ayr", "FJ", 28),
    ("Bangor-on-Dee", "J", 16),
    ("Bath", "F", 24),
    ("Beverley", "F", 20),
    ("Brighton", "F", 20),
    ("Carlisle", "FJ", 22),
    ("Cartmel", "J", 9),
    ("Catterick", "FJ", 26),
    ("Chelmsford City (AW)", "A", 58),
    ("Cheltenham", "J", 16),
    ("Chepstow", "FJ", 30),
    ("Chester", "F", 15),
    ("Doncaster", "FJ", 32),
    ("Epsom", "F", 10),
    ("Exeter", "J", 17),
    ("Fakenham", "J", 12),
    ("Ffos Las", "FJ", 22),
    ("Fontwell", "J", 26),
    ("Goodwood", "F", 20),
    ("Hamilton", "F", 18),
    ("Haydock", "FJ", 36),
    ("Hereford", "J", 14),
    ("Hexham", "J", 15),
    ("Huntingdon", "J", 18),
    ("Kelso", "J", 14),
    ("Kempton", "J", 14),
    ("Kempton (AW)", "A", 76),
    ("Leicester", "FJ", 26),
    ("Lingfield", "FJ", 12),
    ("Lingfield (AW)", "A", 66),
    ("Ludlow", "J", 16),
    ("Market Rasen", "J", 22),
    ("Musselburgh", "FJ", 26),
    ("Newbury", "FJ", 30),
    ("Newcastle", "J", 14),
    ("Newcastle (AW)", "A", 46),
    ("Newmarket", "F", 22),
    ("Newmarket (July)", "F", 16),
    ("Newton Abbot", "J", 18),
    ("Nottingham", "F", 22),
    ("Perth", "J", 15),
    ("Plumpton", "J", 18),
    ("Pontefract", "F", 16),
    ("Redcar", "F", 20),
    ("Ripon", "F", 15),
    ("Salisbury", "F", 16),
    ("Sandown", "FJ", 26),
    ("Sedgefield", "J", 20),
    ("Southwell", "J", 10),
    ("Southwell (AW)", "A", 60),
    ("Stratford", "J", 16),
    ("Taunton", "J", 15),
    ("Thirsk", "F", 14),
    ("Uttoxeter", "J", 22),
    ("Warwick", "J", 16),
    ("Wetherby", "FJ", 22),
    ("Wincanton", "J", 17),
    ("Windsor", "F", 25),
    ("Wolverhampton (AW)", "A", 80),
    ("Worcester", "J", 20),
    ("Yarmouth", "F", 25),
    ("York", "F", 17),
    ("Towcester", "J", 0),
    ("Stockton", "FJ", 0),
    ("Folkestone", "FJ", 0),
    ("Great Leighs", "A", 0),
    ("Lincoln", "F", 0),
)

_IRE: tuple[tuple[str, str, int], ...] = (
    ("Ballinrobe", "FJ", 10),
    ("Bellewstown", "FJ", 6),
    ("Clonmel", "J", 12),
    ("Cork", "FJ", 16),
    ("Curragh", "F", 20),
    ("Down Royal", "FJ", 10),
    ("Downpatrick", "J", 8),
    ("Dundalk (AW)", "A", 46),
    ("Fairyhouse", "FJ", 18),
    ("Galway", "FJ", 14),
    ("Gowran Park", "FJ", 16),
    ("Kilbeggan", "J", 8),
    ("Killarney", "FJ", 9),
    ("Laytown", "F", 1),
    ("Leopardstown", "FJ", 22),
    ("Limerick", "FJ", 16),
    ("Listowel", "FJ", 9),
    ("Naas", "FJ", 20),
    ("Navan", "FJ", 18),
    ("Punchestown", "FJ", 20),
    ("Roscommon", "FJ", 10),
    ("Sligo", "FJ", 9),
    ("Thurles", "J", 12),
    ("Tipperary", "FJ", 13),
    ("Tramore", "FJ", 10),
    ("Wexford", "FJ", 11),
    ("Tralee", "FJ", 0),
    ("Phoenix Park", "F", 0),
    ("Mallow", "FJ", 0),
    ("Tuam", "J", 0),
    ("Dungarvan", "J", 0),
    ("Baldoyle", "F", 0),
)

_FOREIGN: tuple[tuple[str, str, str, int], ...] = (
    ("fr", "ParisLongchamp", "F", 40),
    ("fr", "Chantilly", "FA", 60),
    ("fr", "Deauville", "FA", 50),
    ("fr", "Saint-Cloud", "F", 50),
    ("usa", "Belmont Park", "F", 120),
    ("usa", "Churchill Downs", "F", 80),
    ("usa", "Gulfstream Park", "F", 160),
    ("usa", "Santa Anita", "F", 120),
    ("aus", "Flemington", "F", 40),
    ("aus", "Randwick", "F", 45),
    ("aus", "Caulfield", "F", 40),
    ("hk", "Sha Tin", "F", 50),
    ("hk", "Happy Valley", "F", 38),
    ("uae", "Meydan", "F", 20),
    ("ger", "Baden-Baden", "F", 12),
)


def _build() -> tuple[Course, ...]:
    rows: list[tuple[str, str, str, int]] = [("gb", *row) for row in _GB]
    rows += [("ire", *row) for row in _IRE]
    rows += list(_FOREIGN)
    courses = []
    for index, (code, name, codes, fixtures) in enumerate(rows):
        currency = "€" if code in ("ire", "fr", "ger") else "£"
        course_id = f"crs_{1000 + index * 173}"
        courses.append(Course(course_id, name, _BY_CODE[code], codes, fixtures, currency))
    return tuple(courses)


COURSES: tuple[Course, ...] = _build()
COURSE_BY_ID: dict[str, Course] = {c.id: c for c in COURSES}
COURSE_BY_NAME: dict[str, Course] = {c.name: c for c in COURSES}


def region(code: str) -> Region:
    """A region by its lower-case code."""
    return _BY_CODE[code]

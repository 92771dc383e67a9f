"""The fixture list: which courses race on a day, and the index entry of every race.

Everything here is index-level (no runners), so listing a day is cheap. A day's meetings
come from the day's own generator: GB and Irish meetings by weekday and season, the big
festivals on their dates, no racing on 24-25 December or during the 2020 shutdown, and a
few foreign meetings (France, USA, Australia, Hong Kong, Dubai) on the UK clock.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from darkhorses.sandbox.world.courses import COURSE_BY_NAME, COURSES, Course
from darkhorses.sandbox.world.seeding import choose, rng

UK = ZoneInfo("Europe/London")
FIRST_DATE = date(2015, 1, 1)
_RACE_ID_BASE = 10_000_000
_MAX_RACES_A_DAY = 1000

# mean GB and IRE meetings by weekday (Monday first)
_GB_MEETINGS = (3.15, 3.15, 3.55, 3.65, 4.0, 5.4, 3.0)
_IRE_MEETINGS = (0.95, 0.8, 0.95, 1.15, 1.35, 1.75, 1.75)

_SUMMER_JUMPS = {
    "Cartmel",
    "Market Rasen",
    "Newton Abbot",
    "Perth",
    "Stratford",
    "Uttoxeter",
    "Worcester",
    "Southwell",
    "Fontwell",
    "Bangor-on-Dee",
    "Hexham",
    "Sedgefield",
    "Kilbeggan",
    "Downpatrick",
    "Tramore",
    "Ballinrobe",
    "Ffos Las",
    "Cork",
    "Galway",
    "Listowel",
}


@dataclass(frozen=True)
class RaceSlot:
    """A race as the index knows it (no runners)."""

    race_id: str
    day: date
    off_dt: datetime
    course: Course
    code: str  # "F" turf flat, "A" all-weather flat, "J" jumps
    race_type: str
    race_class: str
    pattern: str
    big_race: bool
    is_abandoned: bool
    going: str
    number: int  # race of the meeting, from 1
    meeting_size: int
    declared: int  # runners declared (non-runners included)
    festival: bool


def race_id_for(day: date, index: int) -> str:
    return f"rac_{_RACE_ID_BASE + (day - FIRST_DATE).days * _MAX_RACES_A_DAY + index}"


def parse_race_id(race_id: str) -> tuple[date, int] | None:
    """(day, index in the day) of a race id, or None when it cannot be one of ours."""
    head, _, digits = race_id.partition("_")
    if head != "rac" or not digits.isdigit():
        return None
    number = int(digits) - _RACE_ID_BASE
    if number < 0:
        return None
    days, index = divmod(number, _MAX_RACES_A_DAY)
    if days > 40_000:
        return None
    return FIRST_DATE + timedelta(days=days), index


def _nth_weekday(year: int, month: int, weekday: int, first_day: int) -> date:
    """The first ``weekday`` on or after ``first_day`` of the month."""
    start = date(year, month, first_day)
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def festival_courses(day: date) -> list[str]:
    """Courses whose big meeting falls on ``day``."""
    y = day.year
    spans = [
        (_nth_weekday(y, 3, 1, 10), 4, ["Cheltenham"]),
        (_nth_weekday(y, 4, 5, 6) - timedelta(days=2), 3, ["Aintree"]),
        (_nth_weekday(y, 4, 1, 23), 5, ["Punchestown"]),
        (_nth_weekday(y, 5, 5, 1), 2, ["Newmarket"]),
        (_nth_weekday(y, 6, 4, 1), 2, ["Epsom"]),
        (_nth_weekday(y, 6, 1, 14), 5, ["Ascot"]),
        (_nth_weekday(y, 7, 1, 25), 5, ["Goodwood"]),
        (_nth_weekday(y, 7, 0, 25), 7, ["Galway"]),
        (_nth_weekday(y, 8, 2, 17), 4, ["York"]),
        (_nth_weekday(y, 9, 5, 8), 1, ["Leopardstown"]),
        (_nth_weekday(y, 9, 6, 9), 1, ["Curragh"]),
        (_nth_weekday(y, 10, 5, 14), 1, ["Ascot"]),
        (_nth_weekday(y, 2, 5, 1), 2, ["Leopardstown"]),
        (
            date(y, 12, 26),
            1,
            [
                "Kempton",
                "Wetherby",
                "Wincanton",
                "Huntingdon",
                "Sedgefield",
                "Market Rasen",
                "Fontwell",
                "Limerick",
                "Down Royal",
            ],
        ),
        (date(y, 12, 26), 4, ["Leopardstown"]),
        (date(y, 12, 27), 1, ["Chepstow", "Kempton", "Wetherby", "Limerick"]),
    ]
    found: list[str] = []
    for start, length, names in spans:
        if start <= day < start + timedelta(days=length):
            found += [n for n in names if n not in found]
    return found


def _no_home_racing(day: date, region_code: str) -> bool:
    if (day.month, day.day) in ((12, 24), (12, 25)):
        return True
    if region_code == "gb":
        return date(2020, 3, 18) <= day <= date(2020, 5, 31)
    return date(2020, 3, 25) <= day <= date(2020, 6, 7)


def _flat_season(day: date) -> bool:
    return (day.month, day.day) >= (3, 25) and (day.month, day.day) <= (11, 8)


def _summer(day: date) -> bool:
    return 5 <= day.month <= 9


def _meeting_code(course: Course, day: date) -> str | None:
    codes = course.codes
    if codes == "A":
        return "A"
    if "F" in codes and "J" in codes:
        return "F" if _flat_season(day) and day.month not in (3, 11) else "J"
    if codes == "F":
        return "F" if _flat_season(day) else None
    return "J"


def _course_weight(course: Course, day: date) -> float:
    code = _meeting_code(course, day)
    if code is None or course.fixtures == 0:
        return 0.0
    weight = float(course.fixtures)
    if code == "A":
        weight *= 0.75 if _summer(day) else 1.3
    elif code == "J" and course.codes == "J" and _summer(day):
        weight *= 1.4 if course.name in _SUMMER_JUMPS else 0.08
    elif code == "F" and course.codes == "F":
        weight *= 1.5
    return weight


def _going(r: random.Random, code: str, day: date, irish: bool) -> str:
    options: tuple[str, ...]
    weights: tuple[float, ...]
    if code == "A":
        return choose(
            r, ("Standard", "Standard To Slow", "Standard To Fast", "Slow"), (0.7, 0.18, 0.1, 0.02)
        )
    wet = day.month in (11, 12, 1, 2, 3)
    if irish:
        options = (
            "Good",
            "Yielding",
            "Yielding To Soft",
            "Soft",
            "Heavy",
            "Good To Yielding",
            "Good To Firm",
            "Soft To Heavy",
        )
        weights = (
            (0.1, 0.15, 0.2, 0.3, 0.1, 0.1, 0.02, 0.03)
            if wet
            else (0.3, 0.1, 0.05, 0.05, 0.01, 0.25, 0.24, 0.0)
        )
    else:
        options = ("Good", "Good To Soft", "Soft", "Heavy", "Good To Firm", "Firm", "Soft To Heavy")
        weights = (
            (0.15, 0.3, 0.3, 0.15, 0.03, 0.0, 0.07)
            if wet
            else (0.35, 0.15, 0.05, 0.01, 0.4, 0.04, 0.0)
        )
    return choose(r, options, weights)


def _first_off(r: random.Random, code: str, day: date, evening_ok: bool) -> int:
    """Minutes after midnight (UK clock) of the meeting's first race."""
    if code == "J":
        return r.choice((720, 735, 750, 765, 780, 795, 810))
    evening = evening_ok and r.random() < (0.45 if _summer(day) else 0.3)
    if evening:
        return (
            r.choice((990, 1005, 1020, 1035, 1050, 1065))
            if code == "A"
            else r.choice((1020, 1035, 1050, 1065, 1080))
        )
    return r.choice((750, 765, 780, 795, 810, 825, 840, 855, 870))


def _declared(r: random.Random, code: str, race_type: str, big: bool, festival: bool) -> int:
    mean = {"Flat": 10.8 if code == "F" else 10.0, "Hurdle": 10.4, "Chase": 8.3, "NH Flat": 11.0}[
        race_type
    ]
    if big:
        mean += 3.5
    if festival:
        mean += 2.5
    n = round(r.lognormvariate(0, 0.38) * mean * 0.9)
    return max(2, min(n, 34 if festival else 24))


def _race_kind(r: random.Random, code: str, number: int, size: int) -> str:
    if code != "J":
        return "Flat"
    if number == size and r.random() < 0.55:
        return "NH Flat"
    roll = r.random()
    return "Hurdle" if roll < 0.55 else "Chase" if roll < 0.97 else "NH Flat"


def _class_and_pattern(
    r: random.Random, race_type: str, code: str, region: str, festival: bool
) -> tuple[str, str]:
    jumps = race_type in ("Hurdle", "Chase")
    top = r.random() < (0.55 if festival else 0.035 if code == "A" else 0.06)
    pattern = ""
    if top and race_type != "NH Flat":
        kinds = (
            ("Grade 1", "Grade 2", "Grade 3", "Listed")
            if jumps
            else ("Group 1", "Group 2", "Group 3", "Listed")
        )
        pattern = choose(r, kinds, (0.2, 0.25, 0.25, 0.3))
        if jumps and pattern == "Grade 3":
            pattern = ""  # jumps Grade 3s are mostly open handicaps
    if region != "GB":
        return "", pattern
    if top:
        return "Class 1", pattern
    if race_type == "NH Flat":
        return r.choice(("Class 5", "Class 6", "Class 4")), ""
    classes = ("Class 2", "Class 3", "Class 4", "Class 5", "Class 6", "Class 7")
    weights = (0.08, 0.15, 0.3, 0.3, 0.15, 0.02) if jumps else (0.07, 0.12, 0.22, 0.28, 0.27, 0.04)
    return choose(r, classes, weights), ""


@dataclass(frozen=True)
class _Meeting:
    course: Course
    code: str
    first_off: int
    interval: tuple[int, ...]
    size: int
    going: str
    abandoned: bool
    festival: bool


def _home_meetings(seed: int, day: date) -> list[_Meeting]:
    r = rng(seed, "meetings", day.isoformat())
    festivals = festival_courses(day)
    meetings: list[_Meeting] = []
    for region_code, means in (("gb", _GB_MEETINGS), ("ire", _IRE_MEETINGS)):
        if _no_home_racing(day, region_code):
            continue
        pool = [c for c in COURSES if c.region.code == region_code]
        chosen = [COURSE_BY_NAME[n] for n in festivals if COURSE_BY_NAME[n] in pool]
        wanted = max(0, round(means[day.weekday()] + r.gauss(0, 0.75)))
        if day.weekday() == 5 and region_code == "gb" and _summer(day):
            wanted += 1
        candidates = [(c, _course_weight(c, day)) for c in pool if c not in chosen]
        candidates = [(c, w) for c, w in candidates if w > 0]
        while len(chosen) < wanted and candidates:
            total = sum(w for _, w in candidates)
            point = r.random() * total
            for i, (course, weight) in enumerate(candidates):
                point -= weight
                if point <= 0:
                    chosen.append(course)
                    del candidates[i]
                    break
        for course in chosen:
            code = _meeting_code(course, day) or "F"
            festival = course.name in festivals
            if festival:
                size = 7
            elif region_code == "ire":
                size = choose(r, (6, 7, 8, 9), (0.1, 0.3, 0.45, 0.15))
            else:
                size = choose(r, (5, 6, 7, 8, 9), (0.04, 0.3, 0.44, 0.16, 0.06))
            winter = day.month in (12, 1, 2)
            p_abandon = 0.002 if code == "A" else 0.035 if winter else 0.006
            meetings.append(
                _Meeting(
                    course,
                    code,
                    _first_off(r, code, day, not festival),
                    tuple(r.choice((30, 30, 30, 32, 33, 35, 35, 40)) for _ in range(size)),
                    size,
                    _going(r, code, day, region_code == "ire"),
                    (not festival) and r.random() < p_abandon,
                    festival,
                )
            )
    return meetings


def _foreign_meetings(seed: int, day: date) -> list[_Meeting]:
    r = rng(seed, "abroad", day.isoformat())
    wd = day.weekday()
    plan: list[tuple[str, int, int]] = []  # course, races, first off (UK minutes)
    if r.random() < 0.75:
        summer = day.month in (7, 8)
        french = "Deauville" if summer else r.choice(("ParisLongchamp", "Chantilly", "Saint-Cloud"))
        if day.month in (12, 1, 2):
            french = r.choice(("Chantilly", "Deauville"))
        plan.append((french, r.choice((7, 8, 8, 9)), r.choice((720, 735, 750, 780))))
    us_tracks = ["Belmont Park", "Churchill Downs", "Gulfstream Park", "Santa Anita"]
    for track in us_tracks:
        if r.random() < (0.75 if wd >= 4 else 0.35):
            plan.append((track, r.choice((9, 10, 11)), r.choice((1050, 1080, 1110, 1140))))
    if wd in (2, 5):
        for track in ("Flemington", "Randwick", "Caulfield")[: 2 if wd == 5 else 1]:
            plan.append((track, r.choice((8, 9, 10)), r.choice((60, 90, 120, 150))))
    if day.month not in (8,) and wd == 6:
        plan.append(("Sha Tin", 10, r.choice((300, 330))))
    if day.month not in (8,) and wd == 2:
        plan.append(("Happy Valley", 9, r.choice((660, 690))))
    if day.month in (11, 12, 1, 2, 3) and wd == 4:
        plan.append(("Meydan", 8, r.choice((780, 810))))
    if day.month in (5, 6, 7, 8, 9) and wd == 6 and r.random() < 0.4:
        plan.append(("Baden-Baden", 8, 780))
    meetings = []
    for course_name, size, first in plan:
        course = COURSE_BY_NAME[course_name]
        going = r.choice(("Good", "Good To Soft", "Soft", "Good To Firm", "Fast", "Firm"))
        interval = tuple(r.choice((25, 30, 30, 35)) for _ in range(size))
        meetings.append(_Meeting(course, "F", first, interval, size, going, False, False))
    return meetings


def build_day(seed: int, day: date) -> list[RaceSlot]:
    """Every race of ``day``, all regions, ordered by off time then course name."""
    if day < FIRST_DATE:
        return []
    pending: list[tuple[datetime, str, _Meeting, int]] = []
    midnight = datetime(day.year, day.month, day.day)
    for meeting in _home_meetings(seed, day) + _foreign_meetings(seed, day):
        minutes = meeting.first_off
        for number in range(1, meeting.size + 1):
            naive = midnight + timedelta(minutes=min(minutes, 23 * 60 + 55))
            pending.append((naive.replace(tzinfo=UK), meeting.course.name, meeting, number))
            minutes += meeting.interval[number - 1]
    pending.sort(key=lambda item: (item[0], item[1]))
    slots = []
    for index, (off_dt, _name, meeting, number) in enumerate(pending):
        race_id = race_id_for(day, index)
        r = rng(seed, "slot", race_id)
        region = meeting.course.region.upper
        race_type = _race_kind(r, meeting.code, number, meeting.size)
        race_class, pattern = _class_and_pattern(
            r, race_type, meeting.code, region, meeting.festival
        )
        big = pattern in ("Group 1", "Grade 1") or (meeting.festival and pattern != "")
        slots.append(
            RaceSlot(
                race_id,
                day,
                off_dt,
                meeting.course,
                meeting.code,
                race_type,
                race_class,
                pattern,
                big,
                meeting.abandoned,
                meeting.going,
                number,
                meeting.size,
                _declared(r, meeting.code, race_type, big, meeting.festival),
                meeting.festival,
            )
        )
    return slots

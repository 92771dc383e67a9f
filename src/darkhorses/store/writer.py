"""The bulk upsert every job writes through: idempotent, column-owning, exactly counted.

``upsert(conn, table, rows)`` inserts rows whose natural key (the table's primary key) is new
and updates existing rows only where a supplied value differs from the stored one, so writing
the same data twice rewrites nothing. Rules:

- Only the columns present in a row dict are written: a results row never touches a
  racecard column it does not carry. Rows with different key sets are written in groups.
- A ``None`` never replaces a stored value unless ``update_nulls=True``: a poorer, later
  source cannot blank what a richer one stored.
- A key repeated within one batch is merged into one row first (later values win), so the
  counts are per distinct record.
- Rows that lack a required (NOT NULL, no default) column can still update stored rows,
  e.g. a second sighting without ``first_seen``; such a row for a new key is refused.
- A value its column cannot take (a naive datetime, a non-bool for a Boolean, JSON that does
  not serialise) raises ``WriteError`` naming the column and the row key, before the group
  touches the database.
- It runs inside the caller's transaction; the caller commits (one unit of work, one commit).

Paths, chosen per backend and measured in ``benchmarks/bench_store.py``:

- SQLite: one ``INSERT ... ON CONFLICT DO UPDATE ... WHERE <changed>`` per group, with
  ``executemany``. Its row count is inserts plus updates; the inserts are the rows whose
  rowid is above the table's largest rowid read just before (SQLite gives a new row the
  largest rowid plus one, and an upsert updates in place). The group first takes the write
  lock (a no-op ``UPDATE ... WHERE 0``), so no other writer can add rows in between and the
  count is exact. Tables where that does not hold (``WITHOUT ROWID``, an ``INTEGER PRIMARY
  KEY`` the rows supply, a connection in autocommit) instead query which keys of the batch
  are stored and insert the others with ``ON CONFLICT DO NOTHING``. Measured on 100,000
  runner rows, dropping that key query (and the Python split of the rows) took about a
  quarter off the writer's CPU time.
- PostgreSQL: large groups are ``COPY``'d into a temporary table and merged with one
  ``INSERT ... SELECT ... ON CONFLICT DO UPDATE ... WHERE <changed> RETURNING (xmax = 0)``;
  small groups use a multi-row ``VALUES`` with the same clause (for 100,000 rows COPY was
  about ten times faster). ``xmax = 0`` marks a freshly inserted tuple, which tells inserts
  from updates exactly. On a first load the server's share dominates (the merge's inserts,
  their five index entries and the foreign-key check on ``race_id``, about 25 us a row; the
  COPY into the stage about 10 us), so the client's preparation of the next group runs while
  the server merges the previous one (a helper thread waits for the merge; psycopg releases
  the GIL while it waits). Binary COPY was measured and dropped: the server parsed it no
  faster and psycopg's per-value JSON dumper made the client three times slower.

Both backends share the preparation: rows are grouped by the columns they carry (grouped by
the tuple of their keys, a third cheaper than a frozenset per row), and each group is turned
into driver-ready tuples by a function generated once per (table, columns) that reads each
value from the row dict and converts only the columns whose type needs it (JSON to text, with
empty lists short-cut; Decimal to float on SQLite; UTC datetimes; Booleans only when not
already ``bool``). That replaced a transpose-convert-transpose pass over all columns which
cost more than the conversions themselves.
"""

from __future__ import annotations

import functools
import gc
import itertools
import json
import operator
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any, Literal

import sqlalchemy as sa

DEFAULT_BATCH_SIZE = 10_000
# Groups at least this large go through COPY on PostgreSQL; below it the stage table costs
# more than it saves (measured: at a race-day's ~350 runner rows COPY is ~5x faster than a
# multi-row VALUES statement; at 50 rows the two are level).
COPY_THRESHOLD = 100
# PostgreSQL allows 65,535 bind parameters per statement; stay well clear.
MAX_PARAMS_PER_STATEMENT = 30_000
STAGE_TABLE = "dh_upsert_stage"
# A merge this large runs on a helper thread while the next chunk is prepared; smaller ones
# are over before a thread would pay for itself.
OVERLAP_THRESHOLD = 1_000
# Above this largest rowid SQLite picks new rowids at random: count by keys instead.
_MAX_ROWID = 2**63 - 1

Method = Literal["auto", "copy", "values"]


@dataclass
class WriteCounts:
    """Rows a write inserted, updated (some value changed) and left unchanged."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: WriteCounts) -> WriteCounts:
        return WriteCounts(
            self.inserted + other.inserted,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
        )

    @property
    def total(self) -> int:
        """Distinct records written (whatever the outcome)."""
        return self.inserted + self.updated + self.unchanged

    @property
    def changed(self) -> int:
        """Records that were inserted or updated."""
        return self.inserted + self.updated

    def as_dict(self) -> dict[str, int]:
        """``{"inserted": .., "updated": .., "unchanged": ..}``."""
        return asdict(self)


class WriteError(ValueError):
    """Rows that cannot be written as given: unknown column, missing key value, a value the
    column type refuses, or a new row without a required column."""


def upsert(
    conn: sa.Connection,
    table: sa.Table,
    rows: Iterable[Mapping[str, Any]],
    *,
    update_nulls: bool = False,
    batch_size: int | None = None,
    method: Method = "auto",
) -> WriteCounts:
    """Insert new rows and update changed ones of ``table``, keyed by its primary key.

    ``method`` forces a PostgreSQL path (``"copy"`` or ``"values"``) for measurement; the
    default picks COPY for groups of ``COPY_THRESHOLD`` rows or more.
    """
    key = [c.name for c in table.primary_key.columns]
    if not key:
        raise WriteError(f"{table.name} has no primary key to upsert on")
    size = batch_size or DEFAULT_BATCH_SIZE
    with _gc_paused():
        if conn.dialect.name == "postgresql":
            return _postgres(conn, table, key, _chunks(rows, size), update_nulls, method)
        counts = WriteCounts()
        for chunk in _chunks(rows, size):
            for statements, params in _prepare(conn.dialect, table, key, chunk, update_nulls):
                counts += _sqlite(conn, statements, params)
        return counts


_gc_lock = threading.Lock()
_gc_pausers = 0


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a write allocates millions of small objects.

    Each collection would scan every live row dict again; pausing it cuts the writer's CPU
    time by about a third on large writes. Counted across threads, so concurrent writers
    re-enable it only when the last one finishes, and never when it was off to begin with.
    """
    global _gc_pausers
    with _gc_lock:
        if _gc_pausers == 0 and not gc.isenabled():
            paused = False
        else:
            paused = True
            _gc_pausers += 1
            gc.disable()
    try:
        yield
    finally:
        if paused:
            with _gc_lock:
                _gc_pausers -= 1
                if _gc_pausers == 0:
                    gc.enable()


def _chunks(rows: Iterable[Mapping[str, Any]], size: int) -> Iterator[list[Mapping[str, Any]]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _prepare(
    dialect: sa.Dialect,
    table: sa.Table,
    key: list[str],
    chunk: list[Mapping[str, Any]],
    update_nulls: bool,
) -> list[tuple[_Statements, list[tuple[Any, ...]]]]:
    """The chunk's rows grouped by the columns they carry, duplicates merged, each group with
    its statements and its rows as driver-ready tuples (groups in order of appearance)."""
    groups: dict[frozenset[str], _Group] = {}
    # The tuple of a row's keys finds its group; rows with the same keys in another order
    # share the group.
    by_order: dict[tuple[str, ...], _Group] = {}
    order_of = [c.name for c in table.columns]

    def group_of(row: Mapping[str, Any]) -> _Group:
        order = tuple(row)
        found = by_order.get(order)
        if found is None:
            names = frozenset(order)
            found = groups.get(names)
            if found is None:
                _check_columns(table, key, names)
                columns = tuple(c for c in order_of if c in names)
                statements = _statements(dialect, table, columns, update_nulls)
                found = groups[names] = _Group(statements, update_nulls, order)
            by_order[order] = found
        return found

    group: _Group | None = None
    width = -1
    for row in chunk:
        # A dict with as many keys as the previous row's group has columns, all of which it
        # has (the converter raises KeyError otherwise), carries exactly the group's columns:
        # most rows are placed without looking at their keys. (Only a plain dict: a mapping
        # might make up values for missing keys.) The group's state is held in locals, as
        # this loop runs once per row.
        if group is None or len(row) != width or row.__class__ is not dict:
            group = group_of(row)
            convert, ident_of, composite, seen, params, width = group.state()
        try:
            values = convert(row)
        except KeyError:
            group = group_of(row)
            convert, ident_of, composite, seen, params, width = group.state()
            values = group.bind(row)
        except Exception as exc:
            raise group.refused(row) from exc
        ident = ident_of(values)
        if ident is None or (composite and None in ident):
            raise group.keyless(ident)
        count = len(params)
        if seen.setdefault(ident, count) == count:
            params.append(values)
            group.rows.append(row)
        else:
            group.merge(seen[ident], row)
    return [(g.statements, g.params) for g in groups.values()]


class _Group:
    """The distinct rows of one chunk that carry one set of columns, converted."""

    def __init__(self, statements: _Statements, update_nulls: bool, order: tuple[str, ...]) -> None:
        self.statements = statements
        self.update_nulls = update_nulls
        self.convert = statements.converter_for(order)
        self.refused = statements.refused
        self.params: list[tuple[Any, ...]] = []
        self.rows: list[Mapping[str, Any]] = []
        self.seen: dict[Any, int] = {}  # key values -> position in params and rows

    def state(
        self,
    ) -> tuple[
        Callable[[Mapping[str, Any]], tuple[Any, ...]],
        Callable[[tuple[Any, ...]], Any],
        bool,
        dict[Any, int],
        list[tuple[Any, ...]],
        int,
    ]:
        """What the row loop needs: converter, key getter, composite?, seen, params, width."""
        st = self.statements
        ident_of = operator.itemgetter(*st.key_positions)
        composite = len(st.key_positions) > 1
        return self.convert, ident_of, composite, self.seen, self.params, len(st.columns)

    def keyless(self, ident: Any) -> WriteError:
        st = self.statements
        return WriteError(f"{st.table_name}: a row has no value for its key {st.key}: {ident}")

    def merge(self, position: int, row: Mapping[str, Any]) -> None:
        """The same record again: merged into the first, later values winning."""
        merged = dict(self.rows[position])
        if self.update_nulls:
            merged.update(row)
        else:
            merged.update((k, v) for k, v in row.items() if v is not None)
        self.rows[position] = merged
        self.params[position] = self.bind(merged)

    def bind(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        try:
            return self.convert(row)
        except Exception as exc:
            raise self.refused(row) from exc


def _check_columns(table: sa.Table, key: list[str], names: frozenset[str]) -> None:
    unknown = sorted(names - set(table.columns.keys()))
    if unknown:
        raise WriteError(f"{table.name} has no column(s) {', '.join(unknown)}")
    missing = [k for k in key if k not in names]
    if missing:
        raise WriteError(f"{table.name}: rows must carry the key column(s) {', '.join(missing)}")


def _missing_required(statements: _Statements, new_rows: int) -> WriteError:
    return WriteError(
        f"{statements.table_name}: {new_rows} new row(s) lack required column(s) "
        f"{', '.join(statements.missing_required)}; rows without them can only update stored rows"
    )


# --- conversion of row dicts to driver-ready tuples -------------------------------------------


def _processor(column: sa.Column[Any], dialect: sa.Dialect) -> Callable[[Any], Any] | None:
    """The function turning a (non-None) Python value into what the driver takes."""
    impl = column.type.dialect_impl(dialect)
    if isinstance(impl, sa.JSON):
        # JSON goes as text on both backends (PostgreSQL casts it to jsonb on the way in),
        # serialised as SQLAlchemy would, so rows written by other code compare equal.
        return getattr(dialect, "_json_serializer", None) or _JSON_DUMPS
    return impl.bind_processor(dialect)


def _reusable_json_encoder() -> Callable[[Any, int], list[str]] | None:
    """The C encoder ``json.dumps`` builds on every call, built once: ``"".join(run(v, 0))``
    is ``json.dumps(v)`` with its defaults at about half the cost (checked here; ``None``
    where the C encoder is missing or differs). JSON is the largest share of a runner row's
    conversion, so the generated converters call it inline."""
    from json import encoder

    make = getattr(encoder, "c_make_encoder", None)
    if make is None:
        return None
    try:
        default = json.JSONEncoder().default
        run = make(
            {}, default, encoder.encode_basestring_ascii, None, ": ", ", ", False, False, True
        )
        sample = {"a": [1, 2.5, None, True, 'é\n"q"'], "b": {"c": -0.1}, "d": []}
        if "".join(run(sample, 0)) != json.dumps(sample):
            return None
    except Exception:
        return None
    return run


def _reusable_json_dumps() -> Callable[[Any], str]:
    """``json.dumps`` with its defaults, minus the C encoder it rebuilds on every call."""
    run = _JSON_RUN
    if run is None:
        return json.dumps

    def dumps(value: Any) -> str:
        return "".join(run(value, 0))

    return dumps


_JSON_RUN = _reusable_json_encoder()
_JSON_DUMPS = _reusable_json_dumps()


def _converter(
    dialect: sa.Dialect, table: sa.Table, columns: tuple[str, ...]
) -> tuple[Callable[..., Callable[[Mapping[str, Any]], tuple[Any, ...]]], list[tuple[str, Any]]]:
    """A factory of functions from a row dict to the tuple of its ``columns`` as the driver
    takes them, and the columns' processors (to name the culprit when a value is refused).

    Generated once per (dialect, table, columns) so that a row costs one call: each value is
    read from the dict and only the columns whose type needs it are converted, inline. The
    factory takes the key objects to read the values with: a dict finds a key by identity
    before comparing strings, so lookups with the row's own key objects (interned literals
    for most callers, SQLAlchemy's ``quoted_name`` column names for others) cost less.
    """
    namespace: dict[str, Any] = {}
    processors = []
    parts = []
    for index, name in enumerate(columns):
        get = f"row[k{index}]"
        column = table.columns[name]
        process = _processor(column, dialect)
        if process is None:
            parts.append(get)
            continue
        processors.append((name, process))
        namespace[f"p{index}"] = process
        impl = column.type.dialect_impl(dialect)
        if isinstance(impl, sa.JSON):
            # Most list columns are empty: skip the encoder for them. The default encoder
            # is called inline, without the Python frame of a dumps function.
            if process is _JSON_DUMPS and _JSON_RUN is not None:
                namespace["json_run"], namespace["join"] = _JSON_RUN, "".join
                encode = "join(json_run(v, 0))"
            else:
                encode = f"p{index}(v)"
            encode = f"('[]' if v.__class__ is list and not v else {encode})"
            parts.append(f"(None if (v := {get}) is None else {encode})")
        elif isinstance(impl, sa.Boolean):
            # True and False need no check. psycopg binds them natively; SQLite stores 1 and
            # 0, and its driver takes a bool only after a failed adapter lookup (an error
            # formatted and dropped per value: a tenth of a row's binding cost).
            same = "(1 if v else 0)" if dialect.name == "sqlite" else "v"
            checked = f"({same} if v.__class__ is bool else p{index}(v))"
            parts.append(f"(None if (v := {get}) is None else {checked})")
        else:
            parts.append(f"(None if (v := {get}) is None else p{index}(v))")
    keys = ", ".join(f"k{index}" for index in range(len(columns)))
    body = ",\n            ".join(parts)
    source = (
        f"def factory({keys}):\n"
        f"    def convert(row):\n"
        f"        return (\n            {body},\n        )\n"
        f"    return convert\n"
    )
    exec(compile(source, f"<upsert converter for {table.name}>", "exec"), namespace)
    return namespace["factory"], processors


def _culprit(
    key: list[str], processors: list[tuple[str, Callable[[Any], Any]]], row: Mapping[str, Any]
) -> str:
    """Which value of the row could not be converted, and why (called after a failure)."""
    for name, process in processors:
        value = row[name]
        if value is None:
            continue
        try:
            process(value)
        except Exception as exc:
            ident = tuple(row[k] for k in key)
            return f"column {name} of row key {ident}: {exc}"
    return "a value could not be converted"


# --- statements -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=512)
def _statements(
    dialect: sa.Dialect, table: sa.Table, columns: tuple[str, ...], update_nulls: bool
) -> _Statements:
    return _Statements(dialect, table, columns, update_nulls)


class _Statements:
    """The statements and the row converter for one (table, column set) on one dialect."""

    def __init__(
        self,
        dialect: sa.Dialect,
        table: sa.Table,
        columns: tuple[str, ...],
        update_nulls: bool,
    ) -> None:
        self.quote = quote = dialect.identifier_preparer.quote
        self.postgres = dialect.name == "postgresql"
        self.table_name = table.name
        self.table = dialect.identifier_preparer.format_table(table)
        self.columns = columns
        self.key = key = [c.name for c in table.primary_key.columns]
        self.key_positions = [columns.index(k) for k in key]
        self.column_list = ", ".join(quote(c) for c in columns)
        self.key_list = ", ".join(quote(k) for k in key)
        self.placeholder = "%s" if self.postgres else "?"
        self.updatable = [c for c in columns if c not in key]
        self.plain_json = {
            c for c in self.updatable if self.postgres and _is_plain_json(table.columns[c], dialect)
        }
        self.update_nulls = update_nulls
        # Required columns this group lacks: it can only update rows that already exist.
        self.missing_required = [
            c.name
            for c in table.columns
            if c.name not in columns
            and not c.nullable
            and c.server_default is None
            and c.default is None
            and not c.primary_key
        ]
        target = "d" if self.postgres else self.table
        sets, changed = self.assignments(lambda c: f"excluded.{c}", lambda c: f"{target}.{c}")
        if sets:
            self.on_conflict = f"ON CONFLICT ({self.key_list}) DO UPDATE SET {sets} WHERE {changed}"
        else:
            self.on_conflict = f"ON CONFLICT ({self.key_list}) DO NOTHING"
        self.has_update = bool(sets)
        self.insert = f"INSERT INTO {self.table} ({self.column_list}) VALUES {self.values_rows(1)}"
        self.rowid_counts = not self.postgres and _new_rows_get_top_rowids(table)
        self._factory, self._processors = _converter(dialect, table, columns)
        # By default the values are read with interned plain strings, as literal keys are.
        self._keys = tuple(sys.intern(str(c)) for c in columns)
        self.convert = self._factory(*self._keys)

    def converter_for(
        self, order: tuple[str, ...]
    ) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
        """The converter reading with the key objects of a row whose keys are ``order``."""
        own = {k: k for k in order}
        keys = tuple(own[c] for c in self.columns)
        if all(a is b for a, b in zip(keys, self._keys, strict=True)):
            return self.convert
        return self._factory(*keys)

    def refused(self, row: Mapping[str, Any]) -> WriteError:
        """The error for a row with a value its column cannot take."""
        return WriteError(f"{self.table_name}: {_culprit(self.key, self._processors, row)}")

    def assignments(
        self, new_of: Callable[[str], str], old_of: Callable[[str], str]
    ) -> tuple[str, str]:
        """``SET`` list and ``WHERE <changed>`` condition, given how to name new and old values.

        A NULL from the source keeps the stored value unless ``update_nulls``; a row counts
        as changed only when a supplied value differs from the stored one.
        """
        sets, changed = [], []
        for name in self.updatable:
            col = self.quote(name)
            new, old = new_of(col), old_of(col)
            if name in self.plain_json:
                # json has no equality operator; jsonb compares by value.
                new, old = f"{new}::jsonb", f"{old}::jsonb"
            distinct = f"{new} IS DISTINCT FROM {old}" if self.postgres else f"{new} IS NOT {old}"
            if self.update_nulls:
                sets.append(f"{col} = {new_of(col)}")
                changed.append(distinct)
            else:
                sets.append(f"{col} = COALESCE({new_of(col)}, {old_of(col)})")
                changed.append(f"({new} IS NOT NULL AND {distinct})")
        return ", ".join(sets), " OR ".join(changed)

    def values_rows(self, count: int) -> str:
        row = "(" + ", ".join([self.placeholder] * len(self.columns)) + ")"
        return ", ".join([row] * count)


def _is_plain_json(column: sa.Column[Any], dialect: sa.Dialect) -> bool:
    from sqlalchemy.dialects.postgresql import JSONB

    impl = column.type.dialect_impl(dialect)
    return isinstance(impl, sa.JSON) and not isinstance(impl, JSONB)


def _new_rows_get_top_rowids(table: sa.Table) -> bool:
    """Whether SQLite numbers this table's new rows above its largest rowid.

    Not for ``WITHOUT ROWID`` tables, nor where the rowid is an ``INTEGER PRIMARY KEY`` the
    rows supply themselves.
    """
    if table.dialect_options["sqlite"].get("with_rowid") is False:
        return False
    key = list(table.primary_key.columns)
    return not (len(key) == 1 and isinstance(key[0].type, sa.Integer))


# --- SQLite -----------------------------------------------------------------------------------


def _sqlite(conn: sa.Connection, st: _Statements, params: list[tuple[Any, ...]]) -> WriteCounts:
    if st.missing_required:
        inserted, updated = _sqlite_update_only(conn, st, params)
    elif st.rowid_counts and (counted := _sqlite_by_rowid(conn, st, params)) is not None:
        inserted, updated = counted
    else:
        inserted, updated = _sqlite_by_keys(conn, st, params)
    return WriteCounts(inserted, updated, len(params) - inserted - updated)


def _sqlite_by_rowid(
    conn: sa.Connection, st: _Statements, params: list[tuple[Any, ...]]
) -> tuple[int, int] | None:
    """One upsert for the whole group; its new rows are those above the old largest rowid.

    ``None`` when that cannot be relied on (autocommit, or rowids at their maximum).
    """
    first_key = st.quote(st.key[0])
    # Any write statement takes the database's write lock, even one that changes no row:
    # from here to the commit no other connection can add rows to the table.
    conn.exec_driver_sql(f"UPDATE {st.table} SET {first_key} = {first_key} WHERE 0")
    driver = conn.connection.driver_connection
    if not getattr(driver, "in_transaction", False):
        return None
    top = conn.exec_driver_sql(f"SELECT max(rowid) FROM {st.table}").scalar()
    if top is not None and top >= _MAX_ROWID:
        return None
    changed = max(conn.exec_driver_sql(f"{st.insert} {st.on_conflict}", params).rowcount, 0)
    if top is None:
        inserted = conn.exec_driver_sql(f"SELECT count(*) FROM {st.table}").scalar_one()
    else:
        inserted = conn.exec_driver_sql(
            f"SELECT count(*) FROM {st.table} WHERE rowid > ?", (top,)
        ).scalar_one()
    return int(inserted), changed - int(inserted)


def _sqlite_by_keys(
    conn: sa.Connection, st: _Statements, params: list[tuple[Any, ...]]
) -> tuple[int, int]:
    """Find the stored keys first; insert the others, then upsert the stored ones."""
    key_of = operator.itemgetter(*st.key_positions)
    existing = _sqlite_existing_keys(conn, st, [key_of(row) for row in params])
    new = [row for row in params if key_of(row) not in existing]
    old = [row for row in params if key_of(row) in existing] if existing else []
    inserted = updated = 0
    if new:
        result = conn.exec_driver_sql(f"{st.insert} ON CONFLICT ({st.key_list}) DO NOTHING", new)
        inserted = max(result.rowcount, 0)
        if inserted < len(new):
            # Another writer got some of them in first: offer all again as updates (ours
            # equal what we just stored, so they count as unchanged).
            old += new
    if old and st.has_update:
        updated = max(conn.exec_driver_sql(f"{st.insert} {st.on_conflict}", old).rowcount, 0)
    return inserted, updated


def _sqlite_update_only(
    conn: sa.Connection, st: _Statements, params: list[tuple[Any, ...]]
) -> tuple[int, int]:
    """UPDATE stored rows in place, for groups that could not be inserted anyway."""
    key_of = operator.itemgetter(*st.key_positions)
    existing = _sqlite_existing_keys(conn, st, [key_of(row) for row in params])
    new = sum(1 for row in params if key_of(row) not in existing)
    if new:
        raise _missing_required(st, new)
    if not params or not st.has_update:
        return 0, 0
    number = {st.quote(c): f"?{i + 1}" for i, c in enumerate(st.columns)}
    sets, changed = st.assignments(lambda c: number[c], lambda c: f"{st.table}.{c}")
    match = " AND ".join(f"{st.quote(k)} = {number[st.quote(k)]}" for k in st.key)
    statement = f"UPDATE {st.table} SET {sets} WHERE {match} AND ({changed})"
    return 0, max(conn.exec_driver_sql(statement, params).rowcount, 0)


def _sqlite_existing_keys(conn: sa.Connection, st: _Statements, keys: list[Any]) -> set[Any]:
    """Which of ``keys`` (bound values, tuples for composite keys) are already stored."""
    width = len(st.key_positions)
    per_query = MAX_PARAMS_PER_STATEMENT // width
    found: set[Any] = set()
    for start in range(0, len(keys), per_query):
        part = keys[start : start + per_query]
        if width == 1:
            marks = ", ".join("?" * len(part))
            flat = part
        else:
            marks = ", ".join(["(" + ", ".join("?" * width) + ")"] * len(part))
            flat = [value for key in part for value in key]
        rows = conn.exec_driver_sql(
            f"SELECT {st.key_list} FROM {st.table} WHERE ({st.key_list}) IN (VALUES {marks})"
            if width > 1
            else f"SELECT {st.key_list} FROM {st.table} WHERE {st.key_list} IN ({marks})",
            tuple(flat),
        ).all()
        found.update(tuple(r) if width > 1 else r[0] for r in rows)
    return found


# --- PostgreSQL -------------------------------------------------------------------------------


def _postgres(
    conn: sa.Connection,
    table: sa.Table,
    key: list[str],
    chunks: Iterator[list[Mapping[str, Any]]],
    update_nulls: bool,
    method: Method,
) -> WriteCounts:
    """Write chunk by chunk; a chunk's last merge runs while the next chunk is prepared.

    The merge is the server's work alone, so it is started on a helper thread (which only
    waits for the server) while this thread groups and converts the next chunk's rows, and
    it is joined before the connection is used again. The caller's rows are pulled only
    while nothing runs on the connection, so they may come from a query on it.
    """
    counts = WriteCounts()
    pending: Future[WriteCounts] | None = None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="darkhorses-upsert") as merger:
        chunk = next(chunks, None)
        while chunk is not None:
            try:
                prepared = _prepare(conn.dialect, table, key, chunk, update_nulls)
            finally:
                # Joined even when preparing failed: never leave a merge running.
                if pending is not None:
                    merged, pending = pending, None
                    counts += merged.result()
            chunk = next(chunks, None)
            for index, (st, params) in enumerate(prepared):
                # Rows lacking required columns can only update: the stage path handles that.
                large = method == "auto" and len(params) >= COPY_THRESHOLD
                if not (st.missing_required or method == "copy" or large):
                    counts += _postgres_values(conn, st, params)
                    continue
                _postgres_stage(conn, st, params)
                more_to_prepare = chunk is not None and index == len(prepared) - 1
                if more_to_prepare and len(params) >= OVERLAP_THRESHOLD:
                    pending = merger.submit(_postgres_merge, conn, st, len(params))
                else:
                    counts += _postgres_merge(conn, st, len(params))
    return counts


def _count_returning(
    conn: sa.Connection, statement: str, params: Sequence[Any] | None
) -> tuple[int, int]:
    counted = conn.exec_driver_sql(
        f"WITH up AS ({statement} RETURNING (xmax = 0) AS fresh) "
        "SELECT count(*) FILTER (WHERE fresh), count(*) FILTER (WHERE NOT fresh) FROM up",
        tuple(params) if params else None,
    ).one()
    return int(counted[0]), int(counted[1])


def _postgres_values(
    conn: sa.Connection, st: _Statements, params: list[tuple[Any, ...]]
) -> WriteCounts:
    per_statement = max(1, MAX_PARAMS_PER_STATEMENT // len(st.columns))
    inserted = updated = 0
    for start in range(0, len(params), per_statement):
        part = params[start : start + per_statement]
        statement = (
            f"INSERT INTO {st.table} AS d ({st.column_list}) "
            f"VALUES {st.values_rows(len(part))} {st.on_conflict}"
        )
        flat = [value for row in part for value in row]
        i, u = _count_returning(conn, statement, flat)
        inserted, updated = inserted + i, updated + u
    return WriteCounts(inserted, updated, len(params) - inserted - updated)


def _postgres_stage(conn: sa.Connection, st: _Statements, params: list[tuple[Any, ...]]) -> None:
    """COPY the group into a fresh temporary stage table."""
    # The stage has the target's column types but none of its constraints; ON COMMIT DROP
    # keeps it from outliving the transaction even behind a transaction pooler.
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {STAGE_TABLE}")
    conn.exec_driver_sql(
        f"CREATE TEMPORARY TABLE {STAGE_TABLE} ON COMMIT DROP AS "
        f"SELECT {st.column_list} FROM {st.table} WITH NO DATA"
    )
    driver = conn.connection.driver_connection
    assert driver is not None
    with (
        driver.cursor() as cursor,
        cursor.copy(f"COPY {STAGE_TABLE} ({st.column_list}) FROM STDIN") as copy,
    ):
        write = copy.write_row
        for row in params:
            write(row)


def _postgres_merge(conn: sa.Connection, st: _Statements, rows: int) -> WriteCounts:
    """Merge the stage into the table (or only update from it) and drop it."""
    if st.missing_required:
        inserted, updated = 0, _postgres_update_from_stage(conn, st)
    else:
        statement = (
            f"INSERT INTO {st.table} AS d ({st.column_list}) "
            f"SELECT {st.column_list} FROM {STAGE_TABLE} {st.on_conflict}"
        )
        inserted, updated = _count_returning(conn, statement, None)
    conn.exec_driver_sql(f"DROP TABLE {STAGE_TABLE}")
    return WriteCounts(inserted, updated, rows - inserted - updated)


def _postgres_update_from_stage(conn: sa.Connection, st: _Statements) -> int:
    """UPDATE stored rows from the stage; refuse if any staged row is new."""
    match = " AND ".join(f"d.{st.quote(k)} = s.{st.quote(k)}" for k in st.key)
    new_rows = conn.exec_driver_sql(
        f"SELECT count(*) FROM {STAGE_TABLE} s "
        f"WHERE NOT EXISTS (SELECT 1 FROM {st.table} d WHERE {match})"
    ).scalar_one()
    if new_rows:
        raise _missing_required(st, int(new_rows))
    if not st.has_update:
        return 0
    sets, changed = st.assignments(lambda c: f"s.{c}", lambda c: f"d.{c}")
    result = conn.exec_driver_sql(
        f"UPDATE {st.table} AS d SET {sets} FROM {STAGE_TABLE} s WHERE {match} AND ({changed})"
    )
    return max(result.rowcount, 0)

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
- It runs inside the caller's transaction; the caller commits (one unit of work, one commit).

Paths, chosen per backend and measured in ``benchmarks/bench_store.py``:

- SQLite: one query finds which keys of the batch are stored; new rows go through
  ``INSERT ... ON CONFLICT DO NOTHING`` (its row count is the inserts), stored ones through
  ``INSERT ... ON CONFLICT DO UPDATE ... WHERE <changed>`` (its row count is the updates),
  both with ``executemany``; the rest are unchanged.
- PostgreSQL: large groups are ``COPY``'d into a temporary table and merged with one
  ``INSERT ... SELECT ... ON CONFLICT DO UPDATE ... WHERE <changed> RETURNING (xmax = 0)``;
  small groups use a multi-row ``VALUES`` with the same clause (for 100,000 rows COPY was
  four to five times faster). ``xmax = 0`` marks a freshly inserted tuple, which tells
  inserts from updates exactly.
"""

from __future__ import annotations

import gc
import itertools
import json
import operator
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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
    counts = WriteCounts()
    with _gc_paused():
        for chunk in _chunks(rows, size):
            for columns, group in _groups(table, key, chunk, update_nulls):
                counts += _write_group(conn, table, key, columns, group, update_nulls, method)
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


def _groups(
    table: sa.Table, key: list[str], chunk: list[Mapping[str, Any]], update_nulls: bool
) -> Iterator[tuple[list[str], list[Mapping[str, Any]]]]:
    """Rows grouped by the set of columns they carry, duplicates merged, in table order."""
    by_columns: dict[frozenset[str], dict[tuple[Any, ...], Mapping[str, Any]]] = {}
    ident_of = operator.itemgetter(*key)
    for row in chunk:
        names = frozenset(row)
        group = by_columns.get(names)
        if group is None:
            _check_columns(table, key, names)
            group = by_columns[names] = {}
        ident = ident_of(row)
        if ident is None or (len(key) > 1 and None in ident):
            raise WriteError(f"{table.name}: a row has no value for its key {key}: {ident}")
        earlier = group.get(ident)
        if earlier is None:
            group[ident] = row
            continue
        merged = dict(earlier)
        if update_nulls:
            merged.update(row)
        else:
            merged.update((k, v) for k, v in row.items() if v is not None)
        group[ident] = merged
    order = [c.name for c in table.columns]
    for names, group in by_columns.items():
        yield [c for c in order if c in names], list(group.values())


def _check_columns(table: sa.Table, key: list[str], names: frozenset[str]) -> None:
    unknown = sorted(names - set(table.columns.keys()))
    if unknown:
        raise WriteError(f"{table.name} has no column(s) {', '.join(unknown)}")
    missing = [k for k in key if k not in names]
    if missing:
        raise WriteError(f"{table.name}: rows must carry the key column(s) {', '.join(missing)}")


def _write_group(
    conn: sa.Connection,
    table: sa.Table,
    key: list[str],
    columns: list[str],
    group: list[Mapping[str, Any]],
    update_nulls: bool,
    method: Method,
) -> WriteCounts:
    params = _bind_params(conn.dialect, table, columns, group)
    sql = _UpsertSQL(conn.dialect, table, key, columns, update_nulls)
    if conn.dialect.name == "postgresql":
        # Rows lacking required columns can only update: the stage path handles that.
        large = method == "auto" and len(params) >= COPY_THRESHOLD
        if sql.missing_required or method == "copy" or large:
            inserted, updated = _postgres_copy(conn, sql, params)
        else:
            inserted, updated = _postgres_values(conn, sql, params)
    else:
        inserted, updated = _sqlite(conn, sql, params)
    return WriteCounts(inserted, updated, len(params) - inserted - updated)


def _missing_required(sql: _UpsertSQL, table: str, new_rows: int) -> WriteError:
    return WriteError(
        f"{table}: {new_rows} new row(s) lack required column(s) "
        f"{', '.join(sql.missing_required)}; rows without them can only update stored rows"
    )


def _bind_params(
    dialect: sa.Dialect, table: sa.Table, columns: list[str], group: list[Mapping[str, Any]]
) -> list[tuple[Any, ...]]:
    """Row tuples with each column type's bind processing applied (UTC times, JSON, ...)."""
    take = operator.itemgetter(*columns)
    values = [take(row) for row in group]
    if len(columns) == 1:  # itemgetter of one name returns the bare value
        values = [(value,) for value in values]
    processors: list[tuple[int, Callable[[Any], Any]]] = []
    plain_bools = set()
    for index, name in enumerate(columns):
        process = _processor(table.columns[name], dialect)
        if process is not None:
            processors.append((index, process))
            if isinstance(table.columns[name].type, sa.Boolean):
                plain_bools.add(index)
    if not processors:
        return values
    # Column-wise: one tight loop per converted column, then back to row tuples.
    by_column = list(zip(*values, strict=True))
    try:
        for index, process in processors:
            column = by_column[index]
            if index in plain_bools and set(map(type, column)) <= _BOOL_TYPES:
                continue  # both drivers bind True and False natively: skip the per-value check
            by_column[index] = tuple([None if v is None else process(v) for v in column])
    except Exception as exc:
        raise WriteError(f"{table.name}: {_culprit(columns, values, processors)}") from exc
    return list(zip(*by_column, strict=True))


_BOOL_TYPES = {bool, type(None)}


def _processor(column: sa.Column[Any], dialect: sa.Dialect) -> Callable[[Any], Any] | None:
    """The function turning a Python value into what the driver takes for this column."""
    impl = column.type.dialect_impl(dialect)
    if isinstance(impl, sa.JSON):
        # JSON goes as text on both backends (PostgreSQL casts it to jsonb on the way in),
        # serialised as SQLAlchemy would, so rows written by other code compare equal.
        return _json_dumper(getattr(dialect, "_json_serializer", None) or _JSON_DUMPS)
    return impl.bind_processor(dialect)


def _reusable_json_dumps() -> Callable[[Any], str]:
    """``json.dumps`` with its defaults, minus the C encoder it rebuilds on every call.

    Same text as ``json.dumps`` (checked here, falling back to it otherwise), at about two
    thirds of the cost: JSON is the largest share of a runner row's conversion.
    """
    from json import encoder

    make = getattr(encoder, "c_make_encoder", None)
    if make is None:
        return json.dumps
    try:
        default = json.JSONEncoder().default
        run = make(
            {}, default, encoder.encode_basestring_ascii, None, ": ", ", ", False, False, True
        )

        def dumps(value: Any) -> str:
            return "".join(run(value, 0))

        sample = {"a": [1, 2.5, None, True, 'é\n"q"'], "b": {"c": -0.1}, "d": []}
        if dumps(sample) != json.dumps(sample):
            return json.dumps
    except Exception:
        return json.dumps
    return dumps


_JSON_DUMPS = _reusable_json_dumps()


def _json_dumper(serialize: Callable[[Any], str]) -> Callable[[Any], str]:
    def dump(value: Any) -> str:
        # Most list columns are empty; skip the encoder for them.
        if not value and isinstance(value, list | dict):
            return "[]" if isinstance(value, list) else "{}"
        return serialize(value)

    return dump


def _culprit(
    columns: list[str],
    values: list[tuple[Any, ...]],
    processors: list[tuple[int, Callable[[Any], Any]]],
) -> str:
    """Which value could not be converted, and why (only called after a failure)."""
    for row in values:
        for index, process in processors:
            if row[index] is None:
                continue
            try:
                process(row[index])
            except Exception as exc:
                return f"column {columns[index]} of row key {row[:2]}: {exc}"
    return "a value could not be converted"


class _UpsertSQL:
    """The statements for one (table, column set) on one dialect."""

    def __init__(
        self,
        dialect: sa.Dialect,
        table: sa.Table,
        key: list[str],
        columns: list[str],
        update_nulls: bool,
    ) -> None:
        self.quote = quote = dialect.identifier_preparer.quote
        self.postgres = dialect.name == "postgresql"
        self.table = dialect.identifier_preparer.format_table(table)
        self.columns = columns
        self.key = key
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


def _sqlite(conn: sa.Connection, sql: _UpsertSQL, params: list[tuple[Any, ...]]) -> tuple[int, int]:
    key_of = operator.itemgetter(*sql.key_positions)
    existing = _sqlite_existing_keys(conn, sql, [key_of(row) for row in params])
    new = [row for row in params if key_of(row) not in existing]
    old = [row for row in params if key_of(row) in existing] if existing else []
    if sql.missing_required:
        if new:
            raise _missing_required(sql, sql.table, len(new))
        return 0, _sqlite_update(conn, sql, old)
    insert = f"INSERT INTO {sql.table} ({sql.column_list}) VALUES {sql.values_rows(1)}"
    inserted = updated = 0
    if new:
        result = conn.exec_driver_sql(f"{insert} ON CONFLICT ({sql.key_list}) DO NOTHING", new)
        inserted = max(result.rowcount, 0)
        if inserted < len(new):
            # Another writer got some of them in first: offer all again as updates (ours
            # equal what we just stored, so they count as unchanged).
            old += new
    if old and sql.has_update:
        updated = max(conn.exec_driver_sql(f"{insert} {sql.on_conflict}", old).rowcount, 0)
    return inserted, updated


def _sqlite_update(conn: sa.Connection, sql: _UpsertSQL, rows: list[tuple[Any, ...]]) -> int:
    """UPDATE stored rows in place (for groups that could not be inserted anyway)."""
    if not rows or not sql.has_update:
        return 0
    number = {sql.quote(c): f"?{i + 1}" for i, c in enumerate(sql.columns)}
    sets, changed = sql.assignments(lambda c: number[c], lambda c: f"{sql.table}.{c}")
    match = " AND ".join(f"{sql.quote(k)} = {number[sql.quote(k)]}" for k in sql.key)
    statement = f"UPDATE {sql.table} SET {sets} WHERE {match} AND ({changed})"
    return max(conn.exec_driver_sql(statement, rows).rowcount, 0)


def _sqlite_existing_keys(conn: sa.Connection, sql: _UpsertSQL, keys: list[Any]) -> set[Any]:
    """Which of ``keys`` (bound values, tuples for composite keys) are already stored."""
    width = len(sql.key_positions)
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
            f"SELECT {sql.key_list} FROM {sql.table} WHERE ({sql.key_list}) IN (VALUES {marks})"
            if width > 1
            else f"SELECT {sql.key_list} FROM {sql.table} WHERE {sql.key_list} IN ({marks})",
            tuple(flat),
        ).all()
        found.update(tuple(r) if width > 1 else r[0] for r in rows)
    return found


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
    conn: sa.Connection, sql: _UpsertSQL, params: list[tuple[Any, ...]]
) -> tuple[int, int]:
    per_statement = max(1, MAX_PARAMS_PER_STATEMENT // len(sql.columns))
    inserted = updated = 0
    for start in range(0, len(params), per_statement):
        part = params[start : start + per_statement]
        statement = (
            f"INSERT INTO {sql.table} AS d ({sql.column_list}) "
            f"VALUES {sql.values_rows(len(part))} {sql.on_conflict}"
        )
        flat = [value for row in part for value in row]
        i, u = _count_returning(conn, statement, flat)
        inserted, updated = inserted + i, updated + u
    return inserted, updated


def _postgres_copy(
    conn: sa.Connection, sql: _UpsertSQL, params: list[tuple[Any, ...]]
) -> tuple[int, int]:
    # The stage has the target's column types but none of its constraints; ON COMMIT DROP
    # keeps it from outliving the transaction even behind a transaction pooler.
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {STAGE_TABLE}")
    conn.exec_driver_sql(
        f"CREATE TEMPORARY TABLE {STAGE_TABLE} ON COMMIT DROP AS "
        f"SELECT {sql.column_list} FROM {sql.table} WITH NO DATA"
    )
    driver = conn.connection.driver_connection
    assert driver is not None
    with (
        driver.cursor() as cursor,
        cursor.copy(f"COPY {STAGE_TABLE} ({sql.column_list}) FROM STDIN") as copy,
    ):
        for row in params:
            copy.write_row(row)
    if sql.missing_required:
        counts = 0, _postgres_update_from_stage(conn, sql)
    else:
        statement = (
            f"INSERT INTO {sql.table} AS d ({sql.column_list}) "
            f"SELECT {sql.column_list} FROM {STAGE_TABLE} {sql.on_conflict}"
        )
        counts = _count_returning(conn, statement, None)
    conn.exec_driver_sql(f"DROP TABLE {STAGE_TABLE}")
    return counts


def _postgres_update_from_stage(conn: sa.Connection, sql: _UpsertSQL) -> int:
    """UPDATE stored rows from the stage; refuse if any staged row is new."""
    match = " AND ".join(f"d.{sql.quote(k)} = s.{sql.quote(k)}" for k in sql.key)
    new_rows = conn.exec_driver_sql(
        f"SELECT count(*) FROM {STAGE_TABLE} s "
        f"WHERE NOT EXISTS (SELECT 1 FROM {sql.table} d WHERE {match})"
    ).scalar_one()
    if new_rows:
        raise _missing_required(sql, sql.table, int(new_rows))
    if not sql.has_update:
        return 0
    sets, changed = sql.assignments(lambda c: f"s.{c}", lambda c: f"d.{c}")
    result = conn.exec_driver_sql(
        f"UPDATE {sql.table} AS d SET {sets} FROM {STAGE_TABLE} s WHERE {match} AND ({changed})"
    )
    return max(result.rowcount, 0)

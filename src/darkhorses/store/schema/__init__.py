"""The schema: every table on one MetaData, defined in modules by subject."""

from darkhorses.store.schema import odds, ops, racing, stats  # noqa: F401  (register tables)
from darkhorses.store.schema.base import JSONType, UTCDateTime, metadata

__all__ = ["JSONType", "UTCDateTime", "metadata"]

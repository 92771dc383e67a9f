"""darkhorses: UK and Irish horse racing data from The Racing API, kept in a SQL database."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("darkhorses")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"

__all__ = ["__version__"]

"""Pure functions from API payload models to table rows: no I/O, no clock."""

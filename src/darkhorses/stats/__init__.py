"""Racing statistics computed in SQL from the stored runs (``docs/statistics.md``).

The entry point is :func:`darkhorses.stats.compute.compute`.
"""

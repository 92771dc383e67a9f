"""The status dashboard: read-only web pages over the database, and the JSON behind them.

``dashboard_routes(engine, settings)`` gives the routes to serve beside the service's own;
``create_app`` serves them alone (``darkhorses dashboard``).
"""

from darkhorses.dashboard.app import create_app, dashboard_routes
from darkhorses.dashboard.security import TokenRequired, check_exposure

__all__ = ["TokenRequired", "check_exposure", "create_app", "dashboard_routes"]

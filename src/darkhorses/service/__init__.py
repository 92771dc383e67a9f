"""The long-running service: scheduler, locks, health, metrics and HTTP endpoints."""

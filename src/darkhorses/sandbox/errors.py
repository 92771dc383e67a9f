"""Errors the sandbox answers with, in the real API's bodies."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An error response: status, the ``detail`` (string or list) and extra headers."""

    def __init__(self, status: int, detail: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.detail = detail
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        return {"detail": self.detail}


def not_found() -> ApiError:
    """404 with FastAPI's body, for unknown paths and unknown ids alike."""
    return ApiError(404, "Not Found")


def invalid(message: str) -> ApiError:
    """A 422 with a string detail, as the API's own checks answer (e.g. region codes)."""
    return ApiError(422, f"Validation error - {message}")

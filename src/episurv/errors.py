"""Domain errors, and the one mapping from them to HTTP statuses and CLI exit codes."""

from __future__ import annotations


class EpisurvError(Exception):
    """Base of the errors a user can cause; the message is for that user."""

    http_status = 400
    exit_code = 2


class InvalidInput(EpisurvError):
    """Input that breaks a rule: names what was wrong (row, field, value)."""

    http_status = 422

    def __init__(self, message: str, problems: list[dict] | None = None):
        super().__init__(message)
        self.problems = problems or []


class NotFound(EpisurvError):
    http_status = 404


class TooLarge(InvalidInput):
    """A body or file over its size limit, refused before it is read whole."""

    http_status = 413


class Conflict(EpisurvError):
    """A write that would overwrite a newer version of a record."""

    http_status = 409

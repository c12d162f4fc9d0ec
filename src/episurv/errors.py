"""Domain errors, and the one mapping from them to HTTP statuses and CLI exit codes."""

from __future__ import annotations


class EpisurvError(Exception):
    """Base of the errors a user can cause; the message is for that user.

    An error may carry a `code` and the values its message names (`params`): its message is
    then `template % params`, an English sentence whose template is a message of the pages'
    catalog, so a page says it in its own language (episurv.messages.said) while the API gives the
    English `detail` and the `code`."""

    http_status = 400
    exit_code = 2
    code: str | None = None
    template: str | None = None
    params: dict

    def __init__(self, message: str = "", *args: object, code: str | None = None,
                 **params: object) -> None:
        self.params = params
        if code is not None:
            self.code, self.template = code, message
            message = message % {k: english(v) for k, v in params.items()}
        super().__init__(message, *args)


def joiner(values: list | tuple) -> str:
    """How a list of values is joined: reasons (errors) are sentences apart, other values
    words of one sentence."""
    return "; " if any(isinstance(v, Exception) for v in values) else ", "


def english(value: object) -> object:
    """A value as the English message writes it: lists joined, counts grouped (1,048,576)."""
    if isinstance(value, list | tuple):
        return joiner(value).join(map(str, value))

    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return value


class InvalidInput(EpisurvError):

    """Input that breaks a rule: names what was wrong (row, field, value)."""

    http_status = 422

    def __init__(self, message: str, problems: list[dict] | None = None, *,
                 code: str | None = None, found: list | None = None, **params: object):
        super().__init__(message, code=code, **params)
        self.problems = problems or []
        # The problems as the rules found them (episurv.importing.Problem: a template and its
        # values), for a page to say in its own language; `problems` is the API's English.
        self.found = found or []


class NotFound(EpisurvError):
    http_status = 404


class TooLarge(InvalidInput):
    """A body or file over its size limit, refused before it is read whole."""

    http_status = 413


class Conflict(EpisurvError):
    """A write that would overwrite a newer version of a record."""

    http_status = 409

"""Review of a published bulletin: paste or upload it, see the text with the spans the parser
understood highlighted next to the structured reading, correct a field, confirm to store.

Thin: the reading, the corrections and the store are `episurv.bulletins` (review, service);
the store form sends the text again, and the server reads it again (a reading is never taken
from the browser).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from episurv.bulletins import service as bulletins
from episurv.bulletins.review import fixable, highlight
from episurv.core.limits import BULLETIN_BYTES_MAX
from episurv.errors import EpisurvError, InvalidInput, TooLarge
from episurv.web.deps import DB, Caller, Session, check_csrf, page_caller
from episurv.web.i18n import gettext_for
from episurv.web.pages import lang_of, render

router = APIRouter(include_in_schema=False)
FIX_PREFIX = "fix:"
# Scalar fields shown in the reading, in this order, when the bulletin states them.
SHOWN = ("kind", "date", "new_cases", "community", "quarantine", "domestic", "imported",
         "deaths", "recovered", "recovered_total", "severe", "avg7_cases", "avg7_deaths",
         "total_deaths", "cfr", "tests_samples", "tests_people", "hotline")


def _year(value: object) -> int:
    text = str(value or "2021").strip()
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise InvalidInput(f"year {text!r} is not a year")
    return int(text)


def _review_page(request: Request, caller: Caller, text: str, year: int,
                 corrections: dict | None = None, error: str | None = None,
                 status: int = 200) -> HTMLResponse:
    result = bulletins.review_text(text, year, corrections)
    return render(request, "bulletin_review.html", caller, status=status, result=result,
                  text=text, year=year, segments=highlight(result["text"], result["spans"]),
                  fixes=fixable(result), shown=[k for k in SHOWN if result.get(k) is not None],
                  error=error)


@router.get("/bulletins/review", response_class=HTMLResponse)
def review_form(request: Request, caller: Caller = Depends(page_caller)) -> HTMLResponse:
    return render(request, "bulletin_paste.html", caller, year=2021)


@router.post("/bulletins/review", response_class=HTMLResponse)
async def review(request: Request, caller: Caller = Depends(page_caller)) -> Response:
    """Read a pasted or uploaded bulletin and show the reading for review."""
    await check_csrf(request, caller)
    form = await request.form()
    _ = gettext_for(lang_of(request))
    text = str(form.get("text") or "")
    upload = form.get("file")
    try:
        year = _year(form.get("year"))
        if isinstance(upload, UploadFile) and upload.filename:
            raw = await upload.read(BULLETIN_BYTES_MAX + 1)
            if len(raw) > BULLETIN_BYTES_MAX:
                raise TooLarge(_("The file is larger than a bulletin can be (1 MB)."))
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise InvalidInput(_("The file is not UTF-8 text.")) from None
        if not text.strip():
            raise InvalidInput(_("Paste a bulletin or choose a text file."))
        return _review_page(request, caller, text, year)
    except EpisurvError as exc:
        return render(request, "bulletin_paste.html", caller, year=form.get("year") or 2021,
                      text=text, error=str(exc), status=exc.http_status)


@router.post("/bulletins/store", response_class=HTMLResponse)
async def store(request: Request, caller: Caller = Depends(page_caller),
                session: Session = DB) -> Response:
    """Store the reviewed reading: the corrections typed in, and the confirmation."""
    await check_csrf(request, caller)
    form = await request.form()
    text = str(form.get("text") or "")
    year = _year(form.get("year"))
    corrections = {k[len(FIX_PREFIX):]: str(v) for k, v in form.multi_items()
                   if k.startswith(FIX_PREFIX)}
    confirm = form.get("confirm") == "yes"
    try:
        stored = bulletins.store_bulletin(session, scope=caller.scope, text=text, year=year,
                                          corrections=corrections, confirm=confirm)
    except EpisurvError as exc:
        session.rollback()
        try:
            return _review_page(request, caller, text, year, corrections, error=str(exc),
                                status=exc.http_status)
        except EpisurvError:  # the correction itself is wrong: show the reading as read
            return _review_page(request, caller, text, year, None, error=str(exc),
                                status=exc.http_status)
    return render(request, "bulletin_stored.html", caller, stored=stored)

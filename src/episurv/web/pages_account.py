"""The signed-in user's own account: changing the password (required after a one-time one)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from episurv.accounts import service as accounts
from episurv.errors import EpisurvError, InvalidInput
from episurv.web.deps import DB, SESSION_COOKIE, Caller, Session, check_csrf, page_caller
from episurv.web.i18n import gettext_for, said
from episurv.web.pages import lang_of, render
from episurv.web.security import same_site_path

router = APIRouter(include_in_schema=False)


@router.get("/account/password", response_class=HTMLResponse)
def password_form(request: Request, next: str = "/",
                  caller: Caller = Depends(page_caller)) -> HTMLResponse:
    return render(request, "account_password.html", caller, next=same_site_path(next))


@router.post("/account/password", response_class=HTMLResponse)
async def password_change(request: Request, caller: Caller = Depends(page_caller),
                          session: Session = DB) -> Response:
    await check_csrf(request, caller)
    form = await request.form()
    target = same_site_path(str(form.get("next") or "/"))
    new = str(form.get("new_password", ""))
    try:
        if new != str(form.get("repeat_password", "")):
            _ = gettext_for(lang_of(request))
            raise InvalidInput(_("The two new passwords differ."))
        accounts.change_password(session, user=caller.user, current=str(
            form.get("current_password", "")), new=new,
            keep_session=request.cookies.get(SESSION_COOKIE))
    except EpisurvError as exc:
        # The passwords are not written back (refill never does), as a browser would not.
        return render(request, "account_password.html", caller, next=target,
                      error=said(exc, lang_of(request)), status=exc.http_status, typed=form)
    return RedirectResponse(target, status_code=303)

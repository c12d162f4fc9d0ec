"""Every page of the demo, as the public and as staff, in Vietnamese and in English: no message
of the pages' catalog is shown in the other language (tests/untranslated.py), error pages one
can reach by an address included. The walk follows the links each page offers, a few pages of
each kind (the same path with other numbers is the same page)."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape

import pytest
from signing import sign_in
from untranslated import untranslated

from episurv.setup import build_demo

# Not pages: files, API answers, the sign-out, the personal check-in link.
NOT_PAGES = ("/static/", "/api/", "/signout", "/c/", ".csv", ".json", ".svg", ".png",
             ".geojson", "/export", "/download", "/rejects")
PER_KIND = 2
# Addresses that answer with an error page or a refusal on the page.
ERRORS = ("/?date=2099-01-01", "/cases/NO-SUCH-CASE", "/contacts/NO-SUCH-CONTACT",
          "/clusters/987654", "/public/report?date=2099-01-01", "/no-such-page")


def _kind(path: str) -> str:
    where, _, query = path.partition("?")
    keys = sorted(k.split("=")[0] for k in query.split("&") if k)
    return re.sub(r"\d+", "N", where) + "?" + "&".join(keys)


def walk(client, lang: str, start: list[str], limit: int = 120) -> dict[str, list[str]]:
    """Each page reached from `start` with the words it shows in the wrong language."""
    client.get("/", params={"lang": lang})  # the language cookie the links then keep
    queue, seen, kinds, found = list(start), set(start), Counter(), {}
    while queue and len(found) < limit:
        path = queue.pop(0)
        answer = client.get(path)
        if "text/html" not in answer.headers.get("content-type", ""):
            continue
        found[path] = untranslated(answer.text, lang)
        for href in re.findall(r'href="(/[^"#]*)', answer.text):
            href = unescape(href)
            if href in seen or any(p in href for p in NOT_PAGES) or "lang=" in href:
                continue
            seen.add(href)
            if kinds[_kind(href)] < PER_KIND:
                kinds[_kind(href)] += 1
                queue.append(href)
    return found


@pytest.fixture
def demo(db):
    build_demo(700, seed=5, url=db)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_page_of_the_demo_shows_a_message_in_the_other_language(anonymous, make_user, demo,
                                                                   lang):
    public = walk(anonymous, lang, ["/", "/public/report", "/public/exposures",
                                    "/public/levels", "/public/map", *ERRORS])
    email, password = make_user("province", "Hà Nội")
    assert sign_in(anonymous, email, password).status_code == 303
    staff = walk(anonymous, lang, ["/", "/cases", "/clusters", "/followup", "/stations",
                                   "/bulletins/review", "/import", "/figures", "/national",
                                   "/analytics", "/map", "/account/password", *ERRORS])
    assert len(public) >= 10 and len(staff) >= 40  # the walk did reach the pages
    wrong = {path: words for path, words in {**public, **staff}.items() if words}
    assert wrong == {}

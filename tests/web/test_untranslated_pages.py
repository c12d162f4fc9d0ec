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

from episurv.accounts.scope import SYSTEM
from episurv.accounts.service import add_user
from episurv.db import session_scope

# One worker runs the module's tests (one demo per store for both languages) and the other
# tests of this demo, under `--dist loadgroup` (the Makefile's): its build is made once.
pytestmark = pytest.mark.xdist_group("demo_700_5")

# Not pages: files, API answers, the sign-out, the personal check-in link.
NOT_PAGES = ("/static/", "/api/", "/signout", "/c/", ".csv", ".json", ".svg", ".png",
             ".geojson", "/export", "/download", "/rejects")
PER_KIND = 2
# The CDC officer whose pages the walk reads (a password of its own: a generated one must be
# changed first).
STAFF = ("cdc-walk@test.episurv", "pw-walk-the-pages")
# Addresses that answer with an error page or a refusal on the page.
ERRORS = ("/?date=2099-01-01", "/cases/NO-SUCH-CASE", "/contacts/NO-SUCH-CONTACT",
          "/clusters/987654", "/public/report?date=2099-01-01", "/no-such-page",
          "/public/levels/province/1?weeks=x")


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


@pytest.fixture(scope="module")
def demo(migrated_url, demo_builds):
    """One demo per store for both languages, and a province account of Hà Nội: the walks only
    read (a sign-in adds its own session), and the next test's `db` empties the tables."""
    demo_builds(700, 5, migrated_url)
    with session_scope(migrated_url) as s:
        add_user(s, scope=SYSTEM, email=STAFF[0], role="province", unit="Hà Nội",
                 password=STAFF[1])
    return migrated_url


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_page_of_the_demo_shows_a_message_in_the_other_language(demo, client_maker,
                                                                   monkeypatch, lang):
    monkeypatch.setenv("EPISURV_DATABASE_URL", demo)
    client = client_maker()
    public = walk(client, lang, ["/", "/public/report", "/public/exposures",
                                 "/public/levels", "/public/map", *ERRORS])
    assert sign_in(client, *STAFF).status_code == 303
    staff = walk(client, lang, ["/", "/cases", "/clusters", "/followup", "/stations",
                                "/bulletins/review", "/import", "/figures", "/national",
                                "/analytics", "/map", "/account/password", *ERRORS])
    assert len(public) >= 10 and len(staff) >= 40  # the walk did reach the pages
    wrong = {path: words for path, words in {**public, **staff}.items() if words}
    assert wrong == {}

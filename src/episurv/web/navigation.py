"""The navigation: links grouped by task, in the order each role works.

A nurse at a ward station opens her follow-up list and her station's cases first; a city CDC
officer the day's dashboard, then the investigation, then the reports; the ministry analyst the
national report and its analytics; the public the published pages. Each role sees only the
pages it may use (a viewer writes nothing, so no import). Titles and labels are English message
ids translated by the template.
"""

from __future__ import annotations

from dataclasses import dataclass

from episurv.web.i18n import N_


@dataclass(frozen=True)
class Link:
    href: str
    label: str
    key: str  # the page's name: data-testid "nav-<key>", and how a page marks itself current


@dataclass(frozen=True)
class Group:
    title: str
    links: tuple[Link, ...]


DASHBOARD = Link("/", N_("Dashboard"), "dashboard")
CASES = Link("/cases", N_("Cases"), "cases")
CLUSTERS = Link("/clusters", N_("Clusters"), "clusters")
FOLLOWUP = Link("/followup", N_("Follow-up"), "followup")
IMPORT = Link("/import", N_("Import"), "import")
NATIONAL = Link("/national", N_("National report"), "national")
FIGURES = Link("/figures", N_("Daily figures"), "figures")
ANALYTICS = Link("/analytics", N_("Analytics"), "analytics")
BULLETINS = Link("/bulletins/review", N_("Bulletins"), "bulletins")
HOMECARE = Link("/stations", N_("Home care"), "homecare")

PUBLIC = Group(N_("Public"), (
    Link("/public/report", N_("Public report"), "public-report"),
    Link("/public/exposures", N_("Exposure notices"), "public-exposures"),
    Link("/public/map", N_("Map"), "public-map"),
    Link("/public/levels", N_("Epidemic levels"), "public-levels"),
    Link("/public/national", N_("National report"), "public-national"),
    Link("/api/docs", "API", "api"),
))

TODAY, INVESTIGATE, REPORTS = N_("Today"), N_("Investigation"), N_("Reports")

MENUS: dict[str, tuple[Group, ...]] = {
    "station": (Group(N_("My station"), (FOLLOWUP, HOMECARE, CASES, CLUSTERS)),
                Group(REPORTS, (DASHBOARD,))),
    "district": (Group(TODAY, (DASHBOARD, FOLLOWUP, HOMECARE)),
                 Group(INVESTIGATE, (CASES, CLUSTERS, IMPORT)),
                 Group(REPORTS, (NATIONAL, FIGURES, ANALYTICS))),
    "province": (Group(TODAY, (DASHBOARD, FOLLOWUP)),
                 Group(INVESTIGATE, (CASES, CLUSTERS, IMPORT)),
                 Group(REPORTS, (BULLETINS, NATIONAL, FIGURES, ANALYTICS))),
    "national": (Group(N_("Country"), (NATIONAL, FIGURES, ANALYTICS, BULLETINS)),
                 Group(N_("Provinces"), (DASHBOARD, CASES, CLUSTERS, FOLLOWUP, IMPORT))),
    "viewer": (Group(REPORTS, (DASHBOARD, NATIONAL, FIGURES, ANALYTICS)),
               Group(INVESTIGATE, (CASES, CLUSTERS))),
    "admin": (Group(TODAY, (DASHBOARD, FOLLOWUP)),
              Group(INVESTIGATE, (CASES, CLUSTERS, IMPORT)),
              Group(REPORTS, (NATIONAL, FIGURES, ANALYTICS, BULLETINS))),
}


def menu(role: str | None) -> tuple[Group, ...]:
    """The groups a role sees, its own work first and the public pages last; the public (no
    role) sees the public pages only."""
    if role is None:
        return (PUBLIC,)
    return MENUS.get(role, MENUS["viewer"]) + (PUBLIC,)


def current(groups: tuple[Group, ...], path: str) -> str | None:
    """The key of the link the page at `path` belongs to: the longest matching href."""
    best: Link | None = None
    for group in groups:
        for link in group.links:
            hit = path == link.href or (link.href != "/" and path.startswith(link.href + "/"))
            if hit and (best is None or len(link.href) > len(best.href)):
                best = link
    return best.key if best else None

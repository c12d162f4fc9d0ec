"""The caller's jurisdiction, and the one filter that applies it to every query.

Every service that reads or writes people, cases or anything linked to them takes a `scope` and
passes its queries through `scoped`; routes never filter by hand. A record outside the scope is
"not found" (its existence is not leaked).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Select, false

from episurv.core.i18n import N_
from episurv.errors import EpisurvError

ROLES = ("admin", "national", "province", "district", "station", "viewer")

S = TypeVar("S", bound=Select[Any])


class Forbidden(EpisurvError):
    """An action the caller's role does not allow (read-only viewer writing, ...)."""

    http_status = 403


@dataclass(frozen=True)
class Scope:
    """Who acts, and which units they may see. No unit code means the whole country."""

    role: str
    province_code: int | None = None
    district_code: int | None = None
    ward_codes: frozenset[int] = field(default_factory=frozenset)
    actor: str = "system"
    address: str | None = None

    @property
    def is_national(self) -> bool:
        return self.province_code is None and not self.ward_codes

    @property
    def can_write(self) -> bool:
        return self.role != "viewer"

    def require_write(self) -> None:
        if not self.can_write:
            raise Forbidden(N_("a viewer account cannot change records"),
                            code="viewer_read_only")

    def require_role(self, *roles: str) -> None:
        if self.role not in roles:
            raise Forbidden(N_("this needs one of the roles %(roles)s"), code="role_required",
                            roles=list(roles))


    def allows(self, province_code: int | None, district_code: int | None = None,
               ward_code: int | None = None) -> bool:
        """Whether a record placed in these units is inside the jurisdiction."""
        if self.ward_codes:
            return ward_code in self.ward_codes
        if self.province_code is not None and province_code != self.province_code:
            return False
        return not (self.district_code is not None and district_code != self.district_code)


# The command line runs on the server as its operator: the whole country.
SYSTEM = Scope(role="admin", actor="system")
# Anyone, without sign-in: read-only, for outputs that hold no personal data (published reports,
# open data). A request's own adds its address (web.deps.public_scope).
PUBLIC = Scope(role="viewer", actor="public")


def scoped(query: S, scope: Scope, model: Any) -> S:
    """`query` restricted to the rows of `model` (which carries province_code, district_code and
    ward_code columns) inside `scope`."""
    if scope.ward_codes:
        ward = getattr(model, "ward_code", None)
        return query.where(ward.in_(sorted(scope.ward_codes))) if ward is not None else (
            query.where(false()))
    if scope.province_code is not None:
        query = query.where(model.province_code == scope.province_code)
    if scope.district_code is not None:
        query = query.where(model.district_code == scope.district_code)
    return query

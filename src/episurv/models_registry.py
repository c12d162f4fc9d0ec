"""Imports every table module so that Base.metadata knows them all (migrations, tests)."""

from episurv.accounts import models as _accounts  # noqa: F401
from episurv.accounts import secrets as _secrets  # noqa: F401
from episurv.aggregates import models as _aggregates  # noqa: F401
from episurv.cases import models as _cases  # noqa: F401
from episurv.clusters import models as _clusters  # noqa: F401
from episurv.contacts import models as _contacts  # noqa: F401
from episurv.exposures import models as _exposures  # noqa: F401
from episurv.geo import models as _geo  # noqa: F401
from episurv.levels import models as _levels  # noqa: F401

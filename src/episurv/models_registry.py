"""Imports every table module so that Base.metadata knows them all (migrations, tests)."""

from episurv import dataversion as _dataversion  # noqa: F401
from episurv.accounts import models as _accounts  # noqa: F401
from episurv.accounts import secrets as _secrets  # noqa: F401
from episurv.aggregates import models as _aggregates  # noqa: F401
from episurv.cases import models as _cases  # noqa: F401
from episurv.clusters import models as _clusters  # noqa: F401
from episurv.contacts import models as _contacts  # noqa: F401
from episurv.exposures import models as _exposures  # noqa: F401
from episurv.geo import models as _geo  # noqa: F401
from episurv.homecare import models as _homecare  # noqa: F401
from episurv.levels import models as _levels  # noqa: F401

# The tables keyed by province (docs/scaling.md): partitioned by LIST (province_code) on one
# PostgreSQL server, distributed by province_code with Citus past one. Every unique key and
# foreign key among them leads with province_code.
PROVINCE_TABLES = ("cases", "case_daily_counts", "case_onset_counts", "contacts",
                   "contact_tests", "contact_checks", "case_visits", "exposure_notices",
                   "exposure_declarations", "cluster_links")

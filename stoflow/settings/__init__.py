"""Stoflow settings, read from environment variables.

STOFLOW_ENV picks the mode: "development" (default, safe local defaults),
"test" (used by `make test`) or "production" (refuses to start without its
secrets). Every variable is listed in docs/configuration.md.

DJANGO_SETTINGS_MODULE stays `stoflow.settings`, this package; each module below holds one concern
and imports the names it builds on from the others. A later module may add entries to a dict an
earlier one defines (beat entries to CELERY_BEAT_SCHEDULE, throttle rates to REST_FRAMEWORK).
"""

# Django reads the settings from this module's names: each concern's module hands over all of its own.
# Kept in the concerns' order, which is also the order of the entries they add to shared dicts.
# isort: off
from stoflow.settings.base import *  # noqa: F403
from stoflow.settings.stores import *  # noqa: F403
from stoflow.settings.storage import *  # noqa: F403
from stoflow.settings.security import *  # noqa: F403
from stoflow.settings.api import *  # noqa: F403
from stoflow.settings.marketplaces import *  # noqa: F403
from stoflow.settings.features import *  # noqa: F403
# isort: on

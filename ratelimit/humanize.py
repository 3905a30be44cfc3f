"""Short, translated durations and clock times for "try again" messages and badge tooltips."""

import math
from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _


def duration(seconds: float) -> str:
    """45 s, 15 min, 1 h 32 (rounded up: never promise a slot too early)."""
    seconds = max(0, math.ceil(seconds))
    if seconds < 60:
        return _("%(seconds)s s") % {"seconds": max(1, seconds)}
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return _("%(minutes)s min") % {"minutes": minutes}
    return _("%(hours)s h %(minutes)s") % {"hours": minutes // 60, "minutes": f"{minutes % 60:02d}"}


def clock(moment: datetime) -> str:
    """The local time of day of a moment, e.g. 14:32."""
    return formats.time_format(timezone.localtime(moment), "H:i")


def span(seconds: int) -> str:
    """A window's length: 2 h, 10 min, 30 s, 1 h 30."""
    if seconds >= 3600 and seconds % 3600 == 0:
        return _("%(hours)s h") % {"hours": seconds // 3600}
    if seconds < 3600 and seconds % 60 == 0:
        return _("%(minutes)s min") % {"minutes": seconds // 60}
    return duration(seconds)

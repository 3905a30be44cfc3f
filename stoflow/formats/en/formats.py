# One English date format everywhere, 24-hour and day-first with the month in letters, so no
# page shows "12/01/2026 9:56 p.m." beside "21:56" (Django's American defaults).
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1
MONTH_DAY_FORMAT = "j M"

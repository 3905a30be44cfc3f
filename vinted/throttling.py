from ratelimit.throttling import ApiRateThrottle


class SessionExportThrottle(ApiRateThrottle):
    """The extension posts a session on cookie changes (debounced) and every 5 minutes:
    a tighter per-token budget than the general API's stops a runaway client."""

    scope = "vinted_session"

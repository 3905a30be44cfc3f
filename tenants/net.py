from django.conf import settings


def client_ip(request) -> str:
    """The client's address: our own proxy's header when configured, else REMOTE_ADDR."""
    if settings.CLIENT_IP_HEADER:
        forwarded = request.META.get(settings.CLIENT_IP_HEADER, "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")

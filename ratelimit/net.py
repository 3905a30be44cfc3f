"""The client's address, for per-IP limits.

CLIENT_IP_HEADER names the header our own reverse proxy sets (e.g. HTTP_X_FORWARDED_FOR). It is
believed only from a peer in TRUSTED_PROXIES (or from any peer when that list is empty, for a
single proxy in front of the only port). Proxies append to X-Forwarded-For, so the client is the
right-most address that is not one of our proxies: anything left of it the client may have made up.

When the peer is a trusted proxy and the header gives nothing, the client's address is unknown
(""): per-IP limits then step aside rather than count every visitor as the proxy.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=32)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request) -> str:
    peer = request.META.get("REMOTE_ADDR", "")
    peer_is_proxy = is_trusted_proxy(peer)
    header = settings.CLIENT_IP_HEADER
    if header and (peer_is_proxy or not settings.TRUSTED_PROXIES):
        hops = [hop.strip() for hop in request.META.get(header, "").split(",") if hop.strip()]
        for hop in reversed(hops):
            if not is_trusted_proxy(hop):
                return hop
    return "" if peer_is_proxy else peer

"""Where a webhook may be sent: the host is resolved and every address it gives is checked, so a
name pointing at a private, loopback or link-local address is refused like the address itself.

The request then goes to the checked address (`pinned_target`), so a second resolution (DNS
rebinding) cannot send it elsewhere.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


class UnsafeTarget(ValueError):
    pass


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # path and query
    address: str  # the checked IP address to connect to


def _forbidden(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def check_url(url: str) -> Target:
    """The target of `url`, or UnsafeTarget saying why it is refused."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeTarget(_("Enter an http:// or https:// address."))
    if parts.username or parts.password:
        raise UnsafeTarget(_("The address cannot hold a user name or password."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise UnsafeTarget(_("The port is not valid.")) from None
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise UnsafeTarget(_("The host name does not resolve.")) from None
    addresses = sorted({info[4][0] for info in infos})
    if not addresses:
        raise UnsafeTarget(_("The host name does not resolve."))
    if not settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS:
        for value in addresses:
            if _forbidden(ipaddress.ip_address(value.split("%")[0])):
                raise UnsafeTarget(_("The address points to a private, loopback or link-local network."))
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(parts.scheme, parts.hostname, port, path, addresses[0])

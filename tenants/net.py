from ratelimit.net import client_ip

__all__ = ["client_ip"]

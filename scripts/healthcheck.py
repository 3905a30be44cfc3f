#!/usr/bin/env python3
"""The Docker HEALTHCHECK of the web container: GET /health/ from the server on $PORT; exit 0 on 200.

The request names the first of ALLOWED_HOSTS and says it came over HTTPS (X-Forwarded-Proto, as the
proxy in front does), so that neither the host check nor the HTTPS redirect answers instead of the view.
Standard library only: it runs every 30 seconds and must start fast.
"""

import os
import sys
import urllib.request


def host() -> str:
    names = [name.strip().lstrip(".") for name in os.environ.get("ALLOWED_HOSTS", "").split(",")]
    return next((name for name in names if name and name != "*"), "localhost")


def main() -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/health/",
        headers={"Host": host(), "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.urlopen(request, timeout=8) as response:
            return 0 if response.status == 200 else 1
    except OSError as error:  # refused, timed out, or an HTTP error status such as 503
        print(f"unhealthy: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

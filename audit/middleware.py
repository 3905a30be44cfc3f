from .context import request_context


class AuditContextMiddleware:
    """Makes the request the audit log's source of who/where/how; after authentication."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_context(request):
            return self.get_response(request)

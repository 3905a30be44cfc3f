"""REST API endpoints of the ratelimit app, mounted under /api/v1/."""
urlpatterns: list = []

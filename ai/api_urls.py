"""REST API endpoints of the ai app, mounted under /api/v1/."""
urlpatterns: list = []

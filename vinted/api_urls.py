"""REST API endpoints of the vinted app, mounted under /api/v1/."""
urlpatterns: list = []

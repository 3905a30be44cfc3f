"""Pages of the ai app."""
app_name = "ai"

urlpatterns: list = []

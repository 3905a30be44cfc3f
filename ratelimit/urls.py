"""Pages of the ratelimit app."""
app_name = "ratelimit"

urlpatterns: list = []

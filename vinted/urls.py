"""Pages of the vinted app."""
app_name = "vinted"

urlpatterns: list = []

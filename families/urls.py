from django.urls import path  # noqa: F401  (pages come with the families work)

app_name = "families"
urlpatterns: list = []

from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "councils"

    def ready(self) -> None:
        from councils import signins  # noqa: F401  (connects the sign-in record's receivers)

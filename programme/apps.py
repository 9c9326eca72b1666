from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "programme"

    def ready(self) -> None:
        from funding.signals import line_decided
        from programme.notices import events

        line_decided.connect(events.on_line_decided, dispatch_uid="programme.notices.line_decided")

from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "programme"

    def ready(self) -> None:
        from funding.signals import claim_returned, line_decided
        from programme.notices import events

        line_decided.connect(events.on_line_decided, dispatch_uid="programme.notices.line_decided")
        claim_returned.connect(events.on_claim_returned, dispatch_uid="programme.notices.claim_returned")

import factory

from councils.models import Council, User


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ["gss_code"]

    gss_code = factory.Sequence(lambda n: f"E0{9000100 + n:07d}")
    name = factory.Sequence(lambda n: f"Council {n}")
    official_name = factory.LazyAttribute(lambda o: f"{o.name} Council")
    kind = Council.Kind.UNITARY
    region = "North East"
    troubled_families_estimate = 600


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.gov.uk")
    role = User.Role.OFFICER
    council = factory.SubFactory(CouncilFactory)
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()

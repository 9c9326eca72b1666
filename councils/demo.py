"""Demo users, one per role (and an officer of a second council), for `seed_demo`."""

from councils.models import Council, User

DEMO_PASSWORD = "pilot-demo-2012"  # noqa: S105  (published on purpose: demo databases only)

DEMO_USERS = [
    # username, role, council GSS code, first name, last name
    ("officer", User.Role.OFFICER, "E08000025", "Olivia", "Bennett"),
    ("approver", User.Role.APPROVER, "E08000025", "Arjun", "Mehta"),
    ("officer.manchester", User.Role.OFFICER, "E08000003", "Morgan", "Doyle"),
    ("approver.manchester", User.Role.APPROVER, "E08000003", "Rachel", "Kaur"),
    ("central", User.Role.CENTRAL, None, "Catherine", "Hill"),
    # A second reviewer: whoever checks a sampled line cannot approve its claim, nor the approver pay it.
    ("central.senior", User.Role.CENTRAL, None, "Samuel", "Okoye"),
    ("admin", User.Role.ADMIN, None, "Ada", "Lloyd"),
]


def seed(stdout) -> None:
    for username, role, gss, first, last in DEMO_USERS:
        council = Council.objects.get(gss_code=gss) if gss else None
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "council": council,
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.invalid",
                "is_staff": role == User.Role.ADMIN,
                "is_superuser": role == User.Role.ADMIN,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        where = f", {council.name}" if council else ""
        stdout.write(f"  {username:<20} {user.get_role_display()}{where}")
    stdout.write(f"Demo password for every demo user: {DEMO_PASSWORD}")

"""The registry of tests/security/targets.py covers every URL the site has, and nothing else."""

from tests.security.site import routes, site_routes
from tests.security.targets import TARGETS


def _suggestion(route) -> str:
    if route.arguments:
        arguments = ", ".join(f'"{a}": d.first(Model, council=d.council).{a}' for a in route.arguments)
        return f'    "{route.name}": Target(kwargs=lambda d: {{{arguments}}}, per_object=True),  # {route.route}'
    return f'    "{route.name}": Target(),  # {route.route}'


def test_every_url_has_a_name():
    unnamed = [route.route for route in site_routes() if not route.name]
    assert not unnamed, f"Give these URLs a name= in their urls.py so the security tests can reach them: {unnamed}"


def test_every_url_is_in_the_registry():
    missing = [route for route in site_routes() if route.name and route.name not in TARGETS]
    assert not missing, (
        "These URLs have no entry in tests/security/targets.py TARGETS, so no test proves who may reach them.\n"
        "Add (and correct: say how to build the arguments from the demo data, whether the page shows one object\n"
        "of a council, post_only for form endpoints, csv for lists):\n\n" + "\n".join(_suggestion(r) for r in missing)
    )


def test_every_registry_entry_is_a_url():
    names = {route.name for route in routes()}
    stale = sorted(set(TARGETS) - names)
    assert not stale, f"Remove these from tests/security/targets.py TARGETS: no URL has these names: {stale}"


def test_the_walk_finds_included_and_namespaced_urls():
    names = {route.name for route in routes()}
    assert {"login", "accounts:user", "councils:detail", "admin:index"} <= names

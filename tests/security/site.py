"""The site as the URL configuration declares it: every route, with its qualified name and its view."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str | None  # with namespaces, e.g. "accounts:user"
    route: str  # e.g. "accounts/users/<int:pk>/"
    callback: object
    arguments: tuple[str, ...]

    @property
    def is_admin(self) -> bool:
        if self.name:
            return self.name.split(":")[0] == "admin"
        return self.route.startswith("admin/")  # the admin's unnamed catch-all


def _arguments(pattern) -> tuple[str, ...]:
    converters = getattr(pattern.pattern, "converters", None)
    if converters:
        return tuple(converters)
    regex = getattr(pattern.pattern, "regex", None)
    return tuple(regex.groupindex) if regex is not None else ()


def routes(patterns=None, prefix: str = "", namespace: str | None = None) -> Iterator[Route]:
    """Walk the URL configuration recursively (includes, namespaces) and yield every route."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            qualified = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern), qualified)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield Route(name, prefix + str(pattern.pattern), pattern.callback, _arguments(pattern))


def site_routes() -> list[Route]:
    return [route for route in routes() if not route.is_admin]


def admin_routes() -> list[Route]:
    return [route for route in routes() if route.is_admin and route.name]

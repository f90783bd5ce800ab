"""Home-page panels contributed by the apps, without the pages importing the apps.

An app registers a panel in its AppConfig.ready():

    panels.register("workers.ending_soon", roles={Role.COORDINATOR, Role.VILLAGE_STAFF},
                    template="workers/_panel_ending_soon.html", context=ending_soon_context,
                    order=20)

`context(request)` returns the template context, or None to hide the panel (nothing
to show). A start page renders every panel of the user's role with `{% home_panels %}`.
Each panel must run a constant number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.template.loader import render_to_string


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: Callable
    roles: frozenset = field(default_factory=frozenset)
    order: int = 50


_registry: dict[str, Panel] = {}


def register(key: str, *, template: str, context: Callable, roles, order: int = 50) -> None:
    _registry[key] = Panel(key, template, context, frozenset(roles), order)


def panels_for(user) -> list[Panel]:
    return sorted(
        (p for p in _registry.values() if user.is_superuser or user.role in p.roles),
        key=lambda p: (p.order, p.key),
    )


def render_panels(request) -> str:
    html = []
    for panel in panels_for(request.user):
        context = panel.context(request)
        if context is not None:
            html.append(render_to_string(panel.template, context, request=request))
    return "".join(html)

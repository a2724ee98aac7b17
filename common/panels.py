"""Panels that other apps add to a detail page, so the page's own app needs no import of them.

Imports point one way: purchasing depends on suppliers, so the supplier page cannot ask purchasing for
its purchase history. Instead purchasing registers, in its ``AppConfig.ready``, a provider for
``"suppliers.supplier"``; the supplier page renders whatever providers give for the object and user.
A provider returns a ``Panel`` (a template and its context) or ``None`` when the user may not see it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict = field(default_factory=dict)


_providers: dict[str, list[Callable]] = {}


def register(model_label: str, provider: Callable) -> Callable:
    providers = _providers.setdefault(model_label, [])
    if provider not in providers:
        providers.append(provider)
    return provider


def detail_panels(obj, user) -> list[Panel]:
    providers = _providers.get(obj._meta.label_lower, [])
    return [panel for provider in providers if (panel := provider(obj, user)) is not None]

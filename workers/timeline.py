"""The worker page's timeline, open to entries from apps above workers.

An app that records events about a worker (evaluation: assessments) registers a
provider in its AppConfig.ready():

    from workers import timeline
    timeline.register("evaluation.assessments", assessments_for_timeline)

`provider(worker, user)` returns `timeline.Entry` rows the user may see, with a
constant number of queries.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    day: datetime.date
    title: str
    detail: str = ""
    kind: str = "other"


_providers: dict[str, Callable] = {}


def register(key: str, provider: Callable) -> None:
    _providers[key] = provider


def contributed(worker, user) -> list[Entry]:
    entries: list[Entry] = []
    for provider in _providers.values():
        entries.extend(provider(worker, user))
    return entries

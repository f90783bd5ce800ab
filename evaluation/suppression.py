"""Complementary suppression: what an official may see of a programme's figures.

Officials read aggregates only (domain brief §7: no group smaller than `MIN_GROUP`
people). Hiding the small cells is not enough: a total minus the cells shown gives the
hidden one back, and so does a period minus the neighbouring period. This module decides,
at the data level and before anything is printed, which figures an official may see. The
dashboard, the explanation page, the metrics and every aggregate report call it; nothing
that officials reach publishes a worker figure without passing through here.

The unit is people. Hours, person-months and euros are sums over worker-months, so a
figure is exactly as private as the group of people it sums over: a figure is shown only
when that group has no one or at least `MIN_GROUP` people, and so is every difference an
official can form from what is shown.

How the differences are closed:

1. **Periods.** Officials see whole calendar years only (`whole_year`; the dashboard's
   form has no month fields for them, `DashboardFilterForm(official=True)`). Years do not
   overlap, so no two periods an official can ask for differ by a few months; a shorter
   period would (months 1–12 minus months 2–12 is January). Reports other than whole
   single years are not listed for officials, metric values over other periods are hidden.
2. **Filters.** The dashboard's village filter is not offered to officials; the village
   table of the programme page is the only village breakdown. (A village filter would
   count a worker who moved in both villages, the table in one: their difference would
   be that worker.) A village report is empty for a village the year's table hides, for
   an association that is a small part of its village, and for a village whose movers
   (contracts in another village the same year) are 1–4 people.
3. **One dimension at a time, complemented** (`complementary`). A table of groups (the
   villages of a year, the months of a year, the age bands of a report) is published
   together with its total. The primary cells are those with 1–4 people. The
   complement: while the people behind all hidden cells together are 1–4 (then the
   total minus the shown cells would give their figures), the smallest shown cell is
   hidden too. The sum of the hidden cells is then a group of at least `MIN_GROUP`
   people or nothing; when the whole table has fewer, nothing of it is shown.
4. **Two dimensions.** The official sees the village table (villages × whole year) and
   the month series (months × all villages), never a village's months. Both are margins
   of the same villages × months matrix. With only margins published, no single hidden
   margin can be isolated unless it is the only hidden one of its dimension, which step 3
   never leaves with fewer than `MIN_GROUP` people; a proof is in docs/security-and-privacy.md
   and the attacker's test (`evaluation/tests/test_suppression.py`) checks it by
   linear algebra on generated programmes.
5. **Lagged figures.** The associations' cash table books a month's subsidy in a later
   month, so one hidden month would leak through the next ones: officials see the cash
   table only when no month of the year, nor of the half year before, is small.
6. **Score changes** (self-assessments) are shown to officials over all of the
   programme's pairs, not per year or village, with 5 or more pairs per instrument.
7. **Social assistance** drops are recorded for a few people only: when they are 1–4,
   the figures that add them (`ASSISTANCE_KEYS`) are not shown, since the other cards
   (benefit share, subsidy, top-up) would give them back by subtraction.

What this cannot prevent: watching the same figure change from one day to the next
(a week's approved hours added in between). That is inherent in live figures and is
why officials see whole years, which are mostly complete before they are read.
"""

from collections.abc import Collection, Hashable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

MIN_GROUP = 5
# Months before the year whose workers the cash table's payments still carry (the
# longest payment lag of the parameters is three months; half a year leaves room).
CASH_LAG_MONTHS = 6


def is_small(people: int) -> bool:
    """A group that must not be shown: someone, but fewer than MIN_GROUP people."""
    return 0 < people < MIN_GROUP


def complementary(groups: Mapping[K, Collection]) -> set[K]:
    """The keys of a table to hide, given each cell's people (ids) (see point 3 above).

    The table is published with its total; every cell hidden here, alone or together
    with the others hidden, covers none or at least MIN_GROUP people, so the total minus
    the shown cells never gives a small group. When the whole table covers fewer than
    MIN_GROUP people every key is returned (the caller hides the total too). The choice
    is deterministic: the smallest cells go first, ties in the mapping's order.
    """
    people = {key: frozenset(members) for key, members in groups.items()}
    everyone = frozenset().union(*people.values()) if people else frozenset()
    if is_small(len(everyone)):
        return set(people)
    hidden = {key for key, members in people.items() if is_small(len(members))}
    order = {key: index for index, key in enumerate(people)}
    while True:
        behind = frozenset().union(*(people[key] for key in hidden)) if hidden else frozenset()
        if not is_small(len(behind)):
            return hidden
        shown = [key for key in people if key not in hidden and people[key]]
        if not shown:
            return hidden
        hidden.add(min(shown, key=lambda key: (len(people[key] - behind), order[key])))


def complementary_counts(counts: Mapping[K, int]) -> set[K]:
    """`complementary` for a table whose cells are disjoint groups given by their sizes
    (every person in exactly one cell: age bands, destinations, villages)."""
    groups, start = {}, 0
    for key, n in counts.items():
        groups[key] = range(start, start + n)
        start += n
    return complementary(groups)


@dataclass(frozen=True)
class YearPattern:
    """What an official may see of one programme year (see the module docstring).

    `hidden_villages`: village names whose row of the village table is hidden.
    `hidden_months`: months (1–12) whose values of the monthly series are hidden.
    `cash_shown`: whether the associations' monthly cash table may be shown.
    `employed`: the people of the year's months together (employed on at least one day
    of the year), None when not counted; `people` counts the village table's.
    `too_small`: the whole year covers 1–4 people: nothing of it is shown."""

    year: int
    people: int
    hidden_villages: frozenset = field(default_factory=frozenset)
    hidden_months: frozenset = field(default_factory=frozenset)
    cash_shown: bool = True
    employed: int | None = None

    @property
    def too_small(self) -> bool:
        return is_small(self.people)


def year_pattern(
    year: int,
    village_people: Mapping[str, Collection],
    month_people: Mapping[int, Collection],
    earlier_month_people: Mapping[int, Collection] | None = None,
) -> YearPattern:
    """The pattern of a programme year from the people of each village (as the village
    table counts them) and of each month (1–12), and of the months before the year whose
    payments fall into it (for the cash table)."""
    everyone = frozenset().union(*village_people.values()) if village_people else frozenset()
    months = {month: month_people.get(month, ()) for month in range(1, 13)}
    hidden_months = frozenset(complementary(months))
    earlier = earlier_month_people or {}
    cash_shown = not hidden_months and not any(is_small(len(people)) for people in earlier.values())
    return YearPattern(
        year,
        len(everyone),
        frozenset(complementary(village_people)),
        hidden_months,
        cash_shown,
        employed=len(frozenset().union(*months.values())),
    )


def whole_year(start, end) -> bool:
    """Whether [start, end] is one whole calendar year (the only period officials see)."""
    return (
        start.year == end.year
        and (start.month, start.day) == (1, 1)
        and (end.month, end.day) == (12, 31)
    )


# The figures that add up the drops in social assistance recorded for the workers: a sum
# over the people who have one, often only a few; the other figures shown next to them
# (the benefit share, the subsidy, the top-up) would give it back by subtraction.
ASSISTANCE_KEYS = frozenset(
    {
        "city_avoided_social_assistance",
        "public_avoided_social_assistance",
        "city_net_effect_before_coordination",
        "city_net_effect",
        "public_net_effect_before_coordination",
        "public_sector_net_effect",
    }
)


# The worker figure `assistance_hidden` reads: an economy read from the kept figures must
# carry it in its worker rows (`worker_keys`) wherever officials may be shown the sums.
ASSISTANCE_WORKER_KEYS = ("city_avoided_social_assistance",)


def assistance_hidden(workers) -> bool:
    """Whether the social assistance figures of these worker rows (`economy(...).workers`)
    rest on 1–4 people: then they, and every figure that adds them, are not shown."""
    (key,) = ASSISTANCE_WORKER_KEYS
    people = sum(1 for row in workers if row.values.get(key))
    return is_small(people)

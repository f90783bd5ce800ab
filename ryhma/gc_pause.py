"""Pausing Python's cycle collector around work that allocates many long-lived objects."""

import gc
from contextlib import contextmanager


@contextmanager
def cyclic_gc_paused(*, collect_young: bool = False):
    """Pause the cycle collector for the block; it runs as usual again afterwards.

    With `collect_young`, one young-generation collection runs when the block ends: it frees
    the reference cycles the block made (a laid-out PDF's boxes point at their parents)
    while they are still young, so later work does not pay for them.

    A computation that builds hundreds of thousands of small objects that live until it
    ends (a PDF layout, the figures of a city-year) pays for every young-generation
    collection walking them again, a quarter to a half of its time. Reference counting
    still frees everything that is not in a cycle.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            if collect_young:
                gc.collect(0)

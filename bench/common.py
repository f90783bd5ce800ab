"""Shared helpers of the benchmark parts (bench/run.py runs them; none of this is a test)."""

import json
import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("RYHMA_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ryhma.settings")
    import django

    django.setup()
    # django-axes logs every (forced) login at INFO; the figures are what matters here.
    logging.getLogger("axes").setLevel(logging.WARNING)


def emit(result: dict) -> None:
    """A child part's result: one JSON line, the last line of its output."""
    print(json.dumps(result, default=str))


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


def timed(action, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return samples

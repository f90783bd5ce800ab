"""Links to many rows from one `reverse()`.

`reverse()` resolves the URL pattern anew on every call, and a list, a dashboard's worker
table or a locked week links hundreds of rows. The URL is reversed once with marker numbers
in the place of the row's arguments, and each row's link replaces the markers.
"""

from urllib.parse import quote

from django.urls import reverse

# Numbers no row will have, one per free argument.
_MARKS = tuple(str(900_000_000 + n) for n in range(8))


def pattern(name: str, *args, free: int = 1) -> str:
    """The URL `name` with `args` and `free` marked arguments after them."""
    url = reverse(name, args=[*args, *(int(mark) for mark in _MARKS[:free])])
    if any(url.count(mark) != 1 for mark in _MARKS[:free]):
        raise ValueError(f"Cannot tell the arguments' places in the URL {name}: {url}")
    return url


def fill(url: str, *values) -> str:
    """A `pattern` with its marked arguments replaced by `values`, in order."""
    for mark, value in zip(_MARKS, values, strict=False):
        url = url.replace(mark, quote(str(value), safe=""), 1)
    return url


def url_maker(name: str, *args, free: int = 1):
    """A function of the free arguments giving the URL: `url_maker("x:detail")(pk)`."""
    url = pattern(name, *args, free=free)
    return lambda *values: fill(url, *values)

from django import template

from ryhma.offline import release

register = template.Library()


@register.simple_tag
def ryhma_release() -> str:
    """The running release, for the pages' check against the service worker and server."""
    return release()

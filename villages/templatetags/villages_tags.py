from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key], or None: for dictionaries keyed by row ids in templates."""
    if not mapping:
        return None
    return mapping.get(key)

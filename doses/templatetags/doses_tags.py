from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def ml(volume) -> str:
    """A volume to draw as people read it on a syringe: 1.0, 0.25, 1.5."""
    if volume is None:
        return ""
    text = f"{volume:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text

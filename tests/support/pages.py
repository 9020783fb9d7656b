"""Every named URL of the project, read from the URL patterns: the tests that walk them all
(the page tour, hostile form input, hostile query strings) share this one list, so a page
added later is covered by each of them without editing any."""

from django.urls import URLPattern, URLResolver, get_resolver


def named_routes() -> list[tuple[str, str, tuple[str, ...]]]:
    """(name, route, argument names) of each named pattern reversible by keyword arguments,
    sorted by name. Namespaced includes (the admin: Django's own pages) are left out, and a
    name given twice (accounts' own login and Django's) is one page."""
    found = {}

    def walk(patterns, prefix=""):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                if entry.namespace is None:
                    walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern) and entry.name:
                regex = entry.pattern.regex
                if regex.groups == len(regex.groupindex):
                    found.setdefault(
                        entry.name, (entry.name, route, tuple(sorted(entry.pattern.converters)))
                    )

    walk(get_resolver().url_patterns)
    return sorted(found.values())

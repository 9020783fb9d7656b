"""Django's makemessages with this project's defaults, so `manage.py makemessages -l es -l pl
-l ur` (and `-d djangojs`) needs nothing more (README "Languages"):

- our own code only: not the virtualenv, node_modules, var/ or the tests;
- no fuzzy guesses: a new string starts untranslated, never with a neighbour's translation
  that a hurried reader would take for a checked one (a dose instruction resembling another
  is exactly where a near-match is dangerous);
- strings no longer in the code leave the catalogue.
"""

from django.core.management.commands import makemessages

IGNORED = [".venv", "node_modules", "var", "tests", "benchmarks", "static/vendor"]


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]

    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *IGNORED]
        options["no_obsolete"] = True
        return super().handle(*args, **options)

"""No English slips through: every page, as each role meets it with the demo's history, in
each shipped language; and the catalogues hold every string of the code, translated.

Pages are found from the URL patterns by the browser tour (tests/browser/test_every_page.py),
so a new page is checked without editing this file; here they are rendered with the test
client, which takes seconds where a browser would take minutes.

A leak is visible text (a text node, or an attribute a person reads or hears: title, alt,
aria-label, placeholder, a button's value) holding an English word of our own catalogue's
msgids that the language's translations never use, and that is not data (names, products,
lots, notes come from the database and stay as typed). Each leak is traced to the file whose
source holds it; a file still being translated is listed in PENDING and its leaks are allowed
until it leaves the list, which shrinks to empty.
"""

import io
import os
import re
import tokenize
from collections import defaultdict
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import django
import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.test import override_settings
from django.urls import reverse

from accounts import demo
from accounts.models import User, timezone_names

# Our catalogues' source language aside, the languages shipped. A new one is added here too.
LANGUAGES = ["es", "pl", "ur"]
ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "locale"

# The source of English that Django itself puts on a page, its catalogue lacking the language.
DJANGO = "django (its own catalogue)"

# Files whose user-visible English is still being marked or translated: a file listed here
# has its leaks allowed until it is done and removed. Every file is done; a new one goes
# here only while its strings are being translated, never to let a release through.
PENDING: set[str] = set()

# Words that are the same in every language we ship: the app's name, units, codes, formats.
ALLOWED_WORDS = {
    "b12", "tracker", "mcg", "mcg/ml", "ml", "pg/ml", "pmol/l", "ng/l", "nmol/l", "µmol/l",
    "g/l", "fl", "ug/l", "im", "sc", "csv", "json", "fhir", "pdf", "ics", "api", "url", "totp",
    "ok", "mma", "mcv", "hb", "id", "iana", "utc", "gmt", "bst", "nhs", "bnf", "nice", "who",
    # A page's words are split at the slash: "g/L" and "g/dL" leave the gram's "g" (which
    # the English "e.g." also has, so the catalogue holds it as an English word).
    "g",
}
# Short English words that carry no sentence but are common in Polish and Spanish too.
_SHARED_SHORT = {"a", "i", "o", "y", "e", "to", "no", "na", "do", "on", "by", "se", "la"}
# Attributes a person reads or hears.
VISIBLE_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder", "aria-description"}
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


class _VisibleText(HTMLParser):
    """The text a person reads or hears on a page: not scripts, styles or hidden inputs."""

    # `code` holds machine text, not words: a key to type in ("6KE4 SO43 …": its "SO" is no
    # English), a token's prefix, a recovery code, a path.
    SKIPPED = {"script", "style", "template", "noscript", "code"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self._skipping += 1
        attributes = dict(attrs)
        for name in VISIBLE_ATTRIBUTES & attributes.keys():
            self.texts.append(attributes[name] or "")
        if tag == "input" and attributes.get("type") in {"submit", "button"}:
            self.texts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.texts.append(data)


def visible_texts(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    return [" ".join(text.split()) for text in parser.texts if text.strip()]


def _words(text: str) -> set[str]:
    return {word.lower().strip("'’") for word in WORD.findall(text)}


@cache
def _catalogue(language: str, domain: str = "django") -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / f"{domain}.po"))


@cache
def english_words() -> frozenset[str]:
    """The vocabulary of our English source: every word of every msgid."""
    found = set()
    for domain in ("django", "djangojs"):
        for entry in _catalogue(LANGUAGES[0], domain):
            found |= _words(entry.msgid) | _words(entry.msgid_plural or "")
    return frozenset(found - _SHARED_SHORT - ALLOWED_WORDS)


@cache
def translated_words(language: str) -> frozenset[str]:
    """Words the language's translations use themselves (a borrowed "email", "online")."""
    found = set()
    # Django's own catalogue too: its month names ("Ago", "Mar") are the language's words.
    django_po = Path(django.__file__).parent / "conf" / "locale" / language / "LC_MESSAGES"
    for catalogue in [*(_catalogue(language, d) for d in ("django", "djangojs")),
                      polib.pofile(str(django_po / "django.po"))]:
        for entry in catalogue:
            found |= _words(entry.msgstr)
            for text in entry.msgstr_plural.values():
                found |= _words(text)
    return frozenset(found)


def data_words() -> set[str]:
    """Words typed into the database (names, products, places, lots, notes) and the names of
    time zones: data, not ours."""
    found = set().union(*(_words(name) for name in timezone_names()))
    for model in apps.get_models():
        fields = [field.name for field in model._meta.get_fields()
                  if isinstance(field, (models.CharField, models.TextField))
                  and not field.choices]
        if not fields or model._meta.app_label in {"sessions", "admin", "contenttypes"}:
            continue
        for row in model.objects.values_list(*fields):
            for value in row:
                if value:
                    found |= _words(str(value))
    return found


def english_in(text: str, language: str, data: set[str]) -> set[str]:
    return (_words(text) & english_words()) - translated_words(language) - data


# What a file marks for translation is not its English left on a page: without these, a leak
# from one file would be traced to another that holds the same words translated.
_TRANSLATED_IN_TEMPLATES = re.compile(
    r"{%\s*(?:translate|trans)\s.*?%}|{%\s*blocktrans(?:late)?\s.*?{%\s*endblocktrans(?:late)?\s*%}"
    r"|{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)
_GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext",
            "pgettext_lazy", "npgettext", "gettext_noop"}


def _python_strings(text: str) -> str:
    """The strings a module could put on a page: its literals, not comments or docstrings
    (triple-quoted), nor what it passes to gettext."""
    kept, previous = [], []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.STRING and not token.string.endswith(('"""', "'''")):
                marked = (len(previous) >= 2 and previous[-1].string in {"(", ","}
                          and any(t.type == tokenize.NAME and t.string in _GETTEXT
                                  for t in previous[-6:]))
                if not marked:
                    kept.append(token.string)
            if token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
                previous = [*previous[-5:], token]
    except (tokenize.TokenError, SyntaxError):
        return text
    return " ".join(kept)


def _untranslated(relative: str, text: str) -> str:
    if relative.endswith(".py"):
        return _python_strings(text)
    return _TRANSLATED_IN_TEMPLATES.sub(" ", text)


@cache
def _sources() -> dict[str, str]:
    """Our templates and Python modules, whitespace collapsed, by path from the root, without
    what they mark for translation."""
    found = {}
    for pattern in ("templates/**/*.html", "templates/**/*.txt", "*/**/*.py"):
        for path in ROOT.glob(pattern):
            relative = path.relative_to(ROOT).as_posix()
            if relative.startswith((".venv", "node_modules", "var", "tests", "benchmarks")) or (
                    "/migrations/" in relative):
                continue
            found[relative] = " ".join(
                _untranslated(relative, path.read_text(encoding="utf-8")).split())
    return found


def source_of(text: str, rendered: set[str], english: set[str]) -> str | None:
    """The file holding this text: the whole of it, else its longest run of words found;
    for text put together from variables ("12 of 14"), a template rendered on the page (else
    a module) that holds each of its English words."""
    words = text.split()
    if text in _django_messages() and not any(text in source for source in _sources().values()):
        return DJANGO  # Django's own message, which its catalogue leaves in English
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            fragment = " ".join(words[start:start + size])
            if size < len(words) and len(fragment) < 12:
                continue
            holders = [path for path, source in _sources().items() if fragment in source]
            if holders:
                # Several files may hold a short text; one still being translated is the
                # likelier source while any is left (the list ends empty, and this with it).
                return next((path for path in holders if path in PENDING), holders[0])
    python = sorted(path for path in _sources() if path.endswith(".py"))
    candidates = [*sorted(rendered), *python]
    for path in sorted(candidates, key=lambda path: path not in PENDING):  # as above
        if english <= _source_words(path):
            return path
    return None



@cache
def _django_messages() -> frozenset[str]:
    locale = Path(django.__file__).parent
    found = set()
    for po in [locale / "conf/locale/es/LC_MESSAGES/django.po",
               *locale.glob("contrib/*/locale/es/LC_MESSAGES/django.po")]:
        found |= {entry.msgid for entry in polib.pofile(str(po))}
    return frozenset(found)


@cache
def _source_words(path: str) -> frozenset[str]:
    return frozenset(_words(_sources().get(path, "")))


def _render_every_page(client, role, values, language):
    """(page name, html, our templates rendered) of every page this role may open."""
    from tests.browser.test_every_page import discovered_pages

    for name, _route, args in discovered_pages():
        if role == "visitor" and "patient_id" in args:
            continue
        url = reverse(name, kwargs={arg: values[arg] for arg in args})
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        if response.status_code != 200:
            continue  # the access policy keeps this role out, an action answers 405, a redirect
        if not response.get("Content-Type", "").startswith("text/html"):
            continue  # a download, the JavaScript catalogue
        templates = {Path(template.origin.name).relative_to(ROOT).as_posix()
                     for template in response.templates
                     if template.origin and str(template.origin.name).startswith(str(ROOT))}
        yield name, response.content.decode(), templates


def _log_in_as(client, role, language):
    client.logout()
    if role == "visitor":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return
    email = {"patient": demo.PATIENT_EMAIL, "caregiver": demo.CAREGIVER_EMAIL,
             "clinician": demo.CLINICIAN_EMAIL}[role]
    user = User.objects.get(email=email)
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)


def _tours() -> list[tuple[str, str]]:
    """(language, role) pairs. The patient, who may open every page, and the visitor are
    seen in every language; the caregiver in Polish (long words), the clinician in Urdu
    (right to left). B12_FULL_TOUR=1 (as for the browser tour) sees every role in each."""
    roles = ("visitor", "patient", "caregiver", "clinician")
    if os.environ.get("B12_FULL_TOUR") == "1":
        return [(language, role) for language in LANGUAGES for role in roles]
    return [(language, role) for language in LANGUAGES for role in ("visitor", "patient")] + [
        ("pl", "caregiver"), ("ur", "clinician"),
    ]


@pytest.mark.django_db
def test_no_english_slips_through_on_any_page_for_any_role(client):
    from tests.browser.test_every_page import _arguments, _cast

    values = _arguments(_cast())
    data = data_words()
    # text -> (language, page, role) where seen, templates rendered there, its English words
    leaks: dict[str, tuple[set, set, set]] = defaultdict(lambda: (set(), set(), set()))
    pages = 0
    for language, role in _tours():
        _log_in_as(client, role, language)
        for name, html, templates in _render_every_page(client, role, values, language):
            pages += 1
            assert f'<html lang="{language}"' in html, f"{name} ({role}) is not in {language}"
            for text in visible_texts(html):
                english = english_in(text, language, data)
                if english:
                    where, rendered, words = leaks[text]
                    where.add(f"{name} ({role}, {language})")
                    rendered |= templates
                    words |= english
    unexplained = []
    for text, (where, rendered, english) in sorted(leaks.items()):
        source = source_of(text, rendered, english)
        if source in PENDING:
            continue
        shown = ", ".join(sorted(where)[:3]) + (" …" if len(where) > 3 else "")
        unexplained.append(f"{text!r} from {source or 'an unknown source'} on {shown}")
    assert pages > 250, f"only {pages} pages were rendered"
    assert not unexplained, (
        "English left on the pages: mark it for translation ({% translate %}, gettext) and "
        "translate it in locale/*/LC_MESSAGES/django.po (README \"Languages\"), or, while a "
        "file is being translated, list it in PENDING:\n" + "\n".join(unexplained))


def test_every_pending_file_exists():
    assert {path for path in PENDING - {DJANGO} if not (ROOT / path).exists()} == set()


def _entries(po: polib.POFile) -> dict[str, polib.POEntry]:
    return {(entry.msgctxt or "") + "\x04" + entry.msgid: entry
            for entry in po if not entry.obsolete}


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_catalogues_hold_every_string_translated_and_none_fuzzy(tmp_path, monkeypatch,
                                                                    domain):
    """makemessages over a copy of the catalogues finds nothing new; every entry is
    translated (but those of PENDING files) and none is fuzzy."""
    # makemessages writes beside the code it reads: a tree of links to ours, with a copy
    # of the catalogues, keeps the real ones untouched.
    for entry in ROOT.iterdir():
        if entry.name not in {"locale", ".git", ".venv", "node_modules", "var"}:
            (tmp_path / entry.name).symlink_to(entry)
    copy = tmp_path / "locale"
    for language in LANGUAGES:
        (copy / language / "LC_MESSAGES").mkdir(parents=True)
        shipped = LOCALE / language / "LC_MESSAGES" / f"{domain}.po"
        (copy / language / "LC_MESSAGES" / f"{domain}.po").write_bytes(shipped.read_bytes())
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[copy]):
        call_command("makemessages", locale=LANGUAGES, domain=domain, symlinks=True,
                     verbosity=0)
    problems = []
    for language in LANGUAGES:
        shipped = _entries(_catalogue(language, domain))
        found = _entries(polib.pofile(str(copy / language / "LC_MESSAGES" / f"{domain}.po")))
        problems += [f"{language}: missing from {domain}.po: {key.split(chr(4))[1]!r}"
                     for key in found.keys() - shipped.keys()]
        problems += [f"{language}: no longer in the code: {key.split(chr(4))[1]!r}"
                     for key in shipped.keys() - found.keys()]
        for entry in shipped.values():
            if "fuzzy" in entry.flags:
                problems.append(f"{language}: fuzzy: {entry.msgid!r}")
            pending = all(path in PENDING for path, _line in entry.occurrences)
            if not entry.translated() and not pending:
                problems.append(f"{language}: untranslated: {entry.msgid!r}")
    assert not problems, "\n".join(problems)


def test_polish_has_three_plural_forms_and_the_others_two():
    expected = {"es": 2, "pl": 3, "ur": 2}
    for language, forms in expected.items():
        for domain in ("django", "djangojs"):
            header = _catalogue(language, domain).metadata["Plural-Forms"]
            assert header.startswith(f"nplurals={forms};"), (language, domain, header)

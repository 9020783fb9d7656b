"""Red-flag rules for symptom check-ins: which answers mean "contact your clinician today",
and which mean "call the emergency number now".

Pure: the caller passes this check-in's severities, the previous check-in's (or None) and the
patient's country. Severities run 0 (none), 1 (mild), 2 (moderate), 3 (severe).

Sources, rule by rule:
- Chest pain, severe breathlessness, fainting, and a reaction after an injection with swelling
  of the face, lips or throat or difficulty breathing: NHS advice is to call 999 (chest pain:
  nhs.uk "Chest pain"; anaphylaxis: nhs.uk "Anaphylaxis"); elsewhere the country's own number.
- Neurological symptoms: NICE NG239 (vitamin B12 deficiency, 2024) asks for urgent
  specialist advice when neurological symptoms are present or progress, because the nerve
  damage of B12 deficiency can become permanent. So any severe one flags, on the first
  check-in too, and any worsening flags.
- Mild chest pain and moderate breathlessness (signs of anaemia straining the heart) and any
  vision problem: the clinician should hear about them, not an ambulance.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

SEVERITY_NAMES = {
    # Translators: Clinical: a symptom's severity, standing alone ("Fatigue: none"); in Polish
    # the neuter form (of "nasilenie") reads right after any symptom.
    0: pgettext_lazy("severity", "none"),
    # Translators: Clinical: a symptom's severity, standing alone ("Fatigue: mild").
    1: pgettext_lazy("severity", "mild"),
    # Translators: Clinical: a symptom's severity, standing alone ("Fatigue: moderate").
    2: pgettext_lazy("severity", "moderate"),
    # Translators: Clinical: a symptom's severity, standing alone ("Fatigue: severe").
    3: pgettext_lazy("severity", "severe"),
}

# (field name, what the patient reads), in the order the form asks. The names are the
# patient's words, not diagnoses.
SYMPTOMS: tuple[tuple[str, str], ...] = (
    # Translators: Clinical: a symptom of B12 deficiency the patient rates (tiredness).
    ("fatigue", gettext_lazy("Fatigue")),
    # Translators: Clinical: a symptom of B12 deficiency (pins and needles, paraesthesia).
    ("numbness", gettext_lazy("Numbness or tingling")),
    # Translators: Clinical: a symptom of B12 deficiency (unsteady on one's feet).
    ("balance", gettext_lazy("Balance or walking difficulty")),
    # Translators: Clinical: a symptom of B12 deficiency (poor memory or concentration).
    ("memory", gettext_lazy("Memory or concentration")),
    # Translators: Clinical: a symptom of B12 deficiency (feeling low, irritable).
    ("mood", gettext_lazy("Low mood or irritability")),
    # Translators: Clinical: a symptom of B12 deficiency (a sore, red tongue: glossitis).
    ("sore_tongue", gettext_lazy("Sore tongue")),
    # Translators: Clinical: a symptom (shortness of breath).
    ("breathlessness", gettext_lazy("Breathlessness")),
    # Translators: Clinical: a symptom.
    ("chest_pain", gettext_lazy("Chest pain")),
    # Translators: Clinical: a symptom (blurred or lost vision).
    ("vision", gettext_lazy("Vision problems")),
)
LABELS = dict(SYMPTOMS)

# Mood counts because the deficiency's neuropsychiatric effects are part of the same picture.
NEUROLOGICAL = ("numbness", "balance", "memory", "mood")
MILD, MODERATE, SEVERE = 1, 2, 3

# The number that brings an ambulance, by ISO 3166 country code. 112 works across the EU
# (and from any GSM phone in most of the world); the others are each country's own.
EU_112 = ("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
          "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE")
EMERGENCY_NUMBERS: dict[str, str] = {
    **dict.fromkeys(EU_112, "112"),
    "GB": "999", "US": "911", "CA": "911", "MX": "911", "AU": "000", "NZ": "111",
    "IS": "112", "IN": "112", "NO": "113", "CH": "144", "JP": "119", "SG": "995", "HK": "999",
}

ADVICE = gettext_lazy(
    # Translators: Clinical: the advice after a red flag that is not an emergency.
    "Contact your clinician today about these symptoms. "
    "If they get quickly worse, seek urgent medical care."
)
URGENT_ADVICE = gettext_lazy(
    # Translators: Clinical: the advice after an urgent red flag when the patient's country
    # (and so its emergency number) is not known.
    "Seek urgent medical care now: call your local emergency number if you have chest pain, "
    "swelling of the face, lips or throat, or difficulty breathing, or if you fainted."
)


def emergency_number(country: str) -> str:
    """The emergency number of a country ("" when we do not know it for certain)."""
    return EMERGENCY_NUMBERS.get(country, "")


def advice_for(urgent: bool, country: str = "") -> str:
    """What the patient is told, in the active language: the clinician today, or the
    emergency number now."""
    if not urgent:
        return str(ADVICE)
    number = emergency_number(country)
    if not number:
        return str(URGENT_ADVICE)
    # Translators: Clinical: the advice after an urgent red flag; number is the country's
    # emergency number (999, 112, 911).
    return _("Seek urgent medical care now: call %(number)s for an ambulance. "
             "Your care team has been told.") % {"number": number}


@dataclass(frozen=True)
class Reason:
    """One rule that fired, as values: its words are written in the reader's language
    (`text`), and stored in English (`english`), the record and the API's form."""

    rule: str  # a key of _TEXTS
    symptom: str = ""  # a field name of SYMPTOMS
    before: int = 0  # severities, for the rules that name them
    now: int = 0

    def text(self) -> str:
        return _TEXTS[self.rule](self)

    @property
    def english(self) -> str:
        with translation.override("en"):
            return self.text()


def _severity(value: int) -> str:
    return str(SEVERITY_NAMES[value])


def _symptom(name: str) -> str:
    return str(LABELS[name])


_TEXTS = {
    # Translators: Clinical: a red flag, urgent: moderate chest pain.
    "chest_pain_moderate": lambda r: _("Chest pain is moderate: call the emergency number."),
    # Translators: Clinical: a red flag, urgent: severe chest pain.
    "chest_pain_severe": lambda r: _("Chest pain is severe: call the emergency number."),
    # Translators: Clinical: a red flag, urgent: severe breathlessness.
    "breathlessness_severe": lambda r: _("Breathlessness is severe: call the emergency number."),
    # Translators: Clinical: a red flag, urgent: the patient fainted.
    "fainted": lambda r: _("Fainted or passed out."),
    # Translators: Clinical: a red flag, urgent: a possible allergic reaction (anaphylaxis).
    "allergic_reaction": lambda r: _("Possible allergic reaction after an injection."),
    "worse": lambda r: _(
        # Translators: Clinical: a red flag: a neurological symptom is worse than last time;
        # before and now are severities ("mild → moderate").
        "%(symptom)s is worse than at the last check-in (%(before)s → %(now)s)."
    ) % {"symptom": _symptom(r.symptom), "before": _severity(r.before),
         "now": _severity(r.now)},
    # Translators: Clinical: a red flag: a neurological symptom is severe.
    "severe": lambda r: _("%(symptom)s is severe.") % {"symptom": _symptom(r.symptom)},
    # Translators: Clinical: a red flag, not urgent: mild chest pain.
    "chest_pain_mild": lambda r: _("Chest pain (mild): your clinician should know."),
    # Translators: Clinical: a red flag, not urgent: moderate breathlessness.
    "breathlessness_moderate": lambda r: _("Breathlessness is moderate."),
    # Translators: Clinical: a red flag, not urgent: any vision problem; severity is mild,
    # moderate or severe.
    "vision": lambda r: _("Vision problems (%(severity)s).") % {"severity": _severity(r.now)},
}


@cache
def _every_reason() -> dict[str, Reason]:
    """Every reason the rules can give, by its English words: how an alert's stored reasons
    are read again in another language."""
    severities = list(SEVERITY_NAMES)
    found = [Reason(rule) for rule in _TEXTS if rule not in {"worse", "severe", "vision"}]
    found += [Reason("vision", now=now) for now in severities]
    for name in NEUROLOGICAL:
        found.append(Reason("severe", name))
        found += [Reason("worse", name, before, now) for before in severities
                  for now in severities]
    return {reason.english: reason for reason in found}


def shown_reason(english: str) -> str:
    """A stored reason in the reader's language; one the rules no longer give, as stored."""
    reason = _every_reason().get(english)
    return reason.text() if reason else english


def shown_advice(english: str, urgent: bool) -> str:
    """Stored advice in the reader's language; advice no longer given, as stored."""
    with translation.override("en"):
        given = {advice_for(False): (False, ""), advice_for(True): (True, "")} | {
            advice_for(True, country): (True, country) for country in EMERGENCY_NUMBERS
        }
    if not english:
        return advice_for(urgent)
    if english not in given:
        return english
    return advice_for(*given[english])


@dataclass(frozen=True)
class RedFlags:
    found: list[Reason] = field(default_factory=list)  # the most urgent first
    urgent: bool = False
    country: str = ""

    def __bool__(self) -> bool:
        return bool(self.found)

    @property
    def reasons(self) -> list[str]:
        """In English: what the alert stores and the API returns."""
        return [reason.english for reason in self.found]

    @property
    def advice(self) -> str:
        """In English, as stored with the alert (`shown_advice` reads it in another)."""
        with translation.override("en"):
            return advice_for(self.urgent, self.country)


def _urgent_reasons(current: Mapping[str, int], allergic_reaction: bool,
                    fainted: bool) -> list[Reason]:
    reasons = []
    chest = current.get("chest_pain", 0)
    if chest >= MODERATE:
        reasons.append(Reason("chest_pain_severe" if chest >= SEVERE else "chest_pain_moderate"))
    if current.get("breathlessness", 0) >= SEVERE:
        reasons.append(Reason("breathlessness_severe"))
    if fainted:
        reasons.append(Reason("fainted"))
    if allergic_reaction:
        reasons.append(Reason("allergic_reaction"))
    return reasons


def _neurological_reasons(current: Mapping[str, int],
                          previous: Mapping[str, int] | None) -> list[Reason]:
    reasons = []
    for name in NEUROLOGICAL:
        now, before = current.get(name, 0), (previous or {}).get(name)
        if before is not None and now > before:
            reasons.append(Reason("worse", name, before, now))
        elif now >= SEVERE:
            reasons.append(Reason("severe", name))
    return reasons


def red_flags(
    current: Mapping[str, int],
    previous: Mapping[str, int] | None,
    *,
    allergic_reaction: bool = False,
    fainted: bool = False,
    country: str = "",
) -> RedFlags:
    """The red flags raised by `current`, most urgent first; `previous` is the check-in
    before it, if any; `country` picks the emergency number the advice names."""
    urgent = _urgent_reasons(current, allergic_reaction, fainted)
    reasons = [*urgent, *_neurological_reasons(current, previous)]
    if current.get("chest_pain", 0) == MILD:
        reasons.append(Reason("chest_pain_mild"))
    if current.get("breathlessness", 0) == MODERATE:
        reasons.append(Reason("breathlessness_moderate"))
    if current.get("vision", 0) > 0:
        reasons.append(Reason("vision", now=current["vision"]))
    return RedFlags(found=reasons, urgent=bool(urgent), country=country)

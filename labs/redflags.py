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

SEVERITY_NAMES = {0: "none", 1: "mild", 2: "moderate", 3: "severe"}

# (field name, what the patient reads), in the order the form asks.
SYMPTOMS: tuple[tuple[str, str], ...] = (
    ("fatigue", "Fatigue"),
    ("numbness", "Numbness or tingling"),
    ("balance", "Balance or walking difficulty"),
    ("memory", "Memory or concentration"),
    ("mood", "Low mood or irritability"),
    ("sore_tongue", "Sore tongue"),
    ("breathlessness", "Breathlessness"),
    ("chest_pain", "Chest pain"),
    ("vision", "Vision problems"),
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

ADVICE = (
    "Contact your clinician today about these symptoms. "
    "If they get quickly worse, seek urgent medical care."
)
URGENT_ADVICE = (
    "Seek urgent medical care now: call your local emergency number if you have chest pain, "
    "swelling of the face, lips or throat, or difficulty breathing, or if you fainted."
)


def emergency_number(country: str) -> str:
    """The emergency number of a country ("" when we do not know it for certain)."""
    return EMERGENCY_NUMBERS.get(country, "")


def advice_for(urgent: bool, country: str = "") -> str:
    """What the patient is told: the clinician today, or the emergency number now."""
    if not urgent:
        return ADVICE
    number = emergency_number(country)
    if not number:
        return URGENT_ADVICE
    return (
        f"Seek urgent medical care now: call {number} for an ambulance. "
        "Your care team has been told."
    )


@dataclass(frozen=True)
class RedFlags:
    reasons: list[str] = field(default_factory=list)  # the most urgent first
    urgent: bool = False
    country: str = ""

    def __bool__(self) -> bool:
        return bool(self.reasons)

    @property
    def advice(self) -> str:
        return advice_for(self.urgent, self.country)


def _urgent_reasons(current: Mapping[str, int], allergic_reaction: bool,
                    fainted: bool) -> list[str]:
    reasons = []
    chest = current.get("chest_pain", 0)
    if chest >= MODERATE:
        reasons.append(f"Chest pain is {SEVERITY_NAMES[chest]}: call the emergency number.")
    if current.get("breathlessness", 0) >= SEVERE:
        reasons.append("Breathlessness is severe: call the emergency number.")
    if fainted:
        reasons.append("Fainted or passed out.")
    if allergic_reaction:
        reasons.append("Possible allergic reaction after an injection.")
    return reasons


def _neurological_reasons(current: Mapping[str, int],
                          previous: Mapping[str, int] | None) -> list[str]:
    reasons = []
    for name in NEUROLOGICAL:
        now, before = current.get(name, 0), (previous or {}).get(name)
        if before is not None and now > before:
            reasons.append(
                f"{LABELS[name]} is worse than at the last check-in "
                f"({SEVERITY_NAMES[before]} → {SEVERITY_NAMES[now]})."
            )
        elif now >= SEVERE:
            reasons.append(f"{LABELS[name]} is severe.")
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
        reasons.append("Chest pain (mild): your clinician should know.")
    if current.get("breathlessness", 0) == MODERATE:
        reasons.append("Breathlessness is moderate.")
    if current.get("vision", 0) > 0:
        reasons.append(f"Vision problems ({SEVERITY_NAMES[current['vision']]}).")
    return RedFlags(reasons=reasons, urgent=bool(urgent), country=country)

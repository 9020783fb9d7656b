"""Red-flag rules for symptom check-ins: which answers mean "contact your clinician".

Pure: the caller passes this check-in's severities and the previous check-in's (or None).
Severities run 0 (none), 1 (mild), 2 (moderate), 3 (severe).
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

# Nerve damage from B12 deficiency can become permanent, so any worsening is escalated; mood
# counts because the deficiency's neuropsychiatric effects are part of the same picture.
NEUROLOGICAL = ("numbness", "balance", "memory", "mood")
# Signs of severe anaemia straining the heart.
CARDIORESPIRATORY = ("breathlessness", "chest_pain")
MODERATE = 2

ADVICE = (
    "Contact your clinician today about these symptoms. "
    "If they get quickly worse, seek urgent medical care."
)
URGENT_ADVICE = (
    "Seek urgent medical care now: call your local emergency number if you have swelling of "
    "the face, lips or throat, or difficulty breathing."
)


@dataclass(frozen=True)
class RedFlags:
    reasons: list[str] = field(default_factory=list)
    urgent: bool = False

    def __bool__(self) -> bool:
        return bool(self.reasons)

    @property
    def advice(self) -> str:
        return URGENT_ADVICE if self.urgent else ADVICE


def red_flags(
    current: Mapping[str, int],
    previous: Mapping[str, int] | None,
    *,
    allergic_reaction: bool = False,
) -> RedFlags:
    """The red flags raised by `current`; `previous` is the check-in before it, if any."""
    reasons: list[str] = []
    if allergic_reaction:
        reasons.append("Possible allergic reaction after an injection.")
    for name in NEUROLOGICAL:
        now, before = current.get(name, 0), (previous or {}).get(name)
        if before is not None and now > before:
            reasons.append(
                f"{LABELS[name]} is worse than at the last check-in "
                f"({SEVERITY_NAMES[before]} → {SEVERITY_NAMES[now]})."
            )
    for name in CARDIORESPIRATORY:
        if current.get(name, 0) >= MODERATE:
            reasons.append(f"{LABELS[name]} is {SEVERITY_NAMES[current[name]]}.")
    if current.get("vision", 0) > 0:
        reasons.append(f"Vision problems ({SEVERITY_NAMES[current['vision']]}).")
    return RedFlags(reasons=reasons, urgent=allergic_reaction)

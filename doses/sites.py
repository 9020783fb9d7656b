"""The injection-site catalogue, per route, with where each site sits on the body map.

Plain data. Left and right are the patient's own: on the front view the patient's left is on
the viewer's right.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Site:
    code: str
    route: str
    label: str | Promise  # translated when shown; the code is what is stored and sent
    view: str  # "front" or "back"
    x: int  # centre of the region on the 200 × 400 body-map drawing
    y: int
    rx: int = 14
    ry: int = 14


# Every region is at least 30 units across: 24 CSS px at the 0.8 scale the map is drawn at
# on a phone (WCAG 2.2 target size). The SC front-of-thigh and the IM outer thigh sit at
# different heights so that both fit one leg without overlapping.
CATALOGUE: tuple[Site, ...] = (
    # Subcutaneous: fatty tissue of the abdomen, front of the thighs, back of the upper arms.
    # Translators: injection sites. Left and right are the patient's own; use the usual
    # anatomical names of your language (the abdomen's quadrants here).
    Site("sc_abdomen_left_upper", "SC", _("Abdomen, left upper"), "front", 116, 150, 15, 15),
    Site("sc_abdomen_right_upper", "SC", _("Abdomen, right upper"), "front", 84, 150, 15, 15),
    Site("sc_abdomen_left_lower", "SC", _("Abdomen, left lower"), "front", 116, 182, 15, 15),
    Site("sc_abdomen_right_lower", "SC", _("Abdomen, right lower"), "front", 84, 182, 15, 15),
    Site("sc_thigh_left", "SC", _("Front of thigh, left"), "front", 120, 240, 15, 20),
    Site("sc_thigh_right", "SC", _("Front of thigh, right"), "front", 80, 240, 15, 20),
    Site("sc_arm_left", "SC", _("Back of upper arm, left"), "back", 45, 130, 15, 22),
    Site("sc_arm_right", "SC", _("Back of upper arm, right"), "back", 155, 130, 15, 22),
    # Intramuscular: deltoid, vastus lateralis (outer thigh), ventrogluteal (hip).
    # Translators: intramuscular injection sites: the muscle's anatomical name, and in
    # brackets where it is in everyday words; left and right are the patient's own.
    Site("im_deltoid_left", "IM", _("Deltoid, left"), "front", 150, 88, 15, 15),
    Site("im_deltoid_right", "IM", _("Deltoid, right"), "front", 50, 88, 15, 15),
    Site("im_vastus_lateralis_left", "IM", _("Vastus lateralis (outer thigh), left"), "front",
         125, 300, 15, 28),
    Site("im_vastus_lateralis_right", "IM", _("Vastus lateralis (outer thigh), right"), "front",
         75, 300, 15, 28),
    Site("im_ventrogluteal_left", "IM", _("Ventrogluteal (hip), left"), "back", 70, 205, 15, 15),
    Site("im_ventrogluteal_right", "IM", _("Ventrogluteal (hip), right"), "back", 130, 205, 15,
         15),
)

BY_CODE: dict[str, Site] = {site.code: site for site in CATALOGUE}
CHOICES: list[tuple[str, str | Promise]] = [(site.code, site.label) for site in CATALOGUE]


def sites_for(route: str) -> tuple[Site, ...]:
    """The sites valid for a route, in catalogue order."""
    return tuple(site for site in CATALOGUE if site.route == route)


def label(code: str) -> str:
    """The site's name in the active language (its code if it is not in the catalogue)."""
    site = BY_CODE.get(code)
    return str(site.label) if site else code

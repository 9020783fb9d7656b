"""The injection-site catalogue, per route, with where each site sits on the body map.

Plain data. Left and right are the patient's own: on the front view the patient's left is on
the viewer's right.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Site:
    code: str
    route: str
    label: str
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
    Site("sc_abdomen_left_upper", "SC", "Abdomen, left upper", "front", 116, 150, 15, 15),
    Site("sc_abdomen_right_upper", "SC", "Abdomen, right upper", "front", 84, 150, 15, 15),
    Site("sc_abdomen_left_lower", "SC", "Abdomen, left lower", "front", 116, 182, 15, 15),
    Site("sc_abdomen_right_lower", "SC", "Abdomen, right lower", "front", 84, 182, 15, 15),
    Site("sc_thigh_left", "SC", "Front of thigh, left", "front", 120, 240, 15, 20),
    Site("sc_thigh_right", "SC", "Front of thigh, right", "front", 80, 240, 15, 20),
    Site("sc_arm_left", "SC", "Back of upper arm, left", "back", 45, 130, 15, 22),
    Site("sc_arm_right", "SC", "Back of upper arm, right", "back", 155, 130, 15, 22),
    # Intramuscular: deltoid, vastus lateralis (outer thigh), ventrogluteal (hip).
    Site("im_deltoid_left", "IM", "Deltoid, left", "front", 150, 88, 15, 15),
    Site("im_deltoid_right", "IM", "Deltoid, right", "front", 50, 88, 15, 15),
    Site("im_vastus_lateralis_left", "IM", "Vastus lateralis (outer thigh), left", "front",
         125, 300, 15, 28),
    Site("im_vastus_lateralis_right", "IM", "Vastus lateralis (outer thigh), right", "front",
         75, 300, 15, 28),
    Site("im_ventrogluteal_left", "IM", "Ventrogluteal (hip), left", "back", 70, 205, 15, 15),
    Site("im_ventrogluteal_right", "IM", "Ventrogluteal (hip), right", "back", 130, 205, 15, 15),
)

BY_CODE: dict[str, Site] = {site.code: site for site in CATALOGUE}
CHOICES: list[tuple[str, str]] = [(site.code, site.label) for site in CATALOGUE]


def sites_for(route: str) -> tuple[Site, ...]:
    """The sites valid for a route, in catalogue order."""
    return tuple(site for site in CATALOGUE if site.route == route)


def label(code: str) -> str:
    site = BY_CODE.get(code)
    return site.label if site else code

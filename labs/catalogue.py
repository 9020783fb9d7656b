"""The lab test catalogue: plain values, versioned with the code.

Why a module and not a table: forms, validation, conversion and charts need the catalogue at
import time and in pure tests without a database; it changes only with a release (a new test
needs new conversion factors in `labs.units` anyway); and each result stores the lab's own
reference range, so editing a default here never rewrites a past result.

Plausibility limits (`plausible_min`, `plausible_max`) are ours, not any lab's: wide limits of
what a living patient's sample can show, there to catch a value typed in a sibling unit
(haemoglobin 13.5 typed as g/L, which is g/dL) or with a slipped decimal point.

Reference ranges are broad adult defaults in the test's base unit; labs differ (and some
ranges depend on sex), which is why the user can override the range on every result.
The MMA (upper limit 400 nmol/L) and homocysteine (5-15 µmol/L) defaults are typical laboratory
ranges, not guideline cut-offs: NICE NG239 sets diagnostic bands for total and active B12 only
(labs.interpretation) and leaves MMA to the lab's own range, which always wins when given.

LOINC codes are given where a single well-known code exists; blank where none is settled.
Folate in nmol/L is 14732-2 "Folate [Moles/volume] in Serum or Plasma" (checked against HL7's
published LOINC value-set enum); active B12 has none: its code could not be verified.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import units


@dataclass(frozen=True)
class LabTest:
    code: str
    name: str | Promise  # in the reader's language; `english_name` for exports and the API
    short_name: str | Promise
    units: tuple[str, ...]  # the usual unit first; what the result form offers
    reference_low: Decimal | None  # in the base unit (units.base_unit(code))
    reference_high: Decimal | None
    plausible_max: Decimal  # above this (base unit) a value is a typing slip, not a result
    loinc: dict[str, str] = field(default_factory=dict)  # unit -> LOINC code
    # Below this (base unit) a value is almost always a wrong unit or a slip; saved only when
    # someone confirms it. None: tiny values are real results (assays report "< 5").
    plausible_min: Decimal | None = None

    @property
    def base_unit(self) -> str:
        return units.base_unit(self.code)

    @property
    def usual_unit(self) -> str:
        return self.units[0]

    def loinc_for(self, unit: str) -> str:
        return self.loinc.get(unit, "")

    @property
    def english_name(self) -> str:
        """The name as data: the API, the record export and FHIR's display keep English."""
        with translation.override("en"):
            return str(self.name)


def _d(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


TESTS: tuple[LabTest, ...] = (
    LabTest(
        "b12",
        # Translators: Clinical: a laboratory test, as a lab report names it.
        _("Serum vitamin B12"),
        "B12", ("pg/mL", "ng/L", "pmol/L"), _d("200"), _d("900"),
        Decimal("100000"), {"pg/mL": "2132-9", "ng/L": "2132-9", "pmol/L": "14685-2"},
        plausible_min=Decimal("20"),
    ),
    LabTest(
        "active_b12",
        # Translators: Clinical: a laboratory test (holotranscobalamin, the B12 cells can take up).
        _("Active B12 (holotranscobalamin)"),
        # Translators: Clinical: the short name of "Active B12 (holotranscobalamin)".
        _("Active B12"),
        ("pmol/L",), _d("25"), _d("165"), Decimal("10000"),
    ),
    LabTest(
        "mma",
        # Translators: Clinical: a laboratory test; keep the abbreviation MMA.
        _("Methylmalonic acid (MMA)"),
        "MMA", ("nmol/L", "µmol/L"), None, _d("400"),
        Decimal("100000"), {"nmol/L": "13964-2", "µmol/L": "13964-2"},
        plausible_min=Decimal("20"),
    ),
    LabTest(
        "homocysteine",
        # Translators: Clinical: a laboratory test (its full and its short name).
        _("Homocysteine"),
        _("Homocysteine"), ("µmol/L",), _d("5"), _d("15"),
        Decimal("500"), {"µmol/L": "13965-9"}, plausible_min=Decimal("1"),
    ),
    LabTest(
        "haemoglobin",
        # Translators: Clinical: a laboratory test (full blood count).
        _("Haemoglobin"),
        "Hb", ("g/L", "g/dL"), _d("120"), _d("170"),
        Decimal("300"), {"g/L": "718-7", "g/dL": "718-7"}, plausible_min=Decimal("30"),
    ),
    LabTest(
        "mcv",
        # Translators: Clinical: a laboratory test (full blood count); keep the abbreviation MCV.
        _("Mean cell volume (MCV)"),
        "MCV", ("fL",), _d("80"), _d("100"), Decimal("200"),
        {"fL": "787-2"}, plausible_min=Decimal("50"),
    ),
    LabTest(
        "retic_percent",
        # Translators: Clinical: a laboratory test: reticulocytes as a percentage of red cells.
        # xgettext:no-python-format
        _("Reticulocytes (% of red cells)"),
        # Translators: Clinical: short for "Reticulocytes (% of red cells)", a chart's link.
        # xgettext:no-python-format
        pgettext_lazy("lab test, short", "Retics %"),
        ("%",), _d("0.5"), _d("2.5"), Decimal("100"), {"%": "4679-7"},
    ),
    LabTest(
        "retic_count",
        # Translators: Clinical: a laboratory test: the number of reticulocytes.
        _("Reticulocyte count"),
        # Translators: Clinical: short for "Reticulocyte count", a chart's link.
        pgettext_lazy("lab test, short", "Retics"),
        ("×10⁹/L",), _d("20"), _d("100"), Decimal("2000"),
    ),
    LabTest(
        "folate",
        # Translators: Clinical: a laboratory test.
        _("Serum folate"),
        # Translators: Clinical: short for "Serum folate".
        _("Folate"),
        ("µg/L", "ng/mL", "nmol/L"), _d("3"), _d("20"),
        Decimal("1000"), {"µg/L": "2284-8", "ng/mL": "2284-8", "nmol/L": "14732-2"},
    ),
    LabTest(
        "ferritin",
        # Translators: Clinical: a laboratory test (the body's iron stores).
        _("Ferritin"),
        _("Ferritin"), ("µg/L", "ng/mL"), _d("30"), _d("300"),
        Decimal("100000"), {"µg/L": "2276-4", "ng/mL": "2276-4"},
    ),
    LabTest(
        "potassium",
        # Translators: Clinical: a laboratory test (blood potassium).
        _("Potassium"),
        _("Potassium"), ("mmol/L",), _d("3.5"), _d("5.3"),
        Decimal("15"), {"mmol/L": "2823-3"}, plausible_min=Decimal("1"),
    ),
)

BY_CODE: dict[str, LabTest] = {test.code: test for test in TESTS}

# Labels in the reader's language (lazy); the codes are what is stored and what the API takes.
TEST_CHOICES: list[tuple[str, str | Promise]] = [(test.code, test.name) for test in TESTS]


def get(code: str) -> LabTest:
    """The test with this code; KeyError for an unknown one."""
    return BY_CODE[code]


def preferred_unit(code: str, preferred_b12_unit: str | None = None) -> str:
    """The unit results are shown in: the patient's choice for B12, the usual unit otherwise."""
    test = BY_CODE[code]
    if code == "b12" and preferred_b12_unit in test.units:
        return preferred_b12_unit
    return test.usual_unit


# Where the range depends on sex and the lab gave none (base unit). Haemoglobin: the lower
# limits are the WHO anaemia thresholds for adults (120 g/L women, 130 g/L men; WHO 2011,
# "Haemoglobin concentrations for the diagnosis of anaemia"); the upper limits are broad
# adult defaults, as for every range here.
RANGES_BY_SEX: dict[str, dict[str, tuple[Decimal, Decimal]]] = {
    "haemoglobin": {
        "female": (Decimal("120"), Decimal("150")),
        "male": (Decimal("130"), Decimal("170")),
    },
}


def default_range(
    code: str, unit: str, sex: str = ""
) -> tuple[Decimal | None, Decimal | None]:
    """The catalogue's reference range expressed (and rounded) in `unit`; for the patient's
    sex where the range depends on it and the sex is known."""
    test = BY_CODE[code]
    low, high = RANGES_BY_SEX.get(code, {}).get(sex, (test.reference_low, test.reference_high))

    def to_unit(value: Decimal | None) -> Decimal | None:
        if value is None:
            return None
        return units.convert_rounded(value, test.base_unit, unit, test=code)

    return to_unit(low), to_unit(high)

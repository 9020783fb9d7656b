"""Protocol templates: named, sourced regimens that prefill a new regimen.

Data only. The prescriber's instructions always win over a template; the form says so.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .engine import IntervalUnit, Phase, PhaseEnd, PhaseKind

# Clinical: the prescription, not the template, says what to inject.
PRESCRIBER_WINS = _(
    "A template is a starting point from published guidance. Your prescriber's instructions "
    "always win: change anything that differs from the prescription."
)


@dataclass(frozen=True)
class ProductSpec:
    formulation: str
    strength_mcg_per_ml: int
    form: str


@dataclass(frozen=True)
class ProtocolTemplate:
    slug: str
    name: str
    summary: str
    source: str
    source_url: str
    product: ProductSpec
    dose_mcg: int
    routes: tuple[str, ...]
    phases: tuple[Phase, ...]

    @property
    def route(self) -> str:
        return self.routes[0]


HYDROXO_AMPOULE = ProductSpec("hydroxocobalamin", 1000, "ampoule")
CYANO_VIAL = ProductSpec("cyanocobalamin", 1000, "vial")

TEMPLATES: dict[str, ProtocolTemplate] = {
    template.slug: template
    for template in [
        ProtocolTemplate(
            slug="uk-hydroxocobalamin",
            # Translators: a guideline regimen's name; UK is the country whose guidance it is.
            name=_("UK hydroxocobalamin (no neurological involvement)"),
            # Clinical: a guideline regimen's dosing, as the template prefills it.
            summary=_("1000 mcg IM three times a week for 2 weeks (6 doses), then every 3 "
                      "months."),
            # Translators: BNF is the British National Formulary: keep "BNF" as it is.
            source=_("BNF: hydroxocobalamin, pernicious anaemia without neurological "
                     "involvement (maintenance every 2–3 months)"),
            source_url="https://bnf.nice.org.uk/drugs/hydroxocobalamin/",
            product=HYDROXO_AMPOULE,
            dose_mcg=1000,
            routes=("IM",),
            phases=(
                Phase(
                    PhaseKind.LOADING, IntervalUnit.WEEKDAYS, end=PhaseEnd.AFTER_DOSES,
                    end_after_doses=6, grace_days=1, label=_("Loading"),
                ),
                Phase(
                    PhaseKind.MAINTENANCE, IntervalUnit.MONTHS, every=3, grace_days=7,
                    label=_("Maintenance"),
                ),
            ),
        ),
        ProtocolTemplate(
            slug="uk-hydroxocobalamin-neuro",
            name=_("UK hydroxocobalamin (neurological involvement)"),
            # Clinical: a guideline regimen's dosing, as the template prefills it.
            summary=_("1000 mcg IM on alternate days until no further improvement (a clinician "
                      "ends loading), then every 2 months."),
            # Translators: BNF is the British National Formulary: keep "BNF" as it is.
            source=_("BNF: hydroxocobalamin, pernicious anaemia with neurological involvement"),
            source_url="https://bnf.nice.org.uk/drugs/hydroxocobalamin/",
            product=HYDROXO_AMPOULE,
            dose_mcg=1000,
            routes=("IM",),
            phases=(
                Phase(PhaseKind.LOADING, IntervalUnit.DAYS, every=2, grace_days=1,
                      label=_("Loading")),
                Phase(
                    PhaseKind.MAINTENANCE, IntervalUnit.MONTHS, every=2, grace_days=7,
                    label=_("Maintenance"),
                ),
            ),
        ),
        ProtocolTemplate(
            slug="us-cyanocobalamin",
            # Translators: a guideline regimen's name; US is the country whose guidance it is.
            name=_("US cyanocobalamin"),
            # Clinical: a guideline regimen's dosing, as the template prefills it.
            summary=_("1000 mcg IM or SC daily for 7 days, weekly for 4 doses, then monthly."),
            # Translators: the citation of an article published in English: keep it as it is.
            source=_("Langan RC, Goodbred AJ. Vitamin B12 deficiency: recognition and "
                     "management. Am Fam Physician 2017;96(6):384-389"),
            source_url="https://www.aafp.org/pubs/afp/issues/2017/0915/p384.html",
            product=CYANO_VIAL,
            dose_mcg=1000,
            routes=("IM", "SC"),
            phases=(
                Phase(
                    PhaseKind.LOADING, IntervalUnit.DAYS, end=PhaseEnd.AFTER_DOSES,
                    end_after_doses=7, grace_days=0, label=_("Daily loading"),
                ),
                Phase(
                    PhaseKind.LOADING, IntervalUnit.WEEKS, end=PhaseEnd.AFTER_DOSES,
                    end_after_doses=4, grace_days=2, label=_("Weekly loading"),
                ),
                Phase(
                    PhaseKind.MAINTENANCE, IntervalUnit.MONTHS, grace_days=7,
                    label=_("Monthly"),
                ),
            ),
        ),
    ]
}

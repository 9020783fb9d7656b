"""Countries a patient may live in, and the one their time zone most likely means.

Pure data. The zones come from the tz database's zone.tab (public domain), limited to the
countries whose emergency number `labs.redflags` knows, plus the old alias names a profile
may still hold (US/Eastern, Australia/NSW, GB). A zone shared by several countries maps to the
one zone.tab names; the patient can always choose another country on their profile.

The names are translated (our catalogues; Debian's iso-codes served as the reference) and a
select lists them in the order of the language they are read in (`in_reading_order`).
"""

import unicodedata

from django.utils.translation import gettext_lazy as _

COUNTRIES: tuple[tuple[str, str], ...] = (
    # Translators: the countries a patient may choose on the clinical profile.
    ("AU", _("Australia")),
    ("AT", _("Austria")),
    ("BE", _("Belgium")),
    ("BG", _("Bulgaria")),
    ("CA", _("Canada")),
    ("HR", _("Croatia")),
    ("CY", _("Cyprus")),
    ("CZ", _("Czechia")),
    ("DK", _("Denmark")),
    ("EE", _("Estonia")),
    ("FI", _("Finland")),
    ("FR", _("France")),
    ("DE", _("Germany")),
    ("GR", _("Greece")),
    ("HK", _("Hong Kong")),
    ("HU", _("Hungary")),
    ("IS", _("Iceland")),
    ("IN", _("India")),
    ("IE", _("Ireland")),
    ("IT", _("Italy")),
    ("JP", _("Japan")),
    ("LV", _("Latvia")),
    ("LT", _("Lithuania")),
    ("LU", _("Luxembourg")),
    ("MT", _("Malta")),
    ("MX", _("Mexico")),
    ("NL", _("Netherlands")),
    ("NZ", _("New Zealand")),
    ("NO", _("Norway")),
    ("PL", _("Poland")),
    ("PT", _("Portugal")),
    ("RO", _("Romania")),
    ("SG", _("Singapore")),
    ("SK", _("Slovakia")),
    ("SI", _("Slovenia")),
    ("ES", _("Spain")),
    ("SE", _("Sweden")),
    ("CH", _("Switzerland")),
    ("GB", _("United Kingdom")),
    ("US", _("United States")),
)

_ZONES_BY_COUNTRY: dict[str, str] = {
    "GB": "Europe/Belfast Europe/London GB GB-Eire",
    "IE": "Eire Europe/Dublin",
    "US": (
        "America/Adak America/Anchorage America/Boise America/Chicago America/Denver "
        "America/Detroit America/Indiana/Indianapolis America/Indiana/Knox "
        "America/Indiana/Marengo America/Indiana/Petersburg America/Indiana/Tell_City "
        "America/Indiana/Vevay America/Indiana/Vincennes America/Indiana/Winamac "
        "America/Indianapolis America/Juneau America/Kentucky/Louisville "
        "America/Kentucky/Monticello America/Los_Angeles America/Louisville "
        "America/Menominee America/Metlakatla America/New_York America/Nome "
        "America/North_Dakota/Beulah America/North_Dakota/Center "
        "America/North_Dakota/New_Salem America/Phoenix America/Sitka America/Yakutat "
        "Pacific/Honolulu US/Alaska US/Arizona US/Central US/Eastern US/Hawaii "
        "US/Mountain US/Pacific"
    ),
    "CA": (
        "America/Atikokan America/Blanc-Sablon America/Cambridge_Bay America/Creston "
        "America/Dawson America/Dawson_Creek America/Edmonton America/Fort_Nelson "
        "America/Glace_Bay America/Goose_Bay America/Halifax America/Inuvik "
        "America/Iqaluit America/Moncton America/Montreal America/Rankin_Inlet "
        "America/Regina America/Resolute America/St_Johns America/Swift_Current "
        "America/Toronto America/Vancouver America/Whitehorse America/Winnipeg "
        "Canada/Atlantic Canada/Central Canada/Eastern Canada/Mountain "
        "Canada/Newfoundland Canada/Pacific Canada/Saskatchewan"
    ),
    "AU": (
        "Antarctica/Macquarie Australia/ACT Australia/Adelaide Australia/Brisbane "
        "Australia/Broken_Hill Australia/Canberra Australia/Darwin Australia/Eucla "
        "Australia/Hobart Australia/Lindeman Australia/Lord_Howe Australia/Melbourne "
        "Australia/NSW Australia/North Australia/Perth Australia/Queensland "
        "Australia/South Australia/Sydney Australia/Tasmania Australia/Victoria "
        "Australia/West"
    ),
    "NZ": "NZ Pacific/Auckland Pacific/Chatham",
    "AT": "Europe/Vienna",
    "BE": "Europe/Brussels",
    "BG": "Europe/Sofia",
    "HR": "Europe/Zagreb",
    "CY": "Asia/Famagusta Asia/Nicosia",
    "CZ": "Europe/Prague",
    "DK": "Europe/Copenhagen",
    "EE": "Europe/Tallinn",
    "FI": "Europe/Helsinki",
    "FR": "Europe/Paris",
    "DE": "Europe/Berlin Europe/Busingen",
    "GR": "Europe/Athens",
    "HU": "Europe/Budapest",
    "IT": "Europe/Rome",
    "LV": "Europe/Riga",
    "LT": "Europe/Vilnius",
    "LU": "Europe/Luxembourg",
    "MT": "Europe/Malta",
    "NL": "Europe/Amsterdam",
    "PL": "Europe/Warsaw Poland",
    "PT": "Atlantic/Azores Atlantic/Madeira Europe/Lisbon Portugal",
    "RO": "Europe/Bucharest",
    "SK": "Europe/Bratislava",
    "SI": "Europe/Ljubljana",
    "ES": "Africa/Ceuta Atlantic/Canary Europe/Madrid",
    "SE": "Europe/Stockholm",
    "NO": "Europe/Oslo",
    "CH": "Europe/Zurich",
    "IS": "Atlantic/Reykjavik Iceland",
    "JP": "Asia/Tokyo Japan",
    "IN": "Asia/Calcutta Asia/Kolkata",
    "MX": (
        "America/Bahia_Banderas America/Cancun America/Chihuahua America/Ciudad_Juarez "
        "America/Hermosillo America/Matamoros America/Mazatlan America/Merida "
        "America/Mexico_City America/Monterrey America/Ojinaga America/Tijuana"
    ),
    "SG": "Asia/Singapore Singapore",
    "HK": "Asia/Hong_Kong Hongkong",
}
ZONE_COUNTRY: dict[str, str] = {
    zone: country for country, zones in _ZONES_BY_COUNTRY.items() for zone in zones.split()
}
NAMES = dict(COUNTRIES)


def country_for_zone(zone: str) -> str:
    """The ISO 3166 code the time zone most likely means, or "" when it is not one we know."""
    return ZONE_COUNTRY.get(zone, "")


# Letters a language sorts after their base letter, where taking the accent off would put
# them among it (Polish: L, Ł, M); Urdu's letters in its alphabet's order, which Unicode's
# (Arabic first, Urdu's own letters added later) is not.
_AFTER_BASE = str.maketrans({"ł": "l~"})
_URDU_ALPHABET = "اآبپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھءیے"
_URDU_ORDER = str.maketrans({letter: chr(0xE000 + index)
                             for index, letter in enumerate(_URDU_ALPHABET)})


def _reading_key(name: str) -> str:
    name = unicodedata.normalize("NFKD", name.casefold().translate(_AFTER_BASE))
    return "".join(c for c in name if not unicodedata.combining(c)).translate(_URDU_ORDER)


def in_reading_order(choices) -> list[tuple[str, str]]:
    """A select's countries sorted by their names in the active language, the blank first."""
    blank = [(code, name) for code, name in choices if not code]
    named = [(code, name) for code, name in choices if code]
    return blank + sorted(named, key=lambda choice: _reading_key(str(choice[1])))

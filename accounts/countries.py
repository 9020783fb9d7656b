"""Countries a patient may live in, and the one their time zone most likely means.

Pure data. The zones come from the tz database's zone.tab (public domain), limited to the
countries whose emergency number `labs.redflags` knows, plus the old alias names a profile
may still hold (US/Eastern, Australia/NSW, GB). A zone shared by several countries maps to the
one zone.tab names; the patient can always choose another country on their profile.
"""

COUNTRIES: tuple[tuple[str, str], ...] = (
    ("AU", "Australia"),
    ("AT", "Austria"),
    ("BE", "Belgium"),
    ("BG", "Bulgaria"),
    ("CA", "Canada"),
    ("HR", "Croatia"),
    ("CY", "Cyprus"),
    ("CZ", "Czechia"),
    ("DK", "Denmark"),
    ("EE", "Estonia"),
    ("FI", "Finland"),
    ("FR", "France"),
    ("DE", "Germany"),
    ("GR", "Greece"),
    ("HK", "Hong Kong"),
    ("HU", "Hungary"),
    ("IS", "Iceland"),
    ("IN", "India"),
    ("IE", "Ireland"),
    ("IT", "Italy"),
    ("JP", "Japan"),
    ("LV", "Latvia"),
    ("LT", "Lithuania"),
    ("LU", "Luxembourg"),
    ("MT", "Malta"),
    ("MX", "Mexico"),
    ("NL", "Netherlands"),
    ("NZ", "New Zealand"),
    ("NO", "Norway"),
    ("PL", "Poland"),
    ("PT", "Portugal"),
    ("RO", "Romania"),
    ("SG", "Singapore"),
    ("SK", "Slovakia"),
    ("SI", "Slovenia"),
    ("ES", "Spain"),
    ("SE", "Sweden"),
    ("CH", "Switzerland"),
    ("GB", "United Kingdom"),
    ("US", "United States"),
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

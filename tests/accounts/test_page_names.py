"""The access log names each page in words, in the reader's language."""

from django.utils import translation

from accounts.page_names import PAGE_NAMES, page_name
from tests.support.pages import named_routes


def test_it_names_every_page_of_a_patients_record():
    unnamed = [name for name, route, args in named_routes()
               if "patient_id" in args and not route.startswith("api/")
               and name not in PAGE_NAMES]
    assert unnamed == []


def test_it_names_the_page_in_the_readers_language():
    with translation.override("es"):
        assert page_name("/patients/7/doses/?route=IM") == "Historial de dosis"
        assert page_name("/api/v1/patients/7/doses/") == "Aplicación móvil o API"
        assert page_name("/no-such-page/") == "Una página que ya no existe"
    with translation.override("pl"):
        assert page_name("/patients/7/") == "Dziś"
    assert page_name("/patients/7/") == "Today"

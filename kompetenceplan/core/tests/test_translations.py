"""The English translation is complete and compiled."""

import re
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_string_is_translated_and_none_is_fuzzy():
    entries = PO.read_text(encoding="utf-8").split("\n\n")[1:]  # skip the header
    assert not [e for e in entries if "#, fuzzy" in e]
    empty = [
        e
        for e in entries
        if re.search(r'^msgstr(\[\d\])? ""\n?$', e.strip() + "\n", re.M)
        and not re.search(r'^msgstr(\[\d\])? ""\n"', e, re.M)
    ]
    assert not empty, empty[:3]


def test_compiled_catalogue_is_used():
    with translation.override("en"):
        assert translation.gettext("Medarbejdere") == "Employees"
        assert translation.gettext("Teamet er gemt.") == "The team has been saved."

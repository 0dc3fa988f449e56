"""The one bound on every search box (security issue 8): core.search."""

import pytest
from django import forms

from kompetenceplan.core.forms import DkfdsForm
from kompetenceplan.core.search import SearchField, SearchTerms, search_terms


def test_at_most_the_configured_number_of_words(settings):
    settings.SEARCH_MAX_WORDS = 12
    twelve = " ".join(f"w{i}" for i in range(12))
    assert search_terms(twelve) == SearchTerms(tuple(twelve.split()), truncated=False)
    terms = search_terms(" ".join(f"w{i}" for i in range(1000)))
    assert terms.words == tuple(f"w{i}" for i in range(12))
    assert terms.truncated
    assert terms.notice == "Søgningen er afkortet til de første 12 ord."
    assert search_terms(twelve).notice == ""


def test_at_most_the_configured_number_of_characters(settings):
    settings.SEARCH_MAX_CHARS = 10
    assert search_terms("abcd efgh") == SearchTerms(("abcd", "efgh"))  # 9 characters
    assert search_terms("abcd efghi") == SearchTerms(("abcd", "efghi"))  # 10
    assert search_terms("abcd efghij") == SearchTerms(("abcd",), truncated=True)
    # One word longer than the limit is cut, not dropped.
    assert search_terms("x" * 5000) == SearchTerms(("x" * 10,), truncated=True)
    assert search_terms("a" * 5000).notice == "Søgningen er afkortet til det første ord."


def test_white_space_and_control_characters_separate_words():
    assert search_terms("  Anna\tBach\x00\x85Bo\n") == SearchTerms(("Anna", "Bach", "Bo"))
    assert search_terms("") == SearchTerms(())
    assert not search_terms(" \t ")


def test_a_pattern_says_what_a_word_is():
    terms = search_terms("ICDP, (sproglige) 1.3", pattern=r"[\wæøåÆØÅ/-]+")
    assert terms.words == ("ICDP", "sproglige", "1", "3")


def test_a_huge_text_is_not_scanned_past_the_limit(settings):
    """A million words cost no more than twelve (the scan stops early)."""
    import time

    text = "ord " * 1_000_000
    start = time.perf_counter()
    assert len(search_terms(text).words) == settings.SEARCH_MAX_WORDS
    assert time.perf_counter() - start < 0.1


class SearchForm(DkfdsForm):
    q = SearchField()


@pytest.mark.parametrize("text", ["Anna\x00", "Anna\x01Bach", "Anna\tBach"])
def test_the_field_refuses_control_characters_as_every_text_field(text):
    form = SearchForm({"q": text})
    assert not form.is_valid()
    # NUL: Django's own "Null-tegn er ikke tilladte."; others: core.validators.
    assert "styretegn" in form.errors["q"][0] or "Null-tegn" in form.errors["q"][0]


def test_the_field_cleans_to_terms_and_keeps_the_notice(settings):
    settings.SEARCH_MAX_WORDS = 2
    form = SearchForm({"q": "a b c"})
    assert form.is_valid()
    assert form.cleaned_data["q"] == SearchTerms(("a", "b"), truncated=True)
    assert form.fields["q"].notice == "Søgningen er afkortet til de første 2 ord."
    form = SearchForm({"q": "  "})
    assert form.is_valid() and form.cleaned_data["q"] is None
    assert form.fields["q"].notice == ""
    assert isinstance(SearchField(), forms.CharField)

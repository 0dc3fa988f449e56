"""The one bound on every search box: at most ``SEARCH_MAX_WORDS`` words and
``SEARCH_MAX_CHARS`` characters are searched for, the rest is ignored and the
page says so (security issue 8: a 1,000-word search was a 500 on SQLite and a
minute's work for PostgreSQL).

A list's search filter is a :class:`SearchFilter`; its form field hands the
filter method a :class:`SearchTerms` (the words, and whether any were left
out), and ``core/includes/filters.html`` shows the notice below the field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import django_filters
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

#: A word of a search, by default: anything between white space and control
#: characters (a tab or NUL separates words, it is never searched for).
WORD = r"[^\s\x00-\x1f\x7f-\x9f]+"


@dataclass(frozen=True)
class SearchTerms:
    """The words searched for, in the order typed; ``truncated``: words or
    characters beyond the limits were left out."""

    words: tuple[str, ...]
    truncated: bool = False

    def __bool__(self) -> bool:
        return bool(self.words)

    def __str__(self) -> str:
        return " ".join(self.words)

    @property
    def notice(self) -> str:
        """The Danish notice for a shortened search ('' when nothing was left out)."""
        if not self.truncated:
            return ""
        count = len(self.words)
        return ngettext(
            "Søgningen er afkortet til det første ord.",
            "Søgningen er afkortet til de første %(count)d ord.",
            count,
        ) % {"count": count}


def search_terms(
    text: str,
    *,
    pattern: str = WORD,
    max_words: int | None = None,
    max_chars: int | None = None,
) -> SearchTerms:
    """The first words of ``text`` (``pattern`` says what a word is): at most
    ``max_words`` words (setting ``SEARCH_MAX_WORDS``) of at most ``max_chars``
    characters in all, counting one space between words (``SEARCH_MAX_CHARS``;
    a single longer word is cut). The text is scanned lazily, so a huge text
    costs no more than its first words."""
    max_words = settings.SEARCH_MAX_WORDS if max_words is None else max_words
    max_chars = settings.SEARCH_MAX_CHARS if max_chars is None else max_chars
    words: list[str] = []
    used = 0
    for match in re.finditer(pattern, text or ""):
        word = match.group()
        room = max_chars - used - (1 if words else 0)
        if len(words) >= max_words or room <= 0:
            return SearchTerms(tuple(words), truncated=True)
        if len(word) > room:
            if not words:
                words.append(word[:room])
            return SearchTerms(tuple(words), truncated=True)
        words.append(word)
        used += len(word) + (1 if len(words) > 1 else 0)
    return SearchTerms(tuple(words))


class SearchField(forms.CharField):
    """A search box: cleans to :class:`SearchTerms` (no words: ``None``).
    The text is checked as any text field (``core.forms`` refuses control
    characters with a Danish message on the field) before it is split."""

    def __init__(self, *, pattern: str = WORD, **kwargs: Any) -> None:
        self.pattern = pattern
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        #: The notice of the last clean: the words left out (filters.html).
        self.notice = ""

    def clean(self, value: Any) -> SearchTerms | None:
        self.notice = ""
        text = super().clean(value)
        if not text:
            return None
        terms = search_terms(text, pattern=self.pattern)
        self.notice = terms.notice
        return terms or None


class SearchFilter(django_filters.CharFilter):  # type: ignore[misc]  # untyped library
    """The ``q`` filter of a list: ``method`` receives a :class:`SearchTerms`
    (never called for an empty search). ``pattern``: what a word is."""

    field_class = SearchField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Søg"))
        super().__init__(*args, **kwargs)

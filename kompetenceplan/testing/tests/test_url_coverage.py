"""Every named page of ``config.urls`` has a permission-matrix case.

Each app keeps its cases in ``<app>/tests/test_permission_matrix.py`` (a list
``CASES`` of :class:`kompetenceplan.testing.matrix.Case`). A new page without a
case fails here, and so does a case whose page no longer exists.
"""

import importlib
import importlib.util

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from kompetenceplan.testing.matrix import Case

#: Included URL modules that are not ours, with the reason they have no matrix case.
EXCLUDED_INCLUDES = {
    "allauth.urls": "django-allauth's login, logout, password and MFA pages; "
    "tested in kompetenceplan/accounts/tests/test_login.py",
}
#: Single named URLs that are not ours, with the reason.
EXCLUDED_NAMES = {
    "set_language": "Django's language switch (django.views.i18n.set_language): "
    "open to every visitor on purpose",
}


def _module_name(urlconf) -> str:
    return urlconf if isinstance(urlconf, str) else getattr(urlconf, "__name__", "")


def walk(resolver=None, namespace=""):
    """``({"app:page": view module}, [unnamed patterns])`` for everything reachable
    from ``config.urls``, leaving out the exclusions."""
    resolver = resolver or get_resolver()
    names, unnamed = {}, []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if _module_name(entry.urlconf_name) in EXCLUDED_INCLUDES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            more, more_unnamed = walk(entry, inner)
            names.update(more)
            unnamed += more_unnamed
        elif isinstance(entry, URLPattern):
            if entry.name is None:
                unnamed.append(f"{namespace}{entry.pattern}")
            elif f"{namespace}{entry.name}" not in EXCLUDED_NAMES:
                names[f"{namespace}{entry.name}"] = entry.lookup_str.rsplit(".", 1)[0]
    return names, unnamed


def named_urls():
    names, unnamed = walk()
    return set(names), unnamed


def matrix_cases() -> dict[str, list[Case]]:
    """The ``CASES`` of every project app's tests/test_permission_matrix.py, by app."""
    found = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("kompetenceplan."):
            continue
        module_name = f"{config.name}.tests.test_permission_matrix"
        if importlib.util.find_spec(f"{config.name}.tests") is None:
            continue
        if importlib.util.find_spec(module_name) is None:
            continue
        found[config.label] = list(importlib.import_module(module_name).CASES)
    return found


def test_every_named_page_has_a_permission_matrix_case():
    names, _unnamed = named_urls()
    covered = {case.name for cases in matrix_cases().values() for case in cases}
    missing = sorted(names - covered)
    assert not missing, (
        "These pages have no permission-matrix case; add one to the app's "
        f"tests/test_permission_matrix.py (see kompetenceplan/testing/matrix.py): {missing}"
    )


def test_every_matrix_case_names_an_existing_page():
    names, _unnamed = named_urls()
    stale = sorted(
        f"{app}: {case.id}"
        for app, cases in matrix_cases().items()
        for case in cases
        if case.name not in names
    )
    assert not stale, f"These matrix cases name pages that do not exist: {stale}"


def test_each_case_lives_in_the_app_of_its_view():
    """A page's case is in the tests of the app whose view module serves it
    (the front page, ``core:home``, is the frontpage app's), so the cases move
    with the views."""
    views = walk()[0]
    misplaced = sorted(
        f"{case.name} is served by {views[case.name]} but its case is in {label}'s tests"
        for label, cases in matrix_cases().items()
        for case in cases
        if case.name in views
        and not views[case.name].startswith(f"{apps.get_app_config(label).name}.")
    )
    assert not misplaced, misplaced


def test_every_page_has_a_name():
    _names, unnamed = named_urls()
    assert not unnamed, (
        f"These URL patterns have no name, so no matrix case can cover them: {unnamed}"
    )


def test_the_walk_finds_the_pages_of_every_app_with_urls():
    """A guard for the walk itself: each project app with a urls.py has pages in it
    (whatever namespace config.urls mounts them in)."""
    view_modules = walk()[0].values()
    with_urls = {
        config.name
        for config in apps.get_app_configs()
        if config.name.startswith("kompetenceplan.")
        and importlib.util.find_spec(f"{config.name}.urls") is not None
    }
    assert with_urls
    for app in with_urls:
        assert any(module.startswith(f"{app}.") for module in view_modules), app


def test_the_exclusions_are_real():
    """An exclusion that no longer matches anything is removed from the lists above."""
    resolver = get_resolver()
    included = {
        _module_name(e.urlconf_name) for e in resolver.url_patterns if isinstance(e, URLResolver)
    }
    assert set(EXCLUDED_INCLUDES) <= included
    top_names = {e.name for e in resolver.url_patterns if isinstance(e, URLPattern)}
    assert set(EXCLUDED_NAMES) <= top_names

"""Ids in templates are written without the Danish thousand separator.

USE_THOUSAND_SEPARATOR shows numbers the Danish way (1.331), and Django applies
it to every integer a template prints, ids included: ``?plan={{ plan.pk }}``
became ``?plan=1.331`` once a table passed 999 rows (found on PostgreSQL, whose
ids grow across the test run). Every id printed in a template goes through
``|unlocalize`` (a builtin, config/settings.py), and this test finds any that
does not.
"""

import re
from pathlib import Path

from django.template import Context, Template
from django.utils import translation

import kompetenceplan

ROOT = Path(kompetenceplan.__file__).resolve().parent
BARE_ID = re.compile(r"\{\{\s*([\w.]+?(?:\.pk|\.id|_id))\s*\}\}")


def test_no_template_prints_a_bare_id():
    bare = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in sorted(ROOT.rglob("*.html"))
        for match in BARE_ID.finditer(path.read_text(encoding="utf-8"))
        if not match.group(1).endswith("auto_id")
    ]
    assert not bare, "write these as {{ x.pk|unlocalize }}: " + ", ".join(bare)


def test_an_id_over_999_keeps_its_digits_and_an_amount_its_separator():
    with translation.override("da"):
        rendered = Template("?plan={{ pk|unlocalize }} {{ pk }}").render(Context({"pk": 1331}))
    assert rendered == "?plan=1331 1.331"

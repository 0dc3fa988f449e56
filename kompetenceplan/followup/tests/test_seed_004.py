"""Seed 004 as a plan (issue 10, item 9): the transcription
plans/data/demo-sjaelland-skole-2018-2022.yaml loads into the demo
municipality Demo-Sjælland (998) without losing anything: numberless
initiatives in the source's order, a level per initiative, the counts per
period as in 004_e1ef1b3300b5fbcb.txt, the follow-up column as follow-up kinds
(with a cadence where the text states one), and numberless initiatives render
in the catalogue, the plan page, the initiative page and the PDF/DOCX."""

import io
from collections import Counter

import pytest
from django.urls import reverse

from kompetenceplan.followup.models import FollowupKind
from kompetenceplan.plans.models import Initiative
from kompetenceplan.testing.factories import make_municipality, make_user
from kompetenceplan.testing.plans import load_plan_file, plan_data

pytestmark = pytest.mark.django_db
SLUG = "demo-sjaelland-skole-2018-2022"
# (period, level) -> count, read off the source: "" is the development model
# under the children and youth policy (no level printed).
SOURCE_COUNTS = {
    ("2018-2020", ""): 5,
    ("2018-2020", "staff"): 5,
    ("2018-2020", "leadership"): 3,
    ("2020-2022", ""): 7,
    ("2020-2022", "staff"): 8,
    ("2020-2022", "leadership"): 6,
}


@pytest.fixture
def plan(db):
    make_municipality("998", "Demo-Sjælland")
    return load_plan_file(SLUG)


def test_the_transcription_loads_with_the_sources_counts(plan):
    initiatives = list(plan.initiatives.select_related("focus_area").order_by("sort_key"))
    counts = Counter((i.focus_area.number, i.level) for i in initiatives)
    assert dict(counts) == SOURCE_COUNTS
    assert {i.number for i in initiatives} == {""}
    assert [i.display_order for i in initiatives] == list(range(1, 35))
    assert initiatives[0].title == "Tidlig opsporing via to årlige trivselsvurderinger"
    assert initiatives[-1].title.startswith("Lokal udvikling af ledelsesteam")
    assert sorted(plan.policies.values_list("name", flat=True)) == [
        "Børne- og ungepolitikken",
        "Skolepolitiske mål",
    ]
    per_policy = Counter(
        (i.focus_area.number, p.name) for i in initiatives for p in i.policies.all()
    )
    assert per_policy == {
        ("2018-2020", "Børne- og ungepolitikken"): 5,
        ("2018-2020", "Skolepolitiske mål"): 8,
        ("2020-2022", "Børne- og ungepolitikken"): 7,
        ("2020-2022", "Skolepolitiske mål"): 14,
    }
    assert "Teksten nævner ikke kommunen" in plan.notes


def test_the_follow_up_column_becomes_follow_up_kinds(plan):
    kinds = list(FollowupKind.objects.filter(plan=plan).order_by("order"))
    assert Counter(k.period for k in kinds) == {"2018-2020": 7, "2020-2022": 9}
    cadences = {(k.period, k.name): (k.times_min, k.times_max) for k in kinds if k.times_max}
    assert cadences == {
        ("2018-2020", "Årlig evaluering på lokalt niveau"): (1, 1),
        ("2018-2020", "Årlig evaluering på kommunalt niveau"): (1, 1),
        ("2018-2020", "Ledelses(team)udviklingssamtale"): (2, 2),
        ("2018-2020", "Skolecenterchefens 1:1-samtale"): (6, 6),
        ("2020-2022", "Årlig evaluering på lokalt niveau"): (1, 1),
        ("2020-2022", "Årlig evaluering på kommunalt niveau"): (1, 1),
        ("2020-2022", "LUS og GRUS"): (1, 1),
        ("2020-2022", "Skolecenterchefens 1:1-samtale"): (4, 6),
    }
    one = next(k for k in kinds if k.period == "2020-2022" and k.times_min == 4)
    assert one.text.startswith("4-6 x årligt - skolecenterchefens 1:1-samtaler")
    assert (one.first_year, one.last_year, one.level) == (2020, 2021, "leadership")
    assert one.cadence_label == "4-6 gange om året"


def test_loading_twice_changes_nothing(plan):
    from kompetenceplan.core.models import ChangeLogEntry
    from kompetenceplan.funding.plan_loading import plan_document_load

    entries = ChangeLogEntry.objects.count()
    _plan, changed = plan_document_load(actor=None, data=plan_data(SLUG))
    assert not changed
    assert ChangeLogEntry.objects.count() == entries


def test_a_bad_follow_up_item_refuses_the_whole_file(db):
    from django.core.exceptions import ValidationError

    from kompetenceplan.funding.plan_loading import plan_document_load
    from kompetenceplan.plans.models import Plan

    make_municipality("998", "Demo-Sjælland")
    data = plan_data(SLUG)
    data["followup"][0]["kind"] = "kaffe"
    data["initiatives"][0]["level"] = "direktion"
    with pytest.raises(ValidationError) as caught:
        plan_document_load(actor=None, data=data)
    text = " ".join(caught.value.messages)
    assert "arten “kaffe”" in text
    assert "niveauet “direktion”" in text
    assert not Plan.objects.exists()


def test_numberless_initiatives_render_in_catalogue_plan_and_initiative_page(client, plan):
    user = make_user(plan.municipality)
    client.force_login(user)
    first = Initiative.objects.get(plan=plan, display_order=1)
    catalogue = client.get(reverse("plans:catalogue")).content.decode()
    assert first.title in catalogue
    page = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert first.title in page
    assert "Ledelsesniveau" in page and "Medarbejderniveau" in page
    assert "4-6 x årligt - skolecenterchefens 1:1-samtaler" in page  # the follow-up column
    detail = client.get(reverse("plans:initiative_detail", args=[first.pk]))
    assert detail.status_code == 200
    assert f"<h1>{first.title}</h1>" in detail.content.decode()
    # The export names the plan and leaves the number empty.
    export = client.get(reverse("plans:catalogue") + "?export=csv").content.decode("utf-8-sig")
    assert first.title in export


def test_numberless_initiatives_render_in_pdf_and_docx(plan):
    from docx import Document
    from pypdf import PdfReader

    from kompetenceplan.reports.documents import render_docx, render_pdf
    from kompetenceplan.reports.selectors import plan_document_data

    data = plan_document_data(plan)
    labels = [item["label"] for item in data["initiatives"]]
    assert labels[0] == "Tidlig opsporing via to årlige trivselsvurderinger"
    anchors = [item["anchor"] for item in data["initiatives"]]
    assert len(set(anchors)) == 34  # one anchor each, though none has a number
    docx = Document(io.BytesIO(render_docx(data)))
    headings = [p.text for p in docx.paragraphs if p.style.name.startswith("Heading")]
    assert "Tidlig opsporing via to årlige trivselsvurderinger" in headings
    assert "Ledelsesniveau" in [p.text for p in docx.paragraphs]
    pdf = PdfReader(io.BytesIO(render_pdf(data)))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "Tidlig opsporing via to årlige trivselsvurderinger" in text
    assert "Lokal udvikling af ledelsesteam som professionelle" in text

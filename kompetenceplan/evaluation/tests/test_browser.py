"""The evaluation's pages in a real browser (Debian's /usr/bin/chromium via
Playwright) with axe-core: rendered, screenshotted, WCAG 2.1 AA; the answer
page on a phone (390 px) answered to the end."""

import pytest
from django.urls import reverse

from kompetenceplan.evaluation.models import SurveyResponse
from kompetenceplan.evaluation.selectors import HIDDEN_TEXT
from kompetenceplan.testing.browser import check_page, log_in

from .factories import SECRET, make_eval_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_results_pages_as_consultant(page, live_server, world):
    o = make_eval_world(world, answers=5)
    log_in(page, live_server, "consultant")
    page.goto(live_server.url + reverse("evaluation:overview"))
    assert "Sproghold 1" in page.inner_text("main")
    check_page(page, "evaluation-overview")
    page.goto(live_server.url + reverse("evaluation:cohort_results", args=[o.cohort.pk]))
    main = page.inner_text("main")
    assert SECRET in main and "Gennemsnit 4,0 af 5 svar" in main
    check_page(page, "evaluation-cohort")
    page.goto(live_server.url + reverse("cohorts:cohort_detail", args=[o.cohort.pk]))
    panel = page.inner_text("#cohort-evaluation")
    assert "Slutevaluering" in panel and "Se resultaterne" in panel
    check_page(page, "evaluation-cohort-panel")
    page.goto(live_server.url + reverse("evaluation:initiative_results", args=[o.initiative.pk]))
    check_page(page, "evaluation-initiative")
    page.goto(live_server.url + reverse("evaluation:focus_area_results", args=[o.area.pk]))
    check_page(page, "evaluation-focus-area")
    page.goto(live_server.url + reverse("evaluation:template_list"))
    check_page(page, "evaluation-templates")
    page.goto(live_server.url + reverse("evaluation:template_detail", args=[o.template.pk]))
    check_page(page, "evaluation-template")
    page.goto(live_server.url + reverse("evaluation:template_create"))
    check_page(page, "evaluation-template-create")
    page.goto(
        live_server.url + reverse("evaluation:question_create", args=[o.templates["formative"].pk])
    )
    check_page(page, "evaluation-question-create")
    page.fill("input[name=text]", "Jeg har fået nye idéer til min undervisning.")
    page.click("main button[type=submit]")
    assert "Spørgsmålet er tilføjet." in page.inner_text("main")
    page.goto(live_server.url + reverse("evaluation:question_edit", args=[o.question.pk]))
    check_page(page, "evaluation-question-edit")
    page.goto(live_server.url + reverse("evaluation:question_delete", args=[o.question.pk]))
    check_page(page, "evaluation-question-delete")
    page.goto(
        live_server.url + reverse("evaluation:template_delete", args=[o.templates["formative"].pk])
    )
    check_page(page, "evaluation-template-delete")
    page.goto(live_server.url + reverse("evaluation:template_edit", args=[o.template.pk]))
    check_page(page, "evaluation-template-edit")


def test_hidden_results_and_settings_as_admin(page, live_server, world):
    o = make_eval_world(world, answers=4)
    log_in(page, live_server, "admin")
    page.goto(live_server.url + reverse("evaluation:cohort_results", args=[o.cohort.pk]))
    main = page.inner_text("main")
    assert str(HIDDEN_TEXT) in main and SECRET not in main
    check_page(page, "evaluation-cohort-hidden")
    page.goto(live_server.url + reverse("evaluation:settings"))
    check_page(page, "evaluation-settings")


def test_answering_on_a_phone(page, live_server, world):
    o = make_eval_world(world, answers=0)
    page.set_viewport_size({"width": 390, "height": 844})
    url = live_server.url + reverse("evaluation:answer", args=[o.token])
    page.goto(url)
    assert "Dine svar er anonyme" in page.inner_text("main")
    check_page(page, "evaluation-answer-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("main label:has-text('4 – Enig')")
    page.fill("main textarea", "Konkrete skriverammer.")
    page.click("main button[type=submit]")
    assert "Tak for dit svar" in page.inner_text("main")
    check_page(page, "evaluation-answer-thanks")
    assert SurveyResponse.objects.filter(survey=o.survey).count() == 1
    page.goto(url)
    assert "Der er allerede svaret via dette link" in page.inner_text("main")

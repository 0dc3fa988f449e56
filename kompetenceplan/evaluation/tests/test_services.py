"""The template and question rules, each refused with a Danish message."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.evaluation import services
from kompetenceplan.evaluation.choices import QuestionKind, SurveyKind
from kompetenceplan.evaluation.models import Question, SurveyTemplate

from .factories import make_eval_world

pytestmark = pytest.mark.django_db


def test_a_template_in_use_keeps_its_questions(world):
    o = make_eval_world(world)
    question = o.template.questions.first()
    message = "Skabelonen er brugt af en evaluering, så spørgsmålene kan ikke ændres."
    with pytest.raises(ValidationError, match=message):
        services.question_update(actor=None, question=question, text="Nyt")
    with pytest.raises(ValidationError, match=message):
        services.question_delete(actor=None, question=question)
    with pytest.raises(ValidationError, match=message):
        services.question_create(
            actor=None, template=o.template, text="Nyt", kind=QuestionKind.TEXT
        )
    with pytest.raises(ValidationError, match="kan ikke slettes"):
        services.template_delete(actor=None, template=o.template)
    with pytest.raises(ValidationError):
        services.template_update(actor=None, template=o.template, kind=SurveyKind.FORMATIVE)
    # Renaming is fine, and logged.
    before = ChangeLogEntry.objects.count()
    services.template_update(actor=world.users.admin, template=o.template, name="Slut 2026")
    assert ChangeLogEntry.objects.count() == before + 1


def test_one_active_template_per_kind_and_unique_names(world):
    o = make_eval_world(world)
    with pytest.raises(ValidationError) as error:
        services.template_create(
            actor=None,
            municipality=world.ishoj,
            name="Skema summative",
            kind=SurveyKind.SUMMATIVE,
            active=True,
            transfer_months=3,
        )
    assert error.value.message_dict == {
        "name": ["Kommunen har allerede en skabelon med det navn."],
        "active": [
            "Kommunen har allerede en aktiv skabelon af denne type: Skema summative. "
            "Sæt den ud af brug først."
        ],
        "transfer_months": ["Antal måneder gælder kun transferopfølgning."],
    }
    services.template_create(
        actor=None, municipality=world.ishoj, name="Ny slut", kind=SurveyKind.SUMMATIVE
    )
    assert SurveyTemplate.objects.filter(municipality=world.ishoj, kind="summative").count() == 2
    assert o.template.active


def test_the_form_shows_the_refusal(client, world):
    o = make_eval_world(world)
    client.force_login(world.users.consultant)
    question = o.template.questions.first()
    response = client.post(
        reverse("evaluation:question_edit", args=[question.pk]),
        {"text": "Nyt", "kind": "likert", "position": 1},
    )
    assert response.status_code == 200
    assert "spørgsmålene kan ikke ændres" in response.content.decode()
    assert Question.objects.get(pk=question.pk).text != "Nyt"


def test_the_answer_page_refuses_control_characters_and_keeps_nothing(client, world):
    o = make_eval_world(world, answers=0)
    likert, text = o.template.questions.order_by("position")
    url = reverse("evaluation:answer", args=[o.token])
    response = client.post(url, {f"q{likert.pk}": "4", f"q{text.pk}": "a\x00b"})
    assert response.status_code == 200
    assert not o.survey.responses.exists()
    response = client.post(url, {f"q{likert.pk}": "9"})
    assert response.status_code == 200 and not o.survey.responses.exists()
    response = client.post(url, {f"q{likert.pk}": "4"})
    assert response.status_code == 302 and o.survey.responses.count() == 1

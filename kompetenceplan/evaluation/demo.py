"""Demo evaluation for Ishøj (docs/evaluation.md, "Demo"): the three survey
templates in Danish, and the surveys of the held 2025/26 cohorts with
plausible anonymous answers: the language course's midway (14 answers) and
end (17) evaluations and its transfer follow-up to the leaders (6), and the
learning day's end evaluation with only 4 answers, so its result is hidden.
No e-mail is sent: the links are marked sent and answered through the
answer service. Loading twice changes nothing."""

from __future__ import annotations

import random

from django.db import transaction

from kompetenceplan.cohorts.models import Cohort
from kompetenceplan.core import registry

from . import schedule, services, tokens
from .choices import QuestionKind, SurveyKind
from .models import Survey, SurveyLink, SurveyTemplate

L, T = QuestionKind.LIKERT, QuestionKind.TEXT

TEMPLATES = (
    (
        "Midtvejsevaluering af kompetenceforløb",
        SurveyKind.FORMATIVE,
        "Halvvejs i forløbet vil vi gerne høre, hvordan det går, så vi kan justere resten.",
        (
            (L, "Forløbet er relevant for min praksis.", True),
            (L, "Jeg har afprøvet noget af det lærte i min praksis (prøvehandling).", False),
            (L, "Underviseren formidler stoffet, så jeg kan bruge det.", False),
            (T, "Hvad skal vi gøre mere af i resten af forløbet?", False),
            (T, "Hvad skal vi gøre mindre af eller anderledes?", False),
        ),
    ),
    (
        "Slutevaluering af kompetenceforløb",
        SurveyKind.SUMMATIVE,
        "Forløbet er slut. Dine svar bruges til at planlægge de næste hold.",
        (
            (L, "Forløbet har styrket mine faglige kompetencer.", True),
            (L, "Jeg kan bruge det lærte i min daglige praksis.", True),
            (L, "Forløbet levede op til mine forventninger.", False),
            (L, "Organiseringen (tid, sted og materialer) fungerede godt.", False),
            (T, "Hvad var det vigtigste, du tog med dig?", False),
            (T, "Andre kommentarer", False),
        ),
    ),
    (
        "Transferopfølgning til leder",
        SurveyKind.TRANSFER,
        "Et stykke tid efter forløbet spørger vi lederen, om det lærte er kommet i spil i praksis.",
        (
            (L, "Medarbejderen bruger det lærte i sin praksis.", True),
            (L, "Det lærte er delt med kolleger i teamet.", False),
            (L, "Der er skabt rammer for, at det lærte kan fastholdes.", False),
            (T, "Hvad har gjort det lettere eller sværere at bruge det lærte?", False),
        ),
    ),
)

TEXTS = {
    "Hvad skal vi gøre mere af i resten af forløbet?": [
        "Flere konkrete eksempler fra udskolingen.",
        "Mere tid til at planlægge prøvehandlingen sammen med kolleger.",
        "Gerne flere videoer fra rigtige klasser.",
        "Mere om stilladsering i matematik.",
        "Erfaringsudveksling på tværs af skolerne.",
        "Flere øvelser vi kan tage direkte med ud.",
    ],
    "Hvad skal vi gøre mindre af eller anderledes?": [
        "Lidt færre oplæg i træk, gerne pauser undervejs.",
        "Teksterne var lange at nå mellem kursusgangene.",
        "Oplægget om teori kunne være kortere.",
        "Start gerne med vores erfaringer fra prøvehandlingen.",
        "Grupperne kunne blandes mere.",
    ],
    "Hvad var det vigtigste, du tog med dig?": [
        "At ordforråd skal undervises eksplicit i alle fag.",
        "Modellen for før-, under- og efterlæsning.",
        "At stilladsering er noget, man planlægger, ikke noget man improviserer.",
        "Konkrete skriverammer, jeg allerede bruger.",
        "Sprog er en del af faget, ikke et tillæg.",
        "Samarbejdet med min makker om prøvehandlingen.",
        "Idéen om at gøre fagsproget synligt på væggene.",
    ],
    "Andre kommentarer": [
        "Godt forløb, tak.",
        "Maden på Ishøjgård var god.",
        "Gerne et opfølgende fyraftensmøde til foråret.",
        "Det var svært at få vikardækning den sidste dag.",
        "Mere af den slags.",
    ],
    "Hvad har gjort det lettere eller sværere at bruge det lærte?": [
        "Teamet har haft fast punkt på teammøderne.",
        "Skemaændringer har gjort det svært at samarbejde.",
        "Læsevejlederen har støttet op.",
        "Det fungerer bedst, når flere fra samme årgang har været på forløbet.",
        "Vi mangler stadig tid til fælles planlægning.",
        "Ledelsen har bedt om korte oplæg på personalemøder.",
    ],
}

LANGUAGE_COURSE = "Sprogudviklende didaktik, hold 1"
LEARNING_DAY = "Læringsdag 2025"
#: (cohort, kind, answers)
PLAN = (
    (LANGUAGE_COURSE, SurveyKind.FORMATIVE, 14),
    (LANGUAGE_COURSE, SurveyKind.SUMMATIVE, 17),
    (LANGUAGE_COURSE, SurveyKind.TRANSFER, 6),
    (LEARNING_DAY, SurveyKind.SUMMATIVE, 4),
)
#: Likert weights for 1..5: mostly agreeing, some doubt.
WEIGHTS = (1, 2, 6, 14, 10)


def load(run: registry.DemoRun) -> None:
    ishoj = run.municipalities.get("183")
    if ishoj is None:
        return
    with transaction.atomic():
        templates = _templates(ishoj)
        made = 0
        for cohort_name, kind, count in PLAN:
            cohort = Cohort.objects.filter(
                municipality=ishoj, name=cohort_name, school_year="2025/26"
            ).first()
            if cohort is None or Survey.objects.filter(cohort=cohort, kind=kind).exists():
                continue
            _survey(cohort, templates[kind], count)
            made += 1
    if made:
        run.write(
            f"Evaluering: 3 spørgeskemaer og {made} evalueringer med anonyme svar "
            "(sprogkursus midtvejs, slut og transfer; læringsdagen med færre end 5 svar)"
        )


def _templates(ishoj) -> dict[str, SurveyTemplate]:
    found = {t.kind: t for t in SurveyTemplate.objects.filter(municipality=ishoj, active=True)}
    for name, kind, intro, questions in TEMPLATES:
        if kind in found:
            continue
        template = services.template_create(
            actor=None, municipality=ishoj, name=name, kind=kind, intro=intro, active=True
        )
        for position, (qkind, text, required) in enumerate(questions, start=1):
            services.question_create(
                actor=None,
                template=template,
                position=position,
                kind=qkind,
                text=text,
                required=required,
            )
        found[kind] = template
    return found


def _survey(cohort: Cohort, template: SurveyTemplate, count: int) -> None:
    ends = schedule.session_ends([cohort.pk]).get(cohort.pk, [])
    months = schedule.settings_get(cohort.municipality_id).transfer_months
    on = schedule.moments(ends, months).get(template.kind)
    if on is None:
        return
    survey = services.survey_create(cohort=cohort, kind=template.kind, template=template, today=on)
    rng = random.Random(f"{cohort.pk}-{template.kind}")
    questions = list(template.questions.all())
    links = list(SurveyLink.objects.filter(survey=survey).order_by("person_id"))
    for index, link in enumerate(links):
        token = tokens.issue_token(link)
        link.sent_at = survey.created_at
        link.recipients = "demo"
        link.save(update_fields=["token_hash", "sent_at", "recipients"])
        if index >= count:
            continue
        answers: dict[int, object] = {}
        for question in questions:
            if question.kind == QuestionKind.LIKERT:
                answers[question.pk] = rng.choices(range(1, 6), weights=WEIGHTS)[0]
            elif rng.random() < 0.7:
                texts = TEXTS.get(question.text, ["Godt."])
                answers[question.pk] = texts[(index + question.pk) % len(texts)]
        services.answer_submit(token=token, answers=answers, today=on)

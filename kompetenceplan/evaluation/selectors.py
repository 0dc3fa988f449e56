"""Reading the evaluation: templates, and the results behind the anonymity
rule (docs/evaluation.md, "Anonymitet").

Every result a page, an export or a document shows comes from
:func:`group_result`: a group (the responses of some surveys: a cohort's, an
initiative's, a focus area's) with fewer than :data:`MIN_GROUP` responses is
hidden as a whole, and within a shown group every question with fewer than
:data:`MIN_GROUP` answers is hidden (its free texts too). Hidden results carry
no numbers but the fact that they are hidden (:data:`HIDDEN_TEXT`).
:func:`evaluation_summary` is the status report's reading (None when hidden).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompetenceplan.accounts.models import User
from kompetenceplan.cohorts.choices import JUDGED_STATUSES
from kompetenceplan.cohorts.models import Cohort
from kompetenceplan.core.choices import Role
from kompetenceplan.core.permissions import Action, get_restricted_or_404, restrict
from kompetenceplan.core.types import ActingUser
from kompetenceplan.organisation.models import Employment
from kompetenceplan.organisation.permissions import current_employments_q
from kompetenceplan.plans.models import FocusArea, Initiative

from .choices import LIKERT_LABELS, QuestionKind, SurveyKind
from .models import Answer, Question, Survey, SurveyLink, SurveyResponse, SurveyTemplate

#: The smallest group whose answers are shown, everywhere.
MIN_GROUP = 5
HIDDEN_TEXT = _("Færre end 5 svar – resultatet vises ikke")


def is_shown(count: int) -> bool:
    """The one anonymity rule: may a result of ``count`` answers be shown?"""
    return count >= MIN_GROUP


# --- templates -------------------------------------------------------------------------------


def template_list(*, user: ActingUser) -> QuerySet[SurveyTemplate]:
    return (
        restrict(SurveyTemplate.objects.all(), user, Action.VIEW)
        .annotate(question_count=Count("questions", distinct=True))
        .annotate(survey_count=Count("surveys", distinct=True))
        .order_by("kind", "-active", "name")
    )


def template_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> SurveyTemplate:
    return get_restricted_or_404(SurveyTemplate.objects.all(), user, action, pk=pk)


def question_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> Question:
    return get_restricted_or_404(Question.objects.select_related("template"), user, action, pk=pk)


# --- results ---------------------------------------------------------------------------------


@dataclass
class ScalePoint:
    value: int
    label: str
    count: int
    percent: int


@dataclass
class QuestionResult:
    text: str
    kind: str
    count: int
    shown: bool
    mean: float | None = None
    scale: list[ScalePoint] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


@dataclass
class GroupResult:
    """One group's result; ``shown`` False means nothing of it may be shown."""

    label: str
    kind: str
    responses: int
    shown: bool
    questions: list[QuestionResult] = field(default_factory=list)
    #: Some cohorts or questions had fewer than five answers and are not counted.
    left_out: bool = False

    @property
    def kind_label(self) -> str:
        return str(SurveyKind(self.kind).label)

    @property
    def likert_rows(self) -> list[QuestionResult]:
        """The shown Likert questions (the table under the bars)."""
        return [q for q in self.questions if q.shown and q.kind == QuestionKind.LIKERT]

    @property
    def hidden_text(self) -> str:
        return str(HIDDEN_TEXT)


def group_result(surveys: QuerySet[Survey], *, label: str = "", kind: str = "") -> GroupResult:
    """The result of the responses to ``surveys`` (one kind), behind the rule.

    The cell is one survey (one cohort's), and within it one question: an
    aggregate over several cohorts adds up only the cells that may be shown
    on their own (five or more responses; five or more answers to the
    question). So no subtraction of two published results (an initiative's
    minus a cohort's, one school year's minus another's) can reveal a cell
    of fewer than five. Four queries when shown (responses per survey,
    answer counts per cell, the questions, the free texts), one when hidden."""
    results = _group_results(surveys, by=None, kind=kind)
    hidden = GroupResult(label=label, kind=kind, responses=0, shown=False)
    result = results.get(None, hidden)
    result.label = label
    return result


def group_results(surveys: QuerySet[Survey], *, by: str, kind: str = "") -> dict[Any, GroupResult]:
    """:func:`group_result` of each group of ``surveys`` (one kind), the groups
    being the surveys of one value of the survey field ``by`` (for example
    ``"cohort__initiative_id"``): the same rule, in the same four queries for
    all the groups together. Groups without responses are left out (read them
    as hidden)."""
    return _group_results(surveys, by=by, kind=kind)


def _group_results(
    surveys: QuerySet[Survey], *, by: str | None, kind: str
) -> dict[Any, GroupResult]:
    """The one place of the rule (see :func:`group_result`), for one group
    (``by`` None: key None) or for the groups of the field ``by``."""
    group_of: dict[int, Any] = {}
    per_survey: dict[int, int] = {}
    fields = ("survey_id", f"survey__{by}") if by else ("survey_id",)
    for row in (
        SurveyResponse.objects.filter(survey__in=surveys)
        .values_list(*fields)
        .annotate(n=Count("id"))
        .order_by()
    ):
        group_of[row[0]] = row[1] if by else None
        per_survey[row[0]] = row[-1]
    members: dict[Any, list[int]] = defaultdict(list)
    for pk in sorted(per_survey):
        members[group_of[pk]].append(pk)
    results: dict[Any, GroupResult] = {}
    eligible_of: dict[Any, list[int]] = {}
    for key, pks in members.items():
        eligible = [pk for pk in pks if is_shown(per_survey[pk])]
        responses = sum(per_survey[pk] for pk in eligible)
        if not is_shown(responses):
            results[key] = GroupResult(label="", kind=kind, responses=0, shown=False)
            continue
        eligible_of[key] = eligible
        results[key] = GroupResult(
            label="",
            kind=kind,
            responses=responses,
            shown=True,
            left_out=len(eligible) < len(pks),
        )
    if not eligible_of:
        return results
    # Answers per cell and value (a free text has no value).
    cells: dict[tuple[int, int], dict[int | None, int]] = defaultdict(dict)
    for survey_id, question_id, value, n in (
        Answer.objects.filter(
            response__survey_id__in=[pk for pks in eligible_of.values() for pk in pks]
        )
        .values_list("response__survey_id", "question_id", "value")
        .annotate(n=Count("id"))
        .order_by()
    ):
        cells[survey_id, question_id][value] = n
    shown_cells = {key: c for key, c in cells.items() if is_shown(sum(c.values()))}
    questions = list(
        Question.objects.filter(pk__in={q for _s, q in cells}).order_by(
            "template_id", "position", "id"
        )
    )
    text_questions = {q.pk for q in questions if q.kind == QuestionKind.TEXT}
    text_cells = [key for key in shown_cells if key[1] in text_questions]
    # Free texts per cell, sorted by text, never by when they were written.
    texts: dict[int, list[tuple[int, str]]] = defaultdict(list)
    if text_cells:
        where = Q()
        for survey_id, question_id in text_cells:
            where |= Q(response__survey_id=survey_id, question_id=question_id)
        for survey_id, question_id, text in (
            Answer.objects.filter(where)
            .exclude(text="")
            .order_by("question_id", "text")
            .values_list("response__survey_id", "question_id", "text")
        ):
            texts[question_id].append((survey_id, text))
    cells_of: dict[int, dict[tuple[int, int], dict[int | None, int]]] = defaultdict(dict)
    for cell, counts in cells.items():
        cells_of[cell[0]][cell] = counts
    for key, eligible in eligible_of.items():
        result = results[key]
        ours = set(eligible)
        mine = {cell: c for pk in eligible for cell, c in cells_of[pk].items()}
        result.left_out = result.left_out or any(cell not in shown_cells for cell in mine)
        by_question: dict[int, dict[int | None, int]] = defaultdict(lambda: defaultdict(int))
        for (_survey_id, question_id), counts in mine.items():
            if (_survey_id, question_id) in shown_cells:
                for value, n in counts.items():
                    by_question[question_id][value] += n
        asked = {q for _s, q in mine}
        for question in questions:
            if question.pk not in asked:
                continue
            counts = by_question.get(question.pk, {})
            n = sum(counts.values())
            item = QuestionResult(
                text=question.text, kind=question.kind, count=n, shown=is_shown(n)
            )
            if item.shown and question.kind == QuestionKind.LIKERT:
                by_value = {v: c for v, c in counts.items() if v is not None}
                total = sum(by_value.values())
                item.mean = (
                    round(sum(v * c for v, c in by_value.items()) / total, 1) if total else None
                )
                item.scale = [
                    ScalePoint(
                        v, str(text), by_value.get(v, 0), round(100 * by_value.get(v, 0) / total)
                    )
                    for v, text in LIKERT_LABELS
                ]
            elif item.shown:
                item.texts = [t for pk, t in texts.get(question.pk, []) if pk in ours]
            result.questions.append(item)
    return results


def _by_kind(surveys: QuerySet[Survey], label: str) -> list[GroupResult]:
    kinds = set(surveys.values_list("kind", flat=True))
    return [
        group_result(surveys.filter(kind=kind), label=label, kind=kind)
        for kind in SurveyKind.values
        if kind in kinds
    ]


def school_years(surveys: QuerySet[Survey]) -> list[str]:
    """The school years of the surveys' cohorts, newest first."""
    return sorted(set(surveys.values_list("cohort__school_year", flat=True)), reverse=True)


def survey_list(*, user: ActingUser) -> QuerySet[Survey]:
    return restrict(Survey.objects.all(), user, Action.VIEW)


def _one(queryset: QuerySet[Any]) -> Any:
    found = queryset.first()
    if found is None:
        raise Http404
    return found


def cohort_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> Cohort:
    """A cohort with surveys whose results the user may see (404 otherwise)."""
    surveys = restrict(Survey.objects.all(), user, action)
    return _one(
        Cohort.objects.select_related("initiative__plan").filter(
            pk=pk, pk__in=surveys.values("cohort_id")
        )
    )


def cohort_results(*, user: ActingUser, cohort: Cohort) -> list[GroupResult]:
    return _by_kind(survey_list(user=user).filter(cohort=cohort), str(cohort))


def initiative_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> Initiative:
    surveys = restrict(Survey.objects.all(), user, action)
    return _one(
        Initiative.objects.select_related("plan", "focus_area").filter(
            pk=pk, pk__in=surveys.values("cohort__initiative_id")
        )
    )


def initiative_results(
    *, user: ActingUser, initiative: Initiative, school_year: str = ""
) -> list[GroupResult]:
    surveys = survey_list(user=user).filter(cohort__initiative=initiative)
    if school_year:
        surveys = surveys.filter(cohort__school_year=school_year)
    return _by_kind(surveys, f"{initiative.number} {initiative.title}")


def focus_area_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> FocusArea:
    surveys = restrict(Survey.objects.all(), user, action)
    return _one(
        FocusArea.objects.select_related("plan").filter(
            pk=pk, pk__in=surveys.values("cohort__initiative__focus_area_id")
        )
    )


def focus_area_results(
    *, user: ActingUser, focus_area: FocusArea, school_year: str = ""
) -> list[GroupResult]:
    surveys = survey_list(user=user).filter(cohort__initiative__focus_area=focus_area)
    if school_year:
        surveys = surveys.filter(cohort__school_year=school_year)
    return _by_kind(surveys, str(focus_area))


@dataclass
class OverviewRow:
    cohort: Cohort
    kinds: list[tuple[str, int, int, bool]]  # (kind label, links sent, responses, shown)


def _counted(surveys: QuerySet[Survey]) -> QuerySet[Any]:
    """Each survey with ``sent`` (links sent) and ``answered`` (responses):
    ``answered`` is for :func:`is_shown` only, never shown below five."""
    return surveys.annotate(
        sent=Count("links", filter=Q(links__sent_at__isnull=False), distinct=True),
        answered=Count("responses", distinct=True),
    )


def results_overview(*, user: ActingUser) -> list[OverviewRow]:
    """The cohorts with surveys: per survey how many links were sent and
    whether its result may be shown (the count only when it may). Two queries."""
    surveys = list(
        _counted(survey_list(user=user))
        .select_related("cohort__initiative__focus_area")
        .order_by("-cohort__school_year", "cohort__initiative__sort_key", "cohort__name", "kind")
    )
    rows: dict[int, OverviewRow] = {}
    for survey in surveys:
        row = rows.setdefault(survey.cohort_id, OverviewRow(survey.cohort, []))
        answered = survey.answered
        row.kinds.append(
            (
                str(survey.get_kind_display()),
                survey.sent,
                answered if is_shown(answered) else 0,
                is_shown(answered),
            )
        )
    return list(rows.values())


@dataclass
class InitiativeEvaluationRow:
    school_year: str
    kind_label: str
    surveys: int
    responses: int  # 0 when hidden
    shown: bool


def initiative_evaluations(
    *, user: ActingUser, initiative: Initiative
) -> list[InitiativeEvaluationRow]:
    """The initiative page's panel: per school year and kind, how many
    cohorts were surveyed and how many answered, counting (like
    :func:`group_result`) only the surveys with five or more answers. One query."""
    rows = (
        survey_list(user=user)
        .filter(cohort__initiative=initiative)
        .annotate(answered=Count("responses"))
        .values_list("cohort__school_year", "kind", "answered")
    )
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for school_year, kind, answered in rows:
        groups[school_year, kind].append(answered)
    order = {kind: index for index, kind in enumerate(SurveyKind.values)}
    out = []
    for (school_year, kind), counts in sorted(
        groups.items(), key=lambda item: (item[0][0], -order[item[0][1]]), reverse=True
    ):
        responses = sum(n for n in counts if is_shown(n))
        out.append(
            InitiativeEvaluationRow(
                school_year=school_year,
                kind_label=str(SurveyKind(kind).label),
                surveys=len(counts),
                responses=responses,
                shown=is_shown(responses),
            )
        )
    return out


# --- exports: the same rule ------------------------------------------------------------------


def export_rows(groups: list[GroupResult]) -> tuple[list[str], list[list[Any]]]:
    """The rows of a results export (CSV/XLSX): a hidden group or question
    gives one row with :data:`HIDDEN_TEXT` and no numbers."""
    header = [
        str(_("Gruppe")),
        str(_("Evaluering")),
        str(_("Spørgsmål")),
        str(_("Antal svar")),
        str(_("Gennemsnit (1-5)")),
        *[str(text) for _v, text in LIKERT_LABELS],
        str(_("Fritekst")),
    ]
    rows: list[list[Any]] = []
    blanks = [""] * len(LIKERT_LABELS)
    for group in groups:
        if not group.shown:
            rows.append([group.label, group.kind_label, str(HIDDEN_TEXT), "", "", *blanks, ""])
            continue
        for q in group.questions:
            if not q.shown:
                rows.append(
                    [group.label, group.kind_label, q.text, "", str(HIDDEN_TEXT), *blanks, ""]
                )
            elif q.kind == QuestionKind.LIKERT:
                rows.append(
                    [
                        group.label,
                        group.kind_label,
                        q.text,
                        q.count,
                        q.mean,
                        *[p.count for p in q.scale],
                        "",
                    ]
                )
            else:
                for text in q.texts:
                    rows.append([group.label, group.kind_label, q.text, q.count, "", *blanks, text])
    return header, rows


# --- the status report's reading -------------------------------------------------------------


@dataclass(frozen=True)
class EvaluationSummary:
    """The summative evaluation of an initiative in a school year (shown groups only)."""

    responses: int
    mean: float | None  # the mean of the shown Likert questions' means
    questions: list[tuple[str, float]]  # (question, mean) of the shown Likert questions


def evaluation_summary(
    *, initiative: Initiative, school_year: str, kind: str = SurveyKind.SUMMATIVE
) -> EvaluationSummary | None:
    """For the committee's status report: the initiative's evaluation of
    ``kind`` in ``school_year`` across its cohorts, or None when it has
    fewer than :data:`MIN_GROUP` responses."""
    return initiative_summaries([initiative.pk], school_year=school_year, kind=kind)[initiative.pk]


def initiative_summaries(
    initiative_ids: Iterable[int], *, school_year: str, kind: str = SurveyKind.SUMMATIVE
) -> dict[int, EvaluationSummary | None]:
    """:func:`evaluation_summary` of each of ``initiative_ids`` (None where it
    has fewer than :data:`MIN_GROUP` responses), through :func:`group_results`:
    at most four queries for all of them, one when none may be shown."""
    ids = list(initiative_ids)
    surveys = Survey.objects.filter(
        cohort__initiative_id__in=ids, cohort__school_year=school_year, kind=kind
    )
    groups = group_results(surveys, by="cohort__initiative_id", kind=kind) if ids else {}
    return {pk: _summary(groups.get(pk)) for pk in ids}


def surveyed_initiatives(
    initiative_ids: Iterable[int], *, school_year: str, kind: str = SurveyKind.SUMMATIVE
) -> set[int]:
    """Those of ``initiative_ids`` with a survey of ``kind`` in ``school_year``
    (answered or not): the status report's "–" (no evaluation) apart from
    "Færre end 5 svar". Whether a survey was held is no answer. One query."""
    return set(
        Survey.objects.filter(
            cohort__initiative_id__in=list(initiative_ids),
            cohort__school_year=school_year,
            kind=kind,
        )
        .values_list("cohort__initiative_id", flat=True)
        .distinct()
    )


def _summary(group: GroupResult | None) -> EvaluationSummary | None:
    if group is None or not group.shown:
        return None
    means = [
        (q.text, q.mean)
        for q in group.questions
        if q.shown and q.kind == QuestionKind.LIKERT and q.mean is not None
    ]
    overall = round(sum(m for _t, m in means) / len(means), 1) if means else None
    return EvaluationSummary(
        responses=group.responses,
        mean=overall,
        questions=[(t, m) for t, m in means if m is not None],
    )


def survey_is_open(survey: Survey, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return survey.closes_on is None or today <= survey.closes_on


def link_recipients(link: SurveyLink) -> list[str]:
    """The participant's e-mail; for the transfer follow-up, the e-mails of
    the active leaders of the participant's current institutions."""
    if link.survey.kind != SurveyKind.TRANSFER:
        return [link.person.email] if link.person.email else []
    institutions = Employment.objects.filter(
        current_employments_q(), person_id=link.person_id
    ).values("institution_id")
    emails = (
        User.objects.filter(
            role=Role.LEADER,
            is_active=True,
            municipality_id=link.survey.municipality_id,
            institutions__in=institutions,
        )
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    return list(emails)


# --- for the overviews (frontpage) ----------------------------------------------------


def transfer_followups_awaiting(
    *, institution_ids: list[int], today: dt.date | None = None
) -> dict[int, int]:
    """Per institution: the transfer follow-ups sent to the leaders about the
    institution's staff and not yet answered (the survey still open). Counts
    only (links, never answers); one query, whatever the number of institutions."""
    today = today or timezone.localdate()
    rows = (
        SurveyLink.objects.filter(
            current_employments_q("person__employments__"),
            Q(survey__closes_on__isnull=True) | Q(survey__closes_on__gte=today),
            survey__kind=SurveyKind.TRANSFER,
            sent_at__isnull=False,
            used=False,
            person__employments__institution_id__in=institution_ids,
        )
        .order_by()
        .values("person__employments__institution_id")
        .annotate(n=Count("id", distinct=True))
    )
    return {row["person__employments__institution_id"]: row["n"] for row in rows}


@dataclass
class SurveyStatus:
    """One survey's status, counts only: links sent, when it closes, and the
    number of answers only when it may be shown (five or more)."""

    cohort: Cohort
    kind: str
    closes_on: dt.date | None
    is_open: bool
    sent: int
    responses: int  # 0 when hidden
    shown: bool

    @property
    def kind_label(self) -> str:
        return str(SurveyKind(self.kind).label)


def survey_statuses(
    surveys: QuerySet[Survey], *, today: dt.date | None = None
) -> list[SurveyStatus]:
    """The status of each of ``surveys`` (by cohort, then kind). One query."""
    today = today or timezone.localdate()
    order = {kind: index for index, kind in enumerate(SurveyKind.values)}
    rows = [
        SurveyStatus(
            cohort=survey.cohort,
            kind=survey.kind,
            closes_on=survey.closes_on,
            is_open=survey_is_open(survey, today),
            sent=survey.sent,
            responses=survey.answered if is_shown(survey.answered) else 0,
            shown=is_shown(survey.answered),
        )
        for survey in _counted(surveys).select_related("cohort__initiative")
    ]
    return sorted(
        rows,
        key=lambda r: (
            r.cohort.initiative.sort_key,
            r.cohort.name,
            r.cohort.pk,
            order.get(r.kind, len(order)),
        ),
    )


def cohort_survey_status(
    *, user: ActingUser, cohort: Cohort, today: dt.date | None = None
) -> list[SurveyStatus]:
    """The cohort page's evaluation panel: the cohort's surveys the user may read."""
    return survey_statuses(survey_list(user=user).filter(cohort=cohort), today=today)


def _with_staff(institution_ids: list[int]) -> Q:
    """Surveys of cohorts with a participant currently employed at one of the institutions."""
    return Q(
        cohort__enrolments__status__in=JUDGED_STATUSES,
        cohort__enrolments__person__in=Employment.objects.filter(
            current_employments_q(), institution_id__in=institution_ids
        ).values("person_id"),
    )


def institution_survey_status(
    *,
    user: ActingUser,
    institution_id: int,
    school_years: Sequence[str],
    today: dt.date | None = None,
) -> list[SurveyStatus]:
    """The institution overview's evaluations: the surveys of the cohorts the
    institution's staff take part in, of ``school_years`` or still open. One query."""
    today = today or timezone.localdate()
    surveys = (
        survey_list(user=user)
        .filter(_with_staff([institution_id]))
        .filter(
            Q(cohort__school_year__in=list(school_years))
            | Q(closes_on__isnull=True)
            | Q(closes_on__gte=today)
        )
    )
    return survey_statuses(Survey.objects.filter(pk__in=surveys.values("pk")), today=today)


def open_surveys_by_institution(
    *, institution_ids: list[int], today: dt.date | None = None
) -> dict[int, int]:
    """Per institution: the open surveys of cohorts with a participant
    currently employed there (a person at two institutions counts at both).
    One query, whatever the number of institutions."""
    today = today or timezone.localdate()
    rows = (
        Survey.objects.filter(
            current_employments_q("cohort__enrolments__person__employments__"),
            Q(closes_on__isnull=True) | Q(closes_on__gte=today),
            cohort__enrolments__status__in=JUDGED_STATUSES,
            cohort__enrolments__person__employments__institution_id__in=institution_ids,
        )
        .order_by()
        .values("cohort__enrolments__person__employments__institution_id")
        .annotate(n=Count("id", distinct=True))
    )
    return {
        row["cohort__enrolments__person__employments__institution_id"]: row["n"] for row in rows
    }

"""The calendar pages: month, week and list views with filters, the
subscription page ("Abonnér i Outlook") and the ICS feeds."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from kompetenceplan.core.generic import HOME, TITLE, Crumb, GatedMixin, ObjectFormView
from kompetenceplan.core.permissions import Action, can
from kompetenceplan.organisation.models import Institution

from . import ics, selectors, services
from .choices import FeedKind
from .errors import CalendarError
from .forms import CalendarFilterForm, FeedCreateForm
from .models import CalendarFeed

CALENDAR = Crumb(gettext_lazy("Kalender"), "calendar:month")
MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
WEEK_RE = re.compile(r"^(\d{4})-W?(\d{1,2})$")
LIST_DAYS = 42


def long_date(day: date) -> str:
    """ "3. september 2025" (in the active language's format)."""
    return formats.date_format(day, "j. F Y")


class CalendarPageMixin(GatedMixin):
    """Shared by the three views: the period from a GET parameter (a bad value
    gives a Danish message and status 400, never 500), the filters, and the
    events of every source for the period (each source called once)."""

    gate_model = CalendarFeed
    nav_active = "calendar"
    period_param = ""
    view_name = ""
    template_name: str | None = "calendar/calendar.html"

    def parse_period(self, value: str, today: date) -> tuple[date, date, date] | None:
        """(anchor, start, end) of the period ``value`` names, or None."""
        raise NotImplementedError

    def default_period(self, today: date) -> tuple[date, date, date]:
        result = self.parse_period("", today)
        assert result is not None
        return result

    def get(self, request, *args, **kwargs):
        user = request.user
        self.today = timezone.localdate()
        self.period_error = ""
        raw = request.GET.get(self.period_param, "").strip()
        period = self.parse_period(raw, self.today) if raw else self.default_period(self.today)
        if period is None:
            self.period_error = self.bad_period_message(raw)
            period = self.default_period(self.today)
        self.anchor, self.start, self.end = period
        institutions = Institution.objects.filter(municipality_id=user.municipality_id).order_by(
            "name"
        )
        self.filter_form = CalendarFilterForm(request.GET, institutions=institutions)
        valid = self.filter_form.is_valid()
        data = self.filter_form.cleaned_data if valid else {}
        institution = data.get("institution")
        found = selectors.events(
            municipality=user.municipality,
            start=self.start,
            end=self.end,
            user=user,
            person=getattr(user, "person", None),
            institution=institution,
        )
        self.filter_form.set_initiatives(selectors.initiatives_of(found))
        self.events = selectors.filter_events(
            found, sector=data.get("sector") or None, initiative=data.get("initiative")
        )
        response = super().get(request, *args, **kwargs)
        if self.period_error or not valid:
            response.status_code = 400
        return response

    def bad_period_message(self, raw: str) -> str:
        raise NotImplementedError

    def filter_query(self, **extra) -> str:
        query = self.request.GET.copy()
        query.pop(self.period_param, None)
        for key, value in extra.items():
            query[key] = value
        return query.urlencode()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            view_name=self.view_name,
            filter_form=self.filter_form,
            period_error=self.period_error,
            events=self.events,
            today=self.today,
            views=[
                ("month", _("Måned"), reverse("calendar:month")),
                ("week", _("Uge"), reverse("calendar:week")),
                ("list", _("Liste"), reverse("calendar:list")),
            ],
            filters=self.filter_query(),
            title=self.get_title(),
        )
        return context

    def nav_link(self, value: str) -> str:
        query = self.filter_query(**{self.period_param: value})
        return f"?{query}"


class CalendarMonthView(CalendarPageMixin, TemplateView):
    """A month as a table: a row per ISO week ("uge 36"), a column per weekday."""

    period_param = "maaned"
    view_name = "month"
    breadcrumbs = (HOME, CALENDAR, TITLE)

    def parse_period(self, value, today):
        if not value:
            year, month = today.year, today.month
        else:
            match = MONTH_RE.match(value)
            if not match:
                return None
            year, month = int(match[1]), int(match[2])
            if not (1 <= month <= 12 and 1900 <= year <= 2200):
                return None
        start, end = selectors.month_range(year, month)
        return date(year, month, 1), start, end

    def bad_period_message(self, raw):
        return CalendarError.BAD_MONTH.text(value=raw)

    def get_title(self) -> str:
        return formats.date_format(self.anchor, "F Y").capitalize()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        month = self.anchor
        previous = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
        following = (month.replace(day=28) + timedelta(days=7)).replace(day=1)
        days = selectors.build_days(
            self.start, self.end, self.events, today=self.today, month=month.month
        )
        context.update(
            weeks=selectors.weeks_of(days),
            weekdays=_weekday_names(),
            previous=(self.nav_link(previous.strftime("%Y-%m")), _month_name(previous)),
            following=(self.nav_link(following.strftime("%Y-%m")), _month_name(following)),
            current=self.nav_link(self.today.strftime("%Y-%m")),
            current_label=_("Denne måned"),
        )
        return context


class CalendarWeekView(CalendarPageMixin, TemplateView):
    """Seven days, Monday to Sunday: "uge 31, 2025"."""

    period_param = "uge"
    view_name = "week"
    breadcrumbs = (HOME, CALENDAR, TITLE)

    def parse_period(self, value, today):
        if not value:
            monday = selectors.monday_of(today)
        else:
            match = WEEK_RE.match(value)
            if not match:
                return None
            try:
                monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
            except ValueError:
                return None
        return monday, monday, monday + timedelta(days=7)

    def bad_period_message(self, raw):
        return CalendarError.BAD_WEEK.text(value=raw)

    def get_title(self) -> str:
        year, week, _weekday = self.anchor.isocalendar()
        return _("Uge %(week)s, %(year)s") % {"week": week, "year": year}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        days = selectors.build_days(self.start, self.end, self.events, today=self.today)
        previous, following = self.anchor - timedelta(days=7), self.anchor + timedelta(days=7)
        context.update(
            days=days,
            previous=(self.nav_link(_iso_week(previous)), _week_label(previous)),
            following=(self.nav_link(_iso_week(following)), _week_label(following)),
            current=self.nav_link(_iso_week(self.today)),
            current_label=_("Denne uge"),
        )
        return context


class CalendarListView(CalendarPageMixin, TemplateView):
    """What is coming, six weeks at a time, grouped per day."""

    period_param = "fra"
    view_name = "list"
    breadcrumbs = (HOME, CALENDAR, TITLE)

    def parse_period(self, value, today):
        if not value:
            first = today
        else:
            try:
                first = date.fromisoformat(value)
            except ValueError:
                return None
            if not (1900 <= first.year <= 2200):
                return None
        return first, first, first + timedelta(days=LIST_DAYS)

    def bad_period_message(self, raw):
        return CalendarError.BAD_DATE.text(value=raw)

    def get_title(self) -> str:
        return _("Kommende begivenheder")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        days = selectors.build_days(self.start, self.end, self.events, today=self.today)
        shown = [d for d in days if d.events or d.holiday]
        previous = self.start - timedelta(days=LIST_DAYS)
        following = self.end
        context.update(
            days=shown,
            period_text=_("%(start)s – %(end)s")
            % {"start": long_date(self.start), "end": long_date(self.end - timedelta(days=1))},
            previous=(self.nav_link(previous.isoformat()), _("Tidligere")),
            following=(self.nav_link(following.isoformat()), _("Senere")),
            current=self.nav_link(self.today.isoformat()),
            current_label=_("Fra i dag"),
        )
        return context


def _weekday_names() -> list[tuple[str, str]]:
    """(full, short) names Monday to Sunday in the active language."""
    monday = date(2024, 1, 1)
    names = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        names.append((formats.date_format(day, "l").capitalize(), formats.date_format(day, "D")))
    return names


def _month_name(day: date) -> str:
    return formats.date_format(day, "F Y")


def _iso_week(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _week_label(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return _("uge %(week)s") % {"week": week}


# --- subscriptions ---------------------------------------------------------------------------


def feed_url(request, feed: CalendarFeed) -> str:
    return request.build_absolute_uri(reverse("calendar:feed", args=[feed.token]))


class FeedListView(GatedMixin, TemplateView):
    """ "Abonnér i Outlook": the user's addresses and how to subscribe."""

    template_name = "calendar/feeds.html"
    gate_model = CalendarFeed
    nav_active = "calendar"
    breadcrumbs = (HOME, CALENDAR, Crumb(gettext_lazy("Abonnér i Outlook")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        feeds = list(selectors.feeds_of(user))
        have = {(f.kind, f.institution_id): f for f in feeds}
        rows = [
            (
                FeedKind.MUNICIPALITY,
                _("Hele kommunens kalender"),
                _("Alt i kommunens kalender. Alle i kommunen kan abonnere."),
                None,
            ),
            (
                FeedKind.PERSONAL,
                _("Min kalender"),
                _("Det, du er tilmeldt eller ansvarlig for. Kun du kan se den."),
                None,
            ),
        ]
        rows += [
            (
                FeedKind.INSTITUTION,
                _("Kalender for %(name)s") % {"name": institution.name},
                _("Institutionens begivenheder. For institutionens ledere og administratorer."),
                institution,
            )
            for institution in selectors.feed_institutions(user)
        ]
        context["feeds"] = [
            {
                "kind": kind,
                "title": title,
                "text": text,
                "institution": institution,
                "feed": have.get((kind, institution.pk if institution else None)),
                "url": (
                    feed_url(self.request, have[(kind, institution.pk if institution else None)])
                    if (kind, institution.pk if institution else None) in have
                    else ""
                ),
            }
            for kind, title, text, institution in rows
        ]
        context["title"] = _("Abonnér i Outlook")
        context["can_add"] = can(user, CalendarFeed, Action.ADD)
        return context


class FeedCreateView(ObjectFormView):
    """POST: give the user an address for one calendar."""

    template_name = "calendar/feed_form.html"
    gate_model = CalendarFeed
    gate_action = Action.ADD
    form_class = FeedCreateForm
    title = gettext_lazy("Opret kalenderadresse")
    success_message = gettext_lazy(
        "Adressen er oprettet. Kopiér den ind i Outlook som beskrevet nedenfor."
    )
    cancel_url = "calendar:feeds"
    nav_active = "calendar"
    breadcrumbs = (
        HOME,
        CALENDAR,
        Crumb(gettext_lazy("Abonnér i Outlook"), "calendar:feeds"),
        TITLE,
    )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["institutions"] = selectors.feed_institutions(self.request.user)
        return kwargs

    def perform(self, data):
        return services.feed_create(
            actor=self.request.user, kind=data["kind"], institution=data.get("institution")
        )

    def get_success_url(self, result=None) -> str:
        return reverse("calendar:feeds") + "#adresser"


class FeedRenewView(ObjectFormView):
    """ "Forny adresse": a new secret address; the old one answers 404."""

    template_name = "calendar/feed_form.html"
    gate_model = CalendarFeed
    gate_action = Action.CHANGE
    selector = selectors.feed_get
    title = gettext_lazy("Forny adresse")
    success_message = gettext_lazy(
        "Adressen er fornyet. Den gamle adresse virker ikke længere: abonnér igen med den nye."
    )
    cancel_url = None
    nav_active = "calendar"
    breadcrumbs = (
        HOME,
        CALENDAR,
        Crumb(gettext_lazy("Abonnér i Outlook"), "calendar:feeds"),
        TITLE,
    )

    def perform(self, data):
        return services.feed_renew(actor=self.request.user, feed=self.object)

    def get_success_url(self, result=None) -> str:
        return reverse("calendar:feeds") + "#adresser"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse("calendar:feeds")
        context["renew"] = True
        return context


class FeedView(View):
    """The ICS feed at its secret address; no login (the token is the
    credential). An unknown or renewed token answers 404."""

    def get(self, request, token: str):
        feed = selectors.feed_by_token(token)
        if feed is None:
            raise Http404
        found = selectors.feed_events(feed, today=timezone.localdate())
        name = selectors.feed_name(
            feed.kind, municipality=feed.municipality, institution=feed.institution
        )
        body = ics.feed_calendar(found, name=name, base_url=request.build_absolute_uri("/"))
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="kalender.ics"'
        response["Cache-Control"] = "private, max-age=900"
        response["X-Robots-Tag"] = "noindex"
        response["Referrer-Policy"] = "no-referrer"
        return response

"""The coverage dashboard's pages with hand-computed figures (dashboard_data.py):
the overview's heat map, bars, grade bands, trend and gap to target, a school's
page, and the drill-down with its names through the gate and the read log;
query counts pinned and independent of the number of classes."""

from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompetenceplan.competences.models import GuidelineTable
from kompetenceplan.core.models import ReadLogEntry, ReadLogSubject
from kompetenceplan.coverage.choices import GradeBand
from kompetenceplan.coverage.computation import Figures
from kompetenceplan.coverage.models import CoverageTarget
from kompetenceplan.coverage.selectors import Target, gap_hours, targets_in_force
from kompetenceplan.testing.html import table_rows

from .dashboard_data import EARLIER, YEAR, build, more_classes, school_class

pytestmark = pytest.mark.django_db

Q = f"?school_year={YEAR}"


@pytest.fixture
def cw(world):
    return SimpleNamespace(**vars(world), data=build(world))


def get(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response


def overview_url():
    return reverse("coverage:dashboard") + Q


def school_url(school):
    return reverse("coverage:school", args=[school.pk]) + Q


def drill_url(school, extra=""):
    return reverse("coverage:drilldown", args=[school.pk]) + Q + extra


def body(response) -> str:
    return " ".join(response.content.decode().split())


# --- the overview ---------------------------------------------------------------------


def test_overview_heat_map_has_the_number_in_every_cell(client, cw):
    response = get(client, cw.users.admin, overview_url())
    rows = table_rows(response, "heatmap")
    assert rows[0] == [
        "Skole",
        "I alt",
        "Mangler til målet (timer)",
        "Dansk",
        "Historie",
        "Matematik",
    ]
    assert rows[1:] == [
        ["Skole A", "88,9", "33", "100,0", "0,0", "100,0"],
        ["Skole B", "68,8", "126", "100,0", "–ingen timer", "0,0"],
        ["Kommunen", "79,4", "159", "100,0", "0,0", "50,0"],
    ]
    html = response.content.decode()
    assert 'class="kp-num kp-heat kp-heat-5"' in html and 'class="kp-num kp-heat kp-heat-1"' in html


def test_overview_formal_and_assessed_measures(client, cw):
    client.force_login(cw.users.admin)
    formal = client.get(overview_url() + "&measure=formel")
    assert [r[1:2] + r[3:] for r in table_rows(formal, "heatmap")[1:]] == [
        ["61,1", "100,0", "0,0", "0,0"],
        ["68,8", "100,0", "–ingen timer", "0,0"],
        ["64,7", "100,0", "0,0", "0,0"],
    ]
    assessed = client.get(overview_url() + "&measure=vurderet")
    assert [[r[1], r[5]] for r in table_rows(assessed, "heatmap")[1:]] == [
        ["27,8", "100,0"],
        ["0,0", "0,0"],
        ["14,7", "50,0"],
    ]


def test_overview_key_figures_subjects_bands_and_weakest(client, cw):
    response = get(client, cw.users.admin, overview_url())
    text = body(response)
    assert "79,4 %" in text and "810 af 1.020 timer er dækket" in text
    assert "95 % (mål fra 2024/25)" in text and "159 timer" in text
    assert table_rows(response, "subjects")[1:] == [
        ["Dansk", "660", "660", "100,0 %", "0,0 %", "100,0 %", "95 %", "0"],
        ["Historie", "60", "0", "0,0 %", "0,0 %", "0,0 %", "95 %", "57"],
        ["Matematik", "300", "150", "0,0 %", "50,0 %", "50,0 %", "95 %", "135"],
    ]
    assert table_rows(response, "bands")[1:] == [
        [
            "Indskoling (1.-3.)",
            "960",
            "810",
            "68,8 %",
            "15,6 %",
            "84,4 %",
            "95 % (samlet mål)*",
            "102",
        ],
        ["Mellemtrin (4.-6.)", "60", "0", "0,0 %", "0,0 %", "0,0 %", "95 % (samlet mål)*", "57"],
    ]
    weakest = text.split('id="svageste"')[1].split("</ol>")[0]
    assert "<strong>Historie</strong>: 0,0 % – mangler 57 timer til målet på 95 %" in weakest
    assert "<strong>Matematik</strong>: 50,0 % – mangler 135 timer" in weakest
    assert "Dansk" not in weakest


def test_overview_trend_over_school_years(client, cw):
    response = get(client, cw.users.admin, overview_url())
    rows = table_rows(response, "trend-table")
    assert rows[0] == ["Skole", EARLIER, YEAR]
    assert rows[1] == ["Skole A", "100,0", "88,9"]
    assert rows[-1] == ["Kommunen", "100,0", "79,4"]


def test_overview_defaults_to_the_newest_year_and_lists_the_years(client, cw):
    response = get(client, cw.users.viewer, reverse("coverage:dashboard"))
    html = response.content.decode()
    assert f'<option value="{YEAR}" selected>{YEAR}</option>' in html
    assert f'<option value="{EARLIER}">{EARLIER}</option>' in html
    assert "79,4 %" in html


def test_overview_of_an_earlier_year_uses_that_years_target(client, cw):
    response = get(
        client, cw.users.admin, reverse("coverage:dashboard") + f"?school_year={EARLIER}"
    )
    text = body(response)
    assert "90 % (mål fra 2022/23)" in text and "Målet er nået" in text


def test_overview_links_to_the_drilldown_only_for_own_schools(client, cw):
    leader = get(client, cw.users.leader, overview_url()).content.decode()
    assert reverse("coverage:drilldown", args=[cw.school_a.pk]) in leader
    assert reverse("coverage:drilldown", args=[cw.school_b.pk]) not in leader
    viewer = get(client, cw.users.viewer, overview_url()).content.decode()
    assert "coverage:drilldown" not in viewer and "/klasser/" not in viewer
    assert reverse("coverage:school", args=[cw.school_b.pk]) in viewer


def test_overview_without_data(client, world):
    response = get(client, world.users.admin, reverse("coverage:dashboard"))
    assert 'id="no-data"' in response.content.decode()


def test_provisional_guideline_table_is_labelled(client, cw):
    GuidelineTable.objects.filter(first_school_year="2014/15").update(provisional=True)
    for url in (overview_url(), school_url(cw.school_a)):
        text = body(get(client, cw.users.admin, url))
        assert "Foreløbigt timetal" in text and "Tallene er derfor foreløbige" in text
    GuidelineTable.objects.filter(first_school_year="2014/15").update(provisional=False)
    assert "Foreløbigt timetal" not in body(get(client, cw.users.admin, overview_url()))


def test_estimated_school_is_labelled(client, cw):
    from kompetenceplan.testing.factories import make_institution

    school_c = make_institution(cw.ishoj, "Skole C", number="100003")
    school_class(school_c, "1.C", 1)
    overview = get(client, cw.users.admin, overview_url())
    row = next(r for r in table_rows(overview, "heatmap") if r[0].startswith("Skole C"))
    assert row[0] == "Skole C skøn"
    assert "har ingen fagfordeling for skoleåret" in body(overview)
    school = body(get(client, cw.users.admin, school_url(school_c)))
    assert "skøn</span></h1>" in school
    drill = body(get(client, cw.users.admin, drill_url(school_c)))
    assert "Skolen har ingen fagfordeling for skoleåret" in drill


# --- a school's page ------------------------------------------------------------------


def test_school_page(client, cw):
    response = get(client, cw.users.leader, school_url(cw.school_a))
    text = body(response)
    assert "<h1>Skole A</h1>" in text
    assert "88,9 %" in text and "480 af 540 timer er dækket" in text and "33 timer" in text
    assert table_rows(response, "subjects")[1:] == [
        ["Dansk", "330", "330", "100,0 %", "0,0 %", "100,0 %", "95 %", "0"],
        ["Historie", "60", "0", "0,0 %", "0,0 %", "0,0 %", "95 %", "57"],
        ["Matematik", "150", "150", "0,0 %", "100,0 %", "100,0 %", "95 %", "0"],
    ]
    assert table_rows(response, "trend-table")[1:] == [
        [EARLIER, "330", "100,0 %", "0,0 %", "100,0 %"],
        [YEAR, "540", "61,1 %", "27,8 %", "88,9 %"],
    ]
    assert "Se klasser og lærere" in text


def test_school_page_of_another_school_has_no_drilldown_for_the_leader(client, cw):
    text = body(get(client, cw.users.leader, school_url(cw.school_b)))
    assert "68,8 %" in text
    assert "Se klasser og lærere" not in text and "/klasser/" not in text


# --- the drill-down -------------------------------------------------------------------


def test_drilldown_rows(client, cw):
    response = get(client, cw.users.admin, drill_url(cw.school_a))
    assert table_rows(response, "drilldown")[1:] == [
        [
            "1.A (1. klassetrin)",
            "Dansk",
            "330",
            "Anne Andersen (300 timer)",
            "Undervisningskompetence",
            "–",
            "–",
        ],
        [
            "1.A (1. klassetrin)",
            "Matematik",
            "150",
            "Bo Bach (150 timer)",
            "Tilsvarende kompetence",
            "Anne Andersen (20 timer)",
            "–",
        ],
        [
            "4.A (4. klassetrin)",
            "Historie",
            "60",
            "Bo Bach (60 timer)",
            "✕ Ingen kompetence i faget",
            "Carl Christensen (10 timer)",
            "–",
        ],
    ]
    assert "3 klasser og fag, 540 timer, heraf 480 dækket (88,9 %)." in body(response)


def test_drilldown_shows_the_teachers_left_out(client, cw):
    response = get(client, cw.users.consultant, drill_url(cw.school_b))
    assert table_rows(response, "drilldown")[1:] == [
        [
            "1.B (1. klassetrin)",
            "Dansk",
            "330",
            "Carl Christensen (330 timer)",
            "Undervisningskompetence",
            "–",
            "–",
        ],
        [
            "1.B (1. klassetrin)",
            "Matematik",
            "150",
            "Carl Christensen (10 timer)",
            "✕ Ingen kompetence i faget",
            "–",
            "Erik Ekstra (150 timer)",
        ],
    ]


def test_drilldown_filters_by_subject_and_band(client, cw):
    client.force_login(cw.users.admin)
    historie = cw.data.a4.allocations.first().subject_id
    rows = table_rows(client.get(drill_url(cw.school_a, f"&subject={historie}")), "drilldown")
    assert [r[1] for r in rows[1:]] == ["Historie"]
    rows = table_rows(client.get(drill_url(cw.school_a, "&band=early")), "drilldown")
    assert [r[1] for r in rows[1:]] == ["Dansk", "Matematik"]
    assert (
        'value="early" selected'
        in client.get(drill_url(cw.school_a, "&band=early")).content.decode()
    )


def test_drilldown_hides_names_outside_the_leaders_schools_and_logs_the_names_shown(client, cw):
    response = get(client, cw.users.leader, drill_url(cw.school_a))
    historie = table_rows(response, "drilldown")[3]
    assert historie[5] == "Lærer uden for dine skoler (10 timer)"
    assert "Carl Christensen" not in response.content.decode()
    entry = ReadLogEntry.objects.get()
    assert entry.label == "Kompetencedækning: klasser og lærere"
    assert entry.kind == "list"
    logged = set(ReadLogSubject.objects.filter(entry=entry).values_list("object_id", flat=True))
    assert logged == {cw.person_a.pk, cw.person_a2.pk}


def test_drilldown_logs_every_name_for_the_administrator(client, cw):
    get(client, cw.users.admin, drill_url(cw.school_b))
    entry = ReadLogEntry.objects.get()
    logged = set(ReadLogSubject.objects.filter(entry=entry).values_list("object_id", flat=True))
    assert logged == {cw.person_b.pk, cw.data.erik.pk}


def test_overview_and_school_page_log_no_reads(client, cw):
    get(client, cw.users.admin, overview_url())
    get(client, cw.users.admin, school_url(cw.school_a))
    assert not ReadLogEntry.objects.exists()


def test_navigation_entry(client, cw):
    entry = '<span class="sidenav-title">Kompetencedækning</span>'
    assert entry in get(client, cw.users.viewer, reverse("core:home")).content.decode()
    assert entry not in get(client, cw.users.staff, reverse("core:home")).content.decode()


# --- query counts ---------------------------------------------------------------------

#: Pinned per page (session and user included). None grows with the number of
#: classes: the computation's aggregate is a fixed number of queries per school
#: year, and the trend asks for each school year shown.
QUERY_LIMITS = {"overview": 18, "school": 19, "drilldown": 15}


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_are_pinned_and_do_not_grow_with_the_classes(client, cw):
    client.force_login(cw.users.leader)
    pages = {
        "overview": overview_url(),
        "school": school_url(cw.school_a),
        "drilldown": drill_url(cw.school_a),
    }
    for url in pages.values():  # warm the content-type cache
        count_queries(client, url)
    before = {name: count_queries(client, url) for name, url in pages.items()}  # 2 classes
    more_classes(cw, 18)  # 20 normal classes at Skole A
    after = {name: count_queries(client, url) for name, url in pages.items()}
    assert after == before == QUERY_LIMITS


# --- targets --------------------------------------------------------------------------


def test_band_targets_without_a_total_target(client, cw):
    """2024/25 sets 95 % on mellemtrin only (none in indskoling): the earlier
    year's total target no longer holds, indskoling has none, and the gap is
    mellemtrin's (57 h: historie in 4.A)."""
    CoverageTarget.objects.filter(school_year=YEAR).update(grade_band=GradeBand.MIDDLE)
    response = get(client, cw.users.admin, overview_url())
    text = body(response)
    assert "Mellemtrin (4.-6.): 95 % (mål fra 2024/25; intet mål for de øvrige klassetrin)" in text
    assert "57 timer</strong> (summen for klassetrinnene med et mål)" in text
    assert [r[0::6] for r in table_rows(response, "bands")[1:]] == [
        ["Indskoling (1.-3.)", "–"],
        ["Mellemtrin (4.-6.)", "95 %"],
    ]
    assert [(r[0], r[2]) for r in table_rows(response, "heatmap")[1:]] == [
        ("Skole A", "57"),
        ("Skole B", "0"),
        ("Kommunen", "57"),
    ]
    assert table_rows(response, "subjects")[1][6:] == ["–", "–"]  # no target for all grades


def test_targets_in_force(cw):
    ishoj = cw.ishoj.pk
    assert targets_in_force(municipality_id=ishoj, school_year="2021/22") == {}
    earlier = targets_in_force(municipality_id=ishoj, school_year=EARLIER)
    assert earlier[GradeBand.ALL].percent == 90 and earlier[GradeBand.ALL].school_year == "2022/23"
    assert not earlier[GradeBand.EARLY].own_band and earlier[GradeBand.EARLY].percent == 90
    CoverageTarget.objects.create(
        municipality=cw.ishoj, school_year=YEAR, grade_band=GradeBand.LATE, percent=D(97)
    )
    now = targets_in_force(municipality_id=ishoj, school_year="2026/27")
    assert now[GradeBand.LATE].percent == 97 and now[GradeBand.LATE].own_band
    assert now[GradeBand.MIDDLE].percent == 95 and not now[GradeBand.MIDDLE].own_band


def test_gap_hours_rounds_up_and_stops_at_zero():
    target = Target(band=GradeBand.ALL, percent=D(95), school_year=YEAR, achieved=False)
    assert gap_hours(Figures(D(100), D(90), D(90), D(0)), target) == 5
    assert gap_hours(Figures(D(101), D(90), D(90), D(0)), target) == 6  # 5.95
    assert gap_hours(Figures(D(100), D(96), D(96), D(0)), target) == 0
    assert gap_hours(Figures(), target) is None
    assert gap_hours(Figures(D(100), D(90), D(90), D(0)), None) is None


def test_a_bad_choice_is_shown_and_the_other_choices_still_hold(client, cw):
    client.force_login(cw.users.admin)
    response = client.get(reverse("coverage:dashboard") + "?school_year=1999/00&measure=formel")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_school_year_error"' in html and "1999/00 er ikke en af" in html
    assert table_rows(response, "heatmap")[-1][1] == "64,7"  # formal, the newest year
    response = client.get(drill_url(cw.school_a, "&subject=x"))
    assert "form-error-message" in response.content.decode()
    assert len(table_rows(response, "drilldown")) == 4  # the year holds; all subjects

"""Coverage targets from the plan files (coverage/targets.py)."""

import copy
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.coverage.models import CoverageTarget
from kompetenceplan.coverage.targets import school_year_of, target_problems
from kompetenceplan.funding.plan_loading import plan_document_load
from kompetenceplan.testing.factories import make_municipality
from kompetenceplan.testing.plans import load_plan_file, plan_data


@pytest.fixture
def towns(db):
    return make_municipality("791", "Viborg"), make_municipality("615", "Horsens")


def targets_of(municipality):
    return [
        (t.school_year, t.grade_band, t.percent, t.achieved)
        for t in CoverageTarget.objects.filter(municipality=municipality).order_by("school_year")
    ]


def test_school_year_of():
    assert school_year_of({"school_year": "2016/17"}) == "2016/17"
    assert school_year_of({"school_year": None, "year": 2020}) == "2019/20"
    assert school_year_of({"year": 2000}) == "1999/00"
    assert school_year_of({"school_year": "2016/18"}) is None
    assert school_year_of({"school_year": None}) is None


def test_viborg_and_horsens_targets_load_with_the_plan(towns):
    viborg, horsens = towns
    plan = load_plan_file("viborg-skole-2014-2020")
    assert targets_of(viborg) == [
        ("2016/17", "all", Decimal(85), True),
        ("2018/19", "all", Decimal(90), False),
        ("2019/20", "all", Decimal(100), False),
    ]
    target = CoverageTarget.objects.get(municipality=viborg, school_year="2016/17")
    assert target.source.startswith(plan.title)
    assert "85 % kompetencedækning i 16/17" in target.source
    entries = ChangeLogEntry.objects.filter(
        object_id=str(target.pk), content_type__model="coveragetarget"
    )
    assert entries.count() == 1 and entries.get().related_object_id == str(plan.pk)
    load_plan_file("horsens-strategi-2017")
    assert targets_of(horsens) == [("2019/20", "all", Decimal(100), False)]


def test_loading_twice_changes_nothing(towns):
    viborg, _horsens = towns
    load_plan_file("viborg-skole-2014-2020")
    count = ChangeLogEntry.objects.count()
    data = plan_data("viborg-skole-2014-2020")
    _plan, changed = plan_document_load(
        actor=None, data=data, file_name="viborg-skole-2014-2020.yaml"
    )
    assert not changed
    assert ChangeLogEntry.objects.count() == count
    assert len(targets_of(viborg)) == 3


def test_a_changed_figure_updates_the_target_but_a_users_own_target_stays(towns):
    viborg, _horsens = towns
    load_plan_file("viborg-skole-2014-2020")
    own = CoverageTarget.objects.get(municipality=viborg, school_year="2018/19")
    own.source = "Byrådets beslutning"
    own.percent = Decimal(92)
    own.save()
    data = copy.deepcopy(plan_data("viborg-skole-2014-2020"))
    data["coverage_targets"][0]["percent"] = 87
    data["coverage_targets"][1]["percent"] = 91
    _plan, changed = plan_document_load(
        actor=None, data=data, file_name="viborg-skole-2014-2020.yaml"
    )
    assert changed
    assert targets_of(viborg)[:2] == [
        ("2016/17", "all", Decimal(87), True),
        ("2018/19", "all", Decimal(92), False),
    ]


def test_a_bad_target_refuses_the_whole_file(towns):
    viborg, _horsens = towns
    data = copy.deepcopy(plan_data("viborg-skole-2014-2020"))
    data["coverage_targets"].append({"school_year": None, "percent": 120})
    assert len(target_problems(data, "viborg.yaml")) == 2
    with pytest.raises(ValidationError) as error:
        load_plan_file("viborg-skole-2014-2020", data=data)
    assert "dækningsmål nr. 4" in str(error.value)
    assert targets_of(viborg) == []


def test_load_plan_command_loads_the_targets(towns):
    from django.core.management import call_command

    from kompetenceplan.plans.demo import DATA_DIR
    from kompetenceplan.testing.plans import named_institutions_ensure

    viborg, _horsens = towns
    named_institutions_ensure(plan_data("viborg-skole-2014-2020"))
    call_command("load_plan", str(DATA_DIR / "viborg-skole-2014-2020.yaml"), stdout=io.StringIO())
    assert [t[0] for t in targets_of(viborg)] == ["2016/17", "2018/19", "2019/20"]

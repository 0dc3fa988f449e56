"""The error codes of the apps up to funding: each has one Danish message and
a field (or None: above the form)."""

import pytest

from kompetenceplan.funding.errors import FundingError
from kompetenceplan.organisation.errors import OrganisationError
from kompetenceplan.plans.errors import PlansError


@pytest.mark.parametrize("enum", [FundingError, PlansError, OrganisationError])
def test_every_code_has_a_danish_message_and_a_field_or_none(enum):
    codes = [member.code for member in enum]
    assert len(codes) == len(set(codes))
    for member in enum:
        assert str(member.message).strip(), member
        assert member.field is None or member.field.isidentifier(), member

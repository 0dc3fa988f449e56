"""The permission matrix of the accounts app's own page: the e-mail page
(allauth's view with the primary-address rule, kompetenceplan/accounts/views.py)
is every signed-in user's own, also a user without a municipality."""

import pytest

from kompetenceplan.testing.matrix import ALL_ROLES, Case, assert_matrix, matrix_params

pytestmark = pytest.mark.django_db

CASES = [
    Case(
        "account_email",
        url="/konto/email/",
        allowed=ALL_ROLES | {"horsens_admin"},
        without_municipality=200,
    ),
]


@pytest.mark.parametrize("case", matrix_params(CASES))
def test_permission_matrix(client, world, case):
    assert_matrix(client, world, case)

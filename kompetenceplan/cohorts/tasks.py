"""Background tasks of the cohorts (django-tasks; `python manage.py db_worker` runs them)."""

from django_tasks import task

from .invitations import deliver


@task()
def send_invitation(invitation_id: int) -> bool:
    """Send one calendar invitation from the outbox (once)."""
    return deliver(invitation_id)

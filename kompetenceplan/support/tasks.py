"""Background tasks of the support app (django-tasks; `python manage.py db_worker` runs them)."""

from django_tasks import task


@task()
def send_support_message(to: list[str], subject: str, body: str) -> int:
    """Send one message about a request or an application (after its commit)."""
    from .messages import deliver

    return deliver(to, subject, body)

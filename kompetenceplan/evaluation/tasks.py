"""Background tasks of the evaluation (django-tasks; `python manage.py db_worker` runs them)."""

from django_tasks import task


@task()
def send_survey_link(link_id: int) -> bool:
    """Send one personal answer link (once)."""
    from .services import deliver_link

    return deliver_link(link_id)


@task()
def send_evaluations() -> int:
    """The daily sweep: make the due surveys and enqueue their links.
    Returns how many surveys were made."""
    from .services import evaluations_send

    return evaluations_send().surveys

"""Background tasks of the competences (django-tasks; `python manage.py db_worker` runs them)."""

from django_tasks import task


@task()
def send_compliance_reminder(reminder_id: int) -> bool:
    """Send one compliance reminder to the person's leaders (once)."""
    from .services_rules import deliver_reminder

    return deliver_reminder(reminder_id)


@task()
def send_compliance_reminders() -> int:
    """The daily sweep: write the reminders of every overdue or due-soon item
    (once per item) and enqueue their e-mails. Returns how many were written."""
    from .services_rules import compliance_reminders_create

    return compliance_reminders_create().created

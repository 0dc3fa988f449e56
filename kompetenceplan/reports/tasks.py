"""Background tasks (django-tasks; `python manage.py db_worker` runs them)."""

from django_tasks import task

from .services import document_job_run


@task()
def generate_document(job_id: int) -> str | None:
    """Render and store the file of one DocumentJob, updating its progress."""
    job = document_job_run(job_id=job_id)
    return None if job is None else job.file.name

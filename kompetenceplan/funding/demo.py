"""Demo plans with their money: every plan file in plans/data/, loaded whole
(structure and funding) through ``funding.plan_loading``."""

from kompetenceplan.plans.demo import assign_demo_consultant, plan_files, read_plan_file

from .plan_loading import plan_document_load


def load(stdout=None) -> None:
    for path in plan_files():
        plan, changed = plan_document_load(
            actor=None, data=read_plan_file(path), file_name=path.name
        )
        if stdout:
            state = "indlæst" if changed else "uændret"
            stdout.write(f"  Plan {plan.title} ({plan.initiatives.count()} indsatser): {state}")
    assign_demo_consultant()

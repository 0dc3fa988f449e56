"""The layers are enforced: import-linter's contracts (pyproject.toml) hold for
the code as it is, and fail as soon as core imports a domain app.

The same check runs in ``make lint`` (``lint-imports``)."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _copy_code(target: Path) -> None:
    """The Python code and pyproject.toml, nothing else (fast)."""
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    shutil.copytree(
        ROOT / "kompetenceplan",
        target / "kompetenceplan",
        ignore=lambda directory, names: (
            [n for n in names if not (n.endswith(".py") or (Path(directory) / n).is_dir())]
            + [n for n in names if n in ("__pycache__", "templates", "static", "locale", "data")]
        ),
    )


def test_contracts_hold():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_core_importing_a_domain_app_breaks_the_contracts(tmp_path):
    _copy_code(tmp_path)
    with (tmp_path / "kompetenceplan" / "core" / "formatting.py").open("a") as fh:
        fh.write("\nfrom kompetenceplan.plans import models  # noqa\n")
    result = _lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Apps import only the apps below them BROKEN" in result.stdout
    assert "Core imports no domain app BROKEN" in result.stdout
    assert "kompetenceplan.core.formatting -> kompetenceplan.plans.models" in result.stdout


def test_core_names_no_domain_app():
    """`grep -rn "kompetenceplan\\.\\(organisation\\|plans\\|funding\\|reports\\)"
    kompetenceplan/core/` finds nothing outside core/tests."""
    apps = ("accounts", "organisation", "plans", "funding", "reports", "frontpage")
    offenders = [
        f"{path.relative_to(ROOT)}: {app}"
        for path in (ROOT / "kompetenceplan" / "core").rglob("*")
        if path.is_file()
        and path.suffix in (".py", ".html")
        and "tests" not in path.relative_to(ROOT).parts
        for app in apps
        if f"kompetenceplan.{app}" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []

"""The built wheel carries the content and the templates: install it alone and render from elsewhere."""

from __future__ import annotations

import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from .conftest import EXAMPLE_ANSWERS, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # Built by the build backend itself (pyproject.toml's hatchling), as `pip wheel` would have
    # it build: pip's own start-up and its call through a second process took most of the time.
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "--target", "wheel", "--directory", str(out)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    (built,) = out.glob("spreadkit-*.whl")
    return built


def test_installed_wheel_renders_outside_the_repository(wheel: Path, tmp_path: Path) -> None:
    # One test for the one wheel: with the suite spread over workers (xdist), two tests of the
    # same wheel could each build it.
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "spreadkit/templates/plan.html.j2" in names
    assert "spreadkit/templates/plan.md.j2" in names
    assert "spreadkit/templates/plan.css" in names
    assert "spreadkit/content/framework.yml" in names
    assert "spreadkit/content/step-05-sustain.yml" in names
    for name in ("board.md.j2", "board.html.j2", "board.css", "trends.md.j2", "report.html.j2"):
        assert f"spreadkit/templates/{name}" in names
    # the office libraries are declared, so an installed wheel can write Word and Excel
    archive = zipfile.ZipFile(wheel)
    (metadata,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
    requires = [
        line.split(":", 1)[1].strip().lower()
        for line in archive.read(metadata).decode("utf-8").splitlines()
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    ]
    for name in ("python-docx", "openpyxl", "pillow"):
        assert any(r.startswith(name) for r in requires), (name, requires)
    venv = tmp_path / "venv"
    # A bare environment, the wheel installed into it by this run's pip (`pip --python`): a pip
    # of its own would take most of this test's time to set up, and is not what is tested.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    bin_dir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    python = bin_dir / "python"
    install = ["install", "-q", "--no-deps", "--no-index", str(wheel)]
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), *install], check=True)
    # Dependencies come from this test run's environment, without its editable spreadkit:
    # a plain path in a .pth file does not process that folder's own .pth files.
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ours = sysconfig.get_paths()["purelib"]
    Path(purelib, "_test_dependencies.pth").write_text(
        ours + "\n" + "\n".join(site.getsitepackages()) + "\n", encoding="utf-8"
    )

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    answers = elsewhere / "team.answers.yml"
    answers.write_text(EXAMPLE_ANSWERS.read_text(encoding="utf-8"), encoding="utf-8")
    done = subprocess.run(
        [
            bin_dir / "spreadkit",
            "render",
            answers.name,
            "--format",
            "html",
            "--output",
            "plan.html",
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    html = (elsewhere / "plan.html").read_text(encoding="utf-8")
    assert "Assistant Psychological Practitioner" in html and "<style>" in html
    where = subprocess.run(
        [python, "-c", "import spreadkit; print(spreadkit.__file__)"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
    ).stdout
    assert str(venv) in where  # the wheel's copy, not the source tree
    for args in (  # Word and Excel from the installed wheel, with its declared dependencies
        ["render", answers.name, "--output", "plan.docx"],
        ["export", answers.name, "--format", "xlsx", "--output", "tracker.xlsx"],
    ):
        done = subprocess.run(
            [bin_dir / "spreadkit", *args], cwd=elsewhere, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    assert zipfile.is_zipfile(elsewhere / "plan.docx")
    assert zipfile.is_zipfile(elsewhere / "tracker.xlsx")

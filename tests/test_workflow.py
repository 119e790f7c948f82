"""The GitHub Actions workflow runs the commands of .ci/run, so a green .ci/run proves the published build.

The workflow and .ci/run are parsed into their shell commands and compared in order. Two differences are
plumbing and are named here: the workflow puts the virtual environment on PATH for its later steps instead of
activating it in one shell, and it builds the site into the folder the Pages artifact uploads.
"""

from __future__ import annotations

import re
import shlex
from typing import Any

import pytest
import yaml

from .conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
CI = ROOT / ".ci" / "run"
TRIGGER_PATHS = {"source_docs/**", "generator/**", "docs/**", "mkdocs.yml"}
PUSH_TO_MAIN = "github.event_name == 'push' && github.ref == 'refs/heads/main'"

# shell plumbing that differs on purpose; everything else must match command for command
CI_ONLY = {
    "set -euo pipefail",
    'cd "$(dirname "$0")/.."',
    ". .venv/bin/activate",  # the workflow puts .venv/bin on PATH instead
}
WORKFLOW_ONLY = {'echo "$PWD/.venv/bin" >> "$GITHUB_PATH"'}


def commands(script: str) -> list[str]:
    """The commands of a shell script, one per line and per `&&`, comments and blank lines left out, the
    site folder given to `mkdocs build` replaced by DIR."""
    out: list[str] = []
    for raw in script.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        for part in re.split(r"\s&&\s", line):
            part = re.sub(r"(--site-dir)\s+(\"[^\"]*\"|\S+)", r"\1 DIR", part.strip())
            out.append(part)
    return out


def load() -> dict[str, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    return load()


def run_steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in workflow["jobs"]["build"]["steps"] if "run" in s]


def test_steps_are_the_commands_of_ci_run(workflow: dict[str, Any]) -> None:
    ci_text = CI.read_text(encoding="utf-8")
    exported = re.search(r"^export (.+)$", ci_text, re.M)
    assert exported is not None
    ci = [c for c in commands(ci_text) if c not in CI_ONLY and not c.startswith("export ")]
    steps = [c for s in run_steps(workflow) for c in commands(s["run"]) if c not in WORKFLOW_ONLY]
    assert steps == ci
    # what .ci/run exports, the build job sets
    env = {k: str(v) for k, v in workflow["jobs"]["build"]["env"].items()}
    assert env == dict(item.split("=", 1) for item in shlex.split(exported.group(1)))


def test_the_readme_test_command_is_a_step(workflow: dict[str, Any]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(ln for ln in readme.splitlines() if "pytest" in ln and "pip install" in ln)
    command = line.split("#")[0].strip().split(" && ", 2)[-1]  # after creating and activating the venv
    assert command == "python -m pip install -q -e '.[test]' && python -m pytest"
    assert any(command in s["run"] for s in run_steps(workflow))
    assert command in CI.read_text(encoding="utf-8")


def test_triggers(workflow: dict[str, Any]) -> None:
    on = workflow["on"]
    assert on["push"]["branches"] == ["main"]
    assert TRIGGER_PATHS <= set(on["push"]["paths"])
    assert set(on["pull_request"]["paths"]) == set(on["push"]["paths"])


def test_deploys_with_the_pages_actions_on_push_to_main_only(workflow: dict[str, Any]) -> None:
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    site_dir = next(
        m.group(1) for s in run_steps(workflow) if (m := re.search(r"mkdocs build --strict --site-dir (\S+)", s["run"]))
    )
    upload = [s for s in build["steps"] if str(s.get("uses", "")).startswith("actions/upload-pages-artifact@")]
    assert len(upload) == 1 and upload[0]["with"]["path"] == site_dir
    assert upload[0]["if"] == PUSH_TO_MAIN  # a pull request builds and reports, and uploads nothing
    assert deploy["if"] == PUSH_TO_MAIN and deploy["needs"] == "build"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert workflow["permissions"] == {"contents": "read"}  # only the deploy job may write


def test_the_pages_build_comes_after_the_tests(workflow: dict[str, Any]) -> None:
    names = [c for s in run_steps(workflow) for c in commands(s["run"])]
    assert names.index("python -m pytest") < names.index("mkdocs build --strict --site-dir DIR")

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
# the jobs after the first install the package again (each job is a fresh machine) before their commands
JOB_SETUP = {"python3 -m venv .venv", "python -m pip install -q -e ."}
# .ci/run runs the partitions in a loop over the plan; the workflow runs them as the jobs of a matrix
CI_LOOP = re.compile(r"^(stage|parts)=|^for spec in |^done$")
JOBS = ("build", "partition", "merge")  # the jobs that run commands, in order


def commands(script: str) -> list[str]:
    """The commands of a shell script, one per line and per `&&`, comments and blank lines left out, the
    site folder given to `mkdocs build` replaced by DIR."""
    out: list[str] = []
    for raw in script.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        for part in re.split(r"\s&&\s", line):
            part = part.strip()
            # the plan: a file for the loop in .ci/run, the matrix of the next job in the workflow
            part = re.sub(r'^echo "matrix=\$\((vanban plan [^)]*)\)" >> "\$GITHUB_OUTPUT"$', r"\1", part)
            part = re.sub(r"^(vanban plan .*?) > \S+$", r"\1", part)
            part = re.sub(r"(--site-dir|--stage)\s+(\"[^\"]*\"|\S+)", r"\1 DIR", part)
            part = re.sub(r"(--partition)\s+(\"[^\"]*\"|\S+)", r"\1 K/N", part)
            part = re.sub(r"^vanban merge \"[^\"]*\"", "vanban merge PARTS", part)
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
    """The steps that run commands, job after job (build, each partition, merge)."""
    return [s for job in JOBS for s in workflow["jobs"][job]["steps"] if "run" in s]


def job_commands(workflow: dict[str, Any]) -> list[str]:
    out = []
    for job in JOBS:
        for step in workflow["jobs"][job]["steps"]:
            if "run" in step:
                out += [c for c in commands(step["run"]) if c not in WORKFLOW_ONLY and (job == "build" or c not in JOB_SETUP)]
    return out


def test_steps_are_the_commands_of_ci_run(workflow: dict[str, Any]) -> None:
    ci_text = CI.read_text(encoding="utf-8")
    exported = re.search(r"^export (.+)$", ci_text, re.M)
    assert exported is not None
    ci = [c for c in commands(ci_text) if c not in CI_ONLY and not c.startswith("export ") and not CI_LOOP.search(c)]
    assert job_commands(workflow) == ci
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
    merge, deploy = workflow["jobs"]["merge"], workflow["jobs"]["deploy"]
    site_dir = next(m.group(1) for s in run_steps(workflow) if (m := re.search(r"vanban merge .* --site-dir (\S+)", s["run"])))
    upload = [s for s in merge["steps"] if str(s.get("uses", "")).startswith("actions/upload-pages-artifact@")]
    assert len(upload) == 1 and upload[0]["with"]["path"] == site_dir
    assert upload[0]["if"] == PUSH_TO_MAIN  # a pull request builds and reports, and uploads nothing
    assert deploy["if"] == PUSH_TO_MAIN and deploy["needs"] == "merge"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert workflow["permissions"] == {"contents": "read"}  # only the deploy job may write


def test_the_pages_build_comes_after_the_tests(workflow: dict[str, Any]) -> None:
    names = [c for s in run_steps(workflow) for c in commands(s["run"])]
    assert names.index("python -m pytest") < names.index("vanban generate --stage DIR")


def test_the_matrix_is_the_plan_of_the_staged_site(workflow: dict[str, Any]) -> None:
    """The partition jobs get their matrix from `vanban plan` in the build job (its size follows the corpus), the
    staged pages from the build job, and hand their partial sites (with the hidden record the merge reads) to the
    merge job."""
    build, part, merge = (workflow["jobs"][j] for j in JOBS)
    plan = next(s for s in build["steps"] if s.get("id") == "plan")
    assert "vanban plan" in plan["run"] and "$GITHUB_OUTPUT" in plan["run"]
    assert build["outputs"]["matrix"] == "${{ steps.plan.outputs.matrix }}"
    assert part["needs"] == "build" and merge["needs"] == "partition"
    assert part["strategy"]["matrix"] == "${{ fromJSON(needs.build.outputs.matrix) }}"
    assert any('--partition "${{ matrix.partition }}"' in s.get("run", "") for s in part["steps"])
    uploads = [s for j in (build, part) for s in j["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    assert len(uploads) == 2 and all(u["with"]["include-hidden-files"] is True for u in uploads)
    downloads = [s["with"] for j in (part, merge) for s in j["steps"] if str(s.get("uses", "")).startswith("actions/download-artifact@")]
    assert downloads[0]["name"] == uploads[0]["with"]["name"] and downloads[1]["pattern"] == "part-*"

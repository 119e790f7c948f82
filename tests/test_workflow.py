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
CI_LOOP = re.compile(r"^(stage|parts|site)=|^for spec in |^done$")
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
    assert part["needs"] == "build" and merge["needs"] == ["build", "partition"]
    assert part["strategy"]["matrix"] == "${{ fromJSON(needs.build.outputs.matrix) }}"
    assert any('--partition "${{ matrix.partition }}"' in s.get("run", "") for s in part["steps"])
    uploads = [s for j in (build, part) for s in j["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    assert all(u["with"]["include-hidden-files"] is True for u in uploads)
    names = [u["with"]["name"] for u in uploads]
    assert names == ["stage", "parse-cache", "part-${{ strategy.job-index }}"]
    downloads = [s["with"] for j in (part, merge) for s in j["steps"] if str(s.get("uses", "")).startswith("actions/download-artifact@")]
    assert [d.get("name", d.get("pattern")) for d in downloads] == ["stage", "stage", "parse-cache", "part-*"]


PUBLICATION = [".cache/vanban", "_stage", "_site"]  # parse cache, staged pages with the build's state, the site


def _cache_steps(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in job["steps"] if str(s.get("uses", "")).startswith(f"actions/cache/{action}@")]


def test_the_last_publication_is_restored_and_the_new_one_saved(workflow: dict[str, Any]) -> None:
    """CI publishes incrementally: the build job restores the last publication (the newest entry, whatever commit
    made it) before it generates and plans against the restored site; the merge job restores that same entry,
    merges the rebuilt partitions into its site with the plan, and saves the result for the next run."""
    build, merge = workflow["jobs"]["build"], workflow["jobs"]["merge"]
    (restore,) = _cache_steps(build, "restore")
    assert restore["with"]["path"].split() == PUBLICATION
    assert restore["with"]["restore-keys"] == "vanban-publish-"
    assert restore["with"]["key"].startswith("vanban-publish-")
    steps = build["steps"]
    plan = next(s for s in steps if s.get("id") == "plan")
    assert steps.index(restore) < steps.index(plan)
    site = re.search(r"vanban plan --stage (\S+) --site-dir (\S+)\)", plan["run"])
    assert site is not None and [site.group(1), site.group(2)] == PUBLICATION[1:]
    assert build["outputs"]["restored"] == "${{ steps.restore.outputs.cache-matched-key }}"
    (again,) = _cache_steps(merge, "restore")
    assert again["with"]["key"] == "${{ needs.build.outputs.restored }}" and again["with"]["path"].split() == PUBLICATION
    assert again["if"] == "needs.build.outputs.restored != ''" and again["with"]["fail-on-cache-miss"] is True
    (save,) = _cache_steps(merge, "save")
    assert save["with"]["path"].split() == PUBLICATION
    assert save["with"]["key"].startswith("vanban-publish-") and "github.run_id" in save["with"]["key"]
    order = merge["steps"]
    run = next(s for s in order if "vanban merge" in s.get("run", ""))
    assert "--site-dir _site --stage _stage" in run["run"]
    downloads = [s for s in order if str(s.get("uses", "")).startswith("actions/download-artifact@")]
    assert order.index(again) < min(order.index(d) for d in downloads)  # this run's stage over the restored one
    assert max(order.index(d) for d in downloads) < order.index(run) < order.index(save)
    assert not any(str(s.get("uses", "")).startswith("actions/cache@") for j in workflow["jobs"].values() for s in j.get("steps", []))

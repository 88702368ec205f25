"""GitHub workflows and pre-commit: linted by actionlint, safe with untrusted pull requests."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def _workflow(name: str) -> dict[str, Any]:
    # PyYAML reads the key `on` as True (YAML 1.1); the workflow means the string "on".
    data: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True)
    return data


def _actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "actionlint"), "-no-color", *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_actionlint_passes_on_every_workflow() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["publish.yml", "pull-request.yml"]
    assert shutil.which("shellcheck"), "make test installs shellcheck for actionlint"
    result = _actionlint(*files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_script_injection(tmp_path: Path) -> None:
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: pull_request\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n',
        encoding="utf-8",
    )
    result = _actionlint(bad)
    assert result.returncode == 1
    assert "github.event.pull_request.title" in result.stdout and "untrusted" in result.stdout


def test_pull_requests_run_with_a_read_only_token_and_no_secrets() -> None:
    for path in WORKFLOWS.glob("*.yml"):
        triggers = _workflow(path.name)["on"]
        assert "pull_request_target" not in triggers and "workflow_run" not in triggers
    pr = _workflow("pull-request.yml")
    assert list(pr["on"]) == ["pull_request"]
    assert pr["permissions"] == {"contents": "read"}
    assert "secrets." not in (WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8")
    for job in pr["jobs"].values():
        assert "permissions" not in job  # nothing widens the read-only token


def test_pull_request_checks_tests_builds_and_uploads_the_site() -> None:
    steps = _workflow("pull-request.yml")["jobs"]["check"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert ".venv/bin/python -m generator check --format github" in runs
    assert "make test" in runs and "make site" in runs
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/"
    checkout = steps[0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["persist-credentials"] is False


def test_main_is_published_by_one_deploy_step_with_job_level_write_permission() -> None:
    publish = _workflow("publish.yml")
    assert publish["on"]["push"] == {"branches": ["main"]}
    assert publish["permissions"] == {"contents": "read"}
    build, deploy = publish["jobs"]["build"], publish["jobs"]["deploy"]
    assert "permissions" not in build
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert any(s.get("run") == "make test" for s in build["steps"])
    assert publish["concurrency"]["cancel-in-progress"] is False


def test_every_action_is_pinned_to_a_commit() -> None:
    for path in WORKFLOWS.glob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                action = line.split("uses:", 1)[1].split("#")[0].strip()
                assert PINNED.match(action), f"{path.name}: {action}"


def test_pre_commit_runs_check_and_stops_a_bad_file(tmp_path: Path) -> None:
    """A throwaway repository with the project's hooks: a bad content file fails the commit."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "content", repo / "content")
    shutil.copy2(ROOT / ".pre-commit-config.yaml", repo)
    (repo / ".venv").symlink_to(BIN.parent)
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"), GIT_AUTHOR_NAME="t",
               GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")  # fmt: skip

    def run(*command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command, cwd=repo, env=env, capture_output=True, text=True, check=False
        )

    assert run(str(BIN / "pre-commit"), "validate-config").returncode == 0
    run("git", "init", "-q")
    run("git", "add", "content", ".pre-commit-config.yaml")
    bad = repo / "content" / "people" / "new-person.yaml"
    bad.write_text("name: New\nsources: [no-such-source]\n", encoding="utf-8")
    run("git", "add", str(bad))
    result = run(str(BIN / "pre-commit"), "run", "content-check", "--files", str(bad))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "people/new-person.yaml:2:11: error: sources[0].source: unknown source" in (
        result.stdout + result.stderr
    )
    bad.write_text(
        "name: New\nsources: [ukraine-and-poland-sign-security-guarantees-agreement]\n",
        encoding="utf-8",
    )
    result = run(str(BIN / "pre-commit"), "run", "content-check", "--files", str(bad))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("hook", ["content-check", "generated-docs", "ruff-format", "ruff-check"])
def test_every_hook_runs_a_command_that_exists(hook: str) -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    program = hooks[hook]["entry"].split()[0]
    assert (ROOT / program).exists() or shutil.which(program), program


def test_codeowners_separates_content_from_code() -> None:
    lines = (ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8").splitlines()
    rules = [line.split() for line in lines if line.strip() and not line.startswith("#")]
    owners = {pattern: tuple(who) for pattern, *who in rules}
    assert owners["*"] and owners["/content/"] and owners["*"] != owners["/content/"]
    # The last matching rule wins: only content/ is reviewed as content; templates in
    # site_overrides/, the generator and the workflows fall to the code owners.
    assert [p for p in owners if owners[p] == owners["/content/"]] == ["/content/"]
    assert rules[0][0] == "*"

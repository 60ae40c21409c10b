"""The CI and hosting configurations are valid, and run what the README says they run."""

import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]


def load(path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))
WORKFLOW = ROOT / ".github" / "workflows" / "test.yml"


def test_workflow_matches_githubs_published_schema():
    """check-jsonschema ships the GitHub workflow schema: no network needed."""
    run = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
         str(WORKFLOW)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_workflow_runs_make_test_on_pushes_and_pull_requests():
    workflow = load(WORKFLOW)
    triggers = workflow["on"]
    assert {"push", "pull_request"} <= set(triggers)
    steps = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert "make test" in steps
    cached = [s["with"]["path"] for job in workflow["jobs"].values() for s in job["steps"]
              if s.get("uses", "").startswith("actions/cache")]
    assert cached and all(p in cached[0] for p in (".venv", "pip", "npm"))


def test_read_the_docs_builds_the_site_with_make_html():
    config = load(ROOT / ".readthedocs.yaml")
    assert config["version"] == 2
    assert "make html" in config["build"]["commands"]
    assert config["build"]["tools"]["python"] == "3.11"

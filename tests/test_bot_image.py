"""The image and compose files, checked without a Docker engine: constraints.txt pins every dependency at a version
pyproject.toml accepts, the Dockerfile installs what the package is made of as an unprivileged user with a health
check, .dockerignore keeps secrets and data out, and compose runs the ingest job so that it cannot keep the bot from
starting."""

from __future__ import annotations

import re
import tomllib

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import REPO


def pins() -> dict[str, str]:
    out = {}
    for line in (REPO / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            out[canonicalize_name(name)] = version.strip()
    return out


def test_constraints_pin_every_dependency_within_pyproject() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pinned = pins()
    wanted = [*project["dependencies"], *(d for extra in project["optional-dependencies"].values() for d in extra)]
    for spec in wanted:
        req = Requirement(spec)
        name = canonicalize_name(req.name)
        assert name in pinned, f"{req.name} is not in constraints.txt (make constraints)"
        assert req.specifier.contains(pinned[name], prereleases=True), f"{req.name}=={pinned[name]} vs {spec}"
    assert not [n for n in pinned if n.startswith("nvidia-")]  # a CPU build: no CUDA wheels
    assert "gapbot" not in pinned and all(re.fullmatch(r"[\w.!+]+", v) for v in pinned.values())


def test_dockerfile_follows_the_install_steps_as_an_unprivileged_user() -> None:
    text = (REPO / "Dockerfile").read_text()
    steps = [line for line in text.splitlines() if line.startswith(("RUN", "COPY", "USER", "HEALTHCHECK", "CMD"))]
    torch = next(i for i, s in enumerate(steps) if "torch==2.13.0" in s and "--index-url" in s)
    package = next(i for i, s in enumerate(steps) if "-c constraints.txt ." in s)
    assert torch < package  # CPU torch first, then the package under the constraints
    found = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    for pkg in {p.rstrip("*").rstrip(".") for p in found["include"]}:
        assert f"COPY {pkg} ./{pkg}" in text, pkg
    user = next(i for i, s in enumerate(steps) if s.startswith("USER"))
    assert steps[user] == "USER gapbot" and user > package
    assert any(s.startswith("HEALTHCHECK") and "bot.health" in s for s in steps)
    assert "GAPBOT_CORPUS_DIR=/app/corpus" in text  # an installed package is not in the project folder


def test_dockerignore_keeps_secrets_and_data_out() -> None:
    lines = (REPO / ".dockerignore").read_text().splitlines()
    assert ".env" in lines and "/data" in lines and ".venv" in lines and ".git" in lines
    assert "data" not in lines  # that would also drop gapbot/data (the intent model)


def test_compose_ingest_job_reports_and_lets_the_bot_start() -> None:
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())["services"]
    ingest, bot = compose["ingest"], compose["bot"]
    assert "--ok-if-served" in ingest["command"]
    assert ingest["env_file"] == bot["env_file"] == ".env"
    assert bot["depends_on"]["ingest"]["condition"] == "service_completed_successfully"
    assert ingest["healthcheck"] == {"disable": True}

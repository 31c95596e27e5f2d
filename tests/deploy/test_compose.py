"""Static checks of the team deployment (no Docker engine runs here): compose services, pinned images,
health checks, secrets only from .env, mounted paths exist, the image installs the same lock."""

from __future__ import annotations

import re

import pytest
import yaml

from pkit.config import PROJECT_ROOT

COMPOSE = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
RAW = (PROJECT_ROOT / "docker-compose.yml").read_text()
DOCKERFILE = (PROJECT_ROOT / "Dockerfile").read_text()
LONG_RUNNING = [name for name in SERVICES if name != "airflow-init"]


def test_services_of_airflow_3_with_celery():
    assert {
        "postgres",
        "redis",
        "airflow-apiserver",
        "airflow-scheduler",
        "airflow-dag-processor",
        "airflow-triggerer",
        "airflow-worker",
        "airflow-init",
    } <= set(SERVICES)
    env = SERVICES["airflow-worker"]["environment"]
    assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://")
    assert "postgresql" in env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
    # scalable: no fixed container name or host port on the worker
    assert "container_name" not in SERVICES["airflow-worker"] and "ports" not in SERVICES["airflow-worker"]


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_images_are_pinned_by_tag(name):
    image = SERVICES[name]["image"]
    assert ":" in image and not image.endswith(":latest"), image
    assert re.search(r":\d+(\.\d+)+", image), f"{name}: pin an exact version, not {image}"


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_long_running_services_have_health_checks(name):
    assert SERVICES[name].get("healthcheck", {}).get("test"), name


def test_airflow_services_are_built_from_the_project_dockerfile():
    for name, service in SERVICES.items():
        if name.startswith("airflow-"):
            assert service.get("build") == ".", name


def test_no_literal_secrets_only_env_references():
    for match in re.finditer(r"^\s+([A-Z_]*(PASSWORD|SECRET|FERNET_KEY|JWT)[A-Z_]*):\s*(\S+)", RAW, re.M):
        if match.group(1).endswith("_FILE"):  # a path to a secret, not the secret
            continue
        assert match.group(3).startswith("${"), f"literal secret in compose: {match.group(0)}"
    assert "_PIP_ADDITIONAL_REQUIREMENTS" not in RAW
    assert "admin:admin@" not in RAW and "airflow:airflow@" not in RAW


def test_env_example_defines_every_required_variable():
    example = (PROJECT_ROOT / ".env.example").read_text()
    defined = {
        line.split("=", 1)[0] for line in example.splitlines() if "=" in line and not line.startswith("#")
    }
    required = set(re.findall(r"\$\{([A-Z_]+)(?::\?[^}]*)?\}", RAW)) - {"HOSTNAME"}
    assert required <= defined, required - defined
    assert ".env" in (PROJECT_ROOT / ".gitignore").read_text().splitlines()


def test_mounted_host_paths_exist():
    for name, service in SERVICES.items():
        for volume in service.get("volumes", []):
            host = volume.split(":", 1)[0]
            if host.startswith("./"):
                assert (PROJECT_ROOT / host).exists(), f"{name} mounts missing {host}"


def _pins(name: str) -> dict[str, str]:
    lines = (PROJECT_ROOT / name).read_text().splitlines()
    pins = [line.split("==") for line in lines if "==" in line and not line.startswith("#")]
    return {package.lower(): version for package, version in pins}


def test_image_installs_the_team_lock_checked_with_make_runs_pins_unchanged():
    assert re.search(r"COPY .*requirements-team\.lock", DOCKERFILE)
    install = re.search(r"pip install [^\n]*-r /opt/pkit/requirements-team\.lock", DOCKERFILE)
    assert install and "--no-deps" not in install.group(0), "the team lock is installed with its dependencies"
    assert "pip check" in DOCKERFILE
    team, runtime = _pins("requirements-team.lock"), _pins("requirements.lock")
    assert {k: team.get(k) for k in runtime} == runtime, "the image runs the versions make run runs"
    assert team["celery"].startswith("5.6."), "celery 5.7.0 breaks the Celery provider's import"
    assert {
        "apache-airflow-providers-celery",
        "apache-airflow-providers-postgres",
        "asyncpg",
        "redis",
    } <= set(team)
    assert re.search(r"^FROM apache/airflow:\d+\.\d+\.\d+-python3\.11$", DOCKERFILE, re.M)
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    assert "-r requirements.lock" in makefile
    airflow_pin = re.search(
        r"^apache-airflow==(\S+)$", (PROJECT_ROOT / "requirements.lock").read_text(), re.M
    )
    assert f"apache/airflow:{airflow_pin.group(1)}-" in DOCKERFILE


def test_dockerignore_keeps_local_state_out_of_the_image():
    ignored = (PROJECT_ROOT / ".dockerignore").read_text().splitlines()
    assert {".venv", "airflow_home", "warehouse/*", ".env"} <= set(ignored)

"""`make airflow` serves the DAG: the real API server on loopback lists pkit_nightly over REST."""

from __future__ import annotations

import json
import socket
import subprocess
import time

import httpx
import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_api_server_lists_the_dag(tmp_path, project_copy, airflow_cli):
    home = tmp_path / "airflow_home"
    airflow_cli.migrate(home, project_copy)
    env = airflow_cli.env(home, project_copy, AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS="steward:admin")
    airflow = str(airflow_cli.bin / "airflow")
    subprocess.run([airflow, "dags", "reserialize"], env=env, check=True, capture_output=True)
    port = _free_port()
    log = (tmp_path / "api.log").open("w")
    server = subprocess.Popen(
        [airflow, "api-server", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        version = None
        while time.time() < deadline and version is None:
            try:
                response = httpx.get(f"{base}/api/v2/version", timeout=2)
                if response.status_code == 200:
                    version = response.json()
            except httpx.TransportError:
                time.sleep(0.5)
        assert version is not None, (tmp_path / "api.log").read_text()[-3000:]
        assert version["version"].startswith("3.")
        # The simple auth manager generates the user's password into AIRFLOW_HOME (no default baked in).
        passwords = json.loads((home / "simple_auth_manager_passwords.json.generated").read_text())
        token = httpx.post(
            f"{base}/auth/token", json={"username": "steward", "password": passwords["steward"]}, timeout=10
        ).json()["access_token"]
        unauthenticated = httpx.get(f"{base}/api/v2/dags", timeout=10)
        assert unauthenticated.status_code in {401, 403}
        dags = httpx.get(
            f"{base}/api/v2/dags", headers={"Authorization": f"Bearer {token}"}, timeout=10
        ).json()
        assert "pkit_nightly" in {d["dag_id"] for d in dags["dags"]}
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()

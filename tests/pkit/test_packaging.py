"""The one installed package: every package folder is listed in pyproject.toml, and the build fingerprint
covers the code that decides what a build publishes."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pkit.build.candidate import BUILD_CODE, build_code_files
from pkit.config import PROJECT_ROOT


def _setuptools() -> dict:
    return tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _package_folders() -> dict[str, Path]:
    found = {}
    for name, folder in _setuptools()["package-dir"].items():
        for init in (PROJECT_ROOT / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(PROJECT_ROOT / folder)
            found[".".join([name, *rel.parts])] = init.parent
    return found


def test_every_package_folder_is_installed():
    assert sorted(_package_folders()) == sorted(_setuptools()["packages"])


def test_the_build_fingerprint_covers_every_module_of_the_build_code():
    covered = {path.resolve() for _, path in build_code_files(PROJECT_ROOT / "dbt_project")}
    folders = _package_folders()
    for name in BUILD_CODE:
        if name in folders:
            modules = set(folders[name].rglob("*.py"))
        else:
            modules = {(PROJECT_ROOT / Path(*name.split("."))).with_suffix(".py")}
        assert modules and {m.resolve() for m in modules} <= covered, name
    assert (PROJECT_ROOT / "expectations" / "runner.py").resolve() in covered  # the GX runner
    assert (PROJECT_ROOT / "dbt_project" / "dbt_project.yml").resolve() in covered

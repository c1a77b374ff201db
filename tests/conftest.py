import datetime as dt
from pathlib import Path

import pytest

from canirequire.facts.model import FactSet, Lifecycle, PackageFact
from canirequire.facts.store import FactStore
from canirequire.policy.project import parse_project

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture
def shared_data():
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path, monkeypatch):
    """Never read or write the real user data directory from tests."""
    monkeypatch.setenv("CANIREQUIRE_DATA_DIR", str(tmp_path / "userdata"))
    monkeypatch.setenv("CANIREQUIRE_OFFLINE", "1")


def d(text):
    return dt.date.fromisoformat(text)


def lc(os_id, cycle, released, eol, **kw):
    return Lifecycle(os=os_id, cycle=cycle, release_date=d(released), eol=d(eol) if eol else None, source="test", **kw)


def pf(os_id, release, dep, package, version, channel="main", **kw):
    for k in ("as_of", "valid_from", "valid_to"):
        if isinstance(kw.get(k), str):
            kw[k] = d(kw[k])
    return PackageFact(os=os_id, release=release, dependency=dep, package=package, version=version,
                       channel=channel, source="test", **kw)


def make_store(lifecycles=(), packages=(), tiers=()):
    store = FactStore()
    store.add(FactSet(lifecycles=tuple(lifecycles), packages=tuple(packages), tiers=tuple(tiers)))
    return store


MINI_PROJECT = """
[project]
name = "mini"
host_arches = ["x86_64", "mips64el"]

[[os]]
id = "debian"
rule = "newest-and-previous"
arches = ["x86_64", "mips64el"]

[[os]]
id = "msys"
rule = "rolling"
packages_from = ["msys2,rolling"]
arches = ["x86_64"]

[dependencies.rust]
tier_source = "rust"
[dependencies.rust.packages]
debian = ["rustc", "rustc-web"]
msys2 = ["mingw-w64-rust"]
default = ["rust"]
"""


@pytest.fixture
def mini_project():
    return parse_project(MINI_PROJECT, "mini.toml")


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite tests/golden/* from the current output (review the diff before committing).")

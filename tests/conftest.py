import datetime as dt
from pathlib import Path

import pytest

from canirequire.model import Channel, FactSet, Lifecycle, PackageFact
from canirequire.policy.project import parse_project
from canirequire.store.index import FactIndex

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
                       channel=Channel(channel), source="test", **kw)


def make_store(lifecycles=(), packages=(), tiers=(), extra_layers=()):
    """A fact index from one layer of test facts (plus any further layers, lowest first)."""
    return FactIndex([FactSet(lifecycles=tuple(lifecycles), packages=tuple(packages), tiers=tuple(tiers)),
                      *extra_layers])


def engine_for(project, store, on, arches=(), exceptions=(), assumed_tiers=()):
    """An engine over test facts, with the shipped catalog."""
    from canirequire.engine.questions import Engine
    from canirequire.engine.scope import Scope
    from canirequire.store.catalog import load_catalog

    return Engine(store, load_catalog(), Scope(project, on, tuple(arches), tuple(exceptions), tuple(assumed_tiers)))


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

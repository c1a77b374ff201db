import datetime as dt

from canirequire.facts.builder import build_from_shared
from canirequire.facts.model import FactSet, PackageFact
from canirequire.facts.snapshot import (
    SnapshotError, dump_rows, embedded_snapshot_dir, load_rows, read_snapshot, write_snapshot,
)


def test_roundtrip_keeps_unknown_vs_none(tmp_path):
    facts = (
        PackageFact("debian", "12", "rust", "rustc-web", "1.78.0", "alternate", "src", as_of=dt.date(2025, 1, 1),
                    arches=(), valid_from=dt.date(2024, 8, 22)),
        PackageFact("debian", "12", "rust", "rustc", "1.63.0", "main", "src", arches=None),
    )
    write_snapshot(FactSet(packages=facts), tmp_path)
    back = read_snapshot(tmp_path, "embedded").packages
    by = {f.package: f for f in back}
    assert by["rustc-web"].arches == () and by["rustc"].arches is None
    assert by["rustc-web"].valid_from == dt.date(2024, 8, 22)
    assert not list(tmp_path.glob(".*"))  # no temporary files left behind


def test_bad_snapshot_row():
    text = dump_rows([PackageFact("d", "1", "x", "p", "1", "main", "s", as_of=dt.date(2025, 1, 1))], PackageFact)
    text = text.replace("2025-01-01", "2025-99-01")
    try:
        load_rows(text, PackageFact, path="packages.csv")
    except SnapshotError as exc:
        assert "packages.csv:2" in str(exc)
    else:
        raise AssertionError("expected SnapshotError")


def test_embedded_snapshot_is_current(shared_data, tmp_path):
    """The committed snapshot is exactly what the importer makes of the raw files."""
    write_snapshot(build_from_shared(shared_data), tmp_path)
    from canirequire.facts.snapshot import FILES

    for name, _ in FILES.values():
        assert (tmp_path / name).read_text() == (embedded_snapshot_dir() / name).read_text(), (
            f"{name} is stale: run `canirequire snapshot build --from ../shared/data`"
        )

import datetime as dt

from canirequire.app.snapshot import build_from_shared
from canirequire.model import Channel, FactSet, Origin, PackageFact
from canirequire.store.snapshot import (
    KINDS, SnapshotError, dump_rows, embedded_snapshot_dir, load_rows, read_snapshot, write_snapshot,
)


def test_roundtrip_keeps_unknown_vs_none(tmp_path):
    facts = (
        PackageFact("debian", "12", "rust", "rustc-web", "1.78.0", Channel.ALTERNATE, "src", as_of=dt.date(2025, 1, 1),
                    arches=(), valid_from=dt.date(2024, 8, 22)),
        PackageFact("debian", "12", "rust", "rustc", "1.63.0", Channel.MAIN, "src", arches=None),
    )
    write_snapshot(FactSet(packages=facts), tmp_path)
    back = read_snapshot(tmp_path, Origin.EMBEDDED).packages
    by = {f.package: f for f in back}
    assert by["rustc-web"].arches == () and by["rustc"].arches is None
    assert by["rustc-web"].valid_from == dt.date(2024, 8, 22)
    assert not list(tmp_path.glob(".*"))  # no temporary files left behind


def test_bad_snapshot_row():
    text = dump_rows([PackageFact("d", "1", "x", "p", "1", Channel.MAIN, "s", as_of=dt.date(2025, 1, 1))], "packages")
    text = text.replace("2025-01-01", "2025-99-01")
    try:
        load_rows(text, "packages", path="packages.csv")
    except SnapshotError as exc:
        assert "packages.csv:2" in str(exc)
    else:
        raise AssertionError("expected SnapshotError")


def test_embedded_snapshot_is_current(shared_data, tmp_path):
    """The committed snapshot is exactly what the importer makes of the raw files."""
    write_snapshot(build_from_shared(shared_data), tmp_path)
    for name, _, _ in KINDS.values():
        assert (tmp_path / name).read_text() == (embedded_snapshot_dir() / name).read_text(), (
            f"{name} is stale: run `canirequire snapshot build --from ../shared/data`"
        )

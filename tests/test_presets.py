"""Beyond QEMU (issue 18): each preset's policy read from its own text, the rules they need,
presence questions (`check rust any`) and the Debian Ports archive."""

from __future__ import annotations

import datetime as dt
import json
import lzma
from pathlib import Path

import pytest
from click.testing import CliRunner

from canirequire.app.session import Session, list_presets, load_project, preset_names
from canirequire.cli import main
from canirequire.engine import questions
from canirequire.model import Cause, Flag, Status
from canirequire.policy.project import ProjectError, parse_project
from canirequire.policy.rules import supported_releases

REAL = Path(__file__).parent / "fixtures" / "real" / "debian-packages" / "sid-main-riscv64-Packages"
D = dt.date
_SESSIONS: dict[str, Session] = {}


def session(name: str) -> Session:
    if name not in _SESSIONS:
        _SESSIONS[name] = Session.open(name, embedded_only=True)
    return _SESSIONS[name]


def admitted(name: str, on: dt.date) -> dict[str, str]:
    """release id -> the rule text that admits it, as `platforms --on` gives them."""
    s = session(name)
    adm, _, _ = supported_releases(s.project, s.index.lifecycles_by_os(), on)
    return {a.release_id: a.rule for a in adm}


# ---------------------------------------------------------------------------------------------
# Policy semantics, one preset at a time, read from the text each one cites.
# ---------------------------------------------------------------------------------------------

def test_linux_counts_debian_stable_only():
    # Debian 12 stable until Debian 13's release (2025-08-09), then 13 alone.
    assert set(admitted("linux", D(2024, 6, 1))) == {"debian-12"}
    assert set(admitted("linux", D(2025, 8, 8))) == {"debian-12"}
    assert set(admitted("linux", D(2025, 8, 9))) == {"debian-13"}
    plats = questions.platforms(session("linux").engine(D(2026, 12, 6)))
    # riscv64 is a Debian release architecture from 13 on; LoongArch never is (ports only).
    assert {p.arch for p in plats.supported} == {"x86_64", "aarch64", "armv7", "riscv64"}


def test_git_keeps_oldstable_for_exactly_a_year_after_a_new_stable():
    assert set(admitted("git", D(2025, 8, 1))) == {"debian-12"}
    on_release = admitted("git", D(2025, 9, 1))
    assert set(on_release) == {"debian-12", "debian-13"}
    assert "previous major (up to 1 year after the newer one)" == on_release["debian-12"]
    # Debian's own regular support of 12 ended 2026-07-11; git's text counts the year anyway.
    assert "debian-12" in admitted("git", D(2026, 8, 8))
    assert set(admitted("git", D(2026, 8, 9))) == {"debian-13"}
    assert "newest major (for as long as it is the newest)" == admitted("git", D(2026, 8, 9))["debian-13"]


def test_systemd_counts_the_readme_distributions_and_every_supported_ubuntu():
    on = admitted("systemd", D(2025, 1, 10))
    assert {"fedora-40", "fedora-41", "debian-12", "centos-stream-9", "centos-stream-10", "arch-rolling",
            "opensuse-tumbleweed-rolling", "opensuse-leap-15.6"} <= set(on)
    # every Ubuntu in standard support, LTS or not (systemd#35961's table lists 20.04 to 24.10)
    assert {r for r in on if r.startswith("ubuntu")} == {"ubuntu-20.04", "ubuntu-22.04", "ubuntu-24.04",
                                                          "ubuntu-24.10"}
    assert "debian-11" not in on  # only stable of the Debian releases
    later = admitted("systemd", D(2026, 12, 6))
    assert "ubuntu-20.04" not in later and "centos-stream-9" in later and "fedora-44" in later


def test_fish_counts_latest_ubuntu_lts_debian_stable_fedora_and_macos_from_10_12():
    on = admitted("fish", D(2025, 1, 10))
    assert {r for r in on if r.startswith("ubuntu")} == {"ubuntu-24.04"}
    assert {r for r in on if r.startswith("debian")} == {"debian-12"}
    assert {r for r in on if r.startswith("fedora")} == {"fedora-40", "fedora-41"}
    macs = sorted(r for r in on if r.startswith("macos"))
    assert "macos-10.12" in macs and "macos-10.11" not in macs and "macos-15" in macs
    assert on["macos-10.12"].startswith("every release from 10.12 on")
    # Apple silicon starts with macOS 11.
    plats = questions.platforms(session("fish").engine(D(2025, 1, 10))).supported
    assert {p.arch for p in plats if p.release_id == "macos-10.15"} == {"x86_64"}
    assert set(admitted("fish", D(2026, 6, 1))) >= {"ubuntu-26.04"} and "ubuntu-24.04" not in admitted(
        "fish", D(2026, 6, 1))


def test_cryptography_counts_supported_rhel_minors_and_debian_until_lts_ends():
    on = admitted("cryptography", D(2024, 12, 1))
    # RHEL 9.5 is the newest 9.x (rhel-9 stands for it); 9.2 and 9.4 are still under EUS.
    assert {"rhel-9", "rhel-9.2", "rhel-9.4", "rhel-8", "rhel-8.8"} <= set(on)
    assert on["rhel-9.4"].startswith("supported minor of rhel-9")
    assert "rhel-9.3" not in on and "rhel-8.6" not in on
    later = admitted("cryptography", D(2025, 6, 1))
    assert "rhel-9.2" not in later and "rhel-9.4" in later and "rhel-9.6" not in later  # 9.6 is the newest
    assert "debian-11" in later  # until Debian LTS ends (2026-08-31), support = "extended"
    assert "debian-11" not in admitted("cryptography", D(2026, 9, 1))
    assert {r for r in later if r.startswith("fedora")} == {"fedora-42"}


def test_apt_asks_every_debian_port_and_knows_which_rust_never_ported():
    res = questions.check(session("apt").engine(D(2026, 5, 1)), "rust", "any")
    assert {v.platform.arch for v in res.verdicts} == {"alpha", "hppa", "m68k", "sh4", "loongarch64", "ppc",
                                                       "ppc64", "sparc64", "x32"}
    # Offline there is no data for the ports archive: unknown, never ok.
    assert all(v.status is Status.UNKNOWN for v in res.verdicts)
    not_ported = {v.platform.arch for v in res.verdicts if Flag.NO_TARGET in v.flags}
    assert not_ported == {"alpha", "hppa", "sh4"}


# ---------------------------------------------------------------------------------------------
# Every preset loads and every question runs on it.
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", preset_names())
def test_every_preset_loads_and_answers(name, tmp_path):
    project = load_project(name)
    assert project.description and project.policy_doc
    dep = project.dependencies[0].name
    runner = CliRunner()
    base = ["--project", name, "--on", "2026-12-06", "--embedded-only"]
    for args in (["platforms"], ["check", dep, "any"], ["floor", dep], ["when", dep, "any"],
                 ["report", "-o", str(tmp_path / "r.html")]):
        result = runner.invoke(main, [args[0], *base, *args[1:]])
        assert result.exit_code in (0, 1), (args, result.output)
        assert "Traceback" not in result.output and "unknown key" not in result.output


def test_presets_command_lists_each_with_its_source():
    listed = list_presets().presets
    assert [p.name for p in listed] == preset_names()
    assert {"linux", "git", "systemd", "fish", "cryptography", "qemu"} <= {p.name for p in listed}
    out = CliRunner().invoke(main, ["presets", "--format", "json"])
    data = json.loads(out.output)
    assert data["kind"] == "presets" and all(p["policy_doc"].startswith("https://") for p in data["presets"])
    help_text = CliRunner().invoke(main, ["check", "--help"]).output
    assert "linux" in help_text and "cryptography" in help_text


# ---------------------------------------------------------------------------------------------
# The rules, on small hand-made lifecycles (no data file).
# ---------------------------------------------------------------------------------------------

def _policy(body: str):
    return parse_project(f'[project]\nname = "t"\n[[os]]\n{body}\n', "t.toml")


def test_rule_keys_are_validated():
    for body, message in [('id = "x"\nrule = "until-eol"\nsupport = "forever"', "support must be one of"),
                          ('id = "x"\nrule = "until-eol"\nminors = "all"', "minors must be one of"),
                          ('id = "x"\nrule = "newest-and-previous"\nprevious_until = "eol"', "previous_until"),
                          ('id = "x"\nrule = "until-eol"\nminor_support = [{ release = "9.4", released = '
                           '2024-04-30, until = 2024-01-01 }]', "must be after released")]:
        with pytest.raises(ProjectError, match=message):
            _policy(body)


# ---------------------------------------------------------------------------------------------
# Presence: `check rust any` on the real Debian architecture data and on the ports archive.
# ---------------------------------------------------------------------------------------------

DEBIAN_ARCHES = """
[project]
name = "arches"
channels = ["main", "updates", "security", "alternate"]
[[os]]
id = "debian"
rule = "explicit"
releases = ["12"]
arches = ["x86_64", "armel", "mips64el", "s390x"]
[dependencies.rust]
tier_source = "rust"
[dependencies.rust.packages]
debian = PACKAGES
"""


def _arch_session(tmp_path, packages: str) -> Session:
    path = tmp_path / "arches.toml"
    path.write_text(DEBIAN_ARCHES.replace("PACKAGES", packages))
    return Session.open(str(path), embedded_only=True)


def test_check_any_on_debian_architectures_follows_the_archive(tmp_path):
    on = D(2025, 9, 13)
    engine = _arch_session(tmp_path, '["rustc", "rustc-web"]').engine(on)
    rust = {v.platform.arch: v for v in questions.check(engine, "rust", "any").verdicts}
    # rustc is in bookworm on every one of these architectures (debian-arch-versions.csv).
    assert all(v.status is Status.OK and v.cause is Cause.HAS for v in rust.values())
    # `any` is the same question as no minimum at all, answered by the same verdicts as a version.
    assert questions.check(engine, "rust", "1.0").ok == questions.check(engine, "rust", "any").ok
    # Only the newer toolchain Debian 12 ships for its browsers: bookworm's armel index was read and
    # has no rustc-web, so it is not built there, proven by the archive.
    web = {v.platform.arch: v for v in questions.check(_arch_session(tmp_path, '["rustc-web"]').engine(on),
                                                       "rust", "any").verdicts}
    assert web["armel"].status is Status.MISSING and web["armel"].cause is Cause.NOT_BUILT
    assert web["x86_64"].status is Status.OK


def _ports_server_files(tmp_path) -> dict[str, bytes]:
    """Packages.xz per port, built from the real sid stanzas: m68k and ppc64 build rustc, alpha does not."""
    real = REAL.read_text()
    stanzas = [s for s in real.split("\n\n") if s.strip()]
    rustc = next(s for s in stanzas if s.startswith("Package: rustc\n"))
    apt = next(s for s in stanzas if s.startswith("Package: apt\n"))

    def index(arch: str, *chosen: str) -> bytes:
        text = "\n\n".join(c.replace("Architecture: riscv64", f"Architecture: {arch}") for c in chosen) + "\n"
        return lzma.compress(text.encode())

    return {"m68k": index("m68k", apt, rustc), "ppc64": index("ppc64", rustc, apt), "alpha": index("alpha", apt)}


def test_debian_ports_refresh_proves_presence_and_absence(tmp_path):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from canirequire.app.refresh import plan, run_refresh
    from canirequire.sources.http import PoliteClient
    from canirequire.store.cache import ResponseCache
    from canirequire.store.refreshed import RefreshedData

    files = _ports_server_files(tmp_path)
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            arch = self.path.split("binary-")[-1].split("/")[0]
            body = files.get(arch)
            self.send_response(200 if body else 404)
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *a):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        project = parse_project('[project]\nname = "p"\nhost_arches = ["m68k", "ppc64", "alpha"]\n'
                                '[[os]]\nid = "debian-ports"\nrule = "rolling"\n'
                                '[dependencies.rust]\ntier_source = "rust"\n'
                                '[dependencies.rust.packages]\ndefault = ["rustc"]\n', "p.toml")
        jobs = plan(project, ("debian-ports",), (), ())
        assert [j.arg for j in jobs] == ["m68k ppc64 alpha"]
        store = RefreshedData(tmp_path / "refreshed")
        client = PoliteClient(ResponseCache(tmp_path / "cache"), offline=False, min_interval=0.0, timeout=5.0)
        result = run_refresh(project, catalog=[], client=client, refreshed=store, jobs=jobs,
                             endpoints={"debian-ports": f"http://127.0.0.1:{httpd.server_port}/debian-ports"})
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert result.ok, result.outcomes
    assert sorted(seen) == sorted(f"/debian-ports/dists/unstable/main/binary-{a}/Packages.xz"
                                  for a in ("m68k", "ppc64", "alpha"))
    (fact,) = store.read_source("debian-ports").packages  # apt is not a dependency: left out
    assert (fact.package, fact.version, fact.arches) == ("rustc", "1.97.1", ("m68k", "ppc64"))
    assert fact.arches_checked == ("alpha", "m68k", "ppc64")
    assert fact.orig_version == "1.97.1+dfsg1-1"


def test_ports_facts_answer_check_any(tmp_path):
    """The facts a ports refresh writes, read back through --facts-free layers: ok where built, not built
    on alpha (whose index was read), and unknown on a date the reading does not cover."""
    from canirequire.model import FactSet, Origin
    from canirequire.sources.debian_archive import parse_packages, ports_facts

    files = _ports_server_files(tmp_path)
    readings = {a: parse_packages(lzma.decompress(b).decode(), a) for a, b in files.items()}
    facts = ports_facts("debian-ports", "rolling", readings, lambda p: "rust" if p == "rustc" else None,
                        D(2026, 12, 6), "debian-ports", "http://x")
    project = parse_project('[project]\nname = "p"\nhost_arches = ["m68k", "ppc64", "alpha"]\n'
                            '[[os]]\nid = "debian-ports"\nrule = "rolling"\n'
                            '[dependencies.rust]\ntier_source = "rust"\n', "p.toml")
    base = Session.open("qemu", embedded_only=True)
    s = Session(project, [*base.layers, FactSet(packages=tuple(facts))])
    verdicts = {v.platform.arch: v for v in questions.check(s.engine(D(2026, 12, 6)), "rust", "any").verdicts}
    assert verdicts["m68k"].status is Status.OK and verdicts["ppc64"].status is Status.OK
    assert verdicts["alpha"].status is Status.MISSING and verdicts["alpha"].cause is Cause.NOT_BUILT
    assert Flag.NO_TARGET in verdicts["alpha"].flags and Flag.TIER_3 in verdicts["m68k"].flags
    earlier = {v.platform.arch: v for v in questions.check(s.engine(D(2026, 1, 1)), "rust", "any").verdicts}
    assert earlier["m68k"].status is Status.UNKNOWN  # seen in December proves nothing about January


def test_a_stage_nobody_is_known_to_pass_is_cannot_tell_not_blocked():
    from canirequire.engine.roadmap import roadmap
    from canirequire.report.view import clean_words

    engine = session("apt").engine(D(2026, 5, 1))
    (stage,) = roadmap(engine).stages
    words = clean_words(stage.clean_from, stage.stage.date)
    assert "cannot tell" in words and "blockers remain" not in words

import datetime as dt

from canirequire.model import Flag
from canirequire.sources.debian_archive import merge_debian, read_arch_versions, read_changelog_history

ARCH = """distro,release,suite,channel,arch,package_name,package_upstream,version,origversion,as_of_date,source
debian,12,bookworm,main,amd64,rustc,rust,1.63.0,1.63.0+dfsg1-2,2026-07-11,apt Packages bookworm/main amd64
debian,12,bookworm,main,mips64el,rustc,rust,1.63.0,1.63.0+dfsg1-2,2026-07-11,apt Packages bookworm/main mips64el
debian,12,bookworm,main,armel,rustc,rust,1.63.0,1.63.0+dfsg1-2,2026-07-11,apt Packages bookworm/main armel
debian,12,bookworm,main,amd64,rustc-web,rust,1.85.0,1.85.0+dfsg3-1~deb12u3,2026-07-11,apt Packages bookworm/main amd64
debian,12,bookworm,main,mips64el,rustc-web,rust,1.70.0,1.70.0+dfsg1-7~deb12u2,2026-07-11,apt Packages bookworm/main mips64el
debian,12,bookworm-security,security,armhf,rustc-web,rust,1.96.0,1.96.0+dfsg1-1~deb12u2,,apt Packages bookworm-security/main armhf (STALE: x)
"""
HISTORY = """package_name,version,upstream_version,distribution,date,source
rustc-web,1.70.0+dfsg1-7~deb12u1,1.70.0,bookworm,2024-02-14,cl
rustc-web,1.70.0+dfsg1-7~deb12u2,1.70.0,bookworm,2024-03-02,cl
rustc-web,1.78.0+dfsg1-2~deb12u1,1.78.0,bookworm,2024-08-22,cl
rustc-web,1.85.0+dfsg3-1~deb12u1,1.85.0,bookworm,2025-07-27,cl
rustc,1.85.1+dfsg1-1+deb13u1,1.85.1,trixie,2026-07-24,cl
rustc,1.85.0+dfsg3-1,1.85.0,unstable,2025-04-24,cl
rust-bindgen,0.60.1-2,0.60.1,unstable,2022-10-01,cl
"""


def facts():
    alternates = {"rustc-web"}
    arch = read_arch_versions(ARCH, "arch.csv", alternates)
    hist = read_changelog_history(HISTORY, "hist.csv", alternates)
    return arch, hist, merge_debian([], arch, hist)


def test_arch_groups_and_stale_quality():
    arch, _, _ = facts()
    rustc = [f for f in arch if f.package == "rustc"][0]
    assert rustc.arches == ("armel", "mips64el", "x86_64") and rustc.channel == "main"
    sec = [f for f in arch if f.version == "1.96.0"][0]
    assert sec.channel == "alternate" and sec.quality == (Flag.STALE_INDEX,) and sec.as_of is None


def test_history_intervals():
    _, hist, _ = facts()
    web = sorted((f for f in hist if f.package == "rustc-web"), key=lambda f: f.valid_from)
    assert [(f.version, f.valid_from, f.valid_to) for f in web] == [
        ("1.70.0", dt.date(2024, 2, 14), dt.date(2024, 8, 22)),
        ("1.78.0", dt.date(2024, 8, 22), dt.date(2025, 7, 27)),
        ("1.85.0", dt.date(2025, 7, 27), None),
    ]
    # A "+debNuM" version is a stable update: it arrived with its upload (not with the release), and it
    # is not the package's first appearance in the release.
    trixie = [f for f in hist if f.release == "13"][0]
    assert trixie.valid_from is not None and not trixie.introduced
    bindgen = [f for f in hist if f.package == "bindgen"][0]
    assert bindgen.dependency == "bindgen" and bindgen.release == "unstable"


def test_merge_infers_arches_of_history():
    _, _, merged = facts()
    by = {(f.version, f.valid_from): f for f in merged if f.package == "rustc-web"}
    # mips64el is still on 1.70 today, so it never got 1.78; armel never had rustc-web.
    assert by[("1.78.0", dt.date(2024, 8, 22))].arches == ("armv7", "x86_64")
    current_mips = [f for f in merged if f.package == "rustc-web" and f.arches == ("mips64el",)][0]
    assert current_mips.valid_from == dt.date(2024, 2, 14) and current_mips.valid_to is None
    current_amd = [f for f in merged if f.version == "1.85.0" and f.arches == ("x86_64",)][0]
    assert current_amd.valid_from == dt.date(2025, 7, 27)


def test_real_files(shared_data):
    alternates = {"rustc-web", "cargo-web"}
    arch = read_arch_versions((shared_data / "debian-arch-versions.csv").read_text(), "a", alternates)
    hist = read_changelog_history((shared_data / "debian-changelog-history.csv").read_text(), "h", alternates)
    merged = merge_debian([], arch, hist)
    bookworm_1_78 = [f for f in merged if f.release == "12" and f.package == "rustc-web" and f.version == "1.78.0"]
    assert bookworm_1_78 and "mips64el" not in bookworm_1_78[0].arches

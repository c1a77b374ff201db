import os
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from canirequire.cli import main

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
        "path", "use", "rect", "circle", "line", "polyline", "polygon", "stop", "ellipse"}


class TagBalance(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.texts = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.texts.append(data)


@pytest.fixture(scope="module")
def report_path(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    facts = out / "evil.csv"
    facts.write_text(
        "distro,release,package_upstream,package_name,version,channel,as_of_date,source\n"
        'debian,13,rust,<script>alert(1)</script>,1.99.0,main,2026-11-01,"<img src=x onerror=alert(2)>"\n'
    )
    path = out / "report.html"
    env = dict(os.environ, CANIREQUIRE_DATA_DIR=str(out / "data"))
    result = CliRunner(env=env).invoke(main, ["report", "--project", "qemu", "--on", "2026-11-26",
                                              "--facts", str(facts), "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def evil_report(tmp_path_factory):
    """A dependency whose package name is markup: it must come out as text."""
    out = tmp_path_factory.mktemp("evil")
    (out / "p.toml").write_text(
        '[project]\nname = "<b>evil</b>"\n[[os]]\nid = "debian"\nrule = "newest-and-previous"\n'
        'arches = ["x86_64"]\n[dependencies.evil]\ndescription = "markup in data"\n'
    )
    facts = out / "evil.csv"
    facts.write_text(
        "distro,release,package_upstream,package_name,version,channel,as_of_date,source\n"
        'debian,13,evil,<script>alert(1)</script>,1.0,main,2026-11-01,"<img src=x onerror=alert(2)>"\n'
    )
    path = out / "report.html"
    result = CliRunner().invoke(main, ["report", "--project", str(out / "p.toml"), "--on", "2026-11-26",
                                       "--facts", str(facts), "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_report_is_well_formed_and_complete(report_path):
    html = report_path.read_text()
    parser = TagBalance()
    parser.feed(html)
    assert parser.errors == [] and parser.stack == []
    text = " ".join(parser.texts)
    for part in ("Platforms × dependencies", "Roadmap stages", "Timeline", "Sources", "debian-13", "11.0"):
        assert part in text
    assert "<svg" in html  # the timeline picture is inline


def test_report_is_self_contained(report_path):
    html = report_path.read_text()
    refs = re.findall(r'(?:src|href)\s*=\s*["\']([^"\']*)', html)
    external = [r for r in refs if re.match(r"^(?:[a-z]+:)?//", r, re.I) or r.startswith(("http:", "https:"))]
    assert external == []
    assert "<link" not in html and "@import" not in html


def test_report_escapes_data(evil_report):
    html = evil_report.read_text()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html and "<b>evil</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;evil&lt;/b&gt;" in html


def _chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser")


CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def test_report_renders_in_headless_chromium(report_path, tmp_path):
    browser = _chromium()
    if browser is None:
        if os.environ.get("CANIREQUIRE_REQUIRE_BROWSER"):
            pytest.fail("chromium is required here (CI installs Debian's chromium package)")
        pytest.skip("chromium not installed (CI installs it)")
    profile = tmp_path / "profile"
    url = report_path.as_uri()
    dom = subprocess.run([browser, *CHROME_FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
                         capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    html_tag = re.search(r"<html[^>]*>", dom.stdout).group(0)
    assert 'data-rendered="yes"' in html_tag and "data-error" not in html_tag
    shot = tmp_path / "report.png"
    run = subprocess.run([browser, *CHROME_FLAGS, f"--user-data-dir={profile}", "--window-size=1300,1800",
                          f"--screenshot={shot}", url], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and shot.exists(), run.stderr[-2000:]
    import matplotlib.image as mpimg

    pixels = mpimg.imread(str(shot))
    assert pixels.shape[0] >= 1000 and pixels.std() > 0.05  # not a blank page

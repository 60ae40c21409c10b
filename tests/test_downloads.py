"""What a reader downloads runs outside the repository, as the site says: the wheel, every script, every notebook.

The files come from the built site (both editions), exactly as a reader gets them. They run in a
fresh virtual environment that holds only what the site's own commands install (the ``pip
install`` lines of its pages: NumPy, matplotlib, the site's mmref wheel, and what runs the
notebooks), at the versions pinned in requirements.txt. The environment is made once, under
.venv/, named after those versions, and reused; the wheel is reinstalled from the site on every
run. Scripts and notebooks run with the site's commands (``python <script>``, and its notebook
command), with ``MMREF_QUICK=1`` (tiny sizes), in a temporary folder, with an environment that
names no path of the repository; each must leave the reader as many figures as its page shows.
The downloaded text reads outside the site: no Sphinx role, directive or link relative to the site.
"""

import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import LANGUAGES, ROOT

# Every script, in its gallery section or lab section folder if it has one.
EXAMPLES = sorted([*(ROOT / "gallery").rglob("plot_*.py"), *(ROOT / "lab").rglob("lab_*.py")])
LAB_DATA = "plot_01_ladder.json"  # the site's ladder, offered on the lab page next to the script
# The pages that tell a reader what to install and run: the API page (installing mmref), the
# gallery's index, and every lab page.
INSTRUCTION_PAGES = ("api.html", "auto_gallery/index.html", "auto_lab/lab_*.html")
ROLE = re.compile(r":[a-z]+:`")  # :func:`...`, :doc:`...`
DIRECTIVE = re.compile(r"^[ \t]*\.\. [a-z][a-z-]*::", re.M)  # .. dropdown::
SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")  # https:, mailto:, data:
# Where a text cell can point somewhere: a script's text is reST (its code is Python, where
# `f(x)[i](y)` is no link); a notebook's is Markdown and HTML, and reST that was not converted.
REST_LINKS = {"reST link": re.compile(r"`[^`]*<([^`<>]+)>`__?"),
              "reST target": re.compile(r"^[ \t#]*\.\. _[^:]+:[ \t]*(\S+)", re.M)}
LINKS = {".py": REST_LINKS,
         ".ipynb": {**REST_LINKS, "Markdown link": re.compile(r"\]\(([^)\s]+)"),
                    "HTML link": re.compile(r"""(?:href|src)=["']([^"']+)""")}}


def pinned(names):
    """`name==version` lines of requirements.txt for `names` (each must be pinned there)."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        name, sep, version = line.partition("==")
        if sep:
            pins[name.strip().lower().replace("_", "-")] = f"{name.strip()}=={version.strip()}"
    missing = [n for n in names if n not in pins]
    assert not missing, f"requirements.txt pins no version of {missing}"
    return [pins[n] for n in names]


def console_commands(site, language):
    """Every ``$ command`` of the console blocks of the pages that tell a reader what to do."""
    commands = []
    for pattern in INSTRUCTION_PAGES:
        pages = sorted((site / language).glob(pattern))
        assert pages, f"{language}: no page {pattern} in the built site"
        for page in pages:
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            for block in soup.select("div.highlight-console pre"):
                commands += [line[2:].strip() for line in block.get_text().splitlines() if line.startswith("$ ")]
    return commands


@pytest.fixture(scope="session")
def instructions(site):
    """What the site tells a reader to run: {"packages", "wheels", "script", "notebook"}.

    ``packages`` and ``wheels`` come from its ``pip install`` lines; ``script`` and ``notebook``
    are its commands for a script and for a notebook, with the file's name as ``{file}`` (every
    page must give the same one). Both editions must say the same.
    """
    said = {}
    for language in LANGUAGES:
        found = {"packages": set(), "wheels": set(), "script": set(), "notebook": set()}
        for command in console_commands(site, language):
            words = shlex.split(command)
            if words[:4] == ["python", "-m", "pip", "install"]:
                for word in words[4:]:
                    found["wheels" if word.endswith(".whl") else "packages"].add(word)
            elif words[0] == "python" and len(words) == 2 and words[1].endswith(".py"):
                found["script"].add("python {file}")
            elif words[0] == "jupyter":
                found["notebook"].add(" ".join("{file}" if w.endswith(".ipynb") else w for w in words))
        for kind in ("script", "notebook"):
            assert len(found[kind]) == 1, f"{language}: the site gives {len(found[kind])} {kind} commands: {found[kind]}"
        said[language] = {k: sorted(v) if k in ("packages", "wheels") else v.pop() for k, v in found.items()}
    assert said["es"] == said["en"], f"the editions tell readers different commands: {said}"
    return said["en"]


@pytest.fixture(scope="session")
def wheel(site, instructions):
    """The mmref wheel as the English edition offers it (and the Spanish one offers the same file)."""
    wheels = sorted((site / "en" / "wheel").glob("mmref-*.whl"))
    assert len(wheels) == 1, f"expected one mmref wheel in the site's wheel/ folder, found {wheels}"
    spanish = site / "es" / "wheel" / wheels[0].name
    assert spanish.is_file(), f"the Spanish edition does not offer {wheels[0].name}"
    assert instructions["wheels"] == [wheels[0].name], \
        f"the site's pip commands install {instructions['wheels']}, but it offers {wheels[0].name}"
    return wheels[0]


@pytest.fixture(scope="session")
def reader_python(wheel, instructions):
    """Python of a venv with only the packages the site names (cached by version) and the site's wheel."""
    packages = instructions["packages"]
    key = hashlib.sha256(" ".join([sys.version, *pinned(packages)]).encode()).hexdigest()[:12]
    venv = ROOT / ".venv" / f"downloads-venv-{key}"
    python = venv / "bin" / "python"
    pip = [str(python), "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    if not (venv / ".done").exists():
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        result = subprocess.run([*pip, "-c", str(ROOT / "requirements.txt"), *packages],
                                capture_output=True, text=True)
        assert result.returncode == 0, f"could not install {packages} into {venv}:\n{result.stderr[-3000:]}"
        (venv / ".done").touch()
    # With its dependencies (as a reader installs it), then again, as the version may be unchanged.
    for options in (["-c", str(ROOT / "requirements.txt")], ["--force-reinstall", "--no-deps"]):
        result = subprocess.run([*pip, *options, str(wheel)], capture_output=True, text=True)
        assert result.returncode == 0, f"pip could not install {wheel.name}:\n{result.stderr[-3000:]}"
    return python


def reader_env(tmp_path, language):
    """A reader's environment: PATH, a home folder, quick mode, the figure language; nothing else."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "MMREF_QUICK": "1",
            "MMREF_LANG": language}


def download(site, language, filename):
    """The one file called `filename` under <edition>/_downloads/ of the built site."""
    found = sorted((site / language / "_downloads").rglob(filename))
    assert len(found) == 1, f"{language}/_downloads/ should hold one {filename}, found {found}"
    return found[0]


def figures_on_page(site, language, source):
    """How many figures the example's page shows (the build drew them from the same script)."""
    top = source.relative_to(ROOT).parts[0]  # gallery or lab: its pages are auto_gallery/..., auto_lab/...
    page = site / language / f"auto_{top}" / source.relative_to(ROOT / top).with_suffix(".html")
    numbers = set(re.findall(rf"sphx_glr_{source.stem}_(\d{{3}})(?:\.{language})?\.svg", page.read_text(encoding="utf-8")))
    assert numbers, f"{page} shows no figure of {source.stem}"
    return len(numbers)


# -- The instructions --------------------------------------------------------------------------------

def test_the_site_tells_readers_how_to_install_and_run(instructions):
    """The instructions name mmref's companions for the figures and one notebook runner, all pinned."""
    assert {"numpy", "matplotlib"} <= set(instructions["packages"]), instructions
    pinned(instructions["packages"])  # every package a reader installs is pinned (and tested) here
    assert instructions["notebook"].startswith("jupyter nbconvert --to html --execute"), (
        f"the site's notebook command {instructions['notebook']!r} must leave the reader a page to open")


# -- The wheel ---------------------------------------------------------------------------------------

def test_wheel_holds_the_package_and_its_figure_text_only(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    dist_info = wheel.name.split("-py3")[0] + ".dist-info/"
    strays = [n for n in names if not n.startswith(("mmref/", dist_info))]
    assert not strays, f"{wheel.name} carries files outside the mmref package: {strays}"
    modules = {f"mmref/{p.name}" for p in (ROOT / "mmref").glob("*.py")}
    assert modules <= set(names), f"{wheel.name} lacks {sorted(modules - set(names))}"
    assert "mmref/locale/es/LC_MESSAGES/figures.mo" in names, f"{wheel.name} lacks the compiled figure text"


def test_wheel_installs_and_draws_spanish_text(reader_python, tmp_path):
    code = ("import mmref, mmref.figures as f; print(mmref.__file__); "
            "print(f.Text('es')('matrix size N'))")
    result = subprocess.run([str(reader_python), "-c", code], cwd=tmp_path, env=reader_env(tmp_path, "en"),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    where, label = result.stdout.splitlines()
    assert Path(where).is_relative_to(reader_python.parents[1]), f"mmref was imported from {where}, not the wheel"
    assert label == "tamaño N de la matriz", f"the wheel's Spanish figure text is missing: got {label!r}"


# -- Every download of both editions -----------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_every_example_is_offered(site, language):
    assert {p.relative_to(ROOT).parts[0] for p in EXAMPLES} == {"gallery", "lab"}, EXAMPLES
    for source in EXAMPLES:
        for suffix in (".py", ".ipynb", ".zip"):
            download(site, language, source.stem + suffix)


def text_of_downloads(site, language):
    """(file, text a reader reads) for every script and notebook published, zipped ones too.

    A script is read whole (its text cells are comments and its docstring); a notebook by
    its Markdown cells (code cells may index with ``](``).
    """
    def read(name, data):
        if name.endswith(".py"):
            return data.decode("utf-8")
        if name.endswith(".ipynb"):
            cells = json.loads(data)["cells"]
            return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        return None

    for path in sorted((site / language / "_downloads").rglob("*")):
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as zipped:
                for name in zipped.namelist():
                    if (text := read(name, zipped.read(name))) is not None:
                        yield f"{path.relative_to(site)}:{name}", text
        elif path.is_file() and (text := read(path.name, path.read_bytes())) is not None:
            yield str(path.relative_to(site)), text


def raw_markup(where, text):
    """What in a downloaded file means something only on the site: roles, directives, relative links."""
    problems = [f"{where}: Sphinx role {m[0]!r} at line {text.count(chr(10), 0, m.start()) + 1}"
                for m in ROLE.finditer(text)]
    if where.endswith(".ipynb"):  # sphinx-gallery turns code-block, math, note, warning into Markdown
        problems += [f"{where}: reST directive {m[0].strip()!r}" for m in DIRECTIVE.finditer(text)]
    for kind, link in LINKS[Path(where).suffix].items():
        problems += [f"{where}: {kind} to {m[1]!r}, which is relative to the site"
                     for m in link.finditer(text) if not SCHEME.match(m[1]) and not m[1].startswith("#")]
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_downloads_read_well_outside_the_site(site, language):
    files = list(text_of_downloads(site, language))
    examples = {Path(where.split(":")[-1]).stem for where, _ in files}
    assert {s.stem for s in EXAMPLES} <= examples, f"downloads missing: {sorted({s.stem for s in EXAMPLES} - examples)}"
    problems = [p for where, text in files for p in raw_markup(where, text)]
    assert not problems, "downloaded files show the site's markup:\n" + "\n".join(problems)


def test_raw_markup_is_found():
    """The check above catches what the build once published (so it can fail)."""
    assert raw_markup("lab.py", "the gallery's :doc:`/auto_gallery/02-matmul-as-composition/plot_01_ladder`.")
    assert raw_markup("lab.py", "the wheel `w.whl <../wheel/w.whl>`_")
    assert raw_markup("lab.ipynb", "Download [w.whl](../wheel/w.whl).")
    assert raw_markup("lab.zip:lab.ipynb", '<a href="../api.html">the API</a>')
    assert raw_markup("lab.ipynb", ".. dropdown:: Answer\n\n   ``naive / kloop``.")
    assert not raw_markup("lab.ipynb", "See [NumPy](https://numpy.org) and ``mmref.stats.ratio``.")
    assert not raw_markup("lab.py", "# See `NumPy <https://numpy.org>`_.\ny = fits[rung](BIG)")


def run_download(site, reader_python, instructions, tmp_path, language, source, suffix, env):
    """Run a downloaded file in an empty folder with the site's command; return the run and the folder."""
    folder = tmp_path / "reader"
    folder.mkdir()
    shutil.copy(download(site, language, source.stem + suffix), folder)
    if source.is_relative_to(ROOT / "lab"):  # the lab page offers the site's ladder to put next to the script
        shutil.copy(download(site, language, LAB_DATA), folder)
    template = instructions["script" if suffix == ".py" else "notebook"]
    command = shlex.split(template.replace("{file}", source.stem + suffix))
    bin_dir = reader_python.parent
    command[0] = str(bin_dir / command[0])  # the venv's python / jupyter, as after `activate`
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    result = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, (f"{language} {source.stem}{suffix} failed outside the repository:\n"
                                    f"{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    return result, folder


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("source", EXAMPLES, ids=lambda p: p.stem)
def test_downloaded_script_runs_and_leaves_its_figures(site, reader_python, instructions, tmp_path, language, source):
    """Headless (Agg, with a DISPLAY that a plain plt.show() would warn about): each figure saved, no warning."""
    env = {**reader_env(tmp_path, language), "MPLBACKEND": "Agg", "DISPLAY": ":0"}
    result, folder = run_download(site, reader_python, instructions, tmp_path, language, source, ".py", env)
    if source.is_relative_to(ROOT / "lab"):
        said = {"en": "site's machine:", "es": "máquina del sitio:"}[language]
        assert said in result.stdout, "the lab did not read the site's ladder from the downloaded JSON"
    assert "Warning" not in result.stderr, f"{source.name} warned when run headless:\n{result.stderr[-3000:]}"
    saved = sorted(p.name for p in folder.glob("*.png"))
    expected = [f"{source.stem}_{n}.png" for n in range(1, figures_on_page(site, language, source) + 1)]
    assert saved == expected, f"{source.name} run as a script left {saved}; its page shows {len(expected)} figures"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("source", EXAMPLES, ids=lambda p: p.stem)
def test_downloaded_notebook_runs_into_a_page_with_its_figures(site, reader_python, instructions, tmp_path,
                                                               language, source):
    """The site's notebook command, as a reader runs it (no MPLBACKEND), leaves a page with every figure."""
    _result, folder = run_download(site, reader_python, instructions, tmp_path, language, source, ".ipynb",
                                   reader_env(tmp_path, language))
    page = folder / f"{source.stem}.html"
    assert page.is_file(), f"{instructions['notebook']} left no {page.name} to open: {sorted(os.listdir(folder))}"
    html = page.read_text(encoding="utf-8")
    shown = html.count('src="data:image/png;base64,')
    assert shown == figures_on_page(site, language, source), f"{page.name} shows {shown} figures"
    assert "Traceback" not in html and not list(folder.glob("*.png")), f"{page.name} shows an error or saved files"

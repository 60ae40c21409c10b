"""What a reader downloads runs outside the repository: the mmref wheel, every script, every notebook.

The files come from the built site (both editions), exactly as a reader gets them. They run in a
fresh virtual environment that holds only what the lab page tells a reader to install: NumPy,
matplotlib, the site's mmref wheel, and nbclient with ipykernel for the notebooks, at the versions
pinned in requirements.txt. The environment is made once, under .venv/, named after those
versions, and reused; the wheel is reinstalled from the site on every run. Scripts run with
``MMREF_QUICK=1`` (tiny sizes), in a temporary folder, with an environment that names no path of
the repository.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers import LANGUAGES, ROOT

READER_PACKAGES = ("numpy", "matplotlib", "nbclient", "ipykernel")
# Every script, in its gallery section or lab section folder if it has one.
EXAMPLES = sorted([*(ROOT / "gallery").rglob("plot_*.py"), *(ROOT / "lab").rglob("lab_*.py")])
LAB_DATA = "plot_01_ladder.json"  # the site's ladder, offered on the lab page next to the script


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


@pytest.fixture(scope="session")
def wheel(site):
    """The mmref wheel as the English edition offers it (and the Spanish one offers the same file)."""
    wheels = sorted((site / "en" / "wheel").glob("mmref-*.whl"))
    assert len(wheels) == 1, f"expected one mmref wheel in the site's wheel/ folder, found {wheels}"
    spanish = site / "es" / "wheel" / wheels[0].name
    assert spanish.is_file(), f"the Spanish edition does not offer {wheels[0].name}"
    return wheels[0]


@pytest.fixture(scope="session")
def reader_python(wheel):
    """Python of a venv with only the reader's packages (cached by version) and the site's wheel."""
    key = hashlib.sha256(" ".join([sys.version, *pinned(READER_PACKAGES)]).encode()).hexdigest()[:12]
    venv = ROOT / ".venv" / f"downloads-venv-{key}"
    python = venv / "bin" / "python"
    pip = [str(python), "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    if not (venv / ".done").exists():
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        result = subprocess.run([*pip, "-c", str(ROOT / "requirements.txt"), *READER_PACKAGES],
                                capture_output=True, text=True)
        assert result.returncode == 0, f"could not install {READER_PACKAGES} into {venv}:\n{result.stderr[-3000:]}"
        (venv / ".done").touch()
    # With its dependencies (as a reader installs it), then again, as the version may be unchanged.
    for options in (["-c", str(ROOT / "requirements.txt")], ["--force-reinstall", "--no-deps"]):
        result = subprocess.run([*pip, *options, str(wheel)], capture_output=True, text=True)
        assert result.returncode == 0, f"pip could not install {wheel.name}:\n{result.stderr[-3000:]}"
    return python


def reader_env(tmp_path, language):
    """A reader's environment: PATH, a home folder, quick mode, the figure language; nothing else."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "MMREF_QUICK": "1",
            "MPLBACKEND": "Agg", "MMREF_LANG": language}


def download(site, language, filename):
    """The one file called `filename` under <edition>/_downloads/ of the built site."""
    found = sorted((site / language / "_downloads").rglob(filename))
    assert len(found) == 1, f"{language}/_downloads/ should hold one {filename}, found {found}"
    return found[0]


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
        for suffix in (".py", ".ipynb"):
            download(site, language, source.stem + suffix)


def run_download(site, reader_python, tmp_path, language, source, suffix):
    folder = tmp_path / "reader"
    folder.mkdir()
    shutil.copy(download(site, language, source.stem + suffix), folder)
    if source.is_relative_to(ROOT / "lab"):  # the lab page offers the site's ladder to put next to the script
        shutil.copy(download(site, language, LAB_DATA), folder)
    bin_dir = reader_python.parent
    command = ([str(reader_python), source.stem + suffix] if suffix == ".py"
               else [str(bin_dir / "jupyter-execute"), "--timeout=600", source.stem + suffix])
    env = reader_env(tmp_path, language)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    result = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, (f"{language} {source.stem}{suffix} failed outside the repository:\n"
                                    f"{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    return result


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("source", EXAMPLES, ids=lambda p: p.stem)
def test_downloaded_script_runs(site, reader_python, tmp_path, language, source):
    result = run_download(site, reader_python, tmp_path, language, source, ".py")
    if source.is_relative_to(ROOT / "lab"):
        assert "site:" in result.stdout, "the lab did not read the site's ladder from the downloaded JSON"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("source", EXAMPLES, ids=lambda p: p.stem)
def test_downloaded_notebook_runs(site, reader_python, tmp_path, language, source):
    run_download(site, reader_python, tmp_path, language, source, ".ipynb")

"""Helpers shared by the tests: where the project is, and how to run Sphinx on it."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("en", "es")


def sphinx(builder, srcdir, outdir, *options, check=True, doctrees=None):
    """Run sphinx-build; on failure show the end of its output."""
    doctrees = doctrees or Path(outdir) / ".doctrees"
    cmd = [sys.executable, "-m", "sphinx", "-b", builder, "-d", str(doctrees), *options, str(srcdir), str(outdir)]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=srcdir)
    if check:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return result


def copy_tree(dest):
    """A scratch copy of the project (without environments, build output and caches)."""
    ignore = shutil.ignore_patterns(".venv", "_build", ".git", ".hypothesis", "__pycache__", ".pytest_cache")
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest


def pdf_pages(site):
    """The pages of the PDF of the built `site`: the curriculum in the site's reading order, as
    tools/pdf.py finds and prints it (the one list)."""
    sys.path.insert(0, str(ROOT / "tools"))
    from pdf import LANGUAGES as EDITIONS, curriculum

    return curriculum(Path(site) / EDITIONS[0])


def source_pages():
    """Every page the build makes, found from the sources: the .rst pages, theory/*.rst, and for
    the gallery and the lab (with their sections, one sub-folder each) an index and one page per
    script.  Tests check the built site against this list, so no page escapes them."""
    pages = {p.stem for p in ROOT.glob("*.rst")} | {f"theory/{p.stem}" for p in (ROOT / "theory").glob("*.rst")}
    for source, built, pattern in (("gallery", "auto_gallery", "plot_*.py"), ("lab", "auto_lab", "lab_*.py")):
        top = ROOT / source
        for header in top.rglob("GALLERY_HEADER.rst"):
            pages.add(f"{built}/{header.parent.relative_to(top).joinpath('index').as_posix()}")
        for script in top.rglob(pattern):
            pages.add(f"{built}/{script.relative_to(top).with_suffix('').as_posix()}")
    return sorted(pages)


def toctree_entries(text):
    """The entries of every toctree of a reST text."""
    entries = []
    for block in re.findall(r"^\.\. toctree::\n((?:[ \t]+.*\n|\n)*)", text, re.M):
        entries += [line.strip() for line in block.splitlines()
                    if line.strip() and not line.strip().startswith(":")]
    return entries

"""Helpers shared by the tests: where the project is, and how to run Sphinx on it."""

import ast
import json
import re
import shutil
import subprocess
import sys
import textwrap
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


def theory_chapters():
    """The theory pages in the order of index.rst's toctree, by chapter: {chapter: [its pages]}.

    A chapter is the pages that share a number (a page and its solutions), named by the first of
    them in the toctree; its gallery section is gallery/<that page's file name>/."""
    index = (ROOT / "index.rst").read_text(encoding="utf-8")
    chapters = {}
    for page in (e for e in toctree_entries(index) if e.startswith("theory/")):
        number = re.match(r"theory/(\d+)-", page)[1]
        chapter = next((c for c in chapters if c.startswith(f"theory/{number}-")), page)
        chapters.setdefault(chapter, []).append(page)
    return chapters


def script_chapters():
    """{gallery script: chapter}: the first chapter whose pages quote the script (one of its
    values or facts, a figure or a link), or None if no theory page does."""
    texts = {chapter: "\n".join((ROOT / f"{page}.rst").read_text(encoding="utf-8") for page in pages)
             for chapter, pages in theory_chapters().items()}
    found = {}
    for script in sorted((ROOT / "gallery").rglob("plot_*.py")):
        quoted = re.compile(rf"(?<![A-Za-z0-9]){script.stem}(?![A-Za-z0-9])")
        found[script.relative_to(ROOT)] = next((c for c, text in texts.items() if quoted.search(text)), None)
    return found


def rst_title(text):
    """The first section title of a reST text."""
    match = re.search(r"^(\S.*)\n([=\-~^\"'`#*+])\2{2,}[ \t]*$", text, re.M)
    assert match, "no section title found"
    return match[1].strip()


def script_functions(script, *names):
    """The functions ``names`` of a gallery script, defined without running the script: only its
    imports and those functions are executed, so a test can feed its decisions synthetic numbers."""
    tree = ast.parse(Path(script).read_text(encoding="utf-8"))
    keep = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))
            or isinstance(node, ast.FunctionDef) and node.name in names]
    namespace = {}
    exec(compile(ast.Module(body=keep, type_ignores=[]), Path(script).name, "exec"), namespace)
    missing = set(names) - set(namespace)
    assert not missing, f"{Path(script).name} no longer defines {sorted(missing)}"
    return [namespace[name] for name in names]


def measured_project(tmp_path, page, results, extensions=("measured", "sphinx_design")):
    """A small Sphinx project to build one theory page from synthetic gallery results.

    The real ``page`` (for instance ``theory/02-matmul-as-composition``), the glossary and the
    catalogues, with ``results`` ({script stem: its results JSON}) in place of the gallery's.
    """
    src = tmp_path / "src"
    (src / "theory").mkdir(parents=True)
    shutil.copy(ROOT / f"{page}.rst", src / f"{page}.rst")
    shutil.copy(ROOT / "glossary.rst", src / "glossary.rst")
    shutil.copytree(ROOT / "locale", src / "locale", ignore=shutil.ignore_patterns("*.mo"))
    folder = src / "auto_gallery" / "results"
    folder.mkdir(parents=True)
    for stem, data in results.items():
        (folder / f"{stem}.json").write_text(json.dumps(data))
    (src / "conf.py").write_text(textwrap.dedent(f"""
        import sys
        sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / "_ext")!r}]
        extensions = {list(extensions)!r}
        root_doc = "glossary"
        locale_dirs = ["locale/"]
        gettext_compact = False
        suppress_warnings = ["toc.not_included"]
    """))
    return src


def paragraphs(text):
    """The paragraphs of a built text page, each on one line."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]

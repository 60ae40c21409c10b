"""A lab runs again whenever a gallery script does: the labs read the gallery's results.

sphinx-gallery runs a script again only when the script itself changed (the ``.md5`` file it
keeps beside its copy in the output folder).  A lab also reads what the gallery measured
(``auto_gallery/results/plot_01_ladder.json`` for Lab 01), so a lab that did not change would
keep quoting the site's previous numbers after the gallery measured new ones.  Before
sphinx-gallery runs (``builder-inited``, ahead of its own handler), this extension finds the
gallery scripts that will run, and if there is one, deletes the labs' ``.md5`` files so that
they run too, after the gallery, on its new results.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.util import logging
from sphinx_gallery.gen_rst import get_md5sum

logger = logging.getLogger(__name__)


def scripts_to_run(source: Path, output: Path, pattern: str = "plot_*.py") -> list[Path]:
    """The scripts under ``source`` that sphinx-gallery will run: those whose copy under
    ``output`` has no ``.md5`` file or one that does not match the script.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "gallery").mkdir(); (root / "auto_gallery").mkdir()
    >>> _ = (root / "gallery" / "plot_a.py").write_text("print(1)\\n")
    >>> [p.name for p in scripts_to_run(root / "gallery", root / "auto_gallery")]
    ['plot_a.py']
    >>> md5 = get_md5sum(root / "gallery" / "plot_a.py", mode="t")
    >>> _ = (root / "auto_gallery" / "plot_a.py.md5").write_text(md5)
    >>> scripts_to_run(root / "gallery", root / "auto_gallery")
    []
    """
    stale = []
    for script in sorted(source.rglob(pattern)):
        md5_file = output / script.relative_to(source).with_name(script.name + ".md5")
        if not md5_file.is_file() or md5_file.read_text() != get_md5sum(script, mode="t"):
            stale.append(script)
    return stale


def run_labs_after_gallery(app) -> None:
    """``builder-inited``: if a gallery script will run, make every lab run after it."""
    conf = getattr(app.config, "sphinx_gallery_conf", None)
    if not conf:  # a build without the gallery (the guard's own builds)
        return
    pairs = [(Path(app.srcdir, s), Path(app.srcdir, o))
             for s, o in zip(conf["examples_dirs"], conf["gallery_dirs"])]
    gallery, labs = pairs[0], pairs[1:]
    stale = scripts_to_run(*gallery)
    if not stale:
        return
    for _, lab_output in labs:
        for md5_file in lab_output.rglob("*.py.md5"):
            md5_file.unlink()
    logger.info("lab_inputs: %s will run, so the labs run again on its results",
                ", ".join(p.name for p in stale))


def setup(app):
    app.connect("builder-inited", run_labs_after_gallery, priority=400)  # sphinx-gallery: 500
    return {"parallel_read_safe": True, "parallel_write_safe": True}

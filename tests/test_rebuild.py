"""A rebuild does work in proportion to what changed, not to the size of the site.

``make bench`` (tools/bench.py --scale) times it; these tests check the mechanisms without
timing anything: the math converter looks only at the pages just read, and the image sizer
only at the pages just written.
"""

import os
import sys
import time
from types import SimpleNamespace

from docutils import nodes
from helpers import ROOT

sys.path.insert(0, str(ROOT / "_ext"))
import light_pages  # noqa: E402
import mathml  # noqa: E402


def test_math_is_collected_from_the_pages_read_only():
    opened, converted = [], []

    def get_doctree(docname):
        opened.append(docname)
        doctree = nodes.document(None, None)
        doctree += nodes.math(text=f"x_{docname}")
        return doctree

    app = SimpleNamespace(builder=SimpleNamespace(format="html"),
                          _mathml_converter=SimpleNamespace(convert=converted.append))
    env = SimpleNamespace(found_docs={f"page{i}" for i in range(50)}, get_doctree=get_doctree)
    mathml.note_read(app, env, ["page7"])
    mathml.convert_all(app, env)
    assert opened == ["page7"] and converted == [{("x_page7", False)}]
    mathml.note_read(app, env, [])  # a no-op rebuild opens no doctree
    mathml.convert_all(app, env)
    assert opened == ["page7"]


def test_images_are_sized_on_the_pages_written_only(tmp_path):
    image = tmp_path / "_images" / "a.svg"
    image.parent.mkdir()
    image.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20"></svg>')
    old, new = tmp_path / "old.html", tmp_path / "new.html"
    for page in (old, new):
        page.write_text('<p><img src="_images/a.svg" alt="a"></p>', encoding="utf-8")
    hour_ago = time.time() - 3600
    os.utime(old, (hour_ago, hour_ago))
    app = SimpleNamespace(outdir=str(tmp_path), builder=SimpleNamespace(format="html"))
    light_pages.note_start(app)
    new.touch()  # written by this build
    light_pages.size_images(app, None)
    assert 'width="30" height="20"' in new.read_text(encoding="utf-8")
    assert "width=" not in old.read_text(encoding="utf-8")


def test_a_lab_runs_again_when_the_gallery_does(tmp_path):
    """Lab 01 reads the ladder's results: when a gallery script will run again, the labs'
    md5 files go, so sphinx-gallery runs the labs after it (on the new results)."""
    import lab_inputs
    from sphinx_gallery.gen_rst import get_md5sum

    for folder in ("gallery/02", "auto_gallery/02", "lab", "auto_lab"):
        (tmp_path / folder).mkdir(parents=True)
    script = tmp_path / "gallery/02/plot_01_ladder.py"
    script.write_text("print('ladder')\n")
    ladder_md5 = tmp_path / "auto_gallery/02/plot_01_ladder.py.md5"
    ladder_md5.write_text(get_md5sum(script, mode="t"))
    lab_md5 = tmp_path / "auto_lab/lab_01_gap.py.md5"
    lab_md5.write_text("0" * 32)
    app = SimpleNamespace(srcdir=str(tmp_path), config=SimpleNamespace(sphinx_gallery_conf={
        "examples_dirs": ["gallery", "lab"], "gallery_dirs": ["auto_gallery", "auto_lab"]}))

    lab_inputs.run_labs_after_gallery(app)  # the ladder is current: the lab stays as it is
    assert lab_md5.exists()
    script.write_text("print('ladder, changed')\n")
    lab_inputs.run_labs_after_gallery(app)  # the ladder will run: so will the lab
    assert not lab_md5.exists()

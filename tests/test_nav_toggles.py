"""The sidebar's disclosure toggles get a name (axe runs on every built page in test_browser.py)."""

import sys

from bs4 import BeautifulSoup
from helpers import ROOT

sys.path.insert(0, str(ROOT / "_ext"))
import nav_toggles  # noqa: E402

# The markup pydata-sphinx-theme gives an entry with sub-pages (and a folded caption, with text).
SIDEBAR = """<ul><li class="toctree-l1 has-children"><a class="reference internal" href="a/index.html">SVD y
rango</a><details><summary><span class="toctree-toggle" role="presentation"><i></i></span></summary><ul>
<li class="toctree-l2"><a href="a/p.html">p</a></li></ul></details></li>
<li class="toctree-l0 has-children"><details><summary><p class="caption">Guides</p></summary></details></li></ul>"""


def sidebar(kind, **kwargs):
    return SIDEBAR


def test_a_nameless_toggle_is_named_after_its_entry_and_others_are_left_alone():
    context = {"generate_toctree_html": sidebar}
    nav_toggles.wrap_toctree(None, "page", "page.html", context, None)
    soup = BeautifulSoup(str(context["generate_toctree_html"]("sidebar")), "html.parser")
    named, captioned = soup.select("summary")
    assert named["aria-label"] == "SVD y rango"
    assert not captioned.has_attr("aria-label")
    assert context["generate_toctree_html"]("raw") == SIDEBAR  # only the sidebar is changed

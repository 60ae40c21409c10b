"""Language editions: a switcher that lands on the same page and section in the other language.

Section ids come from the (translated) titles, so they differ between editions.  This
extension also gives every section a positional id (``sec-2-1`` is the first subsection of
the second section), which is the same in every edition; the switcher's script uses it to
keep the reader's place.
"""

from docutils import nodes
from markupsafe import escape
from sphinx.locale import _

EDITIONS = {"en": "English", "es": "Español"}


def add_positional_ids(app, doctree, docname):
    def walk(node, prefix):
        count = 0
        for child in node.children:
            if isinstance(child, nodes.section):
                count += 1
                ident = f"{prefix}-{count}"
                child["ids"].append(ident)
                walk(child, ident)
            elif isinstance(child, nodes.Element):
                walk(child, prefix)

    walk(doctree, "sec")


def add_edition_links(app, pagename, templatename, context, doctree):
    # The site's name is the root page's title, so each edition shows it in its language.
    # The title is text (a translation): escaped once, as Markup, so that templates that
    # escape it (``docstitle|e``) leave it alone and those that print it raw show text too.
    root_title = app.env.titles.get(app.config.root_doc)
    if root_title is not None:
        context["docstitle"] = escape(root_title.astext())
    # The theme does not translate the label of its "More" menu; sphinx.po does.
    context["theme_header_dropdown_text"] = _(context.get("theme_header_dropdown_text", "More"))
    up = "../" * (pagename.count("/") + 1)
    current = app.config.language
    context["editions"] = [
        (code, name, f"{up}{code}/{pagename}.html", code == current)
        for code, name in app.config.editions.items()
    ]


def setup(app):
    app.add_config_value("editions", EDITIONS, "html")
    app.connect("doctree-resolved", add_positional_ids)
    app.connect("html-page-context", add_edition_links)
    app.add_js_file("editions.js", loading_method="defer")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

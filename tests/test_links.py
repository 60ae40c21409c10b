"""Every internal link of the built site leads somewhere, and the site loads nothing from the network."""

import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

# Elements whose URL the browser fetches by itself while showing the page.
FETCHED = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"), ("video", "src"),
           ("audio", "src"), ("embed", "src"), ("object", "data"), ("input", "src")}
FETCHED_LINKS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut", "apple-touch-icon", "manifest"}


class Links(HTMLParser):
    """The ids of a page, and every URL in it: (tag, attribute, url, rel)."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.ids, self.urls = set(), []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(name):
                self.ids.add(attrs[name])
        for name in ("href", "src", "data"):
            if attrs.get(name) is not None:
                self.urls.append((tag, name, attrs[name].strip(), set((attrs.get("rel") or "").lower().split())))

    handle_startendtag = handle_starttag


def is_external(url):
    return bool(urlsplit(url).scheme) or url.startswith("//")


def parse_site(site):
    """The site's pages. Not _static/*.html: the theme copies its Jinja macros there (webpack-macros.html),
    a template fragment no page links to and no browser shows."""
    return {path: Links(path.read_text(encoding="utf-8")) for path in sorted(site.rglob("*.html"))
            if "_static" not in path.relative_to(site).parts}


def test_every_internal_link_and_anchor_exists(site):
    pages = parse_site(site)
    assert len(pages) > 20
    broken = []
    for path, page in pages.items():
        where = path.relative_to(site).as_posix()
        for tag, attribute, url, _ in page.urls:
            if not url or url == "#" or is_external(url):
                continue
            parts = urlsplit(url)
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if parts.path and not target.is_file():
                broken.append(f"{where}: <{tag} {attribute}={url!r}>: no file {target.relative_to(site.resolve())}"
                              if target.is_relative_to(site.resolve()) else
                              f"{where}: <{tag} {attribute}={url!r}> leaves the site")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else Links(target.read_text(encoding="utf-8")).ids
                if fragment not in ids:
                    broken.append(f"{where}: <{tag} {attribute}={url!r}>: no id {fragment!r} in the target page")
    assert not broken, f"{len(broken)} broken internal links:\n  " + "\n  ".join(broken)


def test_the_site_loads_nothing_from_the_network(site):
    """The site works offline: no external script, stylesheet, image, font... (external <a> links are fine)."""
    found = []
    for path, page in parse_site(site).items():
        for tag, attribute, url, rel in page.urls:
            fetched = (tag, attribute) in FETCHED or (tag == "link" and rel & FETCHED_LINKS)
            if fetched and is_external(url) and not url.startswith("data:"):
                found.append(f"{path.relative_to(site).as_posix()}: <{tag} {attribute}={url!r}>")
    for path in sorted(site.rglob("*.css")):
        css = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
        for url in re.findall(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)|url\(\s*["']?([^"')]+)""", css):
            url = url[0] or url[1]
            if is_external(url) and not url.startswith("data:"):
                found.append(f"{path.relative_to(site).as_posix()}: {url}")
    assert not found, "the site loads from the network:\n  " + "\n  ".join(found)


def test_stylesheets_refer_to_existing_files(site):
    broken = []
    for path in sorted(site.rglob("*.css")):
        css = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
        for url in re.findall(r"""@import\s+["']([^"']+)["']|url\(\s*["']?([^"')]+)""", css):
            url = url[0] or url[1]
            if is_external(url) or url.startswith("#"):
                continue
            target = path.parent / unquote(urlsplit(url).path)
            if not target.is_file():
                broken.append(f"{path.relative_to(site).as_posix()}: {url}")
    assert not broken, "stylesheets refer to missing files:\n  " + "\n  ".join(broken)

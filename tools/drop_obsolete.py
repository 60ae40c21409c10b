"""Delete obsolete (``#~``) entries from .po files, and the fuzzy flag of their header:
``make update-po`` runs it after merging.

sphinx-intl keeps the entries of text that left the pages; translators should not see them
and ``make check-po`` rejects them.  A catalogue made from a template gets the template's
fuzzy header, which makes pybabel skip the whole catalogue; ``make check-po`` rejects it too.
"""

import sys

import polib


def main(paths: list[str]) -> None:
    for path in paths:
        po = polib.pofile(path, wrapwidth=79)
        obsolete = po.obsolete_entries()
        for entry in obsolete:
            po.remove(entry)
        if obsolete:
            print(f"{path}: {len(obsolete)} obsolete entr{'y' if len(obsolete) == 1 else 'ies'} deleted")
        fuzzy_header = "fuzzy" in (po.metadata_is_fuzzy or ())
        if fuzzy_header:
            po.metadata_is_fuzzy = []
            print(f"{path}: the header's fuzzy flag deleted")
        if obsolete or fuzzy_header:
            po.save(path)


if __name__ == "__main__":
    main(sys.argv[1:])

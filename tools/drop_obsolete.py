"""Delete obsolete (``#~``) entries from .po files: ``make update-po`` runs it after merging.

sphinx-intl keeps the entries of text that left the pages; translators should not see them
and ``make check-po`` rejects them.
"""

import sys

import polib


def main(paths: list[str]) -> None:
    for path in paths:
        po = polib.pofile(path, wrapwidth=79)
        obsolete = po.obsolete_entries()
        if obsolete:
            for entry in obsolete:
                po.remove(entry)
            po.save(path)
            print(f"{path}: {len(obsolete)} obsolete entr{'y' if len(obsolete) == 1 else 'ies'} deleted")


if __name__ == "__main__":
    main(sys.argv[1:])

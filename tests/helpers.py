"""Helpers shared by the tests: where the project is, and how to run Sphinx on it."""

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

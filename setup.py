"""Build step of the wheel: compile every gettext catalogue (.po → .mo) into the build.

Everything else about the distribution is declared in pyproject.toml. The .mo files are not
committed (.gitignore); an installed app finds them next to its .po files, so another site
speaks every language of the catalogues without a compile step of its own. In a checkout,
`make translations` (`manage.py compile_translations`) compiles them in place instead.
"""

from pathlib import Path

import polib
from setuptools import setup
from setuptools.command.build_py import build_py


def compile_catalogues(root):
    """Compile each `locale/<lang>/LC_MESSAGES/*.po` below `root` into the .mo beside it."""
    compiled = []
    for po_path in sorted(Path(root).glob("**/locale/*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        compiled.append(mo_path)
    return compiled


class BuildPyWithCatalogues(build_py):
    """`build_py` that also compiles the copied catalogues (fuzzy entries left out, as msgfmt
    does), so the wheel holds a fresh .mo for every .po, whatever lies in the source tree."""

    def run(self):
        super().run()
        if self.dry_run:
            return
        for mo_path in compile_catalogues(self.build_lib):
            self.announce(f"compiled {mo_path}", level=2)


setup(cmdclass={"build_py": BuildPyWithCatalogues})

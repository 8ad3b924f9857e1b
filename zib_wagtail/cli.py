"""`zib-wagtail start NAME [DIRECTORY]`: a new Wagtail site wired to the zib-wagtail apps.

The site is made from `project_template/` by Django's `startproject --template` machinery (as
`wagtail start` and `coderedcms start` do): settings with every value the apps need, URLs, a
base template with the blocks the apps fill. It has no `home` or `search` app of its own: those
are ours.
"""

import argparse
import sys
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.commands.startproject import Command as StartProject

TEMPLATE = Path(__file__).resolve().parent / "project_template"

NEXT_STEPS = """\
Created the site {name!r} in {directory}. Next steps:

    cd {directory}
    python manage.py migrate
    python manage.py zib_setup_locales    # a Wagtail locale per content language
    python manage.py zib_setup_roles      # optional: editors' groups and review workflow
    python manage.py createsuperuser
    python manage.py runserver

Site settings are in {name}/settings.py; the zib-wagtail settings (ZIB_*) and their defaults
are listed in the installation guide (docs/installation.md of zib-wagtail).
"""


def start(name, directory=None):
    """Create the project `name` in `directory` (default: a new folder `name`)."""
    args = [name] if directory is None else [name, directory]
    call_command(StartProject(), *args, template=str(TEMPLATE))
    target = Path(directory or name)
    # Hidden files do not survive packaging reliably; the template ships it without the dot.
    # In an existing folder, a .gitignore of its own is kept.
    shipped = target / "gitignore"
    if (target / ".gitignore").exists():
        shipped.unlink()
    else:
        shipped.rename(target / ".gitignore")
    return target


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="zib-wagtail", description="Tools of the zib-wagtail distribution."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    start_parser = commands.add_parser(
        "start", help="Create a new Wagtail site that uses the zib-wagtail apps."
    )
    start_parser.add_argument("name", help="Python name of the project package, e.g. mycity.")
    start_parser.add_argument(
        "directory", nargs="?", help="Existing folder to create it in (default: ./NAME)."
    )
    args = parser.parse_args(argv)
    try:
        target = start(args.name, args.directory)
    except CommandError as error:
        print(f"zib-wagtail: {error}", file=sys.stderr)
        return 1
    print(NEXT_STEPS.format(name=args.name, directory=target))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The second site in CI: build the wheel, install it into a fresh virtualenv, test it there.

    python tests/othersite/run.py [--keep] [pytest arguments …]

1. Copies the checkout's files (tracked and untracked, without what .gitignore leaves out, so
   no stale build/ or compiled catalogue of the working tree slips in) to a temporary folder and
   builds the wheel there with `pip wheel --no-deps` (setup.py compiles the catalogues).
2. Creates a virtualenv in the temporary folder and installs the wheel (core dependencies only:
   no extra) with pytest and pytest-django from PyPI.
3. Runs this folder's tests with that virtualenv's Python in isolated mode (`-I`: no
   PYTHONPATH, no current directory on sys.path), so they import the installed wheel, never the
   repository; test_installed.py checks that.

The temporary folder lies in /dev/shm where there is one (see scratch_root) and is removed at
the end (`--keep` keeps it). Every failure ends the script with a non-zero exit status; nothing
is skipped.
`make test-othersite` runs it; `.ci/run` runs that after `make test`.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parents[1]
#: What the othersite needs beside the wheel (the same ranges as the `dev` extra).
TEST_REQUIREMENTS = ["pytest>=8.3,<10", "pytest-django>=4.9,<5"]
#: Folders of the checkout that the wheel does not need.
NOT_BUILT = ("tests/", "bench/", "docs/")


def step(title, *command, cwd=None, env=None):
    print(f"\n==> {title}\n    {' '.join(str(part) for part in command)}", flush=True)
    started = time.monotonic()
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env)
    if result.returncode:
        sys.exit(f"othersite: {title} failed (exit status {result.returncode})")
    print(f"    ({time.monotonic() - started:.0f} s)", flush=True)


def copy_checkout(target):
    """The files git would commit (tracked or untracked, not ignored), without NOT_BUILT."""
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPOSITORY,
        capture_output=True,
        check=True,
    ).stdout.decode()
    copied = 0
    for name in filter(None, listing.split("\0")):
        source = REPOSITORY / name
        if name.startswith(NOT_BUILT) or not source.is_file():
            continue  # a test or doc file, or a tracked file deleted in the working tree
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)
        copied += 1
    if not (target / "pyproject.toml").is_file():
        sys.exit("othersite: the copy of the checkout has no pyproject.toml")
    return copied


def clean_environment(venv):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "PYTHONHOME", "DJANGO_SETTINGS_MODULE", "VIRTUAL_ENV"}
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def scratch_root():
    """Where the throwaway virtualenv goes: memory (/dev/shm) where there is one, as writing and
    removing its ~15,000 files on a disk mounted with `discard` takes minutes; else TMPDIR."""
    shm = Path("/dev/shm")
    if "TMPDIR" not in os.environ and shm.is_dir() and os.access(shm, os.W_OK):
        return shm
    return None


def main(argv):
    keep = "--keep" in argv
    pytest_args = [arg for arg in argv if arg != "--keep"]
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="zib-othersite-", dir=scratch_root()))
    try:
        source, dist, venv = work / "src", work / "dist", work / "venv"
        print(f"othersite: copied {copy_checkout(source)} files of the checkout to {source}")
        pip = [sys.executable, "-m", "pip"]
        step("build the wheel", *pip, "wheel", "--quiet", "--no-deps", "-w", dist, source)
        wheels = sorted(dist.glob("zib_wagtail-*.whl"))
        if len(wheels) != 1:
            sys.exit(f"othersite: expected one wheel in {dist}, found {wheels}")
        step("create a fresh virtualenv", sys.executable, "-m", "venv", venv)
        env = clean_environment(venv)
        python = venv / "bin" / "python"
        install = [python, "-m", "pip", "install", "--quiet", "--no-compile"]
        step(
            "install the wheel and the test tools", *install, wheels[0], *TEST_REQUIREMENTS, env=env
        )
        # -I: no PYTHONPATH, no current directory on sys.path (pytest-django adds this folder).
        tests = [python, "-I", "-m", "pytest", f"--basetemp={work / 'pytest'}", *pytest_args]
        step("run the other site's tests", *tests, cwd=HERE, env=env)
    finally:
        if keep:
            print(f"othersite: kept {work}")
        else:
            removing = time.monotonic()
            shutil.rmtree(work, ignore_errors=True)
            print(f"othersite: removed {work} ({time.monotonic() - removing:.0f} s)")
    print(f"\nothersite: passed in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/env python3
"""Runs the commands that README.md and docs/*.md show, as written, and checks what they print.

Which commands: inside a fenced code block (```), a line starting with "$ swxrisk " is a command; the
lines after it, up to the next "$ " line or the end of the block, are its expected standard output.
An expected line "..." (or indented "  ...", or one starting with "  ... ") stands for any number of
lines; every other expected line must appear in the output exactly (trailing spaces aside) and in that
order. The command must exit with 0. Commands in `sh` blocks without "$ " (scripts/demo, scripts/test)
are not run: they install and build (docs/testing.md).

Each documentation file runs in its own fresh copy of the checkout's datasets/ (a temporary folder that
stands for a fresh clone), from the copy's top folder, with `swxrisk` being the built executable.

Usage: run_doc_commands.py SWXRISK_EXE SOURCE_DIR
"""
import pathlib
import shlex
import shutil
import subprocess
import sys
import tempfile


def doc_commands(text):
    """[(line number, command, [expected lines])] of one Markdown file."""
    found, in_block, current = [], False, None
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("```"):
            in_block = not in_block
            current = None
            continue
        if not in_block:
            continue
        if line.startswith("$ "):
            current = None
            if line.startswith("$ swxrisk "):
                current = (number, line[2:].strip(), [])
                found.append(current)
        elif current is not None:
            current[2].append(line.rstrip())
    return found


def is_skip(line):
    s = line.strip()
    return s == "..." or s.startswith("... ") or s.startswith("...(")


def check_output(expected, actual):
    """None if `expected` matches `actual` (lists of lines), else what is missing."""
    lines = [l.rstrip() for l in actual.splitlines()]
    pos = 0
    for want in expected:
        if is_skip(want) or not want.strip():
            continue
        while pos < len(lines) and lines[pos] != want:
            pos += 1
        if pos == len(lines):
            return want
        pos += 1
    return None


def main():
    exe, source = pathlib.Path(sys.argv[1]).resolve(), pathlib.Path(sys.argv[2]).resolve()
    docs = [source / "README.md"] + sorted((source / "docs").glob("*.md"))
    failures, ran = [], 0
    for doc in docs:
        commands = doc_commands(doc.read_text(encoding="utf-8"))
        if not commands:
            continue
        with tempfile.TemporaryDirectory(prefix="swxrisk-doc-") as tmp:
            shutil.copytree(source / "datasets", pathlib.Path(tmp) / "datasets")
            for number, command, expected in commands:
                where = f"{doc.relative_to(source)}:{number}: {command}"
                args = shlex.split(command)
                run = subprocess.run([str(exe)] + args[1:], cwd=tmp, capture_output=True, text=True, timeout=120)
                ran += 1
                if run.returncode != 0:
                    failures.append(f"{where}\n  exit {run.returncode}\n  stderr: {run.stderr.strip()}")
                    continue
                missing = check_output(expected, run.stdout)
                if missing is not None:
                    failures.append(f"{where}\n  expected line not printed (in order): {missing!r}\n  stdout:\n{run.stdout}")
                else:
                    print(f"ok  {where}")
    if ran == 0:
        failures.append("no documented commands found")
    for f in failures:
        print("FAIL " + f)
    print(f"{ran} documented commands run, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Runs the README's and the walk-through's commands against a live Bondify; fails when a command or its output drifts.

Usage: e2e/readme_walkthrough.py http://127.0.0.1:8080

Every ```bash block of the sections in SECTIONS (the README's five-minute path, docs/walkthrough.md's developer
API walk-through) runs, in order, in one bash session (with BASE pointed at the given URL), in a scratch
directory holding a copy of docs/ (so `node docs/examples/…` works as written). A command followed by a comment showing its output (`# {"status":"pending"}` at
the end of the line, or on the lines right after it) is checked: the real output must be JSON with every field
the comment shows, and the same value wherever the comment shows a literal one (not "…" or "•••"); a comment
that is a bare status code (`# 200`) must equal the output. Comments that explain rather than show are skipped.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SECTIONS = [("README.md", "## Sign in from your own app in five minutes"),
            ("docs/walkthrough.md", "## Developer API walk-through")]


def blocks(document, title):
    start = document.index(title)
    end = document.find("\n## ", start + len(title))
    section = document[start:end if end > 0 else len(document)]
    return re.findall(r"```bash\n(.*?)```", section, re.S)


def steps(block):
    """(command, shown output or None) pairs; a command may span lines ending with a backslash."""
    lines = block.splitlines()
    result = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("#"):
            i += 1
            continue
        command = line
        while command.rstrip().endswith("\\") and i + 1 < len(lines):
            i += 1
            command += "\n" + lines[i]
        shown = None
        trailing = re.search(r"\s#\s+(\{.*|\d{3})\s*$", command.splitlines()[-1])
        if trailing:
            shown = trailing.group(1)
        # A comment block right below the command that starts with an output shape belongs to it.
        j = i + 1
        if shown is None and j < len(lines) and re.match(r"\s*#\s+\{", lines[j]):
            shown = re.sub(r"^\s*#\s+", "", lines[j])
            j += 1
            while j < len(lines) and re.match(r"\s*#\s{2,}\S", lines[j]):
                shown += re.sub(r"^\s*#\s+", "", lines[j])
                j += 1
            i = j - 1
        result.append((command, shown))
        i += 1
    return result


def is_assignment(command):
    return re.match(r"^\s*[A-Z_]+=\$\(", command) is not None


def check(shown, actual, command):
    if re.fullmatch(r"\d{3}", shown):
        return [] if actual.strip() == shown else [f"expected {shown}, got {actual.strip()!r}"]
    try:
        value = json.loads(actual)
    except ValueError:
        return [f"expected JSON like {shown[:80]}, got {actual[:200]!r}"]
    problems = []
    for key, literal in re.findall(r'"([a-z_]+)":\s*("[^"…•]*"|true|false|null|\d+(?![\d…]))?', shown):
        found = find(value, key)
        if found is MISSING:
            problems.append(f"field {key!r} missing")
        elif literal:
            expected = json.loads(literal)
            if key.endswith("_at") or key == "confirmed_at":
                continue
            if found != expected:
                problems.append(f"{key}: expected {expected!r}, got {found!r}")
    return problems


MISSING = object()


def find(value, key):
    if isinstance(value, dict):
        if key in value:
            return value[key]
        for child in value.values():
            found = find(child, key)
            if found is not MISSING:
                return found
    if isinstance(value, list):
        for child in value:
            found = find(child, key)
            if found is not MISSING:
                return found
    return MISSING


def main():
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
    all_steps = []
    for name, title in SECTIONS:
        document = open(os.path.join(ROOT, name), encoding="utf-8").read()
        all_steps += [step for block in blocks(document, title) for step in steps(block)]
    if not all_steps:
        print("README walk-through: no commands found", file=sys.stderr)
        return 1
    work = tempfile.mkdtemp()
    shutil.copytree(os.path.join(ROOT, "docs"), os.path.join(work, "docs"))
    script = ["set -uo pipefail", f"cd {work}"]
    checked = []
    for n, (command, shown) in enumerate(all_steps):
        command = re.sub(r"^BASE=.*$", f"BASE={base}", command, flags=re.M)
        if shown is not None and not is_assignment(command):
            checked.append((n, command, shown))
            body = re.sub(r"\s+#\s+(\{.*|\d{3})\s*$", "", command)
            script.append(f"{{ {body}\n}} > step-{n}.out 2>&1 || echo \"step {n} exited $?\" >> failures")
        else:
            script.append(f"{{ {command}\n}} || echo \"step {n} exited $?\" >> failures")
    script.append("true")
    with open(os.path.join(work, "walkthrough.sh"), "w", encoding="utf-8") as out:
        out.write("\n".join(script) + "\n")
    run = subprocess.run(["bash", os.path.join(work, "walkthrough.sh")], capture_output=True, text=True)
    failures = []
    failures_file = os.path.join(work, "failures")
    if os.path.exists(failures_file):
        failures += open(failures_file).read().splitlines()
    for n, command, shown in checked:
        path = os.path.join(work, f"step-{n}.out")
        actual = open(path, encoding="utf-8", errors="replace").read() if os.path.exists(path) else ""
        for problem in check(shown, actual, command):
            failures.append(f"{command.splitlines()[0][:70]} … → {problem}")
    passed = len(checked) - len({f.split(' … ')[0] for f in failures if ' … ' in f})
    for failure in failures:
        print("  FAIL ", failure, file=sys.stderr)
    if run.stderr.strip():
        print(run.stderr.strip()[-2000:], file=sys.stderr)
    print(f"README walk-through: {len(all_steps)} commands run, {len(checked)} outputs checked, "
          f"{len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

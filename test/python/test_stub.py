# SPDX-License-Identifier: GPL-2.0-only
"""The type stub vswitch/_core.pyi says what the built module holds.

Run by CTest as Python.Stub, with PYTHONPATH naming build/bindings/python and
VSWITCH_SOURCE_DIR the source folder. Needs mypy (Debian: python3-mypy).

- the committed stub is what bindings/python/make-stub.py writes from the module (a binding
  changed without the stub being regenerated fails here);
- mypy's stubtest finds every module-level name, class, method and property of the module
  in the stub and nothing in the stub that the module lacks;
- mypy type-checks examples/python against the stub (a stub that misdescribes what the
  examples call fails here).
"""

import ast
import inspect
import os
import subprocess
import sys

import pytest

import vswitch._core as core

SOURCE = os.environ.get(
    "VSWITCH_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", "..")
)
STUB = os.path.join(SOURCE, "bindings", "python", "vswitch", "_core.pyi")
MAKE_STUB = os.path.join(SOURCE, "bindings", "python", "make-stub.py")
BUILT = os.path.dirname(os.path.dirname(os.path.abspath(core.__file__)))

mypy = pytest.importorskip("mypy", reason="mypy is missing (Debian: python3-mypy)")


def public_names():
    return {n for n in dir(core) if not n.startswith("_")}


def stub_names():
    tree = ast.parse(open(STUB, encoding="utf-8").read())
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            names.add(node.name)
    return names


def test_stub_names_every_public_name_and_no_other():
    missing = public_names() - stub_names()
    extra = stub_names() - public_names()
    assert not missing, f"in vswitch._core but not in {STUB}: {sorted(missing)}"
    assert not extra, f"in {STUB} but not in vswitch._core: {sorted(extra)}"


def test_committed_stub_is_what_make_stub_writes():
    env = dict(os.environ, PYTHONPATH=BUILT)
    made = subprocess.run(
        [sys.executable, MAKE_STUB], env=env, capture_output=True, text=True, check=True
    ).stdout
    committed = open(STUB, encoding="utf-8").read()
    assert made == committed, (
        "bindings/python/vswitch/_core.pyi is out of date: regenerate it with "
        "PYTHONPATH=build/bindings/python /usr/bin/python3 bindings/python/make-stub.py "
        "> bindings/python/vswitch/_core.pyi"
    )


def allowlist(path):
    """What stubtest cannot see in a pybind11 module: every class has pybind11's metaclass,
    and a class without a constructor still has pybind11's __init__(*args, **kwargs) (which
    raises). Only those, named one by one from the module itself."""
    lines = []
    for name in sorted(public_names()):
        obj = getattr(core, name)
        if not inspect.isclass(obj):
            continue
        lines.append(f"vswitch._core.{name}")  # metaclass differs
        if "__init__(self" not in (obj.__init__.__doc__ or ""):
            lines.append(f"vswitch._core.{name}.__init__")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def test_stubtest_finds_the_stub_and_the_module_in_agreement(tmp_path):
    allow = tmp_path / "allowlist.txt"
    allowlist(allow)
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\n")
    # The built package (with the generated stub copied beside the extension) is what
    # stubtest imports and reads.
    env = dict(os.environ, PYTHONPATH=BUILT, MYPYPATH=BUILT)
    result = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "vswitch._core", "--allowlist", str(allow),
         "--mypy-config-file", str(config)],
        env=env, capture_output=True, text=True, cwd=tmp_path,
    )
    print(result.stdout[-4000:], result.stderr[-2000:])
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_examples_type_check_against_the_stub(tmp_path):
    examples = sorted(
        os.path.join(SOURCE, "examples", "python", f)
        for f in os.listdir(os.path.join(SOURCE, "examples", "python"))
        if f.endswith(".py")
    )
    assert examples
    env = dict(os.environ, MYPYPATH=BUILT)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--ignore-missing-imports", "--no-incremental",
         "--cache-dir", str(tmp_path / "cache"), *examples],
        env=env, capture_output=True, text=True, cwd=tmp_path,
    )
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_wrong_call_fails_the_type_check(tmp_path):
    """The check above can fail: a script calling the API wrongly is refused."""
    script = tmp_path / "wrong.py"
    script.write_text(
        "import vswitch as vs\n"
        "h = vs.PhysicalSwitchHelper()\n"
        "h.Install(vs.Node(), 'four')\n"                      # ports: an int or names
        "h.Install(vs.Node(), 4).SetAccessPort('Gi0/1', '100')\n"  # vlan: an int
        "vs.Simulator.Schedule(3, print)\n"       # delay: a Time or a str
    )
    env = dict(os.environ, MYPYPATH=BUILT)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir",
         str(tmp_path / "cache"), str(script)],
        env=env, capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 1, result.stdout
    for line in (3, 4, 5):
        assert f"wrong.py:{line}: error" in result.stdout, result.stdout

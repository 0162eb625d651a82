#!/usr/bin/env python3
"""The wscript must declare the module exactly as CMakeLists.txt does.

Runs the wscript's build() against a small recording stand-in for waf's build context
and compares what it declared (library sources, headers, test sources, examples) with
the lists CMake wrote to vswitch-file-lists.json at configure time. Also checks that
every listed file exists and that every source file of model/ and helper/ is listed.

usage: wscript-consistency-test.py WSCRIPT LISTS_JSON
"""
import json
import os
import sys


class Recorded:
    """Stands in for a waf task generator: remembers every attribute set on it."""

    def __init__(self, kind, **kw):
        self.kind = kind
        self.__dict__.update(kw)


class FakeNode:
    def __init__(self, path):
        self._path = path

    def abspath(self):
        return self._path

    def get_bld(self):
        return FakeNode(os.path.join(self._path, 'build'))


class FakeBuildContext:
    """The parts of ns-3's waf build context a module wscript uses."""

    def __init__(self, root):
        self.env = {'ENABLE_EXAMPLES': True, 'ENABLE_TESTS': True, 'VSWITCH_GTEST': True}
        self.path = FakeNode(root)
        self.modules = []
        self.programs = []
        self.generators = []
        self.bindings = 0

    def create_ns3_module(self, name, deps):
        m = Recorded('module', name=name, deps=list(deps), source=[])
        self.modules.append(m)
        return m

    def create_ns3_program(self, name, deps):
        p = Recorded('program', name=name, deps=list(deps), source=[])
        self.programs.append(p)
        return p

    def __call__(self, **kw):
        g = Recorded('generator', **kw)
        self.generators.append(g)
        return g

    def ns3_python_bindings(self):
        self.bindings += 1


def as_list(source):
    return [source] if isinstance(source, str) else list(source)


def main():
    wscript, lists_json = sys.argv[1], sys.argv[2]
    root = os.path.dirname(os.path.abspath(wscript))
    with open(lists_json) as f:
        cmake = json.load(f)
    namespace = {}
    with open(wscript) as f:
        exec(compile(f.read(), wscript, 'exec'), namespace)
    bld = FakeBuildContext(root)
    namespace['build'](bld)

    failures = []

    def check(what, declared, expected):
        if declared != expected:
            missing = sorted(set(expected) - set(declared))
            extra = sorted(set(declared) - set(expected))
            failures.append('%s differ: wscript lacks %s, has extra %s (order: %s vs %s)'
                            % (what, missing, extra, declared, expected))

    if len(bld.modules) != 1 or bld.modules[0].name != 'vswitch':
        failures.append('wscript must create exactly one ns-3 module named vswitch')
    else:
        check('library sources', as_list(bld.modules[0].source), cmake['sources'])
    headers = [g for g in bld.generators if 'ns3header' in as_list(getattr(g, 'features', []))]
    if len(headers) != 1 or getattr(headers[0], 'module', None) != 'vswitch':
        failures.append('wscript must declare one ns3header generator for module vswitch')
    else:
        check('headers', as_list(headers[0].source), cmake['headers'])
    tests = [p for p in bld.programs if p.name == 'vswitch-tests']
    if len(tests) != 1:
        failures.append('wscript must build the vswitch-tests program')
    else:
        check('test sources', as_list(tests[0].source), cmake['tests'])
    examples = [p for p in bld.programs if p.name != 'vswitch-tests']
    check('examples', [p.name for p in examples], cmake['examples'])
    for p in examples:
        expected = ['examples/%s.cc' % p.name]
        if p.name.startswith('seed'):
            expected.append('examples/seed-labs.cc')
        if as_list(p.source) != expected:
            failures.append('example %s builds from %s' % (p.name, p.source))
    if bld.bindings != 1:
        failures.append('wscript must call bld.ns3_python_bindings() once')

    listed = set(cmake['sources']) | set(cmake['headers']) | set(cmake['tests'])
    listed |= {'examples/%s.cc' % e for e in cmake['examples']}
    for path in sorted(listed):
        if not os.path.isfile(os.path.join(root, path)):
            failures.append('listed file does not exist: %s' % path)
    for top in ('model', 'helper'):
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            for name in files:
                rel = os.path.relpath(os.path.join(dirpath, name), root)
                if name.endswith(('.cc', '.h')) and rel not in listed:
                    failures.append('%s is in no list: add it to CMakeLists.txt and wscript' % rel)

    for f in failures:
        print('FAIL: ' + f)
    if failures:
        return 1
    print('OK: wscript and CMakeLists.txt declare the same %d sources, %d headers, %d test '
          'sources and %d examples' % (len(cmake['sources']), len(cmake['headers']),
                                       len(cmake['tests']), len(cmake['examples'])))
    return 0


if __name__ == '__main__':
    sys.exit(main())

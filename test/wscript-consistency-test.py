#!/usr/bin/env python3
"""The wscript must declare the module exactly as CMakeLists.txt does.

Runs the wscript's build() against a small recording stand-in for waf's build context
and compares what it declared (library sources, headers, test sources, examples) with
the lists CMake wrote to vswitch-file-lists.json at configure time (and vswitch-sim's
sources, and the default-scenario header both builds generate). Also checks that every
listed file exists and that every source file of model/ and helper/ is listed.

usage: wscript-consistency-test.py WSCRIPT LISTS_JSON
"""
import json
import os
import shutil
import sys
import tempfile


class Recorded:
    """Stands in for a waf task generator: remembers every attribute set on it."""

    def __init__(self, kind, **kw):
        self.kind = kind
        self.__dict__.update(kw)


class FakeNode:
    def __init__(self, path, bld_path):
        self._path = path
        self._bld_path = bld_path

    def abspath(self):
        return self._path

    def get_bld(self):
        return FakeNode(self._bld_path, self._bld_path)


class FakeBuildContext:
    """The parts of ns-3's waf build context a module wscript uses."""

    def __init__(self, root, bld_root):
        self.env = {'ENABLE_EXAMPLES': True, 'ENABLE_TESTS': True, 'VSWITCH_GTEST': True,
                    'VSWITCH_BOOST_JSON': True, 'ENABLE_MPI': True}
        self.path = FakeNode(root, bld_root)
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
    bld_root = tempfile.mkdtemp(prefix='vswitch-wscript-')
    try:
        bld = FakeBuildContext(root, bld_root)
        namespace['build'](bld)
        failures = compare(bld, cmake, root, bld_root)
    finally:
        shutil.rmtree(bld_root)
    for f in failures:
        print('FAIL: ' + f)
    if failures:
        return 1
    print('OK: wscript and CMakeLists.txt declare the same %d sources, %d headers, %d test '
          'sources, %d examples, vswitch-sim and the MPI part (%d sources, %d headers, %d '
          'examples)' % (len(cmake['sources']), len(cmake['headers']),
                         len(cmake['test_sources']), len(cmake['examples']),
                         len(cmake['mpi_sources']), len(cmake['mpi_headers']),
                         len(cmake['mpi_examples'])))
    return 0


def compare(bld, cmake, root, bld_root):
    """What the wscript declared that CMakeLists.txt does not, as a list of messages."""

    failures = []

    def check(what, declared, expected):
        if declared != expected:
            missing = sorted(set(expected) - set(declared))
            extra = sorted(set(declared) - set(expected))
            failures.append('%s differ: wscript lacks %s, has extra %s (order: %s vs %s)'
                            % (what, missing, extra, declared, expected))

    # With MPI (--enable-mpi), a second module, vswitch-mpi, on top of vswitch and ns-3's mpi.
    modules = {m.name: m for m in bld.modules}
    if [m.name for m in bld.modules] != ['vswitch', 'vswitch-mpi']:
        failures.append('wscript must create the ns-3 modules vswitch and (with ENABLE_MPI) '
                        'vswitch-mpi, got %s' % [m.name for m in bld.modules])
    else:
        check('library sources', as_list(modules['vswitch'].source), cmake['sources'])
        check('MPI library sources', as_list(modules['vswitch-mpi'].source),
              cmake['mpi_sources'])
        if sorted(modules['vswitch-mpi'].deps) != ['mpi', 'vswitch']:
            failures.append('vswitch-mpi must depend on vswitch and mpi')
    headers = {getattr(g, 'module', None): g for g in bld.generators
               if 'ns3header' in as_list(getattr(g, 'features', []))}
    if sorted(headers) != ['vswitch', 'vswitch-mpi']:
        failures.append('wscript must declare one ns3header generator for module vswitch and '
                        'one for vswitch-mpi')
    else:
        check('headers', as_list(headers['vswitch'].source), cmake['headers'])
        check('MPI headers', as_list(headers['vswitch-mpi'].source), cmake['mpi_headers'])
    tests = [p for p in bld.programs if p.name == 'vswitch-tests']
    if len(tests) != 1:
        failures.append('wscript must build the vswitch-tests program')
    else:
        check('test sources', as_list(tests[0].source), cmake['test_sources'])
        defines = list(getattr(tests[0], 'defines', []))
        if not any(d.startswith('VSWITCH_SIM_BINARY=') for d in defines):
            failures.append('vswitch-tests must get VSWITCH_SIM_BINARY when vswitch-sim is built')
    sims = [p for p in bld.programs if p.name == 'vswitch-sim']
    if len(sims) != 1:
        failures.append('wscript must build the vswitch-sim program when Boost.JSON is found')
    else:
        check('vswitch-sim sources', as_list(sims[0].source), cmake['sim_sources'])
        if 'BOOST_JSON' not in as_list(getattr(sims[0], 'use', [])):
            failures.append('vswitch-sim must use BOOST_JSON')
        generated = os.path.join(bld_root, 'vswitch-sim-gen', 'default-scenario.h')
        if as_list(getattr(sims[0], 'includes', [])) != [os.path.dirname(generated)]:
            failures.append('vswitch-sim must include the folder of its generated header')
        if not os.path.isfile(generated):
            failures.append('wscript did not write %s' % generated)
        elif os.path.isfile(cmake['sim_default_header']):
            with open(generated) as a, open(cmake['sim_default_header']) as b:
                if a.read() != b.read():
                    failures.append('the default-scenario header the wscript writes differs '
                                    'from the one CMake generates (%s)'
                                    % cmake['sim_default_header'])
    mpi_examples = [p for p in bld.programs if p.name in cmake['mpi_examples']]
    check('MPI examples', [p.name for p in mpi_examples], cmake['mpi_examples'])
    for p in mpi_examples:
        if as_list(p.source) != ['examples/mpi/%s.cc' % p.name]:
            failures.append('MPI example %s builds from %s' % (p.name, p.source))
        if 'vswitch-mpi' not in p.deps:
            failures.append('MPI example %s must depend on vswitch-mpi' % p.name)
    mpi_tests = [p for p in bld.programs if p.name == 'vswitch-mpi-tests']
    if len(mpi_tests) != 1:
        failures.append('wscript must build the vswitch-mpi-tests program with ENABLE_MPI')
    else:
        check('MPI test sources', as_list(mpi_tests[0].source), cmake['mpi_test_sources'])
    examples = [p for p in bld.programs
                if p.name not in ['vswitch-tests', 'vswitch-sim', 'vswitch-mpi-tests'] +
                cmake['mpi_examples']]
    check('examples', [p.name for p in examples], cmake['examples'])
    for p in examples:
        expected = ['examples/%s.cc' % p.name]
        if p.name.startswith('seed'):
            expected += ['examples/seed-labs.cc', 'examples/seed2-lab.cc']
        if as_list(p.source) != expected:
            failures.append('example %s builds from %s' % (p.name, p.source))
    if bld.bindings != 1:
        failures.append('wscript must call bld.ns3_python_bindings() once')

    listed = set(cmake['sources']) | set(cmake['headers']) | set(cmake['test_sources'])
    listed |= set(cmake['sim_sources'])
    listed |= {'examples/%s.cc' % e for e in cmake['examples']}
    listed |= set(cmake['mpi_sources']) | set(cmake['mpi_headers'])
    listed |= {'examples/mpi/%s.cc' % e for e in cmake['mpi_examples']}
    listed |= set(cmake['mpi_test_sources'])
    for path in sorted(listed):
        if not os.path.isfile(os.path.join(root, path)):
            failures.append('listed file does not exist: %s' % path)
    for top in ('model', 'helper'):
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            for name in files:
                rel = os.path.relpath(os.path.join(dirpath, name), root)
                if name.endswith(('.cc', '.h')) and rel not in listed:
                    failures.append('%s is in no list: add it to CMakeLists.txt and wscript' % rel)

    return failures


if __name__ == '__main__':
    sys.exit(main())

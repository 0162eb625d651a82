# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
#
# The vswitch module for waf-era ns-3 trees (ns-3.35 and older): copy this folder to
# contrib/vswitch and run ./waf configure --enable-examples --enable-tests && ./waf build.
# It builds the library, the examples, vswitch-sim (with Boost.JSON) and the GoogleTest
# suites (with GoogleTest).
#
# Keep these lists equal to the ones in CMakeLists.txt: test/wscript-consistency-test.py
# runs build() below against a recording stand-in for waf and fails when they differ.

SOURCES = [
    'model/capture/capture-file-writer.cc',
    'model/capture/capture-filter.cc',
    'model/capture/capture-point.cc',
    'model/capture/drop-reason.cc',
    'model/capture/pktcap-console.cc',
    'model/capture/pktcap-options.cc',
    'model/apps/iputils-ping.cc',
    'model/nsx/logical-switch.cc',
    'model/nsx/nsx-controller-cluster.cc',
    'model/nsx/nsx-snooping.cc',
    'model/nsx/vtep.cc',
    'model/nsx/vtep-tables.cc',
    'model/nsx/vtep-views.cc',
    'model/nsx/vxlan-header.cc',
    'model/nsx/vxlan-l4-protocol.cc',
    'model/common/output-file.cc',
    'model/emu/realtime-lag-monitor.cc',
    'model/emu/tap-port.cc',
    'model/common/switch-net-device.cc',
    'model/ethernet/ethernet-channel.cc',
    'model/ethernet/ethernet-net-device.cc',
    'model/ethernet/ethernet-padding.cc',
    'model/ethernet/ethernet-vlan-header.cc',
    'model/ethernet/l2-net-device.cc',
    'model/ethernet/switched-frame.cc',
    'model/pswitch/physical-switch.cc',
    'model/underlay/ipv4-router.cc',
    'model/underlay/ipv4-router-views.cc',
    'model/underlay/underlay-routing.cc',
    'model/vswitch/esxi-host.cc',
    'model/vswitch/distributed-port-group.cc',
    'model/vswitch/distributed-switch.cc',
    'model/vswitch/mac-learning-policy.cc',
    'model/vswitch/nic-teaming.cc',
    'model/vswitch/port-group.cc',
    'model/vswitch/rarp-header.cc',
    'model/vswitch/rarp-scheduler.cc',
    'model/vswitch/security-policy.cc',
    'model/vswitch/teaming-policy.cc',
    'model/vswitch/vnic-channel.cc',
    'model/vswitch/vnic-net-device.cc',
    'model/vswitch/vswitch-port.cc',
    'model/vswitch/vswitch-mac-table.cc',
    'model/vswitch/vswitch.cc',
    'model/vswitch/vmotion.cc',
    'helper/esxi-host-helper.cc',
    'helper/frame-accounting.cc',
    'helper/ethernet-helper.cc',
    'helper/iputils-ping-helper.cc',
    'helper/nsx-helper.cc',
    'helper/physical-switch-helper.cc',
    'helper/pktcap-helper.cc',
    'helper/router-helper.cc',
    'helper/tap-port-helper.cc',
    'helper/vswitch-checksums.cc',
]

HEADERS = [
    'model/capture/capture-file-writer.h',
    'model/capture/capture-filter.h',
    'model/capture/capture-point.h',
    'model/capture/drop-reason.h',
    'model/capture/pktcap-console.h',
    'model/capture/pktcap-options.h',
    'model/apps/iputils-ping.h',
    'model/nsx/logical-switch.h',
    'model/nsx/nsx-controller-cluster.h',
    'model/nsx/nsx-snooping.h',
    'model/nsx/vtep.h',
    'model/nsx/vtep-tables.h',
    'model/nsx/vxlan-header.h',
    'model/nsx/vxlan-l4-protocol.h',
    'model/common/config-error.h',
    'model/emu/realtime-lag-monitor.h',
    'model/emu/tap-port.h',
    'model/common/frame-ledger.h',
    'model/common/output-file.h',
    'model/common/switch-net-device.h',
    'model/ethernet/ethernet-channel.h',
    'model/ethernet/ethernet-net-device.h',
    'model/ethernet/ethernet-padding.h',
    'model/ethernet/ethernet-vlan-header.h',
    'model/ethernet/l2-net-device.h',
    'model/ethernet/switched-frame.h',
    'model/pswitch/physical-switch.h',
    'model/underlay/ipv4-router.h',
    'model/underlay/underlay-routing.h',
    'model/vswitch/esxi-host.h',
    'model/vswitch/distributed-port-group.h',
    'model/vswitch/distributed-switch.h',
    'model/vswitch/mac-learning-policy.h',
    'model/vswitch/nic-teaming.h',
    'model/vswitch/port-group.h',
    'model/vswitch/rarp-header.h',
    'model/vswitch/rarp-scheduler.h',
    'model/vswitch/security-policy.h',
    'model/vswitch/teaming-policy.h',
    'model/vswitch/vnic-channel.h',
    'model/vswitch/vnic-net-device.h',
    'model/vswitch/vswitch-overlay.h',
    'model/vswitch/vswitch-port.h',
    'model/vswitch/vswitch-mac-table.h',
    'model/vswitch/vswitch.h',
    'model/vswitch/vmotion.h',
    'helper/esxi-host-helper.h',
    'helper/frame-accounting.h',
    'helper/ethernet-helper.h',
    'helper/iputils-ping-helper.h',
    'helper/nsx-helper.h',
    'helper/physical-switch-helper.h',
    'helper/pktcap-helper.h',
    'helper/router-helper.h',
    'helper/tap-port-helper.h',
    'helper/vswitch-checksums.h',
]

TEST_SOURCES = [
    'test/test-util.cc',
    'test/sim-run.cc',
    'test/capture-test.cc',
    'test/ethernet-test.cc',
    'test/physical-switch-test.cc',
    'test/pktcap-test.cc',
    'test/vswitch-lab.cc',
    'test/vswitch-test.cc',
    'test/security-test.cc',
    'test/seed-test.cc',
    'test/flooding-test.cc',
    'test/frame-accounting-test.cc',
    'test/frames-test.cc',
    'test/output-test.cc',
    'test/output-file-test.cc',
    'test/sim-faults-test.cc',
    'test/distributed-test.cc',
    'test/nsx-dataplane-test.cc',
    'test/seed2-test.cc',
    'test/power-on-test.cc',
    'test/linux-vxlan-peer.cc',
    'test/nsx-test.cc',
    'test/nsx-linux-peer-test.cc',
    'test/nsx-capture-test.cc',
    'test/underlay-test.cc',
    'test/emulate-test.cc',
    'examples/seed-labs.cc',
    'examples/seed2-lab.cc',
    'test/scenario-test.cc',
    'test/partition-test.cc',
    'test/guest-arp-drops-test.cc',
]

EXAMPLES = [
    'pswitch-vlan-trunk-mirror',
    'l2-forwarding-benchmark',
    'seed0-reverse-teaming',
    'seed0-promiscuous-visibility',
    'seed1-nested-vmotion',
    'seed2-logical-switch',
    'seed3-arp-blackhole',
    'seed4-nested-esxi',
    'scale-benchmark',
]
# The seed examples share their experiments with the seed integration tests.
SEED_EXAMPLE_SUPPORT = ['examples/seed-labs.cc', 'examples/seed2-lab.cc']

# vswitch-sim, the scenario runner (needs Boost.JSON); its built-in default scenario is the
# JSON file below, embedded into a generated header as CMake's configure_file() does.
SIM_SOURCES = [
    'examples/vswitch-sim/main.cc',
    'examples/vswitch-sim/runner.cc',
    'examples/vswitch-sim/rng-streams.cc',
    'examples/vswitch-sim/run-control.cc',
    'examples/vswitch-sim/scenario-loader.cc',
    'examples/vswitch-sim/scenario-loader-hosts.cc',
    'examples/vswitch-sim/scenario-loader-traffic.cc',
    'examples/vswitch-sim/scenario-checks.cc',
    'examples/vswitch-sim/scenario-checks-hosts.cc',
    'examples/vswitch-sim/scenario-checks-iphash.cc',
    'examples/vswitch-sim/scenario-checks-vmotion.cc',
    'examples/vswitch-sim/scenario-checker.cc',
    'examples/vswitch-sim/scenario-loader-underlay.cc',
    'examples/vswitch-sim/scenario-loader-nsx.cc',
    'examples/vswitch-sim/scenario-loader-emulate.cc',
    'examples/vswitch-sim/scenario-builder.cc',
    'examples/vswitch-sim/scenario-builder-underlay.cc',
    'examples/vswitch-sim/scenario-builder-nsx.cc',
    'examples/vswitch-sim/scenario-builder-emulate.cc',
    'examples/vswitch-sim/scenario-output.cc',
    'examples/vswitch-sim/scenario-output-frames.cc',
    'examples/vswitch-sim/guest-arp-drops.cc',
    'examples/vswitch-sim/scenario-output-nsx.cc',
    'examples/vswitch-sim/scenario-output-emulate.cc',
    'examples/vswitch-sim/scenario-output-topology.cc',
    'examples/vswitch-sim/scenario-timeseries.cc',
    'examples/vswitch-sim/partition.cc',
    'examples/vswitch-sim/summary-merge.cc',
    'examples/vswitch-sim/runner-distributed.cc',
]
SIM_DEFAULT_SCENARIO = 'examples/scenarios/seed0-reverse-teaming.json'
SIM_DEFAULT_TEMPLATE = 'examples/vswitch-sim/default-scenario.h.in'

# Distributed runs: the cables between MPI ranks, a module of their own (vswitch-mpi) on top
# of ns-3's mpi module, built when the tree is configured with --enable-mpi.
MPI_SOURCES = [
    'model/mpi/ethernet-remote-channel.cc',
    'model/mpi/partition-simulator-impl.cc',
    'helper/ethernet-mpi-helper.cc',
]
MPI_HEADERS = [
    'model/mpi/ethernet-remote-channel.h',
    'model/mpi/partition-simulator-impl.h',
    'helper/ethernet-mpi-helper.h',
]
# examples/mpi/<name>.cc
MPI_EXAMPLES = ['mpi-two-switches']
# GoogleTest suites of the MPI part (vswitch-mpi-tests, one process).
MPI_TEST_SOURCES = ['test/ethernet-remote-channel-test.cc']

MODULE_DEPS = ['core', 'network', 'internet']
EXAMPLE_DEPS = ['vswitch', 'core', 'network', 'internet', 'internet-apps', 'applications',
                'bridge', 'csma']


def configure(conf):
    # Boost >= 1.81 for boost::unordered_flat_map; GoogleTest for the test suites.
    conf.env['VSWITCH_BOOST'] = conf.check_cxx(header_name='boost/unordered/unordered_flat_map.hpp',
                                               mandatory=True, define_name='HAVE_VSWITCH_BOOST')
    conf.env['VSWITCH_GTEST'] = conf.check_cxx(lib=['gtest', 'gtest_main', 'pthread'],
                                               header_name='gtest/gtest.h', uselib_store='GTEST',
                                               mandatory=False)
    # Boost.JSON (Debian: libboost-json1.81-dev) for vswitch-sim.
    conf.env['VSWITCH_BOOST_JSON'] = conf.check_cxx(lib=['boost_json'], header_name='boost/json.hpp',
                                                    uselib_store='BOOST_JSON', mandatory=False)


def write_default_scenario_header(src_dir, out_dir):
    """Write out_dir/default-scenario.h: the template with the default scenario's JSON in it.

    The file is rewritten only when its text changes, so that a build does not recompile
    vswitch-sim for nothing. Returns the header's path.
    """
    import os
    with open(os.path.join(src_dir, SIM_DEFAULT_TEMPLATE)) as f:
        template = f.read()
    with open(os.path.join(src_dir, SIM_DEFAULT_SCENARIO)) as f:
        scenario = f.read()
    text = template.replace('@VSWITCH_SIM_DEFAULT_JSON@', scenario)
    path = os.path.join(out_dir, 'default-scenario.h')
    if os.path.isfile(path):
        with open(path) as f:
            if f.read() == text:
                return path
    if not os.path.isdir(out_dir):
        os.makedirs(out_dir)
    with open(path, 'w') as f:
        f.write(text)
    return path


def build(bld):
    module = bld.create_ns3_module('vswitch', MODULE_DEPS)
    module.source = list(SOURCES)

    headers = bld(features='ns3header')
    headers.module = 'vswitch'
    headers.source = list(HEADERS)

    if bld.env['ENABLE_EXAMPLES']:
        for name in EXAMPLES:
            obj = bld.create_ns3_program(name, EXAMPLE_DEPS)
            obj.source = ['examples/%s.cc' % name]
            if name.startswith('seed'):
                obj.source += SEED_EXAMPLE_SUPPORT

    if bld.env['ENABLE_MPI']:
        mpi_module = bld.create_ns3_module('vswitch-mpi', ['vswitch', 'mpi'])
        mpi_module.source = list(MPI_SOURCES)
        mpi_headers = bld(features='ns3header')
        mpi_headers.module = 'vswitch-mpi'
        mpi_headers.source = list(MPI_HEADERS)
        if bld.env['ENABLE_EXAMPLES']:
            for name in MPI_EXAMPLES:
                obj = bld.create_ns3_program(name, EXAMPLE_DEPS + ['vswitch-mpi', 'mpi'])
                obj.source = ['examples/mpi/%s.cc' % name]
        if bld.env['ENABLE_TESTS'] and bld.env['VSWITCH_GTEST']:
            mpi_tests = bld.create_ns3_program('vswitch-mpi-tests',
                                               EXAMPLE_DEPS + ['vswitch-mpi', 'mpi'])
            mpi_tests.source = list(MPI_TEST_SOURCES)
            mpi_tests.use = list(getattr(mpi_tests, 'use', [])) + ['GTEST']

    sim_binary = None
    if bld.env['VSWITCH_BOOST_JSON']:
        import os
        gen_dir = os.path.join(bld.path.get_bld().abspath(), 'vswitch-sim-gen')
        write_default_scenario_header(bld.path.abspath(), gen_dir)
        sim = bld.create_ns3_program('vswitch-sim', EXAMPLE_DEPS)
        sim.source = list(SIM_SOURCES)
        sim.includes = [gen_dir]
        sim.use = list(getattr(sim, 'use', [])) + ['BOOST_JSON']
        sim_binary = os.path.join(bld.path.get_bld().abspath(), getattr(sim, 'target', 'vswitch-sim'))

    # The suites are GoogleTest programs rather than ns-3 TestSuites.
    if bld.env['ENABLE_TESTS'] and bld.env['VSWITCH_GTEST']:
        tests = bld.create_ns3_program('vswitch-tests', EXAMPLE_DEPS)
        tests.source = list(TEST_SOURCES)
        tests.use = list(getattr(tests, 'use', [])) + ['GTEST']
        tests.defines = ['VSWITCH_SOURCE_DIR="%s"' % bld.path.abspath(),
                         'VSWITCH_BINARY_DIR="%s"' % bld.path.get_bld().abspath()]
        if sim_binary:
            # The scenario tests run the runner and read its summary.json with Boost.JSON.
            tests.use.append('BOOST_JSON')
            tests.defines.append('VSWITCH_SIM_BINARY="%s"' % sim_binary)

    bld.ns3_python_bindings()

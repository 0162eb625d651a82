/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Seed 0, reverse teaming (spec section 4): two ESXi hosts, a standard vSwitch with two
 * uplinks each, originating-port teaming, test-vm1 (esxi01) pinging test-vm2 (esxi02) once a
 * second. On the physical switch, the port facing esxi02's unused uplink is a mirror
 * destination of the port facing its used uplink, so both uplinks receive each frame.
 *
 *   test-vm1 192.168.100.11            test-vm2 192.168.100.12 (port 50331657)
 *        |                                   |
 *   [esxi01 vSwitch0]                   [esxi02 vSwitch0]
 *    vmnic2   vmnic3                     vmnic2     vmnic3
 *       \       |                          |  (used)  |
 *        +------+------ pswitch1 ----------+----------+
 *                              SPAN: Tx of the used uplink's port -> the unused one's port
 *
 * Look at: the console captures (as the seed printed them), then the counts: both uplinks
 * see every echo request, PortOutput of test-vm2's port sees each twice (before the
 * reverse-teaming filter), VnicRx once (after it); the Drop capture has the other copy with
 * its reason. The pcaps are in --outputDir.
 *
 *   ./seed0-reverse-teaming [--pings=5] [--outputDir=DIR] [--mirror=0] [--console=0]
 */
#include "seed-labs.h"

#include "ns3/core-module.h"

#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    seedlab::Seed0Options options;
    options.outputDir = "seed0-reverse-teaming-output";
    bool console = true;
    CommandLine cmd(__FILE__);
    cmd.AddValue("pings", "echo requests test-vm1 sends", options.pings);
    cmd.AddValue("outputDir", "where the pcaps go", options.outputDir);
    cmd.AddValue("mirror",
                 "make the unused uplink's switch port a mirror destination",
                 options.mirror);
    cmd.AddValue("console", "print the seed's three console captures", console);
    cmd.Parse(argc, argv);
    options.console = console ? &std::cout : nullptr;

    seedlab::Seed0Result r = seedlab::RunSeed0ReverseTeaming(options);

    std::cout << "\n== esxcli network vm port list (esxi02)\n" << r.vmPortList;
    std::cout << "\n== seed 0: reverse teaming, " << r.pingsSent << " pings, " << r.replies
              << " replies\n"
              << "test-vm2's port " << r.portId << " is teamed to " << r.pinnedUplink << "; "
              << r.unusedUplink << (options.mirror ? " gets the mirror copy" : " is unused") << "\n"
              << "ICMP frames captured:\n"
              << "  --uplink " << r.pinnedUplink << " (default --dir 0)         "
              << r.pinnedUplinkIcmp << "\n"
              << "  --uplink " << r.unusedUplink << " (default --dir 0)         "
              << r.unusedUplinkIcmp << "\n"
              << "  --switchport " << r.portId << " --capture PortOutput " << r.portOutputIcmp
              << "\n"
              << "  --switchport " << r.portId << " --capture VnicRx     " << r.vnicRxIcmp << "\n"
              << "  --switchport " << r.portId << " --capture Drop       " << r.dropIcmp
              << " (reason reverse-teaming)\n"
              << "pcaps:";
    for (const auto& f : r.pcaps)
    {
        std::cout << " " << f;
    }
    std::cout << std::endl;
    return 0;
}

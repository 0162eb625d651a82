/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Seed 3 (spec sections 8 and 10): esxi01 has two uplinks; the path beyond vmnic1 loses
 * what is flooded (the physical switch port facing vmnic1 has broadcast storm control at
 * level 0: it drops every broadcast it receives from the host, unicast passes). VMs pinned
 * to vmnic1 cannot resolve ARP, VMs pinned to vmnic0 are fine, VMs on the same host always
 * talk. The engineer captured both uplinks with pktcap-uw's default direction and saw no
 * ARP request from the broken VM at all; with --dir 2 the requests show on vmnic1, and no
 * reply on either uplink. With static ARP entries the broken VM talks to the gateway and to
 * the other VMs: the path carries unicast, and only the flooded ARP requests are lost.
 *
 *             esxi01                        pswitch1
 *   vm-a (vmnic1) --+-- vSwitch0 -- vmnic0 -- Gi0/1
 *   vm-b (vmnic0) --+            \- vmnic1 -- Gi0/2  storm-control broadcast level 0
 *             esxi02 (vm-c) --- vmnic0, vmnic1 -- Gi0/3, Gi0/4
 *             gateway 10.0.10.1 ----------------- Gi0/5
 *
 *   ./seed3-arp-blackhole [--outputDir=DIR]
 */
#include "seed-labs.h"

#include "ns3/core-module.h"

#include <iomanip>
#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    std::string outputDir = "seed3-arp-blackhole-output";
    CommandLine cmd(__FILE__);
    cmd.AddValue("outputDir", "where the --dir 2 pcaps go", outputDir);
    cmd.Parse(argc, argv);

    seedlab::Seed3Result r = seedlab::RunSeed3ArpBlackhole(outputDir);
    std::cout << "ping results (vm-a is teamed to " << r.brokenVmUplink << "):\n";
    for (const auto& p : r.pairs)
    {
        std::cout << "  " << std::left << std::setw(16) << p.from << " -> " << std::setw(18) << p.to
                  << p.replies << "/" << p.sent << (p.replies ? "  ok" : "  FAILS") << "\n";
    }
    std::cout << "\nARP requests from vm-a captured on the uplinks:\n";
    for (int i = 0; i < 2; ++i)
    {
        std::cout << "  pktcap-uw --uplink vmnic" << i << "          " << r.arpFromBrokenDefault[i]
                  << "\n";
    }
    for (int i = 0; i < 2; ++i)
    {
        std::cout << "  pktcap-uw --uplink vmnic" << i << " --dir 2  " << r.arpFromBrokenDir2[i]
                  << "   (ARP replies to vm-a: " << r.arpRepliesToBrokenDir2[i] << ")\n";
    }
    std::cout << "\n"
              << r.stormControlPort << " (facing vmnic1) dropped " << r.stormControlDrops
              << " broadcast frames (storm-control)\n"
              << "\nwith static ARP entries in vm-a for the gateway and vm-c:\n";
    for (const auto& p : r.staticArpPairs)
    {
        std::cout << "  " << std::left << std::setw(16) << p.from << " -> " << std::setw(18) << p.to
                  << p.replies << "/" << p.sent << (p.replies ? "  ok" : "  FAILS") << "\n";
    }
    std::cout << "  (" << r.staticArpRequestsOnVmnic1
              << " echo requests to the gateway left vmnic1: unicast crosses the path)\n"
              << "pcaps of the --dir 2 captures are in " << outputDir << std::endl;
    return 0;
}

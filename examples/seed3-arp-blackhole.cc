/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Seed 3 (spec section 8): esxi01 has two uplinks; the path beyond vmnic1 stops passing
 * replies (the physical switch port facing vmnic1 drops what it sends to the host). VMs
 * pinned to vmnic1 cannot resolve ARP, VMs pinned to vmnic0 are fine, VMs on the same host
 * always talk. The engineer captured both uplinks with pktcap-uw's default direction and saw
 * no ARP request from the broken VM at all; with --dir 2 the requests show on vmnic1, and no
 * reply on either uplink.
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
    std::cout << "\nwith a static ARP entry for the gateway in vm-a: " << r.staticArpReplies << "/"
              << r.staticArpSent << " replies; " << r.staticArpRequestsOnVmnic1
              << " echo requests left vmnic1\n"
              << "pcaps of the --dir 2 captures are in " << outputDir << std::endl;
    return 0;
}

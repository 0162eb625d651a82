/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Seed 2, an NSX logical switch over VXLAN (spec section 9), walked through the seed's
 * STEP0-6: two ESXi hosts with VTEPs (vmk3 on Compute_VDS) in 192.168.250.0/24, a third
 * host across a router in 192.168.150.0/24, three controllers, logical switch 5001 in
 * unicast mode with ARP suppression. VMs A and B power on, announce themselves, and A pings
 * B; after each step the controller's and the host's tables are printed as the seed shows
 * them.
 *
 *   controllers 192.168.110.201-203 (netcpa, TCP 1234)
 *                         |
 *   esxi01 vmk3 192.168.250.51 --+                      +-- esxi03 vmk3 192.168.150.51
 *   esxi02 vmk3 192.168.250.52 --+-- pswitch1 -- r1 ----+
 *     (VLAN 250)                        .2 (250)  .2 (150)   (VLAN 150)
 *
 *   ./seed2-logical-switch [--arpSuppression=0] [--outputDir=seed2-logical-switch-output]
 */
#include "seed2-lab.h"

#include "ns3/core-module.h"

#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    seedlab::Seed2Options options;
    options.outputDir = "seed2-logical-switch-output";
    CommandLine cmd(__FILE__);
    cmd.AddValue("arpSuppression", "ARP suppression (IP discovery) on VNI 5001", options.arpSuppression);
    cmd.AddValue("outputDir", "where the underlay capture goes", options.outputDir);
    cmd.Parse(argc, argv);

    seedlab::Seed2Result r = seedlab::RunSeed2LogicalSwitch(options);
    std::cout << "== seed 2: logical switch VNI 5001 (owner " << r.controllerOfVni
              << "), ARP suppression " << (options.arpSuppression ? "on" : "off") << "\n";
    for (const auto& s : r.steps)
    {
        std::cout << "\n---- " << s.name << " (t = " << s.at << " s)\n" << s.views;
    }
    std::cout << "\nVTEP ping (ping ++netstack=vxlan -I vmk3 -d -s 1572 192.168.150.51): "
              << r.vtepPingReplies << " reply\n"
              << "A -> B: " << r.pingsSent << " pings, " << r.pingsReceived << " replies\n"
              << "A's ARP requests encapsulated by esxi01: " << r.arpRequestsOverVxlan
              << ", answered by esxi01 itself: " << r.arpSuppressed << "\n"
              << "underlay capture (esxi01's uplink): " << r.underlayPcap << "\n";
    return 0;
}

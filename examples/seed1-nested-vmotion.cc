/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Seed 1, vMotion of a nested ESXi VM (spec sections 6 and 7): two ESXi 7.0 hosts on one
 * distributed switch (dvPortgroup Nested-PG, VLAN 50, MAC learning, promiscuous Reject,
 * forged transmits Accept). A nested ESXi VM (00:50:56:60:e5:ed) with a guest inside it
 * (00:0c:29:c6:07:20) is moved from esxi01 to esxi02 while a laptop and the guest ping each
 * other. A capture on the destination's uplink shows the RARPs it sends: the nested ESXi's
 * MAC at t, then in pairs at t+2, +6, +12, +22 and +38 s; the guest's MAC once, with the last
 * round, and only with MAC learning. The physical switch then points both MACs at the
 * destination's port.
 *
 *        laptop (VLAN 50)
 *            |
 *        pswitch1 ---- Gi0/1 ---- esxi01 vmnic0 [DSwitch] -- nesx (nested ESXi) -- guest
 *            |
 *            +-------- Gi0/2 ---- esxi02 vmnic0 [DSwitch]   <- vMotion of nesx
 *
 *   ./seed1-nested-vmotion [--macLearning=1] [--outputDir=seed1-nested-vmotion-output]
 */
#include "seed-labs.h"

#include "ns3/core-module.h"

#include <iomanip>
#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    seedlab::Seed1Options options;
    options.outputDir = "seed1-nested-vmotion-output";
    CommandLine cmd(__FILE__);
    cmd.AddValue("macLearning", "MAC learning on the dvPortgroup", options.macLearning);
    cmd.AddValue("outputDir", "where the destination's RARP capture goes", options.outputDir);
    cmd.Parse(argc, argv);

    seedlab::Seed1Result r = seedlab::RunSeed1VMotion(options);
    std::cout << std::fixed << std::setprecision(6);
    std::cout << "== seed 1: vMotion of nesx from esxi01 to esxi02, MAC learning "
              << (options.macLearning ? "on" : "off") << "\n"
              << "switchover at " << r.switchover << " s; dvPort " << r.dvPortBefore << " -> "
              << r.dvPortAfter << ", port ID " << r.portIdBefore << " -> " << r.portIdAfter
              << "\n\n"
              << "pktcap-uw --uplink vmnic0 --ethtype 0x8035 --dir 1 on esxi02 (" << r.pcap
              << "):\n";
    for (double t : r.nestedRarps)
    {
        std::cout << "  t+" << std::setw(10) << t - r.switchover << "  RARP  Who is "
                  << seedlab::kSeed1NestedMac << "? Tell " << seedlab::kSeed1NestedMac << "\n";
    }
    for (double t : r.guestRarps)
    {
        std::cout << "  t+" << std::setw(10) << t - r.switchover << "  RARP  Who is "
                  << seedlab::kSeed1GuestMac << "? Tell " << seedlab::kSeed1GuestMac << "\n";
    }
    std::cout << "\npswitch1# show mac address-table   (esxi01 is on " << r.sourcePort
              << ", esxi02 on " << r.destinationPort << ")\n"
              << r.macTable << "\n"
              << "pings laptop -> guest: " << r.laptopReplies << "/" << r.laptopSent
              << ", guest -> laptop: " << r.guestReplies << "/" << r.guestSent << "\n"
              << "frames for the VM's MACs dropped at esxi01 after its port was freed: "
              << r.unknownUnicastAtSource << " (unknown unicast)\n\n"
              << "[root@esxi02:~] esxcli network vm port list\n"
              << r.vmPortList;
    return 0;
}

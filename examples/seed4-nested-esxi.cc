/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Seed 4, nested ESXi (spec section 5): a physical ESXi 7.0 host runs a VM that is itself an
 * ESXi host; a VM on the nested host pings a laptop outside. The outer port group of the
 * nested host's vNIC is set to each of the four combinations of Promiscuous mode and Forged
 * transmits (MAC address changes stays Reject). Only Accept/Accept lets the nested VM talk:
 * with Forged transmits Reject the outer vSwitch drops the nested VM's frames (their source
 * is not the nested host's vNIC MAC); with Promiscuous Reject frames to the nested VM's MAC
 * never reach the nested host's vNIC.
 *
 *   ./seed4-nested-esxi [--pings=4]
 */
#include "seed-labs.h"

#include "ns3/core-module.h"

#include <iomanip>
#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    uint32_t pings = 4;
    CommandLine cmd(__FILE__);
    cmd.AddValue("pings", "echo requests per combination", pings);
    cmd.Parse(argc, argv);

    std::cout << std::left << std::setw(13) << "promiscuous" << std::setw(17) << "forged transmits"
              << std::setw(10) << "replies" << std::setw(22) << "dropped: forged"
              << "dropped: promiscuous\n";
    for (const auto& c : seedlab::RunSeed4Nested(pings))
    {
        std::cout << std::setw(13) << (c.promiscuous ? "Accept" : "Reject") << std::setw(17)
                  << (c.forgedTransmits ? "Accept" : "Reject") << std::setw(10)
                  << (std::to_string(c.replies) + "/" + std::to_string(c.sent)) << std::setw(22)
                  << c.forgedDrops << c.promiscuousDrops << "\n";
    }
    return 0;
}

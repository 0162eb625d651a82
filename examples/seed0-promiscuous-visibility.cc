/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Seed 0, what a promiscuous VM sees (spec section 5): a VM "spy" on esxi01 in a port group
 * with Promiscuous mode Accept, its guest in promiscuous mode (tcpdump). Five flows are run
 * one after the other and the spy's VnicRx counts the IPv4 frames of each:
 *
 *   VM on H   -> VM on H    local1 -> local2                       seen
 *   VM on H   -> outside H  local1 -> remote (VM on esxi02)         seen
 *   outside H -> VM on H    laptop1 -> local1 (on the spy's uplink) seen
 *   outside H -> VM on H    laptop1 -> local2 (on the other uplink) not seen: reverse teaming
 *   outside H -> outside H  laptop1 -> laptop2                      not seen: never sent to H
 *
 *   ./seed0-promiscuous-visibility [--pings=4]
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
    cmd.AddValue("pings", "echo requests per flow", pings);
    cmd.Parse(argc, argv);

    seedlab::VisibilityResult r = seedlab::RunSeed0Visibility(pings);
    std::cout << "The promiscuous VM (spy) is teamed to " << r.spyUplink << ".\n\n"
              << std::left << std::setw(11) << "source" << std::setw(13) << "destination"
              << std::setw(36) << "flow"
              << "requests seen by the spy\n";
    for (const auto& row : r.rows)
    {
        // Requests and replies both pass the spy; the count is of one direction's frames.
        std::cout << std::setw(11) << row.source << std::setw(11) << row.destination
                  << std::setw(36) << row.flow << row.seen << " of " << row.sent
                  << (row.seen ? "  (seen)" : "  (not seen)") << "\n";
    }
    return 0;
}

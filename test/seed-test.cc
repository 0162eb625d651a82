/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The seed cases as integration tests: each rebuilds the seed's topology (through the same
 * experiments the seed example programs run, examples/seed-labs.h) and checks what the
 * engineer saw.
 */
#include "../examples/seed-labs.h"
#include "test-util.h"

#include <sstream>

using namespace ns3;
using namespace vswitchtest;

namespace
{

class SeedTest : public SimulationTest
{
};

std::size_t
CountOf(const std::string& text, const std::string& what)
{
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    {
        ++n;
    }
    return n;
}

} // namespace

// Seed 0 (spec section 4): PortOutput sees each frame of the mirrored flow twice, VnicRx once.
TEST_F(SeedTest, Seed0_ReverseTeaming_PortOutputTwiceVnicRxOnceBothUplinksSeeTheFlow)
{
    seedlab::Seed0Options options;
    options.outputDir = OutputDir();
    options.pings = 5;
    std::ostringstream console;
    options.console = &console;
    seedlab::Seed0Result r = seedlab::RunSeed0ReverseTeaming(options);

    EXPECT_EQ(r.replies, 5u) << "the duplicates must not break the ping";
    EXPECT_EQ(r.portId, 50331657u);
    EXPECT_EQ(r.pinnedUplink, "vmnic3");
    EXPECT_EQ(r.pinnedUplinkIcmp, 5u) << "requests arrive on the used uplink";
    EXPECT_EQ(r.unusedUplinkIcmp, 5u) << "and, through the mirror, on the unused one";
    EXPECT_EQ(r.portOutputIcmp, 10u) << "PortOutput is before the reverse-teaming filter";
    EXPECT_EQ(r.vnicRxIcmp, 5u) << "VnicRx is after it";
    EXPECT_EQ(r.dropIcmp, 5u) << "the copy from the unused uplink goes to Drop";
    EXPECT_GE(r.reverseTeamingDrops, 5u);
    EXPECT_NE(r.vmPortList.find("50331657"), std::string::npos) << r.vmPortList;

    // The console captures look like the seed's, three frames each.
    EXPECT_NE(console.str().find("The switch port id is 0x03000009"), std::string::npos);
    EXPECT_NE(console.str().find("The session capture point is PortOutput"), std::string::npos);
    EXPECT_EQ(CountOf(console.str(), "Captured at EtherswitchDispath point"), 3u) << console.str();
    EXPECT_EQ(CountOf(console.str(),
                      "Captured at PortOutput point, TSO not enabled, Checksum not "
                      "offloaded and not verified, VLAN tag 100, length 98."),
              3u)
        << console.str();
    EXPECT_EQ(CountOf(console.str(),
                      "Captured at VnicRx point, TSO not enabled, Checksum not "
                      "offloaded and not verified, length 98."),
              3u)
        << console.str();
    EXPECT_EQ(CountOf(console.str(), "Dumped 3 packet to console, dropped 0 packets."), 3u);
    // The seed's source and destination MACs open every dump.
    EXPECT_EQ(CountOf(console.str(), "0x0000: 0050 569d fdb1 0050 569d 4342 0800 4500"), 9u);

    // The pcaps as Wireshark decodes them: tag 100 on the uplinks, no tag at VnicRx, and the
    // PortOutput duplicates are byte-identical pairs.
    ASSERT_EQ(r.pcaps.size(), 5u);
    auto portOutput = ReadPcap(options.outputDir + "/esxi02-port-PortOutput.pcap");
    ASSERT_EQ(portOutput.size(), 10u);
    for (std::size_t i = 0; i + 1 < portOutput.size(); i += 2)
    {
        EXPECT_EQ(portOutput[i].data, portOutput[i + 1].data) << "frame " << i;
        EXPECT_LT(portOutput[i + 1].time - portOutput[i].time, 0.001)
            << "copies microseconds apart";
    }
    if (!HaveTshark())
    {
        GTEST_SKIP() << "tshark not installed";
    }
    auto uplink = Tshark(options.outputDir + "/esxi02-vmnic2.pcap",
                         "-T fields -e vlan.id -e ip.src -e ip.dst");
    ASSERT_EQ(uplink.size(), 5u);
    for (const auto& line : uplink)
    {
        EXPECT_EQ(line, "100\t192.168.100.11\t192.168.100.12");
    }
    auto vnicRx =
        Tshark(options.outputDir + "/esxi02-port-VnicRx.pcap", "-T fields -e vlan.id -e icmp.type");
    ASSERT_EQ(vnicRx.size(), 5u);
    for (const auto& line : vnicRx)
    {
        EXPECT_EQ(line, "\t8") << "no 802.1Q tag at VnicRx";
    }
    auto drop =
        Tshark(options.outputDir + "/esxi02-port-Drop.pcapng", "-T fields -e frame.comment");
    ASSERT_EQ(drop.size(), 5u);
    for (const auto& line : drop)
    {
        EXPECT_NE(line.find("reverse-teaming"), std::string::npos) << line;
    }
}

// Without the mirror there is nothing to filter: the control case of seed 0.
TEST_F(SeedTest, Seed0_WithoutTheMirrorPortOutputAndVnicRxAgree)
{
    seedlab::Seed0Options options;
    options.outputDir = OutputDir();
    options.mirror = false;
    seedlab::Seed0Result r = seedlab::RunSeed0ReverseTeaming(options);
    EXPECT_EQ(r.replies, 5u);
    EXPECT_EQ(r.unusedUplinkIcmp, 0u);
    EXPECT_EQ(r.portOutputIcmp, 5u);
    EXPECT_EQ(r.vnicRxIcmp, 5u);
    EXPECT_EQ(r.dropIcmp, 0u);
}

// Seed 0's table (spec section 5): what a promiscuous VM on H sees, all four rows.
TEST_F(SeedTest, Seed0_PromiscuousVisibilityTableAllFourRows)
{
    seedlab::VisibilityResult r = seedlab::RunSeed0Visibility(4);
    ASSERT_EQ(r.rows.size(), 5u);
    // VM on H -> VM on H: seen.
    EXPECT_EQ(r.rows[0].seen, 4u) << r.rows[0].flow;
    // VM on H -> outside H: seen.
    EXPECT_EQ(r.rows[1].seen, 4u) << r.rows[1].flow;
    // outside H -> VM on H: seen only when it arrives on the spy's uplink.
    EXPECT_EQ(r.rows[2].seen, 4u) << r.rows[2].flow;
    EXPECT_EQ(r.rows[3].seen, 0u) << r.rows[3].flow << ": reverse teaming should hide it";
    // outside H -> outside H: not seen.
    EXPECT_EQ(r.rows[4].seen, 0u) << r.rows[4].flow;
}

// Seed 3 (spec section 8): ARP fails on vmnic1, works on vmnic0 and inside the host; the
// default --dir hides the outgoing requests, --dir 2 shows them.
TEST_F(SeedTest, Seed3_ArpFailsOnTheBrokenUplinkAndTheDefaultDirHidesTheRequests)
{
    std::string dir = OutputDir();
    seedlab::Seed3Result r = seedlab::RunSeed3ArpBlackhole(dir);
    ASSERT_EQ(r.pairs.size(), 5u);
    EXPECT_EQ(r.brokenVmUplink, "vmnic1");
    EXPECT_EQ(r.pairs[0].replies, 0u) << r.pairs[0].from << " -> " << r.pairs[0].to;
    EXPECT_EQ(r.pairs[1].replies, 0u) << r.pairs[1].from << " -> " << r.pairs[1].to;
    EXPECT_EQ(r.pairs[2].replies, r.pairs[2].sent) << r.pairs[2].from << " -> " << r.pairs[2].to;
    EXPECT_EQ(r.pairs[3].replies, r.pairs[3].sent) << r.pairs[3].from << " -> " << r.pairs[3].to;
    EXPECT_EQ(r.pairs[4].replies, r.pairs[4].sent) << "VMs on the same host always talk";
    // The engineer's first captures: no ARP request from the broken VM on either uplink.
    EXPECT_EQ(r.arpFromBrokenDefault[0], 0u);
    EXPECT_EQ(r.arpFromBrokenDefault[1], 0u);
    // With --dir 2: the requests on vmnic1 only, and no reply on either.
    EXPECT_EQ(r.arpFromBrokenDir2[0], 0u);
    EXPECT_GT(r.arpFromBrokenDir2[1], 0u);
    EXPECT_EQ(r.arpRepliesToBrokenDir2[0], 0u);
    EXPECT_EQ(r.arpRepliesToBrokenDir2[1], 0u);
    // A static ARP entry does not help the path, but the echo requests now leave vmnic1.
    EXPECT_EQ(r.staticArpReplies, 0u);
    EXPECT_EQ(r.staticArpRequestsOnVmnic1, r.staticArpSent);
    if (HaveTshark())
    {
        auto lines = Tshark(dir + "/vmnic1-dir2.pcap", "-T fields -e arp.opcode");
        EXPECT_EQ(lines.size(), r.arpFromBrokenDir2[1]);
        for (const auto& l : lines)
        {
            EXPECT_EQ(l, "1") << "only requests on vmnic1";
        }
    }
}

// Seed 4 (spec section 5): the nested VM reaches the outside only with Promiscuous Accept and
// Forged transmits Accept on the outer port group.
TEST_F(SeedTest, Seed4_NestedVmTalksOnlyWithPromiscuousAndForgedTransmitsAccept)
{
    auto cases = seedlab::RunSeed4Nested(4);
    ASSERT_EQ(cases.size(), 4u);
    for (const auto& c : cases)
    {
        std::string which = std::string("promiscuous=") + (c.promiscuous ? "accept" : "reject") +
                            " forged=" + (c.forgedTransmits ? "accept" : "reject");
        if (c.promiscuous && c.forgedTransmits)
        {
            EXPECT_EQ(c.replies, c.sent) << which;
            EXPECT_EQ(c.forgedDrops, 0u) << which;
            EXPECT_EQ(c.promiscuousDrops, 0u) << which;
            continue;
        }
        EXPECT_EQ(c.replies, 0u) << which;
        if (!c.forgedTransmits)
        {
            EXPECT_GT(c.forgedDrops, 0u) << which << ": the nested VM's frames are forged";
        }
        else
        {
            EXPECT_GT(c.promiscuousDrops, 0u) << which << ": replies never reach the nested host";
        }
    }
}

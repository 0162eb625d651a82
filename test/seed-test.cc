/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The seed cases as integration tests: each rebuilds the seed's topology (through the same
 * experiments the seed example programs run, examples/seed-labs.h) and checks what the
 * engineer saw.
 */
#include "../examples/seed-labs.h"
#include "test-util.h"

#include <cctype>
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
        EXPECT_EQ(line, "\t192.168.100.11\t192.168.100.12")
            << "no 802.1Q bytes, as pktcap-uw writes";
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

// Seed 0's dump of `pktcap-uw --uplink vmnic2 -c 3 --proto 0x01`, first frame: a Linux
// guest's ICMP between 192.168.100.11 (00:50:56:9d:43:42) and 192.168.100.12
// (00:50:56:9d:fd:b1), VLAN tag 100 as metadata, 98 bytes.
const char* const kSeed0Dump = "0050 569d fdb1 0050 569d 4342 0800 4500"
                               "0054 15e5 0000 4001 1b5c c0a8 640b c0a8"
                               "640c 0000 b9f4 0d1d 019f 9ced ae5e 0000"
                               "0000 2630 0700 0000 0000 1011 1213 1415"
                               "1617 1819 1a1b 1c1d 1e1f 2021 2223 2425"
                               "2627 2829 2a2b 2c2d 2e2f 3031 3233 3435"
                               "3637";

std::vector<uint8_t>
HexBytes(const std::string& text)
{
    std::vector<uint8_t> out;
    std::string digits;
    for (char c : text)
    {
        if (std::isxdigit(static_cast<unsigned char>(c)))
        {
            digits += c;
        }
    }
    for (std::size_t i = 0; i + 1 < digits.size(); i += 2)
    {
        out.push_back(static_cast<uint8_t>(std::stoi(digits.substr(i, 2), nullptr, 16)));
    }
    return out;
}

// Seed 0: the simulated guest's echo request is the seed's frame, byte for byte, except what
// differs from packet to packet: the IP identification, the two checksums, the ICMP sequence
// number and the timestamp. The seed's frame is an echo reply (type 0: the engineer's VMs
// pinged each other, and a Linux reply carries the request's identifier, sequence and data),
// so the ICMP type byte differs too.
TEST_F(SeedTest, Seed0_EchoRequestEqualsTheSeedDumpButIdChecksumsSequenceAndTimestamp)
{
    seedlab::Seed0Options options;
    options.outputDir = OutputDir();
    options.pings = 3;
    seedlab::Seed0Result r = seedlab::RunSeed0ReverseTeaming(options);
    ASSERT_EQ(r.replies, 3u);
    auto frames = ReadPcap(options.outputDir + "/esxi02-" + r.pinnedUplink + ".pcap");
    ASSERT_EQ(frames.size(), 3u);
    const std::vector<uint8_t> seed = HexBytes(kSeed0Dump);
    ASSERT_EQ(seed.size(), 98u);
    // Offsets that may differ: IP identification 18-19, IP checksum 24-25, ICMP type 34,
    // ICMP checksum 36-37, sequence 40-41, struct timeval 42-57.
    auto variable = [](std::size_t i) {
        return (i >= 18 && i <= 19) || (i >= 24 && i <= 25) || i == 34 || (i >= 36 && i <= 37) ||
               (i >= 40 && i <= 57);
    };
    for (std::size_t k = 0; k < frames.size(); ++k)
    {
        const std::vector<uint8_t>& f = frames[k].data;
        ASSERT_EQ(f.size(), seed.size()) << "frame " << k;
        for (std::size_t i = 0; i < seed.size(); ++i)
        {
            if (!variable(i))
            {
                EXPECT_EQ(int(f[i]), int(seed[i])) << "frame " << k << " byte " << i;
            }
        }
        EXPECT_EQ(f[34], 8) << "an echo request";
        EXPECT_EQ((f[40] << 8) | f[41], int(k + 1)) << "iputils' sequence";
        // The timestamp is the simulated send time: 1, 2, 3 s.
        EXPECT_EQ(f[42], k + 1);
        EXPECT_NE((f[24] << 8) | f[25], 0) << "IPv4 checksum computed";
        EXPECT_NE((f[36] << 8) | f[37], 0) << "ICMP checksum computed";
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

// Seed 3 (spec sections 8 and 10): broadcast storm control at level 0 on the switch port
// facing vmnic1. ARP fails on vmnic1, works on vmnic0 and inside the host; the default --dir
// hides the outgoing requests, --dir 2 shows them.
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
    // The switch port facing vmnic1 dropped them where they arrived.
    EXPECT_EQ(r.stormControlPort, "Gi0/2");
    EXPECT_GE(r.stormControlDrops, r.arpFromBrokenDir2[1]);
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

// Seed 3, 3.2: "with a static MAC entry in the guest, VM-to-VM and gateway traffic work". The
// path beyond vmnic1 carries unicast both ways and loses only what is flooded, so the broken
// VM with static ARP entries talks to the gateway and to the VM on the other host.
TEST_F(SeedTest, Seed3_StaticArpEntryRestoresThePingsToTheGatewayAndTheOtherVms)
{
    seedlab::Seed3Result r = seedlab::RunSeed3ArpBlackhole();
    ASSERT_EQ(r.pairs.size(), 5u);
    EXPECT_EQ(r.pairs[0].replies, 0u) << "without the entry vm-a cannot reach the gateway";
    ASSERT_EQ(r.staticArpPairs.size(), 2u);
    EXPECT_EQ(r.staticArpPairs[0].to, "gateway");
    EXPECT_EQ(r.staticArpPairs[1].to, "vm-c (esxi02)");
    for (const auto& p : r.staticArpPairs)
    {
        EXPECT_GT(p.sent, 0u);
        EXPECT_EQ(p.replies, p.sent) << p.from << " -> " << p.to << " with a static ARP entry";
    }
    EXPECT_EQ(r.staticArpRequestsOnVmnic1, r.staticArpPairs[0].sent)
        << "the echo requests leave by vmnic1: the same broken path";
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

/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Frames as real hosts send them: the iputils ping layout (IputilsPing), zero padding
 * (EthernetPadding), checksums on by default (VSwitchChecksums), vendor MACs on vmnics
 * (EsxiHost NicOui).
 */
#include "test-util.h"
#include "vswitch-lab.h"

#include "ns3/config-error.h"
#include "ns3/esxi-host-helper.h"
#include "ns3/ethernet-helper.h"
#include "ns3/ethernet-net-device.h"
#include "ns3/ethernet-padding.h"
#include "ns3/iputils-ping-helper.h"
#include "ns3/iputils-ping.h"
#include "ns3/physical-switch-helper.h"
#include "ns3/pktcap-helper.h"
#include "ns3/vswitch-checksums.h"

#include <sstream>

using namespace ns3;
using namespace vswitchtest;

namespace
{

/// Restores ChecksumEnabled and VSwitchChecksums after a test that changes them.
class GlobalsGuard
{
  public:
    GlobalsGuard()
    {
        GlobalValue::GetValueByName("ChecksumEnabled", m_checksums);
        GlobalValue::GetValueByName("VSwitchChecksums", m_vswitch);
    }

    ~GlobalsGuard()
    {
        GlobalValue::Bind("ChecksumEnabled", m_checksums);
        GlobalValue::Bind("VSwitchChecksums", m_vswitch);
    }

  private:
    BooleanValue m_checksums;
    BooleanValue m_vswitch;
};

bool
ChecksumsOn()
{
    BooleanValue v;
    GlobalValue::GetValueByName("ChecksumEnabled", v);
    return v.Get();
}

/// Collects the frames a device sends or receives.
struct FrameLog
{
    std::vector<std::vector<uint8_t>> frames;

    void Sink(Ptr<const Packet> p)
    {
        std::vector<uint8_t> b(p->GetSize());
        p->CopyData(b.data(), b.size());
        frames.push_back(b);
    }
};

/// Collects the sequence numbers and RTTs of an IputilsPing.
struct RttLog
{
    std::vector<uint16_t> seqs;
    std::vector<Time> rtts;
    std::vector<uint16_t> duplicates;

    void Reply(uint16_t seq, Time rtt)
    {
        seqs.push_back(seq);
        rtts.push_back(rtt);
    }

    void Duplicate(uint16_t seq, Time)
    {
        duplicates.push_back(seq);
    }
};

/// Two IPv4 nodes on one cable.
class PingTest : public SimulationTest
{
  protected:
    void SetUp() override
    {
        nodes.Create(2);
        EthernetHelper eth;
        eth.SetChannelAttribute("Delay", StringValue("50us"));
        NetDeviceContainer devs = eth.Install(nodes);
        AddIp(devs.Get(0), "10.0.0.1/24");
        AddIp(devs.Get(1), "10.0.0.2/24");
        devs.Get(0)->TraceConnectWithoutContext("PromiscSniffer",
                                                MakeCallback(&FrameLog::Sink, &wire));
    }

    /// The echo requests among the frames a holds.
    std::vector<std::vector<uint8_t>> Requests() const
    {
        std::vector<std::vector<uint8_t>> out;
        for (const auto& f : wire.frames)
        {
            if (f.size() >= 42 && f[12] == 0x08 && f[13] == 0x00 && f[23] == 1 && f[34] == 8)
            {
                out.push_back(f);
            }
        }
        return out;
    }

    NodeContainer nodes;
    FrameLog wire;
};

// =========================================================================================
// IputilsPing

TEST(IputilsPingData, LayoutIsTimevalThenTheIncrementingPattern)
{
    // 16:13:16.471078 after time 0, as seed 0's first request carries 0x5eaeed9c / 0x073026.
    Time sent = Seconds(0x5eaeed9c) + MicroSeconds(0x073026);
    std::vector<uint8_t> d = IputilsPing::MakeData(56, sent);
    ASSERT_EQ(d.size(), 56u);
    const std::vector<uint8_t>
        timeval{0x9c, 0xed, 0xae, 0x5e, 0, 0, 0, 0, 0x26, 0x30, 0x07, 0, 0, 0, 0, 0};
    EXPECT_EQ(std::vector<uint8_t>(d.begin(), d.begin() + 16), timeval)
        << "struct timeval, little-endian 64-bit tv_sec and tv_usec";
    for (uint32_t i = 16; i < 56; ++i)
    {
        EXPECT_EQ(d[i], i) << "byte " << i << " of the pattern 0x10 ... 0x37";
    }
    // Below 16 bytes there is no timestamp, only the pattern.
    std::vector<uint8_t> small = IputilsPing::MakeData(8, sent);
    EXPECT_EQ(small, (std::vector<uint8_t>{0, 1, 2, 3, 4, 5, 6, 7}));
}

TEST_F(PingTest, EchoRequests_CarryIdentifierSequenceFromOneAnd98ByteFrames)
{
    IputilsPingHelper ping(Ipv4Address("10.0.0.2"));
    ping.SetAttribute("Identifier", IntegerValue(0x0d1d));
    ping.SetAttribute("Count", UintegerValue(3));
    ApplicationContainer app = ping.Install(nodes.Get(0));
    app.Start(Seconds(1));
    RttLog log;
    app.Get(0)->TraceConnectWithoutContext("Rtt", MakeCallback(&RttLog::Reply, &log));
    Simulator::Stop(Seconds(6));
    Simulator::Run();

    auto requests = Requests();
    ASSERT_EQ(requests.size(), 3u) << "Count 3 sends three requests, then stops";
    for (std::size_t i = 0; i < requests.size(); ++i)
    {
        const auto& f = requests[i];
        EXPECT_EQ(f.size(), 98u) << "56 data bytes: an 84-byte IPv4 packet in a 98-byte frame";
        EXPECT_EQ((f[38] << 8) | f[39], 0x0d1d) << "identifier";
        EXPECT_EQ((f[40] << 8) | f[41], int(i + 1)) << "iputils counts from 1";
        // tv_sec of the send time, 1, 2, 3 s; tv_usec 0.
        EXPECT_EQ(f[42], i + 1);
        EXPECT_EQ(f[50], 0);
        for (uint32_t j = 16; j < 56; ++j)
        {
            EXPECT_EQ(f[42 + j], j);
        }
    }
    auto p = DynamicCast<IputilsPing>(app.Get(0));
    EXPECT_EQ(p->GetSent(), 3u);
    EXPECT_EQ(p->GetReceived(), 3u);
    EXPECT_EQ(log.seqs, (std::vector<uint16_t>{1, 2, 3}));
    // The first request waits for ARP (ns-3's ArpL3Protocol adds up to 10 ms of RequestJitter);
    // the others take two hops of 50 us and the serialization of two 98-byte frames (with
    // preamble, FCS and gap) at 10 Gb/s: the RTT read back from the echoed timestamp.
    ASSERT_EQ(log.rtts.size(), 3u);
    EXPECT_GT(log.rtts[0], MicroSeconds(100));
    for (std::size_t i = 1; i < log.rtts.size(); ++i)
    {
        EXPECT_GT(log.rtts[i], MicroSeconds(100));
        EXPECT_LT(log.rtts[i], MicroSeconds(101));
    }
    EXPECT_EQ(p->GetMinRtt(), std::min(log.rtts[1], log.rtts[2]));
    EXPECT_EQ(p->GetMaxRtt(), log.rtts[0]);
}

TEST_F(PingTest, Identifier_AutomaticOnePerApplicationAndRepliesMatchedByIt)
{
    IputilsPingHelper ping(Ipv4Address("10.0.0.2"));
    ping.SetAttribute("Count", UintegerValue(2));
    ApplicationContainer a = ping.Install(nodes.Get(0));
    ApplicationContainer b = ping.Install(nodes.Get(0));
    a.Start(Seconds(1));
    b.Start(Seconds(1));
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    auto pa = DynamicCast<IputilsPing>(a.Get(0));
    auto pb = DynamicCast<IputilsPing>(b.Get(0));
    EXPECT_NE(pa->GetIdentifier(), pb->GetIdentifier());
    EXPECT_EQ(pa->GetIdentifier(), 1000 + 16 * nodes.Get(0)->GetId() + 0);
    // Both raw sockets see every reply; each counts only its own.
    EXPECT_EQ(pa->GetReceived(), 2u);
    EXPECT_EQ(pb->GetReceived(), 2u);
    EXPECT_EQ(pa->GetDuplicates(), 0u);
}

TEST_F(PingTest, Verbose_PrintsWhatIputilsPrints)
{
    IputilsPingHelper ping(Ipv4Address("10.0.0.2"));
    ping.SetAttribute("Count", UintegerValue(2));
    ping.SetAttribute("Verbose", BooleanValue(true));
    ApplicationContainer app = ping.Install(nodes.Get(0));
    app.Start(Seconds(1));
    app.Stop(Seconds(3.5));
    std::ostringstream out;
    std::streambuf* old = std::cout.rdbuf(out.rdbuf());
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    std::cout.rdbuf(old);
    auto lines = Lines(out.str());
    ASSERT_GE(lines.size(), 6u) << out.str();
    EXPECT_EQ(lines[0], "PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.");
    EXPECT_EQ(lines[1].substr(0, 45), "64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 tim");
    EXPECT_EQ(lines[2].substr(0, 38), "64 bytes from 10.0.0.2: icmp_seq=2 ttl");
    EXPECT_NE(out.str().find("2 packets transmitted, 2 received, 0% packet loss, time 2500ms"),
              std::string::npos)
        << out.str();
    EXPECT_NE(out.str().find("rtt min/avg/max/mdev = 0.100/"), std::string::npos) << out.str();
}

// =========================================================================================
// Zero padding

TEST_F(PingTest, Padding_ShortFramesArePaddedWithZerosEvenInReusedBuffers)
{
    // Fill ns-3's buffer free list with buffers whose bytes are not zero, as a long run does.
    {
        std::vector<Ptr<Packet>> junk;
        std::vector<uint8_t> ones(1500, 0xab);
        for (int i = 0; i < 64; ++i)
        {
            junk.push_back(Create<Packet>(ones.data(), ones.size()));
        }
    }
    Ptr<NetDevice> dev = nodes.Get(0)->GetDevice(0);
    for (uint32_t payload : {0u, 1u, 10u, 45u})
    {
        std::vector<uint8_t> data(payload, 0x11);
        dev->Send(Create<Packet>(data.data(), payload), Mac48Address::GetBroadcast(), 0x88b5);
    }
    // ARP too: 28 bytes, padded by 18.
    IputilsPingHelper ping(Ipv4Address("10.0.0.2"));
    ping.SetAttribute("Count", UintegerValue(1));
    ping.Install(nodes.Get(0)).Start(Seconds(0.5));
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    std::size_t shortFrames = 0;
    for (const auto& f : wire.frames)
    {
        ASSERT_GE(f.size(), 60u) << "a frame below Ethernet's minimum";
        uint16_t type = (f[12] << 8) | f[13];
        std::size_t used = 0;
        if (type == 0x88b5)
        {
            used = 14 + std::count(f.begin() + 14, f.end(), 0x11);
        }
        else if (type == 0x0806)
        {
            used = 14 + 28;
        }
        else
        {
            continue;
        }
        if (used < 60)
        {
            ++shortFrames;
            EXPECT_EQ(std::count(f.begin() + used, f.end(), 0), long(f.size() - used))
                << "padding of a frame of EtherType " << type << " is not all zeros";
        }
    }
    EXPECT_GE(shortFrames, 6u) << "four raw frames and the ARP request and reply";
}

TEST(EthernetPaddingTrailer, AddAppendsZerosAndNothingForZero)
{
    std::vector<uint8_t> head(20, 0xee);
    Ptr<Packet> p = Create<Packet>(head.data(), head.size());
    EthernetPadding::Add(p, 0);
    EXPECT_EQ(p->GetSize(), 20u);
    EthernetPadding::Add(p, 40);
    ASSERT_EQ(p->GetSize(), 60u);
    std::vector<uint8_t> b(60);
    p->CopyData(b.data(), 60);
    EXPECT_EQ(std::count(b.begin() + 20, b.end(), 0), 40);
    EXPECT_EQ(std::count(b.begin(), b.begin() + 20, 0xee), 20);
}

// =========================================================================================
// Checksums on by default in the module's helpers

TEST(VSwitchChecksums, HelpersTurnChecksumsOnUnlessTheGlobalSaysNo)
{
    GlobalsGuard guard;
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));
    GlobalValue::Bind("VSwitchChecksums", BooleanValue(false));
    {
        EsxiHostHelper esxi;
        EthernetHelper eth;
        IputilsPingHelper ping(Ipv4Address("10.0.0.1"));
    }
    EXPECT_FALSE(ChecksumsOn()) << "VSwitchChecksums=false leaves ChecksumEnabled alone";
    GlobalValue::Bind("VSwitchChecksums", BooleanValue(true));
    {
        EsxiHostHelper esxi;
    }
    EXPECT_TRUE(ChecksumsOn());
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));
    {
        PhysicalSwitchHelper pswitch;
    }
    EXPECT_TRUE(ChecksumsOn());
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));
    {
        PktcapHelper pktcap;
    }
    EXPECT_TRUE(ChecksumsOn());
}

TEST_F(PingTest, Checksums_EchoRequestsCarryValidIpv4AndIcmpChecksums)
{
    IputilsPingHelper ping(Ipv4Address("10.0.0.2"));
    ping.SetAttribute("Count", UintegerValue(1));
    ping.Install(nodes.Get(0)).Start(Seconds(1));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    auto requests = Requests();
    ASSERT_EQ(requests.size(), 1u);
    const auto& f = requests[0];
    // The ones' complement sum over a header that includes its checksum is 0xffff.
    auto sum = [&](std::size_t from, std::size_t to) {
        uint32_t s = 0;
        for (std::size_t i = from; i < to; i += 2)
        {
            s += (f[i] << 8) | f[i + 1];
        }
        while (s >> 16)
        {
            s = (s & 0xffff) + (s >> 16);
        }
        return s;
    };
    EXPECT_NE((f[24] << 8) | f[25], 0) << "IPv4 header checksum left 0";
    EXPECT_EQ(sum(14, 34), 0xffffu) << "IPv4 header checksum";
    EXPECT_EQ(sum(34, 98), 0xffffu) << "ICMP checksum";
}

// ping -M do (vmkping -d): the requests carry DF and TTL 64 and are never fragmented; one
// larger than the first hop's MTU is not sent but counted, and replies still come back
// through the raw socket that writes its own IPv4 header.
TEST_F(PingTest, DontFragment_RequestsCarryDfAndOneOverTheMtuIsCountedNotSent)
{
    IputilsPingHelper ping(Ipv4Address("10.0.0.2"));
    ping.SetAttribute("Count", UintegerValue(2));
    ping.SetAttribute("Size", UintegerValue(1472)); // 1500 bytes of IPv4: fits
    ping.SetAttribute("DontFragment", BooleanValue(true));
    ApplicationContainer fits = ping.Install(nodes.Get(0));
    fits.Start(Seconds(1));
    ping.SetAttribute("Size", UintegerValue(1473)); // 1501 bytes: does not fit
    ping.SetAttribute("Count", UintegerValue(1));
    ApplicationContainer big = ping.Install(nodes.Get(0));
    big.Start(Seconds(1.5));
    std::vector<uint32_t> tooBig;
    big.Get(0)->TraceConnectWithoutContext(
        "TooBig",
        MakeBoundCallback(
            +[](std::vector<uint32_t>* v, uint16_t, uint32_t size, uint16_t mtu) {
                v->push_back(size);
                v->push_back(mtu);
            },
            &tooBig));
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    auto requests = Requests();
    ASSERT_EQ(requests.size(), 2u) << "the 1501-byte request never reaches the wire";
    for (const auto& f : requests)
    {
        EXPECT_EQ(f.size(), 1514u);
        EXPECT_EQ((f[16] << 8) | f[17], 1500) << "IPv4 total length";
        EXPECT_EQ(f[20] & 0x40, 0x40) << "DF set";
        EXPECT_EQ(f[22], 64) << "TTL 64";
        EXPECT_EQ(f[23], 1) << "ICMP";
        EXPECT_EQ((f[26] << 24) | (f[27] << 16) | (f[28] << 8) | f[29], 0x0a000001)
            << "the source address of the route";
    }
    auto p = DynamicCast<IputilsPing>(fits.Get(0));
    EXPECT_EQ(p->GetSent(), 2u);
    EXPECT_EQ(p->GetReceived(), 2u) << "echo replies come back through the raw socket";
    auto q = DynamicCast<IputilsPing>(big.Get(0));
    EXPECT_EQ(q->GetSent(), 0u);
    EXPECT_EQ(q->GetTooBig(), 1u);
    EXPECT_EQ(tooBig, (std::vector<uint32_t>{1501, 1500}));
}

// =========================================================================================
// vmnic MACs from a NIC vendor's OUI

TEST_F(SimulationTest, NicMacs_VmnicsCarryTheIntelOuiByDefaultAndTheAttributeChangesIt)
{
    Lab lab;
    Ptr<EsxiHost> h = lab.Host("esxi01", {"vmnic0", "vmnic1"});
    Mac48Address m0 = Mac48Address::ConvertFrom(h->GetNic("vmnic0")->GetAddress());
    Mac48Address m1 = Mac48Address::ConvertFrom(h->GetNic("vmnic1")->GetAddress());
    uint8_t b0[6];
    uint8_t b1[6];
    m0.CopyTo(b0);
    m1.CopyTo(b1);
    EXPECT_EQ(b0[0], 0x90);
    EXPECT_EQ(b0[1], 0xe2);
    EXPECT_EQ(b0[2], 0xba);
    EXPECT_NE(m0, m1);
    EXPECT_EQ(b1[5], b0[5] + 1) << "NIC index in the low bits";
    std::ostringstream netStats;
    h->PrintNetStats(netStats);
    EXPECT_NE(netStats.str().find(MacText(m0)), std::string::npos) << netStats.str();

    Config::SetDefault("ns3::EsxiHost::NicOui", StringValue("00:1b:21"));
    Ptr<EsxiHost> h2 = lab.Host("esxi02", {"vmnic0"});
    Config::SetDefault("ns3::EsxiHost::NicOui", StringValue("90:e2:ba"));
    uint8_t b2[6];
    Mac48Address::ConvertFrom(h2->GetNic("vmnic0")->GetAddress()).CopyTo(b2);
    EXPECT_EQ(b2[0], 0x00);
    EXPECT_EQ(b2[1], 0x1b);
    EXPECT_EQ(b2[2], 0x21);

    std::string e =
        ErrorOf([] { CreateObject<EsxiHost>()->SetAttribute("NicOui", StringValue("intel")); });
    EXPECT_NE(e.find("intel"), std::string::npos) << e;
    EXPECT_NE(e.find("90:e2:ba"), std::string::npos) << "the message shows the form: " << e;
}

} // namespace

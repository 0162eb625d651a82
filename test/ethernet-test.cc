/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Full-duplex Ethernet: EthernetVlanHeader, EthernetNetDevice, EthernetChannel,
 * EthernetHelper.
 */
#include "test-util.h"

#include "ns3/applications-module.h"
#include "ns3/config-error.h"
#include "ns3/ethernet-channel.h"
#include "ns3/ethernet-helper.h"
#include "ns3/ethernet-net-device.h"
#include "ns3/ethernet-vlan-header.h"

#include <fstream>

using namespace ns3;
using namespace vswitchtest;

namespace
{

class EthernetTest : public SimulationTest
{
  protected:
    /// Two nodes cabled together.
    void Build(const std::string& rate = "10Gbps", const std::string& delay = "1us")
    {
        nodes.Create(2);
        eth.SetDeviceAttribute("DataRate", StringValue(rate));
        eth.SetChannelAttribute("Delay", StringValue(delay));
        devs = eth.Install(nodes);
        a = DynamicCast<EthernetNetDevice>(devs.Get(0));
        b = DynamicCast<EthernetNetDevice>(devs.Get(1));
    }

    NodeContainer nodes;
    EthernetHelper eth;
    NetDeviceContainer devs;
    Ptr<EthernetNetDevice> a;
    Ptr<EthernetNetDevice> b;
};

/// Collects the drop reasons of a device.
struct DropLog
{
    std::vector<DropReason> reasons;

    void Sink(Ptr<const Packet>, DropReason r)
    {
        reasons.push_back(r);
    }

    void Attach(Ptr<NetDevice> dev)
    {
        dev->TraceConnectWithoutContext("Drop", MakeCallback(&DropLog::Sink, this));
    }
};

/// Send a raw frame with a given source MAC.
void
SendRawFrom(Ptr<EthernetNetDevice> dev, Mac48Address src, Mac48Address dst)
{
    dev->SendFrom(Create<Packet>(50), src, dst, 0x88b5);
}

/// Receive times of frames at a device.
struct ArrivalLog
{
    std::vector<Time> times;
    std::vector<uint32_t> sizes;

    void Sink(Ptr<const Packet> p)
    {
        times.push_back(Simulator::Now());
        sizes.push_back(p->GetSize());
    }
};

} // namespace

// ---------------------------------------------------------------------------------------
// 802.1Q header

TEST(EthernetVlanHeaderTest, UntaggedHeaderIsEthernetIIFourteenBytes)
{
    EthernetVlanHeader h(Mac48Address("00:50:56:9d:43:42"),
                         Mac48Address("00:50:56:9d:fd:b1"),
                         0x0800);
    Ptr<Packet> p = Create<Packet>(10);
    p->AddHeader(h);
    ASSERT_EQ(p->GetSize(), 24u);
    uint8_t bytes[24];
    p->CopyData(bytes, 24);
    const uint8_t expected[14] =
        {0x00, 0x50, 0x56, 0x9d, 0xfd, 0xb1, 0x00, 0x50, 0x56, 0x9d, 0x43, 0x42, 0x08, 0x00};
    EXPECT_EQ(0, memcmp(bytes, expected, 14));
    EthernetVlanHeader back;
    p->RemoveHeader(back);
    EXPECT_FALSE(back.HasVlanTag());
    EXPECT_EQ(back.GetEtherType(), 0x0800);
    EXPECT_EQ(back.GetSource(), Mac48Address("00:50:56:9d:43:42"));
    EXPECT_EQ(back.GetDestination(), Mac48Address("00:50:56:9d:fd:b1"));
}

TEST(EthernetVlanHeaderTest, TaggedHeaderCarriesTpid8100AndTci)
{
    EthernetVlanHeader h(Mac48Address("00:50:56:9d:43:42"),
                         Mac48Address("ff:ff:ff:ff:ff:ff"),
                         0x0806);
    h.SetVlanTag(100, 5, true);
    Ptr<Packet> p = Create<Packet>(0);
    p->AddHeader(h);
    ASSERT_EQ(p->GetSize(), 18u);
    uint8_t bytes[18];
    p->CopyData(bytes, 18);
    EXPECT_EQ(bytes[12], 0x81);
    EXPECT_EQ(bytes[13], 0x00);
    // PCP 5 (101), DEI 1, VID 100 (0x064): 1011 0000 0110 0100
    EXPECT_EQ(bytes[14], 0xb0);
    EXPECT_EQ(bytes[15], 0x64);
    EXPECT_EQ(bytes[16], 0x08);
    EXPECT_EQ(bytes[17], 0x06);
    EthernetVlanHeader back;
    p->RemoveHeader(back);
    EXPECT_TRUE(back.HasVlanTag());
    EXPECT_EQ(back.GetVlanId(), 100);
    EXPECT_EQ(back.GetPcp(), 5);
    EXPECT_TRUE(back.GetDei());
    EXPECT_EQ(back.GetEtherType(), 0x0806);
    EXPECT_TRUE(back.IsGroupDestination());
}

TEST(EthernetVlanHeaderTest, MacKeyRoundTrips)
{
    Mac48Address mac("00:0c:29:c6:07:20");
    uint64_t key = EthernetVlanHeader::MacToKey(mac);
    EXPECT_EQ(key, 0x000c29c60720ULL);
    EXPECT_EQ(EthernetVlanHeader::KeyToMac(key), mac);
}

// ---------------------------------------------------------------------------------------
// Link behaviour

TEST_F(EthernetTest, PingWorksOverALinkUnderTheInternetStack)
{
    Build();
    AddIp(a, "10.0.0.1/24");
    AddIp(b, "10.0.0.2/24");
    auto ping =
        Create<PingCounter>(nodes.Get(0), Ipv4Address("10.0.0.2"), Seconds(1), Seconds(5.5));
    Simulator::Stop(Seconds(6));
    Simulator::Run();
    EXPECT_EQ(ping->Replies(), 5u);
    EXPECT_TRUE(a->IsLinkUp());
    EXPECT_TRUE(b->IsLinkUp());
}

TEST_F(EthernetTest, FrameArrivesAfterSerializationPlusPropagationDelay)
{
    Build("1Gbps", "1us");
    ArrivalLog log;
    b->TraceConnectWithoutContext("PhyRxEnd", MakeCallback(&ArrivalLog::Sink, &log));
    Simulator::Schedule(Seconds(1), &SendRaw, a, Mac48Address::ConvertFrom(b->GetAddress()), 1000);
    Simulator::Run();
    ASSERT_EQ(log.times.size(), 1u);
    // 1000 payload + 14 header = 1014 bytes; on the wire with preamble+SFD (8) and FCS (4)
    // the last bit leaves after 1026 bytes = 8208 ns at 1 Gb/s; plus 1 us of cable.
    EXPECT_EQ(log.sizes[0], 1014u);
    EXPECT_EQ((log.times[0] - Seconds(1)).GetNanoSeconds(), 8208 + 1000);
}

TEST_F(EthernetTest, BackToBackFramesAreSpacedByTheInterFrameGap)
{
    Build("1Gbps", "0s");
    ArrivalLog log;
    b->TraceConnectWithoutContext("PhyRxEnd", MakeCallback(&ArrivalLog::Sink, &log));
    Mac48Address to = Mac48Address::ConvertFrom(b->GetAddress());
    for (int i = 0; i < 3; ++i)
    {
        Simulator::Schedule(Seconds(1), &SendRaw, a, to, 1000);
    }
    Simulator::Run();
    ASSERT_EQ(log.times.size(), 3u);
    // A frame occupies 8 + 1014 + 4 + 12 = 1038 byte times = 8304 ns.
    EXPECT_EQ((log.times[1] - log.times[0]).GetNanoSeconds(), 8304);
    EXPECT_EQ((log.times[2] - log.times[1]).GetNanoSeconds(), 8304);
}

TEST_F(EthernetTest, ShortFramesArePaddedToSixtyBytes)
{
    Build();
    ArrivalLog log;
    b->TraceConnectWithoutContext("PhyRxEnd", MakeCallback(&ArrivalLog::Sink, &log));
    Simulator::Schedule(Seconds(1), &SendRaw, a, Mac48Address::ConvertFrom(b->GetAddress()), 28);
    Simulator::Run();
    ASSERT_EQ(log.sizes.size(), 1u);
    EXPECT_EQ(log.sizes[0], 60u);
}

namespace
{
/// Wire bits received per direction between two times.
struct WireMeter
{
    Time from;
    Time to;
    uint64_t bits{0};

    void Sink(Ptr<const Packet> p)
    {
        Time now = Simulator::Now();
        if (now > from && now <= to)
        {
            // frame + preamble/SFD + FCS + inter-frame gap
            bits += (p->GetSize() + 24) * 8;
        }
    }
};
} // namespace

TEST_F(EthernetTest, FullDuplexOppositeSaturatingStreamsEachReachLineRate)
{
    Build("10Gbps", "1us");
    AddIp(a, "10.0.0.1/24");
    AddIp(b, "10.0.0.2/24");
    // Each side offers 12 Gb/s of UDP to the other: more than the line can carry.
    for (int side = 0; side < 2; ++side)
    {
        std::string dst = side == 0 ? "10.0.0.2" : "10.0.0.1";
        OnOffHelper onoff("ns3::UdpSocketFactory", InetSocketAddress(Ipv4Address(dst.c_str()), 9));
        onoff.SetConstantRate(DataRate("12Gbps"), 1472);
        ApplicationContainer app = onoff.Install(nodes.Get(side));
        app.Start(MilliSeconds(1));
        app.Stop(MilliSeconds(30));
        PacketSinkHelper sink("ns3::UdpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9));
        sink.Install(nodes.Get(1 - side)).Start(Seconds(0));
    }
    WireMeter aToB{MilliSeconds(10), MilliSeconds(20)};
    WireMeter bToA{MilliSeconds(10), MilliSeconds(20)};
    b->TraceConnectWithoutContext("PhyRxEnd", MakeCallback(&WireMeter::Sink, &aToB));
    a->TraceConnectWithoutContext("PhyRxEnd", MakeCallback(&WireMeter::Sink, &bToA));
    Simulator::Stop(MilliSeconds(31));
    Simulator::Run();
    double window = 0.010;
    double rateAB = aToB.bits / window;
    double rateBA = bToA.bits / window;
    EXPECT_NEAR(rateAB, 10e9, 0.02 * 10e9) << "a->b carried " << rateAB / 1e9 << " Gb/s";
    EXPECT_NEAR(rateBA, 10e9, 0.02 * 10e9) << "b->a carried " << rateBA / 1e9 << " Gb/s";
}

TEST_F(EthernetTest, CableCutTakesBothEndsDownDropsAndRecovers)
{
    Build();
    AddIp(a, "10.0.0.1/24");
    AddIp(b, "10.0.0.2/24");
    std::vector<bool> aStates;

    struct StateLog
    {
        std::vector<bool>* v;

        void Sink(bool up)
        {
            v->push_back(up);
        }
    } stateLog{&aStates};

    a->TraceConnectWithoutContext("LinkState", MakeCallback(&StateLog::Sink, &stateLog));
    int callbacks = 0;

    struct Counter
    {
        int* n;

        void Sink()
        {
            ++*n;
        }
    } cb{&callbacks};

    b->AddLinkChangeCallback(MakeCallback(&Counter::Sink, &cb));
    DropLog drops;
    drops.Attach(a);
    Ptr<EthernetChannel> ch = EthernetHelper::GetChannel(a);
    ASSERT_TRUE(ch);
    Simulator::Schedule(Seconds(2.5), &EthernetChannel::SetConnected, ch, false);
    Simulator::Schedule(Seconds(5.5), &EthernetChannel::SetConnected, ch, true);
    // A raw frame offered while the cable is cut is dropped at the sender.
    Simulator::Schedule(Seconds(3), &SendRaw, a, Mac48Address::ConvertFrom(b->GetAddress()), 100);
    auto ping =
        Create<PingCounter>(nodes.Get(0), Ipv4Address("10.0.0.2"), Seconds(1), Seconds(8.5));
    Simulator::Stop(Seconds(9));
    Simulator::Run();
    ASSERT_EQ(aStates.size(), 2u);
    EXPECT_FALSE(aStates[0]);
    EXPECT_TRUE(aStates[1]);
    EXPECT_EQ(callbacks, 2);
    EXPECT_GE(CountOf(drops.reasons, DropReason::LinkDown), 1u);
    EXPECT_EQ(a->GetCounters().drops.Get(DropReason::LinkDown),
              CountOf(drops.reasons, DropReason::LinkDown));
    // Pings at 1, 2 answered; 3, 4, 5 lost; 6, 7, 8 answered.
    EXPECT_EQ(ping->Replies(), 5u);
}

TEST_F(EthernetTest, AdminDownOnOneEndTakesTheLinkDownAtBoth)
{
    Build();
    ASSERT_TRUE(a->IsLinkUp());
    a->SetAdminUp(false);
    EXPECT_FALSE(a->IsLinkUp());
    EXPECT_FALSE(b->IsLinkUp());
    a->SetAdminUp(true);
    EXPECT_TRUE(a->IsLinkUp());
    EXPECT_TRUE(b->IsLinkUp());
}

TEST_F(EthernetTest, OversizeFramesAreDroppedAtSenderAndReceiver)
{
    nodes.Create(2);
    eth.SetDeviceAttribute("Mtu", UintegerValue(9000));
    devs = eth.Install(nodes);
    a = DynamicCast<EthernetNetDevice>(devs.Get(0));
    b = DynamicCast<EthernetNetDevice>(devs.Get(1));
    b->SetMtu(1500);
    DropLog aDrops;
    DropLog bDrops;
    aDrops.Attach(a);
    bDrops.Attach(b);
    ArrivalLog aRx;
    a->TraceConnectWithoutContext("PhyRxEnd", MakeCallback(&ArrivalLog::Sink, &aRx));
    Mac48Address toB = Mac48Address::ConvertFrom(b->GetAddress());
    Mac48Address toA = Mac48Address::ConvertFrom(a->GetAddress());
    // A jumbo frame: fine for a (MTU 9000), too big for b (MTU 1500).
    Simulator::Schedule(Seconds(1), &SendRaw, a, toB, 8000);
    // Larger than the sender's own MTU.
    Simulator::Schedule(Seconds(2), &SendRaw, b, toA, 1501);
    // Jumbo accepted where both ends allow it.
    Simulator::Schedule(Seconds(3), &SendRaw, b, toA, 1500);
    Simulator::Run();
    ASSERT_EQ(bDrops.reasons.size(), 2u);
    EXPECT_EQ(bDrops.reasons[0], DropReason::Oversize); // received 8000 > 1500
    EXPECT_EQ(bDrops.reasons[1], DropReason::Oversize); // offered 1501 > 1500
    EXPECT_TRUE(aDrops.reasons.empty());
    ASSERT_EQ(aRx.sizes.size(), 1u);
    EXPECT_EQ(aRx.sizes[0], 1514u);
}

TEST_F(EthernetTest, JumboFramesPassWhenBothEndsHaveJumboMtu)
{
    nodes.Create(2);
    eth.SetDeviceAttribute("Mtu", UintegerValue(9000));
    devs = eth.Install(nodes);
    a = DynamicCast<EthernetNetDevice>(devs.Get(0));
    b = DynamicCast<EthernetNetDevice>(devs.Get(1));
    ArrivalLog log;
    b->TraceConnectWithoutContext("MacRx", MakeCallback(&ArrivalLog::Sink, &log));
    Simulator::Schedule(Seconds(1), &SendRaw, a, Mac48Address::ConvertFrom(b->GetAddress()), 9000);
    Simulator::Run();
    ASSERT_EQ(log.sizes.size(), 1u);
    EXPECT_EQ(log.sizes[0], 9014u);
}

TEST_F(EthernetTest, QueueOverflowDropsWithQueueFullReason)
{
    nodes.Create(2);
    eth.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", StringValue("2p"));
    devs = eth.Install(nodes);
    a = DynamicCast<EthernetNetDevice>(devs.Get(0));
    b = DynamicCast<EthernetNetDevice>(devs.Get(1));
    DropLog drops;
    drops.Attach(a);
    ArrivalLog log;
    b->TraceConnectWithoutContext("PhyRxEnd", MakeCallback(&ArrivalLog::Sink, &log));
    for (int i = 0; i < 10; ++i)
    {
        Simulator::Schedule(Seconds(1),
                            &SendRaw,
                            a,
                            Mac48Address::ConvertFrom(b->GetAddress()),
                            1000);
    }
    Simulator::Run();
    // One frame goes on the wire at once, two wait in the queue, seven are dropped.
    EXPECT_EQ(log.sizes.size(), 3u);
    EXPECT_EQ(CountOf(drops.reasons, DropReason::QueueFull), 7u);
    EXPECT_EQ(a->GetCounters().drops.Get(DropReason::QueueFull), 7u);
}

TEST_F(EthernetTest, SendFromPutsTheGivenSourceMacOnTheWire)
{
    Build();
    auto counter = Create<FrameCounter>(b, "PromiscSniffer");
    Mac48Address foreign("00:50:56:aa:bb:cc");
    Simulator::Schedule(Seconds(1),
                        &SendRawFrom,
                        a,
                        foreign,
                        Mac48Address::ConvertFrom(b->GetAddress()));
    Simulator::Run();
    EXPECT_TRUE(a->SupportsSendFrom());
    EXPECT_EQ(counter->CountFrom(foreign), 1u);
}

TEST_F(EthernetTest, UnicastForAnotherMacIsFilteredWithMacFilterReason)
{
    Build();
    DropLog drops;
    drops.Attach(b);
    Simulator::Schedule(Seconds(1), &SendRaw, a, Mac48Address("00:50:56:00:00:99"), 100);
    Simulator::Run();
    ASSERT_EQ(drops.reasons.size(), 1u);
    EXPECT_EQ(drops.reasons[0], DropReason::MacFilter);
}

TEST_F(EthernetTest, DeviceVlanIdTagsFramesAndRejectsOtherVlans)
{
    Build();
    a->SetAttribute("VlanId", UintegerValue(100));
    b->SetAttribute("VlanId", UintegerValue(100));
    AddIp(a, "10.0.0.1/24");
    AddIp(b, "10.0.0.2/24");
    auto counter = Create<FrameCounter>(b, "PromiscSniffer");
    auto ping =
        Create<PingCounter>(nodes.Get(0), Ipv4Address("10.0.0.2"), Seconds(1), Seconds(3.5));
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    EXPECT_EQ(ping->Replies(), 3u);
    ASSERT_FALSE(counter->Headers().empty());
    for (const auto& h : counter->Headers())
    {
        EXPECT_TRUE(h.HasVlanTag());
        EXPECT_EQ(h.GetVlanId(), 100);
    }
}

TEST_F(EthernetTest, CableInsideTheProcessIsNotPointToPoint)
{
    Build();
    // ARP and global routing see a broadcast link; only a cable to another MPI rank
    // (EthernetRemoteChannel, VSWITCH_MPI) is point-to-point, for ns-3's distributed engines.
    EXPECT_FALSE(a->IsPointToPoint());
    EXPECT_FALSE(EthernetHelper::GetChannel(a)->IsRemote());
}

/// An EthernetHelper that chooses the cable itself, as EthernetMpiHelper does.
class CountingEthernetHelper : public EthernetHelper
{
  public:
    uint32_t made{0}; //!< channels asked for

  protected:
    Ptr<EthernetChannel> CreateChannel(Ptr<EthernetNetDevice> x, Ptr<EthernetNetDevice> y) override
    {
        ++made;
        EXPECT_TRUE(x->GetNode() && y->GetNode()); // both devices are on their nodes already
        return EthernetHelper::CreateChannel(x, y);
    }
};

TEST(EthernetHelperTest, EveryInstallAsksCreateChannelWhichKeepsTheChannelAttributes)
{
    CountingEthernetHelper eth;
    eth.SetChannelAttribute("Delay", StringValue("7us"));
    NodeContainer n;
    n.Create(4);
    NetDeviceContainer d1 = eth.Install(n.Get(0), n.Get(1));
    NetDeviceContainer d2 = eth.Install(n.Get(2), eth.CreateDevice(n.Get(3)));
    EXPECT_EQ(eth.made, 2u);
    EXPECT_EQ(EthernetHelper::GetChannel(d1.Get(0))->GetDelay(), MicroSeconds(7));
    EXPECT_EQ(EthernetHelper::GetChannel(d2.Get(1))->GetDelay(), MicroSeconds(7));
    Simulator::Destroy();
}

TEST(EthernetHelperTest, QueueSizeZeroIsAClearConfigError)
{
    NodeContainer nodes;
    nodes.Create(2);
    EthernetHelper eth;
    try
    {
        eth.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", StringValue("0p"));
        FAIL() << "a zero-size queue was accepted";
    }
    catch (const ConfigError& e)
    {
        std::string what = e.what();
        EXPECT_NE(what.find("MaxSize is 0p"), std::string::npos) << what;
        EXPECT_NE(what.find("at least one frame"), std::string::npos) << what;
    }
    Simulator::Destroy();
}

TEST(EthernetHelperTest, ACableTakesExactlyTwoNodes)
{
    NodeContainer nodes;
    nodes.Create(3);
    EthernetHelper eth;
    EXPECT_THROW(eth.Install(nodes), ConfigError);
    Simulator::Destroy();
}

TEST(EthernetHelperTest, AnAttachedDeviceCannotTakeASecondCable)
{
    NodeContainer nodes;
    nodes.Create(3);
    EthernetHelper eth;
    NetDeviceContainer d = eth.Install(nodes.Get(0), nodes.Get(1));
    EXPECT_THROW(eth.Install(nodes.Get(2), DynamicCast<EthernetNetDevice>(d.Get(1))), ConfigError);
    Simulator::Destroy();
}

// ---------------------------------------------------------------------------------------
// Output files

TEST_F(EthernetTest, PcapIsEthernetAndTsharkDecodesTheVlanTag)
{
    ASSERT_TRUE(HaveTshark()) << "tshark is needed to check pcaps (apt-get install tshark)";
    std::string dir = OutputDir();
    {
        Build();
        a->SetAttribute("VlanId", UintegerValue(100));
        b->SetAttribute("VlanId", UintegerValue(100));
        AddIp(a, "192.168.100.11/24");
        AddIp(b, "192.168.100.12/24");
        eth.EnablePcap(dir + "/link", devs.Get(0), true, true);
        auto ping = Create<PingCounter>(nodes.Get(0),
                                        Ipv4Address("192.168.100.12"),
                                        Seconds(1),
                                        Seconds(2.5));
        Simulator::Stop(Seconds(3));
        Simulator::Run();
        EXPECT_EQ(ping->Replies(), 2u);
        a = nullptr;
        b = nullptr;
        devs = NetDeviceContainer();
        nodes = NodeContainer();
        Simulator::Destroy();
    }
    std::string file = dir + "/link";
    uint32_t linkType = 0;
    auto records = ReadPcap(file, &linkType);
    EXPECT_EQ(linkType, 1u); // DLT_EN10MB
    // ns-3's ARP resolves both ways (4 ARP frames), then two echo requests and two replies.
    ASSERT_EQ(records.size(), 8u);
    for (const auto& r : records)
    {
        ASSERT_GE(r.data.size(), 60u);
        EXPECT_EQ(r.data[12], 0x81);
        EXPECT_EQ(r.data[13], 0x00);
    }
    auto lines = Tshark(file, "-T fields -e vlan.id -e _ws.col.Protocol");
    ASSERT_EQ(lines.size(), 8u);
    EXPECT_EQ(CountOf(lines, std::string("100\tARP")), 4u);
    EXPECT_EQ(CountOf(lines, std::string("100\tICMP")), 4u);
    auto icmp = Tshark(file, "-Y 'vlan.id == 100 && icmp.type == 8 && ip.src == 192.168.100.11'");
    EXPECT_EQ(icmp.size(), 2u);
}

TEST_F(EthernetTest, AsciiTraceHasEnqueueDequeueReceiveAndDropLines)
{
    std::string dir = OutputDir();
    {
        Build();
        AsciiTraceHelper ascii;
        eth.EnableAscii(ascii.CreateFileStream(dir + "/eth.tr"), devs);
        Mac48Address toB = Mac48Address::ConvertFrom(b->GetAddress());
        Simulator::Schedule(Seconds(1), &SendRaw, a, toB, 100);
        Simulator::Schedule(Seconds(2), &SendRaw, a, Mac48Address("00:50:56:00:00:99"), 100);
        Simulator::Run();
        a = nullptr;
        b = nullptr;
        devs = NetDeviceContainer();
        nodes = NodeContainer();
        Simulator::Destroy();
    }
    std::ifstream in(dir + "/eth.tr");
    std::string line;
    std::map<char, int> kinds;
    bool reason = false;
    while (std::getline(in, line))
    {
        ASSERT_FALSE(line.empty());
        kinds[line[0]]++;
        reason = reason || line.find("reason=mac-filter") != std::string::npos;
    }
    EXPECT_EQ(kinds['+'], 2);
    EXPECT_EQ(kinds['-'], 2);
    EXPECT_EQ(kinds['r'], 1);
    EXPECT_EQ(kinds['d'], 1);
    EXPECT_TRUE(reason);
}

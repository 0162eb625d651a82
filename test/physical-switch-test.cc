/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The physical switch (spec section 10): VLAN-aware learning, access and trunk ports,
 * mirroring, static LAGs, fault injection, the MAC table view, bad input.
 */
#include "test-util.h"

#include "ns3/config-error.h"
#include "ns3/physical-switch-helper.h"
#include "ns3/physical-switch.h"

using namespace ns3;
using namespace vswitchtest;

namespace
{

struct Host
{
    Ptr<Node> node;
    Ptr<EthernetNetDevice> dev;
    Mac48Address mac;
};

class PhysicalSwitchTest : public SimulationTest
{
  protected:
    Ptr<PhysicalSwitch> MakeSwitch(const std::string& name, uint32_t ports)
    {
        PhysicalSwitchHelper helper;
        helper.SetSwitchAttribute("Name", StringValue(name));
        return helper.Install(CreateObject<Node>(), ports);
    }

    Host Plug(Ptr<PhysicalSwitch> sw, const std::string& port)
    {
        Host h;
        h.node = CreateObject<Node>();
        NetDeviceContainer d = eth.Install(h.node, sw->GetPortDevice(port));
        h.dev = DynamicCast<EthernetNetDevice>(d.Get(0));
        h.mac = Mac48Address::ConvertFrom(h.dev->GetAddress());
        return h;
    }

    /// Cable two switch ports together.
    void Cable(Ptr<PhysicalSwitch> a,
               const std::string& pa,
               Ptr<PhysicalSwitch> b,
               const std::string& pb)
    {
        eth.Install(a->GetPortDevice(pa), b->GetPortDevice(pb));
    }

    EthernetHelper eth;
};

/// Drops reported by a switch.
struct SwitchDrops
{
    std::vector<std::pair<uint32_t, DropReason>> drops;

    void Sink(Ptr<const Packet>, uint32_t port, DropReason r)
    {
        drops.emplace_back(port, r);
    }

    std::size_t Count(DropReason r) const
    {
        std::size_t n = 0;
        for (const auto& d : drops)
        {
            n += d.second == r ? 1 : 0;
        }
        return n;
    }
};

/// Expect a ConfigError whose message contains every fragment.
template <typename F>
void
ExpectConfigError(F f, std::vector<std::string> fragments)
{
    try
    {
        f();
        ADD_FAILURE() << "no ConfigError";
    }
    catch (const ConfigError& e)
    {
        std::string what = e.what();
        for (const auto& frag : fragments)
        {
            EXPECT_NE(what.find(frag), std::string::npos)
                << "message: " << what << "\nmissing: " << frag;
        }
    }
}

void
SendRawFrom(Ptr<NetDevice> dev, Mac48Address src, Mac48Address dst)
{
    dev->SendFrom(Create<Packet>(100), src, dst, 0x88b5);
}

} // namespace

// ---------------------------------------------------------------------------------------
// Access ports and VLANs

TEST_F(PhysicalSwitchTest, AccessVlan_PingAcrossTheSwitchWorks)
{
    auto sw = MakeSwitch("sw1", 4);
    sw->SetAccessPort("Gi0/1", 100);
    sw->SetAccessPort("Gi0/2", 100);
    Host a = Plug(sw, "Gi0/1");
    Host b = Plug(sw, "Gi0/2");
    AddIp(a.dev, "192.168.100.11/24");
    AddIp(b.dev, "192.168.100.12/24");
    auto ping =
        Create<PingCounter>(a.node, Ipv4Address("192.168.100.12"), Seconds(1), Seconds(4.5));
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    EXPECT_EQ(ping->Replies(), 4u);
    EXPECT_EQ(sw->LookupMac(100, a.mac), "Gi0/1");
    EXPECT_EQ(sw->LookupMac(100, b.mac), "Gi0/2");
}

TEST_F(PhysicalSwitchTest, Vlans_NoDeliveryAcrossVlans)
{
    auto sw = MakeSwitch("sw1", 4);
    sw->SetAccessPort("Gi0/1", 10);
    sw->SetAccessPort("Gi0/2", 20);
    Host a = Plug(sw, "Gi0/1");
    Host b = Plug(sw, "Gi0/2");
    AddIp(a.dev, "10.0.0.1/24");
    AddIp(b.dev, "10.0.0.2/24");
    auto atB = Create<FrameCounter>(b.dev, "PhyRxEnd");
    auto ping = Create<PingCounter>(a.node, Ipv4Address("10.0.0.2"), Seconds(1), Seconds(3.5));
    Simulator::Schedule(Seconds(2), &SendRaw, a.dev, Mac48Address::GetBroadcast(), 100);
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    EXPECT_EQ(ping->Replies(), 0u);
    EXPECT_EQ(atB->Count(), 0u) << "a frame crossed from VLAN 10 into VLAN 20";
    EXPECT_EQ(sw->LookupMac(10, a.mac), "Gi0/1");
    EXPECT_EQ(sw->LookupMac(20, a.mac), "");
}

TEST_F(PhysicalSwitchTest, Vlans_TaggedFrameOfAnotherVlanOnAccessPortIsDroppedAndCounted)
{
    auto sw = MakeSwitch("sw1", 2);
    sw->SetAccessPort("Gi0/1", 10);
    sw->SetAccessPort("Gi0/2", 10);
    Host a = Plug(sw, "Gi0/1");
    Host b = Plug(sw, "Gi0/2");
    a.dev->SetAttribute("VlanId", UintegerValue(30));
    SwitchDrops drops;
    sw->TraceConnectWithoutContext("Drop", MakeCallback(&SwitchDrops::Sink, &drops));
    auto atB = Create<FrameCounter>(b.dev, "PhyRxEnd");
    Simulator::Schedule(Seconds(1), &SendRaw, a.dev, Mac48Address::GetBroadcast(), 100);
    Simulator::Run();
    EXPECT_EQ(atB->Count(), 0u);
    EXPECT_EQ(drops.Count(DropReason::Vlan), 1u);
    EXPECT_EQ(sw->GetPortDrops("Gi0/1").Get(DropReason::Vlan), 1u);
}

// ---------------------------------------------------------------------------------------
// Trunks

namespace
{
/// Two switches joined by a trunk on Gi0/3; hosts on VLAN 10 (Gi0/1) and 20 (Gi0/2) of each.
struct TwoSwitchTrunk
{
    Ptr<PhysicalSwitch> sw1;
    Ptr<PhysicalSwitch> sw2;
    Host a; // sw1 VLAN 10
    Host c; // sw1 VLAN 20
    Host b; // sw2 VLAN 10
    Host d; // sw2 VLAN 20
};
} // namespace

TEST_F(PhysicalSwitchTest, Trunk_TagsOnTheTrunkAreDecodedByTsharkWithTheRightVlanId)
{
    ASSERT_TRUE(HaveTshark()) << "tshark is needed to check pcaps (apt-get install tshark)";
    std::string dir = OutputDir();
    uint32_t repliesAB = 0;
    uint32_t repliesCD = 0;
    uint32_t repliesAD = 0;
    {
        TwoSwitchTrunk t;
        t.sw1 = MakeSwitch("sw1", 3);
        t.sw2 = MakeSwitch("sw2", 3);
        for (auto sw : {t.sw1, t.sw2})
        {
            sw->SetAccessPort("Gi0/1", 10);
            sw->SetAccessPort("Gi0/2", 20);
            sw->SetTrunkPort("Gi0/3", {10, 20});
        }
        Cable(t.sw1, "Gi0/3", t.sw2, "Gi0/3");
        t.a = Plug(t.sw1, "Gi0/1");
        t.c = Plug(t.sw1, "Gi0/2");
        t.b = Plug(t.sw2, "Gi0/1");
        t.d = Plug(t.sw2, "Gi0/2");
        AddIp(t.a.dev, "10.0.0.1/24");
        AddIp(t.c.dev, "10.0.0.3/24");
        AddIp(t.b.dev, "10.0.0.2/24");
        AddIp(t.d.dev, "10.0.0.4/24");
        PhysicalSwitchHelper helper;
        helper.EnablePortPcap(dir + "/trunk", t.sw1, "Gi0/3");
        auto ab = Create<PingCounter>(t.a.node, Ipv4Address("10.0.0.2"), Seconds(1), Seconds(3.5));
        auto cd =
            Create<PingCounter>(t.c.node, Ipv4Address("10.0.0.4"), Seconds(1.5), Seconds(3.9));
        auto ad = Create<PingCounter>(t.a.node, Ipv4Address("10.0.0.4"), Seconds(5), Seconds(7.5));
        Simulator::Stop(Seconds(8));
        Simulator::Run();
        repliesAB = ab->Replies();
        repliesCD = cd->Replies();
        repliesAD = ad->Replies();
        Simulator::Destroy();
    }
    EXPECT_EQ(repliesAB, 3u);
    EXPECT_EQ(repliesCD, 3u);
    EXPECT_EQ(repliesAD, 0u) << "VLAN 10 reached VLAN 20 across the trunk";

    std::string file = dir + "/trunk-sw1-Gi0_3.pcap";
    auto records = ReadPcap(file);
    ASSERT_FALSE(records.empty());
    for (const auto& r : records)
    {
        EXPECT_EQ(r.data[12], 0x81) << "untagged frame on a trunk without native traffic";
    }
    auto ab = Tshark(file, "-Y 'ip.addr == 10.0.0.1 && ip.addr == 10.0.0.2' -T fields -e vlan.id");
    auto cd = Tshark(file, "-Y 'ip.addr == 10.0.0.3 && ip.addr == 10.0.0.4' -T fields -e vlan.id");
    ASSERT_EQ(ab.size(), 6u);
    ASSERT_EQ(cd.size(), 6u);
    EXPECT_EQ(CountOf(ab, std::string("10")), 6u);
    EXPECT_EQ(CountOf(cd, std::string("20")), 6u);
    // A's ARP for D (VLAN 10) crosses tagged 10 and finds nobody.
    auto arpAD = Tshark(file,
                        "-Y 'arp.dst.proto_ipv4 == 10.0.0.4 && arp.src.proto_ipv4 == 10.0.0.1' -T "
                        "fields -e vlan.id");
    ASSERT_FALSE(arpAD.empty());
    EXPECT_EQ(CountOf(arpAD, std::string("10")), arpAD.size());
}

TEST_F(PhysicalSwitchTest, Trunk_NativeVlanCrossesUntagged)
{
    auto sw1 = MakeSwitch("sw1", 3);
    auto sw2 = MakeSwitch("sw2", 3);
    for (auto sw : {sw1, sw2})
    {
        sw->SetAccessPort("Gi0/1", 10);
        sw->SetAccessPort("Gi0/2", 20);
        sw->SetTrunkPort("Gi0/3", {10, 20}, 10);
    }
    Cable(sw1, "Gi0/3", sw2, "Gi0/3");
    Host a = Plug(sw1, "Gi0/1");
    Host c = Plug(sw1, "Gi0/2");
    Plug(sw2, "Gi0/1");
    Plug(sw2, "Gi0/2");
    auto trunk = Create<FrameCounter>(sw2->GetPortDevice("Gi0/3"), "PhyRxEnd");
    Simulator::Schedule(Seconds(1), &SendRaw, a.dev, Mac48Address::GetBroadcast(), 100);
    Simulator::Schedule(Seconds(2), &SendRaw, c.dev, Mac48Address::GetBroadcast(), 100);
    Simulator::Run();
    ASSERT_EQ(trunk->Headers().size(), 2u);
    EXPECT_FALSE(trunk->Headers()[0].HasVlanTag()) << "native VLAN 10 must cross untagged";
    EXPECT_TRUE(trunk->Headers()[1].HasVlanTag());
    EXPECT_EQ(trunk->Headers()[1].GetVlanId(), 20);
}

TEST_F(PhysicalSwitchTest, Trunk_VlanNotAllowedIsNotCarried)
{
    auto sw = MakeSwitch("sw1", 3);
    sw->SetAccessPort("Gi0/1", 30);
    sw->SetTrunkPort("Gi0/2", {10, 20});
    sw->SetAccessPort("Gi0/3", 30);
    Host a = Plug(sw, "Gi0/1");
    Host t = Plug(sw, "Gi0/2");
    Host c = Plug(sw, "Gi0/3");
    auto atTrunk = Create<FrameCounter>(t.dev, "PhyRxEnd");
    auto atC = Create<FrameCounter>(c.dev, "PhyRxEnd");
    // A host on the trunk sending tagged 30: not allowed, dropped at ingress.
    SwitchDrops drops;
    sw->TraceConnectWithoutContext("Drop", MakeCallback(&SwitchDrops::Sink, &drops));
    Simulator::Schedule(Seconds(1), &SendRaw, a.dev, Mac48Address::GetBroadcast(), 100);
    t.dev->SetAttribute("VlanId", UintegerValue(30));
    Simulator::Schedule(Seconds(2), &SendRaw, t.dev, Mac48Address::GetBroadcast(), 100);
    Simulator::Run();
    EXPECT_EQ(atTrunk->Count(), 0u) << "VLAN 30 left on a trunk that does not allow it";
    EXPECT_EQ(atC->Count(), 1u) << "only the access-port broadcast reaches C";
    EXPECT_EQ(drops.Count(DropReason::Vlan), 1u);
    EXPECT_EQ(sw->GetPortDrops("Gi0/2").Get(DropReason::Vlan), 1u);
}

// ---------------------------------------------------------------------------------------
// Learning, flooding, ageing

TEST_F(PhysicalSwitchTest, Learning_LearnedUnicastIsNotFlooded)
{
    auto sw = MakeSwitch("sw1", 3);
    Host a = Plug(sw, "Gi0/1");
    Host b = Plug(sw, "Gi0/2");
    Host c = Plug(sw, "Gi0/3");
    auto atC = Create<FrameCounter>(c.dev, "PhyRxEnd");
    auto atB = Create<FrameCounter>(b.dev, "PhyRxEnd");
    // Before B has sent anything, unicast to B is unknown and flooded (C sees it).
    Simulator::Schedule(Seconds(1), &SendRaw, a.dev, b.mac, 100);
    // B speaks: the switch learns it on Gi0/2.
    Simulator::Schedule(Seconds(2), &SendRaw, b.dev, a.mac, 100);
    // Now unicast to B goes to Gi0/2 only.
    Simulator::Schedule(Seconds(3), &SendRaw, a.dev, b.mac, 100);
    Simulator::Schedule(Seconds(3.5), &SendRaw, a.dev, b.mac, 100);
    Simulator::Run();
    EXPECT_EQ(atC->CountTo(b.mac), 1u) << "only the frame sent before B was learned is flooded";
    EXPECT_EQ(atB->CountTo(b.mac), 3u);
    EXPECT_EQ(sw->LookupMac(1, b.mac), "Gi0/2");
}

TEST_F(PhysicalSwitchTest, Learning_FloodNeverGoesBackOutTheIngressPort)
{
    auto sw = MakeSwitch("sw1", 3);
    Host a = Plug(sw, "Gi0/1");
    Host b = Plug(sw, "Gi0/2");
    Host c = Plug(sw, "Gi0/3");
    auto atA = Create<FrameCounter>(a.dev, "PhyRxEnd");
    auto atB = Create<FrameCounter>(b.dev, "PhyRxEnd");
    auto atC = Create<FrameCounter>(c.dev, "PhyRxEnd");
    Simulator::Schedule(Seconds(1), &SendRaw, a.dev, Mac48Address::GetBroadcast(), 100);
    Simulator::Schedule(Seconds(2), &SendRaw, a.dev, Mac48Address("00:50:56:00:00:77"), 100);
    Simulator::Run();
    EXPECT_EQ(atA->Count(), 0u);
    EXPECT_EQ(atB->Count(), 2u);
    EXPECT_EQ(atC->Count(), 2u);
}

TEST_F(PhysicalSwitchTest, Learning_UnicastToTheIngressPortIsFilteredWithReason)
{
    auto sw = MakeSwitch("sw1", 2);
    Host a = Plug(sw, "Gi0/1");
    Host b = Plug(sw, "Gi0/2");
    SwitchDrops drops;
    sw->TraceConnectWithoutContext("Drop", MakeCallback(&SwitchDrops::Sink, &drops));
    Mac48Address behindA("00:50:56:00:00:42");
    Simulator::Schedule(Seconds(1), &SendRawFrom, a.dev, behindA, Mac48Address::GetBroadcast());
    Simulator::Schedule(Seconds(2), &SendRaw, a.dev, behindA, 100);
    Simulator::Run();
    EXPECT_EQ(drops.Count(DropReason::SamePort), 1u);
    (void)b;
}

TEST_F(PhysicalSwitchTest, Ageing_AfterMacAgingTimeUnicastIsFloodedAgain)
{
    PhysicalSwitchHelper helper;
    helper.SetSwitchAttribute("MacAgingTime", TimeValue(Seconds(10)));
    auto sw = helper.Install(CreateObject<Node>(), 3);
    Host a = Plug(sw, "Gi0/1");
    Host b = Plug(sw, "Gi0/2");
    Host c = Plug(sw, "Gi0/3");
    auto atC = Create<FrameCounter>(c.dev, "PhyRxEnd");
    Simulator::Schedule(Seconds(1), &SendRaw, b.dev, a.mac, 100);  // learn B at t=1
    Simulator::Schedule(Seconds(5), &SendRaw, a.dev, b.mac, 100);  // B known: not flooded
    Simulator::Schedule(Seconds(12), &SendRaw, a.dev, b.mac, 100); // B aged out: flooded
    std::string before;
    std::string after;

    struct Probe
    {
        static void Look(Ptr<PhysicalSwitch> sw, Mac48Address mac, std::string* out)
        {
            *out = sw->LookupMac(1, mac);
        }
    };

    Simulator::Schedule(Seconds(10.9), &Probe::Look, sw, b.mac, &before);
    Simulator::Schedule(Seconds(11.1), &Probe::Look, sw, b.mac, &after);
    Simulator::Run();
    EXPECT_EQ(before, "Gi0/2");
    EXPECT_EQ(after, "");
    EXPECT_EQ(atC->CountTo(b.mac), 1u) << "exactly the frame sent after ageing is flooded";
}

TEST_F(PhysicalSwitchTest, Learning_StaticEntryForwardsWithoutFloodingAndNeverAges)
{
    PhysicalSwitchHelper helper;
    helper.SetSwitchAttribute("MacAgingTime", TimeValue(Seconds(1)));
    auto sw = helper.Install(CreateObject<Node>(), 3);
    Host a = Plug(sw, "Gi0/1");
    Host b = Plug(sw, "Gi0/2");
    Host c = Plug(sw, "Gi0/3");
    sw->AddStaticMacEntry(1, b.mac, "Gi0/2");
    auto atC = Create<FrameCounter>(c.dev, "PhyRxEnd");
    auto atB = Create<FrameCounter>(b.dev, "PhyRxEnd");
    Simulator::Schedule(Seconds(5), &SendRaw, a.dev, b.mac, 100);
    Simulator::Run();
    EXPECT_EQ(atC->Count(), 0u);
    EXPECT_EQ(atB->Count(), 1u);
    auto table = sw->GetMacTable();
    bool found = false;
    for (const auto& e : table)
    {
        if (e.mac == b.mac)
        {
            found = true;
            EXPECT_TRUE(e.isStatic);
            EXPECT_EQ(e.port, "Gi0/2");
        }
    }
    EXPECT_TRUE(found);
}

TEST_F(PhysicalSwitchTest, MacTable_ShowMacAddressTablePrintsCiscoLayout)
{
    auto sw = MakeSwitch("sw1", 6);
    sw->SetAccessPort("Gi0/6", 50);
    Host h = Plug(sw, "Gi0/6");
    Plug(sw, "Gi0/1");
    // Seed 1: the nested ESXi's vmk0 and a guest behind it, both on Gi0/6 in VLAN 50.
    Simulator::Schedule(Seconds(1),
                        &SendRawFrom,
                        h.dev,
                        Mac48Address("00:50:56:60:e5:ed"),
                        Mac48Address::GetBroadcast());
    Simulator::Schedule(Seconds(2),
                        &SendRawFrom,
                        h.dev,
                        Mac48Address("00:0c:29:c6:07:20"),
                        Mac48Address::GetBroadcast());
    Simulator::Run();
    sw->AddStaticMacEntry(1, Mac48Address("00:50:56:00:00:01"), "Gi0/1");
    std::string expected = "          Mac Address Table\n"
                           "-------------------------------------------\n"
                           "\n"
                           "Vlan    Mac Address       Type        Ports\n"
                           "----    -----------       --------    -----\n"
                           "   1    0050.5600.0001    STATIC      Gi0/1\n"
                           "  50    000c.29c6.0720    DYNAMIC     Gi0/6\n"
                           "  50    0050.5660.e5ed    DYNAMIC     Gi0/6\n"
                           "Total Mac Addresses for this criterion: 3\n";
    EXPECT_EQ(sw->ShowMacAddressTable(), expected);
    auto rows = sw->GetMacTable();
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[2].vlan, 50);
    EXPECT_EQ(rows[2].mac, Mac48Address("00:50:56:60:e5:ed"));
    EXPECT_FALSE(rows[2].isStatic);
    EXPECT_EQ(rows[2].port, "Gi0/6");
}

// ---------------------------------------------------------------------------------------
// Mirroring

TEST_F(PhysicalSwitchTest, Mirror_DestinationReceivesCopiesOfBothDirections)
{
    auto sw = MakeSwitch("sw1", 3);
    Host a = Plug(sw, "Gi0/1");
    Host b = Plug(sw, "Gi0/2");
    Host m = Plug(sw, "Gi0/3");
    sw->AddMirrorSession({"Gi0/1"}, PhysicalSwitch::MirrorDirection::Both, "Gi0/3");
    AddIp(a.dev, "10.0.0.1/24");
    AddIp(b.dev, "10.0.0.2/24");
    auto atM = Create<FrameCounter>(m.dev, "PhyRxEnd");
    auto ping = Create<PingCounter>(a.node, Ipv4Address("10.0.0.2"), Seconds(1), Seconds(3.5));
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    EXPECT_EQ(ping->Replies(), 3u);
    // Every frame on Gi0/1's wire, received (from A) or transmitted (to A), is copied once.
    uint32_t onTheWire = a.dev->GetCounters().txFrames + a.dev->GetCounters().rxFrames;
    EXPECT_EQ(atM->Count(), onTheWire);
    uint32_t icmpFromA = 0;
    uint32_t icmpToA = 0;
    for (const auto& h : atM->Headers())
    {
        if (h.GetEtherType() == 0x0800)
        {
            icmpFromA += h.GetSource() == a.mac ? 1 : 0;
            icmpToA += h.GetDestination() == a.mac ? 1 : 0;
        }
    }
    EXPECT_EQ(icmpFromA, 3u) << "echo requests received on the source port";
    EXPECT_EQ(icmpToA, 3u) << "echo replies transmitted on the source port";
    EXPECT_GE(atM->CountFrom(a.mac), 4u) << "A's ARP traffic is copied too";
}

TEST_F(PhysicalSwitchTest, Mirror_RxOnlySessionCopiesOnlyReceivedFrames)
{
    auto sw = MakeSwitch("sw1", 3);
    Host a = Plug(sw, "Gi0/1");
    Host b = Plug(sw, "Gi0/2");
    Host m = Plug(sw, "Gi0/3");
    sw->AddMirrorSession({"Gi0/1"}, PhysicalSwitch::MirrorDirection::Rx, "Gi0/3");
    auto atM = Create<FrameCounter>(m.dev, "PhyRxEnd");
    Simulator::Schedule(Seconds(1), &SendRaw, a.dev, b.mac, 100);
    Simulator::Schedule(Seconds(2), &SendRaw, b.dev, a.mac, 100);
    Simulator::Run();
    EXPECT_EQ(atM->CountFrom(a.mac), 1u);
    EXPECT_EQ(atM->CountFrom(b.mac), 0u);
}

TEST_F(PhysicalSwitchTest, Mirror_CopyKeepsTheTagOfTheSourcePortWire)
{
    auto sw = MakeSwitch("sw1", 3);
    sw->SetTrunkPort("Gi0/1", {100});
    sw->SetAccessPort("Gi0/2", 100);
    sw->SetAccessPort("Gi0/3", 1);
    Host a = Plug(sw, "Gi0/1");
    Host b = Plug(sw, "Gi0/2");
    Host m = Plug(sw, "Gi0/3");
    a.dev->SetAttribute("VlanId", UintegerValue(100));
    sw->AddMirrorSession({"Gi0/1"}, PhysicalSwitch::MirrorDirection::Both, "Gi0/3");
    auto atM = Create<FrameCounter>(m.dev, "PhyRxEnd");
    Simulator::Schedule(Seconds(1), &SendRaw, a.dev, b.mac, 100);
    Simulator::Schedule(Seconds(2), &SendRaw, b.dev, a.mac, 100);
    Simulator::Run();
    ASSERT_EQ(atM->Headers().size(), 2u);
    for (const auto& h : atM->Headers())
    {
        EXPECT_TRUE(h.HasVlanTag());
        EXPECT_EQ(h.GetVlanId(), 100);
    }
}

TEST_F(PhysicalSwitchTest, Mirror_DestinationDoesNotSwitchNormalTraffic)
{
    auto sw = MakeSwitch("sw1", 3);
    Host a = Plug(sw, "Gi0/1");
    Host b = Plug(sw, "Gi0/2");
    Host m = Plug(sw, "Gi0/3");
    sw->AddMirrorSession({"Gi0/1"}, PhysicalSwitch::MirrorDirection::Rx, "Gi0/3");
    auto atM = Create<FrameCounter>(m.dev, "PhyRxEnd");
    auto atB = Create<FrameCounter>(b.dev, "PhyRxEnd");
    // B's broadcast is not flooded to the destination; M's own frames are dropped.
    Simulator::Schedule(Seconds(1), &SendRaw, b.dev, Mac48Address::GetBroadcast(), 100);
    Simulator::Schedule(Seconds(2), &SendRaw, m.dev, Mac48Address::GetBroadcast(), 100);
    Simulator::Run();
    EXPECT_EQ(atM->Count(), 0u);
    EXPECT_EQ(atB->Count(), 0u);
    EXPECT_EQ(sw->GetPortDrops("Gi0/3").Get(DropReason::MirrorDestination), 1u);
    (void)a;
}

// ---------------------------------------------------------------------------------------
// Link aggregation

namespace
{
/// Which member of a port-channel transmitted, per send.
struct MemberLog
{
    std::vector<int> members;

    static void Tx(MemberLog* log, int member, Ptr<const Packet>)
    {
        log->members.push_back(member);
    }
};
} // namespace

TEST_F(PhysicalSwitchTest, Lag_BroadcastLeavesOnceAndIpPairsSpreadOverMembers)
{
    auto sw1 = MakeSwitch("sw1", 4);
    auto sw2 = MakeSwitch("sw2", 4);
    sw1->AddLag("Po1", {"Gi0/3", "Gi0/4"});
    sw2->AddLag("Po1", {"Gi0/3", "Gi0/4"});
    Cable(sw1, "Gi0/3", sw2, "Gi0/3");
    Cable(sw1, "Gi0/4", sw2, "Gi0/4");
    Host a = Plug(sw1, "Gi0/1");
    Host b = Plug(sw2, "Gi0/1");
    auto atB = Create<FrameCounter>(b.dev, "PhyRxEnd");
    auto atA = Create<FrameCounter>(a.dev, "PhyRxEnd");
    MemberLog log;
    sw1->GetPortDevice("Gi0/3")->TraceConnectWithoutContext(
        "PhyTxBegin",
        MakeBoundCallback(&MemberLog::Tx, &log, 0));
    sw1->GetPortDevice("Gi0/4")->TraceConnectWithoutContext(
        "PhyTxBegin",
        MakeBoundCallback(&MemberLog::Tx, &log, 1));

    // A broadcast crosses the bundle once and is not looped back.
    Simulator::Schedule(Seconds(1), &SendRaw, a.dev, Mac48Address::GetBroadcast(), 100);
    // B answers, so both switches learn B behind their port-channel.
    Simulator::Schedule(Seconds(2), &SendRaw, b.dev, a.mac, 100);
    // Four IP pairs, each sent three times.
    const std::vector<std::pair<std::string, std::string>> pairs = {
        {"10.0.0.1", "10.0.0.2"},
        {"10.0.0.1", "10.0.0.3"},
        {"10.0.0.5", "10.0.0.9"},
        {"10.0.0.4", "10.0.0.4"},
    };
    double t = 3;
    for (int round = 0; round < 3; ++round)
    {
        for (const auto& p : pairs)
        {
            Simulator::Schedule(Seconds(t), &SendIpv4, a.dev, b.mac, p.first, p.second, 100);
            t += 0.1;
        }
    }
    Simulator::Run();
    EXPECT_EQ(atB->CountTo(Mac48Address::GetBroadcast()), 1u);
    EXPECT_EQ(atA->CountTo(Mac48Address::GetBroadcast()), 0u)
        << "broadcast came back over the bundle";
    EXPECT_EQ(sw1->LookupMac(1, b.mac), "Po1");
    EXPECT_EQ(sw2->LookupMac(1, a.mac), "Po1");
    ASSERT_EQ(log.members.size(), 1u + 12u);
    std::vector<int> ipMembers(log.members.begin() + 1, log.members.end());
    for (std::size_t i = 0; i < pairs.size(); ++i)
    {
        EXPECT_EQ(ipMembers[i], ipMembers[i + 4]) << "pair " << i << " changed member";
        EXPECT_EQ(ipMembers[i], ipMembers[i + 8]) << "pair " << i << " changed member";
    }
    EXPECT_NE(ipMembers[0], ipMembers[1]) << "10.0.0.1->.2 and 10.0.0.1->.3 should hash apart";
    EXPECT_EQ(CountOf(ipMembers, 0) + CountOf(ipMembers, 1), 12u);
    EXPECT_GT(CountOf(ipMembers, 0), 0u);
    EXPECT_GT(CountOf(ipMembers, 1), 0u);
    EXPECT_EQ(atB->CountTo(b.mac), 12u);
}

TEST_F(PhysicalSwitchTest, Lag_TrafficMovesToTheRemainingMemberWhenOneFails)
{
    auto sw1 = MakeSwitch("sw1", 4);
    auto sw2 = MakeSwitch("sw2", 4);
    sw1->AddLag("Po1", {"Gi0/3", "Gi0/4"});
    sw2->AddLag("Po1", {"Gi0/3", "Gi0/4"});
    Cable(sw1, "Gi0/3", sw2, "Gi0/3");
    Cable(sw1, "Gi0/4", sw2, "Gi0/4");
    Host a = Plug(sw1, "Gi0/1");
    Host b = Plug(sw2, "Gi0/1");
    auto atB = Create<FrameCounter>(b.dev, "PhyRxEnd");
    sw1->SetPortAdminUp("Gi0/3", false);
    for (int i = 0; i < 5; ++i)
    {
        Simulator::Schedule(Seconds(1 + i),
                            &SendIpv4,
                            a.dev,
                            Mac48Address::GetBroadcast(),
                            "10.0.0." + std::to_string(i + 1),
                            "10.0.0.100",
                            100);
    }
    Simulator::Run();
    EXPECT_EQ(atB->Count(), 5u);
    EXPECT_EQ(sw1->GetPortDevice("Gi0/3")->GetCounters().txFrames, 0u);
    EXPECT_EQ(sw1->GetPortDevice("Gi0/4")->GetCounters().txFrames, 5u);
}

// ---------------------------------------------------------------------------------------
// Fault injection

TEST_F(PhysicalSwitchTest, Blackhole_RxDropsWhatArrivesReportsItAndKeepsTheLinkUp)
{
    auto sw = MakeSwitch("sw1", 2);
    Host a = Plug(sw, "Gi0/1");
    Host b = Plug(sw, "Gi0/2");
    AddIp(a.dev, "10.0.0.1/24");
    AddIp(b.dev, "10.0.0.2/24");
    SwitchDrops drops;
    sw->TraceConnectWithoutContext("Drop", MakeCallback(&SwitchDrops::Sink, &drops));
    auto ping = Create<PingCounter>(a.node, Ipv4Address("10.0.0.2"), Seconds(1), Seconds(6.5));
    Simulator::Schedule(Seconds(3.5),
                        &PhysicalSwitch::SetBlackhole,
                        sw,
                        std::string("Gi0/2"),
                        PhysicalSwitch::Blackhole::Rx);
    auto atB = Create<FrameCounter>(b.dev, "PhyRxEnd");
    Simulator::Stop(Seconds(7));
    Simulator::Run();
    // Pings at 1, 2, 3 answered; from 4 on B's replies vanish at Gi0/2.
    EXPECT_EQ(ping->Replies(), 3u);
    EXPECT_TRUE(b.dev->IsLinkUp());
    EXPECT_TRUE(sw->GetPortDevice("Gi0/2")->IsLinkUp());
    uint64_t eaten = sw->GetPortDrops("Gi0/2").Get(DropReason::Blackhole);
    EXPECT_GE(eaten, 3u);
    EXPECT_EQ(drops.Count(DropReason::Blackhole), eaten);
    // Requests still reach B: only its direction into the switch is cut.
    EXPECT_GE(atB->CountFrom(a.mac), 6u);
}

TEST_F(PhysicalSwitchTest, Blackhole_TxDropsWhatWouldLeave)
{
    auto sw = MakeSwitch("sw1", 2);
    Host a = Plug(sw, "Gi0/1");
    Host b = Plug(sw, "Gi0/2");
    sw->SetBlackhole("Gi0/2", PhysicalSwitch::Blackhole::Tx);
    auto atB = Create<FrameCounter>(b.dev, "PhyRxEnd");
    auto atA = Create<FrameCounter>(a.dev, "PhyRxEnd");
    Simulator::Schedule(Seconds(1), &SendRaw, a.dev, Mac48Address::GetBroadcast(), 100);
    Simulator::Schedule(Seconds(2), &SendRaw, b.dev, a.mac, 100);
    Simulator::Run();
    EXPECT_EQ(atB->Count(), 0u);
    EXPECT_EQ(atA->Count(), 1u);
    EXPECT_EQ(sw->GetPortDrops("Gi0/2").Get(DropReason::Blackhole), 1u);
}

// Storm control (spec section 10, seed 3): per port, received broadcast, multicast or unknown
// unicast above a level of the port's bandwidth is dropped; level 0 drops all of it.
TEST_F(PhysicalSwitchTest, StormControl_BroadcastLevelZeroDropsAllReceivedBroadcastOnThatPortOnly)
{
    auto sw = MakeSwitch("sw1", 3);
    Host a = Plug(sw, "Gi0/1");
    Host b = Plug(sw, "Gi0/2");
    Host c = Plug(sw, "Gi0/3");
    SwitchDrops drops;
    sw->TraceConnectWithoutContext("Drop", MakeCallback(&SwitchDrops::Sink, &drops));
    auto atA = Create<FrameCounter>(a.dev, "PhyRxEnd");
    auto atB = Create<FrameCounter>(b.dev, "PhyRxEnd");
    auto atC = Create<FrameCounter>(c.dev, "PhyRxEnd");
    sw->SetStormControl("Gi0/1", PhysicalSwitch::StormTraffic::Broadcast, 0);
    EXPECT_EQ(sw->GetStormControl("Gi0/1", PhysicalSwitch::StormTraffic::Broadcast), 0);
    EXPECT_EQ(sw->GetStormControl("Gi0/1", PhysicalSwitch::StormTraffic::Multicast), 100);
    const Mac48Address group("01:00:5e:00:00:01");
    const Mac48Address nobody("02:00:00:00:00:99");
    Simulator::Schedule(Seconds(1), &SendRaw, b.dev, Mac48Address::GetBroadcast(), 100); // b learned
    for (int i = 0; i < 3; ++i)
    {
        Simulator::Schedule(Seconds(2 + 0.1 * i), &SendRaw, a.dev, Mac48Address::GetBroadcast(), 100);
    }
    Simulator::Schedule(Seconds(3), &SendRaw, a.dev, group, 100);
    Simulator::Schedule(Seconds(3.1), &SendRaw, a.dev, nobody, 100);
    Simulator::Schedule(Seconds(3.2), &SendRaw, a.dev, b.mac, 100);
    Simulator::Schedule(Seconds(4), &SendRaw, c.dev, Mac48Address::GetBroadcast(), 100);
    Simulator::Run();
    EXPECT_EQ(atB->CountTo(Mac48Address::GetBroadcast()), 1u) << "c's broadcast only";
    EXPECT_EQ(atC->CountTo(Mac48Address::GetBroadcast()), 1u) << "b's broadcast only";
    EXPECT_EQ(atA->CountTo(Mac48Address::GetBroadcast()), 2u) << "egress broadcast to a is not controlled";
    EXPECT_EQ(atB->CountTo(group), 1u) << "multicast passes";
    EXPECT_EQ(atC->CountTo(group), 1u);
    EXPECT_EQ(atB->CountTo(nobody), 1u) << "unknown unicast is flooded";
    EXPECT_EQ(atC->CountTo(nobody), 1u);
    EXPECT_EQ(atB->CountTo(b.mac), 1u) << "known unicast passes";
    EXPECT_EQ(sw->GetPortDrops("Gi0/1").Get(DropReason::StormControl), 3u);
    EXPECT_EQ(sw->GetPortDrops("Gi0/1").Total(), 3u);
    EXPECT_EQ(drops.Count(DropReason::StormControl), 3u);
    EXPECT_EQ(drops.drops.size(), 3u);
    EXPECT_EQ(sw->LookupMac(1, a.mac), "Gi0/1") << "the dropped frames' source is still learned";
    EXPECT_STREQ(DropReasonToString(DropReason::StormControl), "storm-control");
}

TEST_F(PhysicalSwitchTest, StormControl_UnknownUnicastAndMulticastAreControlledSeparately)
{
    auto sw = MakeSwitch("sw1", 2);
    Host a = Plug(sw, "Gi0/1");
    Host b = Plug(sw, "Gi0/2");
    auto atB = Create<FrameCounter>(b.dev, "PhyRxEnd");
    const Mac48Address group("01:00:5e:00:00:01");
    const Mac48Address nobody("02:00:00:00:00:99");
    sw->SetStormControl("Gi0/1", PhysicalSwitch::StormTraffic::UnknownUnicast, 0);
    Simulator::Schedule(Seconds(1), &SendRaw, b.dev, a.mac, 100); // b learned, a unknown
    Simulator::Schedule(Seconds(2), &SendRaw, a.dev, nobody, 100);
    Simulator::Schedule(Seconds(2.1), &SendRaw, a.dev, b.mac, 100);
    Simulator::Schedule(Seconds(2.2), &SendRaw, a.dev, group, 100);
    Simulator::Schedule(Seconds(2.3), &SendRaw, a.dev, Mac48Address::GetBroadcast(), 100);
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    EXPECT_EQ(atB->CountTo(nobody), 0u) << "unknown unicast dropped";
    EXPECT_EQ(atB->CountTo(b.mac), 1u) << "known unicast is not flooded: not controlled";
    EXPECT_EQ(atB->CountTo(group), 1u);
    EXPECT_EQ(atB->CountTo(Mac48Address::GetBroadcast()), 1u);
    EXPECT_EQ(sw->GetPortDrops("Gi0/1").Get(DropReason::StormControl), 1u);

    // Now multicast at 0 and unknown unicast lifted.
    sw->SetStormControl("Gi0/1", PhysicalSwitch::StormTraffic::Multicast, 0);
    sw->SetStormControl("Gi0/1", PhysicalSwitch::StormTraffic::UnknownUnicast, 100);
    Simulator::Schedule(Seconds(1), &SendRaw, a.dev, nobody, 100);
    Simulator::Schedule(Seconds(1.1), &SendRaw, a.dev, group, 100);
    Simulator::Schedule(Seconds(1.2), &SendRaw, a.dev, Mac48Address::GetBroadcast(), 100);
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    EXPECT_EQ(atB->CountTo(nobody), 1u) << "100 lifts it";
    EXPECT_EQ(atB->CountTo(group), 1u) << "the second multicast is dropped";
    EXPECT_EQ(atB->CountTo(Mac48Address::GetBroadcast()), 2u);
    EXPECT_EQ(sw->GetPortDrops("Gi0/1").Get(DropReason::StormControl), 2u);
}

namespace
{
/// Offer broadcast frames from `start`, one in every `every` slots of the device's line
/// (1: back to back at line rate).
void
OfferBroadcast(Ptr<EthernetNetDevice> dev, Time start, uint32_t frames, uint32_t payload, uint32_t every = 1)
{
    // 14 bytes of header, and preamble, FCS and gap on the wire.
    uint64_t lineBytes = payload + 14 + EthernetNetDevice::kPreambleBytes +
                         EthernetNetDevice::kFcsBytes + EthernetNetDevice::kIfgBytes;
    Time slot = dev->GetDataRate().CalculateBytesTxTime(lineBytes);
    for (uint32_t i = 0; i < frames; ++i)
    {
        Simulator::Schedule(start + slot * (i * every), &SendRaw, dev, Mac48Address::GetBroadcast(), payload);
    }
}
} // namespace

TEST_F(PhysicalSwitchTest, StormControl_LevelLetsThroughAboutThatShareOfTheBandwidthAnd100LiftsIt)
{
    auto sw = MakeSwitch("sw1", 2);
    sw->SetAttribute("StormControlInterval", TimeValue(MilliSeconds(100)));
    Host a = Plug(sw, "Gi0/1");
    Host b = Plug(sw, "Gi0/2");
    for (auto dev : {a.dev, sw->GetPortDevice("Gi0/1"), sw->GetPortDevice("Gi0/2"), b.dev})
    {
        dev->SetDataRate(DataRate("10Mbps"));
    }
    auto atB = Create<FrameCounter>(b.dev, "PhyRxEnd");
    const uint32_t payload = 1000; // 1038 bytes on the wire: about 1204 frames/s at 10 Mb/s
    const uint32_t second = 1204;

    // A full line of broadcast for one second (ten intervals) against level 30.
    sw->SetStormControl("Gi0/1", PhysicalSwitch::StormTraffic::Broadcast, 30);
    OfferBroadcast(a.dev, Seconds(1), second, payload);
    Simulator::Stop(Seconds(2.5));
    Simulator::Run();
    double passed = atB->Count() / double(second);
    EXPECT_NEAR(passed, 0.30, 0.02) << atB->Count() << " of " << second << " frames passed";
    EXPECT_EQ(sw->GetPortDrops("Gi0/1").Get(DropReason::StormControl), second - atB->Count());

    // Below the level nothing is dropped: every fourth frame of the line is 25 %.
    uint32_t before = atB->Count();
    OfferBroadcast(a.dev, MilliSeconds(500), second / 4, payload, 4);
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    EXPECT_EQ(atB->Count() - before, second / 4) << "25 % of the line is under a level of 30";

    // 100 lifts it: the whole line passes.
    sw->SetStormControl("Gi0/1", PhysicalSwitch::StormTraffic::Broadcast, 100);
    before = atB->Count();
    uint64_t dropped = sw->GetPortDrops("Gi0/1").Get(DropReason::StormControl);
    OfferBroadcast(a.dev, MilliSeconds(500), second, payload);
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    EXPECT_EQ(atB->Count() - before, second);
    EXPECT_EQ(sw->GetPortDrops("Gi0/1").Get(DropReason::StormControl), dropped);
}

TEST_F(PhysicalSwitchTest, StormControl_BadLevelOrPortIsRefusedAndAPortChannelSetsEveryMember)
{
    auto sw = MakeSwitch("sw1", 3);
    ExpectConfigError([&] { sw->SetStormControl("Gi0/1", PhysicalSwitch::StormTraffic::Broadcast, 101); },
                      {"sw1", "Gi0/1", "storm control level 101 is out of range 0-100"});
    ExpectConfigError([&] { sw->SetStormControl("Gi0/1", PhysicalSwitch::StormTraffic::Broadcast, -1); },
                      {"level -1"});
    ExpectConfigError([&] { sw->SetStormControl("Gi0/9", PhysicalSwitch::StormTraffic::Broadcast, 0); },
                      {"'Gi0/9'"});
    sw->AddLag("Po1", {"Gi0/2", "Gi0/3"});
    sw->SetStormControl("Po1", PhysicalSwitch::StormTraffic::Multicast, 20);
    EXPECT_EQ(sw->GetStormControl("Gi0/2", PhysicalSwitch::StormTraffic::Multicast), 20);
    EXPECT_EQ(sw->GetStormControl("Gi0/3", PhysicalSwitch::StormTraffic::Multicast), 20);
    EXPECT_EQ(sw->GetStormControl("Gi0/1", PhysicalSwitch::StormTraffic::Multicast), 100);
}

TEST_F(PhysicalSwitchTest, AdminDown_TakesTheLinkDownAtBothEndsAndFlushesItsMacs)
{
    auto sw = MakeSwitch("sw1", 2);
    Host a = Plug(sw, "Gi0/1");
    Host b = Plug(sw, "Gi0/2");
    Simulator::Schedule(Seconds(1), &SendRaw, b.dev, a.mac, 100);
    Simulator::Run();
    ASSERT_EQ(sw->LookupMac(1, b.mac), "Gi0/2");
    sw->SetPortAdminUp("Gi0/2", false);
    EXPECT_FALSE(b.dev->IsLinkUp());
    EXPECT_FALSE(sw->GetPortDevice("Gi0/2")->IsLinkUp());
    EXPECT_EQ(sw->LookupMac(1, b.mac), "");
    sw->SetPortAdminUp("Gi0/2", true);
    EXPECT_TRUE(b.dev->IsLinkUp());
}

// ---------------------------------------------------------------------------------------
// Bad input

TEST_F(PhysicalSwitchTest, BadInput_VlanOutOfRangeNamesTheVlanAndTheRange)
{
    auto sw = MakeSwitch("sw1", 2);
    ExpectConfigError([&] { sw->SetAccessPort("Gi0/1", 5000); },
                      {"sw1", "Gi0/1", "VLAN 5000", "1-4094"});
    ExpectConfigError([&] { sw->SetAccessPort("Gi0/1", 0); }, {"VLAN 0", "1-4094"});
    ExpectConfigError([&] { sw->SetTrunkPort("Gi0/1", {10, 4095}); }, {"VLAN 4095", "1-4094"});
    ExpectConfigError([&] { sw->SetTrunkPort("Gi0/1", {10}, 4096); }, {"native", "VLAN 4096"});
    ExpectConfigError(
        [&] { sw->AddStaticMacEntry(9999, Mac48Address("00:50:56:00:00:01"), "Gi0/1"); },
        {"VLAN 9999"});
}

TEST_F(PhysicalSwitchTest, BadInput_UnknownPortNamesItAndListsThePorts)
{
    auto sw = MakeSwitch("sw1", 8);
    ExpectConfigError([&] { sw->SetAccessPort("Gi0/9", 10); },
                      {"sw1", "'Gi0/9'", "Gi0/1 .. Gi0/8"});
    ExpectConfigError([&] { sw->GetPortDevice("Fa0/1"); }, {"'Fa0/1'"});
    ExpectConfigError([&] { sw->SetBlackhole("Gi0/0", PhysicalSwitch::Blackhole::Rx); },
                      {"'Gi0/0'"});
    ExpectConfigError(
        [&] { sw->AddMirrorSession({"Gi0/1"}, PhysicalSwitch::MirrorDirection::Both, "Gi0/99"); },
        {"'Gi0/99'"});
    sw->AddLag("Po1", {"Gi0/5", "Gi0/6"});
    ExpectConfigError([&] { sw->SetTrunkPort("Po2", {10}); }, {"'Po2'", "port-channels: Po1"});
}

TEST_F(PhysicalSwitchTest, BadInput_MirrorDestinationThatIsAlsoASourceIsRefused)
{
    auto sw = MakeSwitch("sw1", 4);
    ExpectConfigError(
        [&] {
            sw->AddMirrorSession({"Gi0/1", "Gi0/3"},
                                 PhysicalSwitch::MirrorDirection::Both,
                                 "Gi0/3");
        },
        {"mirror destination Gi0/3 is also one of its sources"});
    sw->AddMirrorSession({"Gi0/1"}, PhysicalSwitch::MirrorDirection::Both, "Gi0/3");
    ExpectConfigError(
        [&] { sw->AddMirrorSession({"Gi0/2"}, PhysicalSwitch::MirrorDirection::Rx, "Gi0/1"); },
        {"Gi0/1 is a source of another mirror session"});
    ExpectConfigError(
        [&] { sw->AddMirrorSession({"Gi0/3"}, PhysicalSwitch::MirrorDirection::Rx, "Gi0/4"); },
        {"Gi0/3 is a mirror destination"});
}

TEST_F(PhysicalSwitchTest, BadInput_LagMemberAlreadyInAnotherLagIsRefused)
{
    auto sw = MakeSwitch("sw1", 6);
    sw->AddLag("Po1", {"Gi0/1", "Gi0/2"});
    ExpectConfigError(
        [&] {
            sw->AddLag("Po2", {"Gi0/2", "Gi0/3"});
        },
        {"Gi0/2 is already a member of Po1"});
    ExpectConfigError([&] { sw->AddLag("Po3", {"Gi0/4"}); }, {"at least 2 member ports"});
    ExpectConfigError([&] { sw->AddLag("Po1", {"Gi0/4", "Gi0/5"}); }, {"Po1 already names"});
    ExpectConfigError([&] { sw->SetAccessPort("Gi0/1", 10); },
                      {"Gi0/1 is a member of Po1", "configure Po1"});
}

// A real switch suspends a member whose configuration differs from the bundle's (Cisco:
// "suspended: incompatible configuration"); the model refuses to bundle such ports.
TEST_F(PhysicalSwitchTest, Lag_MembersConfiguredDifferentlyAreRefusedNamingThePortChannelAndBoth)
{
    auto sw = MakeSwitch("sw1", 10);
    sw->SetTrunkPort("Gi0/1", {10});
    sw->SetAccessPort("Gi0/2", 10);
    ExpectConfigError([&] { sw->AddLag("Po1", {"Gi0/1", "Gi0/2"}); },
                      {"PhysicalSwitch sw1: port-channel Po1",
                       "member Gi0/2 is an access port in VLAN 10",
                       "member Gi0/1 a trunk of VLANs 10 with native VLAN 1",
                       "suspended: incompatible configuration",
                       "configure the members of Po1 alike"});
    EXPECT_FALSE(sw->HasLag("Po1")) << "nothing is bundled";
    sw->SetAccessPort("Gi0/2", 20); // still a port of its own

    // Different allowed lists.
    sw->SetTrunkPort("Gi0/3", {10, 20, 21, 22});
    sw->SetTrunkPort("Gi0/4", {10});
    ExpectConfigError([&] { sw->AddLag("Po2", {"Gi0/3", "Gi0/4"}); },
                      {"port-channel Po2", "member Gi0/4 is a trunk of VLANs 10 ",
                       "member Gi0/3 a trunk of VLANs 10,20-22 "});
    // Different native VLANs.
    sw->SetTrunkPort("Gi0/5", {10}, 1);
    sw->SetTrunkPort("Gi0/6", {10}, 10);
    ExpectConfigError([&] { sw->AddLag("Po3", {"Gi0/5", "Gi0/6"}); },
                      {"port-channel Po3", "Gi0/6 is a trunk of VLANs 10 with native VLAN 10",
                       "Gi0/5 a trunk of VLANs 10 with native VLAN 1"});
    // Access ports in different VLANs; the third member is the odd one.
    sw->SetAccessPort("Gi0/7", 10);
    sw->SetAccessPort("Gi0/8", 10);
    sw->SetAccessPort("Gi0/9", 30);
    ExpectConfigError([&] { sw->AddLag("Po4", {"Gi0/7", "Gi0/8", "Gi0/9"}); },
                      {"port-channel Po4", "member Gi0/9 is an access port in VLAN 30",
                       "member Gi0/7 an access port in VLAN 10"});
    for (const char* lag : {"Po2", "Po3", "Po4"})
    {
        EXPECT_FALSE(sw->HasLag(lag)) << lag;
    }

    // Members configured alike bundle, and the port-channel carries what they carried.
    sw->SetTrunkPort("Gi0/3", {10});
    sw->AddLag("Po2", {"Gi0/3", "Gi0/4"});
    EXPECT_TRUE(sw->HasLag("Po2"));
    const auto& cfg = sw->GetVlanConfig("Po2");
    EXPECT_EQ(cfg.mode, PhysicalSwitch::PortMode::Trunk);
    EXPECT_TRUE(cfg.allowed[10]);
    EXPECT_FALSE(cfg.allowed[20]);
    // Settings an access port does not use do not count.
    sw->SetTrunkPort("Gi0/10", {99}, 99);
    sw->SetAccessPort("Gi0/10", 10);
    sw->AddLag("Po5", {"Gi0/7", "Gi0/8", "Gi0/10"});
    EXPECT_EQ(sw->GetVlanConfig("Po5").accessVlan, 10u);
}

TEST_F(PhysicalSwitchTest, BadInput_DuplicatePortNameIsRefused)
{
    auto sw = MakeSwitch("sw1", 2);
    EthernetHelper e;
    Ptr<EthernetNetDevice> dev = e.CreateDevice(sw->GetNode());
    ExpectConfigError([&] { sw->AddPort(dev, "Gi0/1"); }, {"Gi0/1 already exists"});
}

/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The ESXi vSwitch, spec sections 2-4: forwarding inside one vSwitch, VLANs, NIC teaming,
 * reverse teaming and the reverse path check. Each test is named after the rule it holds.
 */
#include "vswitch-lab.h"

#include "ns3/rarp-header.h"

#include <set>

using namespace ns3;
using namespace vswitchtest;

namespace
{

class VSwitchTest : public SimulationTest
{
  protected:
    /// A lab with one host (two uplinks) and port group "PG" in VLAN 100.
    void OneHost(std::vector<std::string> nics = {"vmnic0", "vmnic1"})
    {
        h1 = lab.Host("esxi01", nics);
        h1->AddPortGroup("PG", 100);
        vs = h1->GetVSwitch();
    }

    /// OneHost() with both uplinks facing LAG Po1 (a trunk of every VLAN) and IP hash on "PG".
    void OneHostIpHashOnALag()
    {
        OneHost();
        lab.sw->AddLag("Po1", {lab.SwitchPortOf(h1, "vmnic0"), lab.SwitchPortOf(h1, "vmnic1")});
        lab.sw->SetTrunkPort("Po1", {});
        TeamingPolicy t;
        t.loadBalancing = LoadBalancing::IpHash;
        h1->GetPortGroup("PG")->SetTeamingOverride(t);
    }

    Ptr<VSwitchPort> PortOf(Ptr<Node> vm, Ptr<EsxiHost> host = nullptr)
    {
        return (host ? host : h1)->GetVmPort(vm);
    }

    uint32_t UplinkId(const std::string& nic, Ptr<VSwitch> s = nullptr)
    {
        return (s ? s : vs)->GetUplinkPortId(nic);
    }

    Lab lab;
    Ptr<EsxiHost> h1;
    Ptr<VSwitch> vs;
};

void
SendRawFrom(Ptr<NetDevice> dev, Mac48Address src, Mac48Address dst)
{
    dev->SendFrom(Create<Packet>(100), src, dst, 0x88b5);
}

void
CutCable(Ptr<EsxiHost> host, std::string nic, bool cut)
{
    EthernetHelper::GetChannel(host->GetNic(nic))->SetConnected(!cut);
}

/// Count of capture-log entries whose context says uplink port `uplinkId` and source `mac`.
std::size_t
OnUplink(const CaptureLog& log, uint32_t uplinkId, Mac48Address mac)
{
    return log.CountFrom(mac, uplinkId);
}

} // namespace

// =========================================================================================
// Section 2: forwarding

TEST_F(VSwitchTest, Smoke_PingBetweenVmsOnTwoHosts)
{
    OneHost();
    auto h2 = lab.Host("esxi02");
    h2->AddPortGroup("PG", 100);
    auto vm1 = lab.Vm(h1, "PG", "192.168.100.11/24");
    lab.Vm(h2, "PG", "192.168.100.12/24");
    auto ping = Create<PingCounter>(vm1, Ipv4Address("192.168.100.12"), Seconds(1), Seconds(4.5));
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    EXPECT_EQ(ping->Replies(), 4u);
}

TEST_F(VSwitchTest, Forwarding_StandardSwitchDoesNotLearnSourceMacs)
{
    OneHost();
    auto vm1 = lab.Vm(h1, "PG", "");
    auto ext = lab.External(100, "");
    Mac48Address behindVm("00:50:56:aa:00:01");
    CaptureLog drops(vs, "Drop");
    CaptureLog vnicRx(vs, "VnicRx");
    // vm1 sends with a MAC that is not its own (forged transmits accept on a standard switch):
    // the physical switch learns it behind esxi01, the vSwitch does not.
    Simulator::Schedule(Seconds(1),
                        &SendRawFrom,
                        Lab::Nic(vm1),
                        behindVm,
                        Mac48Address::GetBroadcast());
    Simulator::Schedule(Seconds(2), &SendRaw, Lab::Nic(ext), behindVm, 100);
    Simulator::Run();
    EXPECT_NE(lab.sw->LookupMac(100, behindVm), "") << "the physical switch should have learned it";
    EXPECT_EQ(vnicRx.CountTo(behindVm), 0u);
    EXPECT_EQ(drops.Drops(DropReason::UnknownUnicast), 1u);
}

TEST_F(VSwitchTest, Forwarding_FramesBetweenLocalVmsNeverLeaveTheHost)
{
    OneHost();
    auto vm1 = lab.Vm(h1, "PG", "192.168.100.11/24");
    lab.Vm(h1, "PG", "192.168.100.12/24");
    CaptureLog uplinkSnd(vs, "UplinkSnd");
    // Even with both cables cut the two VMs talk.
    Simulator::Schedule(Seconds(0.5), &CutCable, h1, std::string("vmnic0"), true);
    Simulator::Schedule(Seconds(0.5), &CutCable, h1, std::string("vmnic1"), true);
    auto ping = Create<PingCounter>(vm1, Ipv4Address("192.168.100.12"), Seconds(1), Seconds(4.5));
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    EXPECT_EQ(ping->Replies(), 4u);
    EXPECT_EQ(uplinkSnd.Count(0x0800), 0u) << "an ICMP frame between local VMs left the host";
}

TEST_F(VSwitchTest, Forwarding_BumLeavesByExactlyOneUplinkAndReachesTheOtherLocalPorts)
{
    OneHost();
    h1->AddPortGroup("PG-B", 100); // another port group in the same VLAN
    h1->AddPortGroup("PG-200", 200);
    auto vm1 = lab.Vm(h1, "PG", "");
    auto vm2 = lab.Vm(h1, "PG", "");
    auto vm3 = lab.Vm(h1, "PG-B", "");
    auto vm4 = lab.Vm(h1, "PG-200", "");
    CaptureLog uplinkSnd(vs, "UplinkSnd");
    CaptureLog vnicRx(vs, "VnicRx");
    Mac48Address mac1 = Lab::MacOf(vm1);
    Simulator::Schedule(Seconds(1), &SendRaw, Lab::Nic(vm1), Mac48Address::GetBroadcast(), 100);
    Simulator::Schedule(Seconds(2),
                        &SendRaw,
                        Lab::Nic(vm1),
                        Mac48Address("00:50:56:77:77:77"),
                        100);
    Simulator::Run();
    EXPECT_EQ(uplinkSnd.CountFrom(mac1), 2u) << "each frame leaves by exactly one uplink";
    EXPECT_EQ(uplinkSnd.CountTo(Mac48Address::GetBroadcast()), 1u);
    EXPECT_EQ(vnicRx.CountFrom(mac1, PortOf(vm2)->GetPortId()), 1u);
    EXPECT_EQ(vnicRx.CountFrom(mac1, PortOf(vm3)->GetPortId()), 1u);
    EXPECT_EQ(vnicRx.CountFrom(mac1, PortOf(vm4)->GetPortId()), 0u) << "BUM crossed into VLAN 200";
    EXPECT_EQ(vnicRx.CountFrom(mac1, PortOf(vm1)->GetPortId()), 0u) << "sender got its own frame";
    EXPECT_EQ(vnicRx.CountTo(Mac48Address("00:50:56:77:77:77")), 0u)
        << "unicast to a non-local MAC was delivered locally";
}

TEST_F(VSwitchTest, Forwarding_UnknownUnicastFromAnUplinkIsDroppedBumIsDelivered)
{
    OneHost();
    auto vm1 = lab.Vm(h1, "PG", "");
    auto vm2 = lab.Vm(h1, "PG", "");
    auto ext = lab.External(100, "");
    CaptureLog drops(vs, "Drop");
    CaptureLog vnicRx(vs, "VnicRx");
    Mac48Address unknown("00:50:56:66:66:66");
    Simulator::Schedule(Seconds(1), &SendRaw, Lab::Nic(ext), unknown, 100);
    Simulator::Schedule(Seconds(2), &SendRaw, Lab::Nic(ext), Mac48Address::GetBroadcast(), 100);
    Simulator::Run();
    EXPECT_EQ(vnicRx.CountTo(unknown), 0u);
    // The physical switch floods the unknown unicast to both uplinks: two drops.
    EXPECT_EQ(drops.Drops(DropReason::UnknownUnicast), 2u);
    EXPECT_EQ(vnicRx.CountTo(Mac48Address::GetBroadcast()), 2u) << "one copy per VM";
    EXPECT_EQ(vnicRx.CountTo(Mac48Address::GetBroadcast(), PortOf(vm1)->GetPortId()), 1u);
    EXPECT_EQ(vnicRx.CountTo(Mac48Address::GetBroadcast(), PortOf(vm2)->GetPortId()), 1u);
}

TEST_F(VSwitchTest, Forwarding_NeverUplinkToUplink)
{
    OneHost();
    lab.Vm(h1, "PG", "");
    auto ext = lab.External(100, "");
    CaptureLog uplinkRcv(vs, "UplinkRcv");
    CaptureLog uplinkSnd(vs, "UplinkSnd");
    Mac48Address extMac = Lab::MacOf(ext);
    Simulator::Schedule(Seconds(1), &SendRaw, Lab::Nic(ext), Mac48Address::GetBroadcast(), 100);
    Simulator::Schedule(Seconds(2),
                        &SendRaw,
                        Lab::Nic(ext),
                        Mac48Address("00:50:56:12:34:56"),
                        100);
    Simulator::Run();
    EXPECT_EQ(uplinkRcv.CountFrom(extMac), 4u) << "both frames arrive on both uplinks";
    EXPECT_EQ(uplinkSnd.CountFrom(extMac), 0u) << "a frame from an uplink left by an uplink";
}

// =========================================================================================
// Section 2.6: VLANs

TEST_F(VSwitchTest, Vlan_SwitchTaggingTagsOnTheUplinkAndNoTagAtTheVnic)
{
    OneHost();
    auto vm1 = lab.Vm(h1, "PG", "192.168.100.11/24");
    lab.External(100, "192.168.100.50/24");
    CaptureLog uplinkSnd(vs, "UplinkSnd");
    CaptureLog uplinkRcv(vs, "UplinkRcv");
    CaptureLog vnicRx(vs, "VnicRx");
    auto ping = Create<PingCounter>(vm1, Ipv4Address("192.168.100.50"), Seconds(1), Seconds(3.5));
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    EXPECT_EQ(ping->Replies(), 3u);
    ASSERT_GT(uplinkSnd.Count(0x0800), 0u);
    for (const auto& s : uplinkSnd.All())
    {
        EXPECT_TRUE(s.header.HasVlanTag());
        EXPECT_EQ(s.header.GetVlanId(), 100);
        EXPECT_EQ(s.where.vlan, 100);
    }
    for (const auto& s : uplinkRcv.All())
    {
        EXPECT_EQ(s.header.GetVlanId(), 100);
    }
    ASSERT_GT(vnicRx.Count(0x0800), 0u);
    for (const auto& s : vnicRx.All())
    {
        EXPECT_FALSE(s.header.HasVlanTag()) << "a VST port group's VM saw a tag";
        EXPECT_EQ(s.where.vlan, 0);
    }
}

TEST_F(VSwitchTest, Vlan_VlanZeroSendsUntagged)
{
    h1 = lab.Host("esxi01");
    h1->AddPortGroup("EST", 0);
    vs = h1->GetVSwitch();
    auto vm1 = lab.Vm(h1, "EST", "10.1.1.11/24");
    lab.External(1, "10.1.1.50/24"); // the trunks' native VLAN
    CaptureLog uplinkSnd(vs, "UplinkSnd");
    auto ping = Create<PingCounter>(vm1, Ipv4Address("10.1.1.50"), Seconds(1), Seconds(2.5));
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    EXPECT_EQ(ping->Replies(), 2u);
    ASSERT_GT(uplinkSnd.All().size(), 0u);
    for (const auto& s : uplinkSnd.All())
    {
        EXPECT_FALSE(s.header.HasVlanTag());
    }
}

TEST_F(VSwitchTest, Vlan_GuestTaggingPassesTagsToAndFromTheGuest)
{
    h1 = lab.Host("esxi01");
    h1->AddPortGroup("Trunk", 4095);
    vs = h1->GetVSwitch();
    auto vm1 = CreateObject<Node>();
    Ptr<VnicNetDevice> vnic = h1->AddVm(vm1, "Trunk");
    vnic->SetAttribute("VlanId", UintegerValue(100)); // the guest's VLAN sub-interface
    AddIp(vnic, "192.168.100.11/24");
    lab.External(100, "192.168.100.50/24");
    CaptureLog vnicRx(vs, "VnicRx");
    CaptureLog uplinkSnd(vs, "UplinkSnd");
    auto ping = Create<PingCounter>(vm1, Ipv4Address("192.168.100.50"), Seconds(1), Seconds(2.5));
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    EXPECT_EQ(ping->Replies(), 2u);
    ASSERT_GT(vnicRx.All().size(), 0u);
    for (const auto& s : vnicRx.All())
    {
        EXPECT_TRUE(s.header.HasVlanTag()) << "a VGT guest must see its tags";
        EXPECT_EQ(s.header.GetVlanId(), 100);
    }
    for (const auto& s : uplinkSnd.All())
    {
        EXPECT_EQ(s.header.GetVlanId(), 100);
    }
}

TEST_F(VSwitchTest, Vlan_FramesAreOnlyDeliveredWithinTheirVlan)
{
    h1 = lab.Host("esxi01");
    h1->AddPortGroup("PG10", 10);
    h1->AddPortGroup("PG20", 20);
    vs = h1->GetVSwitch();
    auto vm1 = lab.Vm(h1, "PG10", "10.0.0.1/24");
    auto vm2 = lab.Vm(h1, "PG20", "10.0.0.2/24");
    CaptureLog vnicRx(vs, "VnicRx");
    auto ping = Create<PingCounter>(vm1, Ipv4Address("10.0.0.2"), Seconds(1), Seconds(3.5));
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    EXPECT_EQ(ping->Replies(), 0u);
    EXPECT_EQ(vnicRx.CountFrom(Lab::MacOf(vm1), PortOf(vm2)->GetPortId()), 0u);
}

TEST_F(VSwitchTest, Vlan_TaggedFrameFromAVmOnASwitchTaggingGroupIsDropped)
{
    OneHost();
    auto vm1 = lab.Vm(h1, "PG", "");
    Lab::Vnic(vm1)->SetAttribute("VlanId", UintegerValue(5));
    CaptureLog drops(vs, "Drop");
    CaptureLog uplinkSnd(vs, "UplinkSnd");
    Simulator::Schedule(Seconds(1), &SendRaw, Lab::Nic(vm1), Mac48Address::GetBroadcast(), 100);
    Simulator::Run();
    EXPECT_EQ(drops.Drops(DropReason::Vlan, PortOf(vm1)->GetPortId()), 1u);
    EXPECT_EQ(uplinkSnd.All().size(), 0u);
}

// =========================================================================================
// Section 3: NIC teaming

TEST_F(VSwitchTest, Teaming_OriginatingPortPinsEachPortToOneUplink)
{
    OneHost();
    std::vector<Ptr<Node>> vms;
    for (int i = 0; i < 4; ++i)
    {
        vms.push_back(lab.Vm(h1, "PG", ""));
    }
    CaptureLog uplinkSnd(vs, "UplinkSnd");
    for (int round = 0; round < 3; ++round)
    {
        for (auto& vm : vms)
        {
            Simulator::Schedule(Seconds(1 + round),
                                &SendRaw,
                                Lab::Nic(vm),
                                Mac48Address::GetBroadcast(),
                                100);
        }
    }
    Simulator::Run();
    std::set<std::string> used;
    for (auto& vm : vms)
    {
        Ptr<VSwitchPort> port = PortOf(vm);
        std::string uplink = port->GetTeamUplink();
        used.insert(uplink);
        // Documented choice: port number modulo the number of active uplinks.
        uint32_t index = port->GetPortId() & 0xffffff;
        EXPECT_EQ(uplink, index % 2 == 0 ? "vmnic0" : "vmnic1");
        EXPECT_EQ(OnUplink(uplinkSnd, UplinkId(uplink), Lab::MacOf(vm)), 3u)
            << "every frame of the port leaves by its uplink";
    }
    EXPECT_EQ(used.size(), 2u) << "ports are spread over both uplinks";
}

TEST_F(VSwitchTest, Teaming_ReconnectGivesANewPortIdAndCanMoveThePort)
{
    OneHost();
    auto vm1 = lab.Vm(h1, "PG", "");
    Ptr<VSwitchPort> port = PortOf(vm1);
    uint32_t oldId = port->GetPortId();
    std::string oldUplink = port->GetTeamUplink();
    vs->Reconnect(port);
    EXPECT_NE(port->GetPortId(), oldId);
    EXPECT_EQ(vs->GetPort(port->GetPortId()), port);
    EXPECT_FALSE(vs->GetPort(oldId));
    // The next port number has the other parity: the port moved to the other uplink.
    EXPECT_NE(port->GetTeamUplink(), oldUplink);
    EXPECT_TRUE(Lab::Vnic(vm1)->IsLinkUp());
}

TEST_F(VSwitchTest, Teaming_SourceMacHashSpreadsSourceMacsOverUplinks)
{
    OneHost();
    TeamingPolicy t;
    t.loadBalancing = LoadBalancing::SourceMac;
    h1->GetPortGroup("PG")->SetTeamingOverride(t);
    auto vm1 = lab.Vm(h1, "PG", "");
    CaptureLog uplinkSnd(vs, "UplinkSnd");
    std::vector<Mac48Address> macs;
    for (int i = 0; i < 8; ++i)
    {
        std::ostringstream m;
        m << "00:50:56:00:10:0" << i;
        macs.emplace_back(m.str().c_str());
        for (int k = 0; k < 2; ++k)
        {
            Simulator::Schedule(Seconds(1 + k),
                                &SendRawFrom,
                                Lab::Nic(vm1),
                                macs.back(),
                                Mac48Address::GetBroadcast());
        }
    }
    Simulator::Run();
    std::set<uint32_t> used;
    for (const auto& mac : macs)
    {
        auto a = uplinkSnd.CountFrom(mac, UplinkId("vmnic0"));
        auto b = uplinkSnd.CountFrom(mac, UplinkId("vmnic1"));
        EXPECT_EQ(a + b, 2u);
        EXPECT_TRUE(a == 0 || b == 0) << "one source MAC used two uplinks";
        used.insert(a ? 0 : 1);
    }
    EXPECT_EQ(used.size(), 2u) << "eight source MACs all hashed to one uplink";
}

TEST_F(VSwitchTest, Teaming_IpHashLetsOneVmUseSeveralUplinks)
{
    OneHostIpHashOnALag();
    auto vm1 = lab.Vm(h1, "PG", "");
    auto ext = lab.External(100, "");
    CaptureLog uplinkSnd(vs, "UplinkSnd");
    for (int i = 1; i <= 8; ++i)
    {
        std::string dst = "192.168.100." + std::to_string(100 + i);
        Simulator::Schedule(Seconds(i),
                            &SendIpv4,
                            Lab::Nic(vm1),
                            Lab::MacOf(ext),
                            std::string("192.168.100.11"),
                            dst,
                            100);
        Simulator::Schedule(Seconds(i + 0.5),
                            &SendIpv4,
                            Lab::Nic(vm1),
                            Lab::MacOf(ext),
                            std::string("192.168.100.11"),
                            dst,
                            100);
    }
    Simulator::Run();
    auto a = uplinkSnd.CountFrom(Lab::MacOf(vm1), UplinkId("vmnic0"));
    auto b = uplinkSnd.CountFrom(Lab::MacOf(vm1), UplinkId("vmnic1"));
    EXPECT_EQ(a + b, 16u);
    EXPECT_GT(a, 0u);
    EXPECT_GT(b, 0u);
    // Each destination kept its uplink: consecutive pairs share one.
    const auto& all = uplinkSnd.All();
    for (std::size_t i = 0; i + 1 < all.size(); i += 2)
    {
        EXPECT_EQ(all[i].where.portId, all[i + 1].where.portId);
    }
    EXPECT_EQ(PortOf(vm1)->GetTeamUplink(), "all(2)");
}

// Spec section 3: IP hash reduces the source and destination IPv4 addresses modulo the
// uplinks, and a non-IP frame is hashed on the bytes at the IPv4 address offsets. Each frame
// here is EtherType 0x88b5 with chosen bytes there: src ^ dst odd goes to the second uplink.
TEST_F(VSwitchTest, Teaming_IpHashOfANonIpFrameUsesTheBytesAtTheIpv4Offsets)
{
    OneHostIpHashOnALag();
    auto vm1 = lab.Vm(h1, "PG", "");
    auto ext = lab.External(100, "");
    CaptureLog uplinkSnd(vs, "UplinkSnd");
    // (bytes 12-15, bytes 16-19) of the payload: where an IPv4 header has its addresses.
    const std::vector<std::pair<uint32_t, uint32_t>> words = {{0x0a000001, 0x0a000003},
                                                              {0x0a000001, 0x0a000002},
                                                              {0xc0a86401, 0xc0a86401},
                                                              {0x00000007, 0x00000000},
                                                              {0x12345678, 0x12345679},
                                                              {0xffffffff, 0x00000000}};
    for (std::size_t i = 0; i < words.size(); ++i)
    {
        std::vector<uint8_t> payload(46, 0x5a);
        for (int b = 0; b < 4; ++b)
        {
            payload[12 + b] = static_cast<uint8_t>(words[i].first >> (24 - 8 * b));
            payload[16 + b] = static_cast<uint8_t>(words[i].second >> (24 - 8 * b));
        }
        Ptr<Packet> p = Create<Packet>(payload.data(), payload.size());
        Simulator::Schedule(Seconds(1 + i),
                            [p, vm1, ext] { Lab::Nic(vm1)->Send(p, Lab::MacOf(ext), 0x88b5); });
    }
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    std::vector<uint32_t> seen;
    for (const auto& f : uplinkSnd.All())
    {
        if (f.header.GetSource() == Lab::MacOf(vm1) && f.header.GetEtherType() == 0x88b5)
        {
            seen.push_back(f.where.portId);
        }
    }
    ASSERT_EQ(seen.size(), words.size());
    for (std::size_t i = 0; i < words.size(); ++i)
    {
        uint32_t hash = words[i].first ^ words[i].second;
        EXPECT_EQ(hash, vs->IpHash(Ipv4Address(words[i].first), Ipv4Address(words[i].second)));
        EXPECT_EQ(seen[i], UplinkId(hash % 2 == 0 ? "vmnic0" : "vmnic1")) << "frame " << i;
    }
}

TEST_F(VSwitchTest, Teaming_ExplicitFailoverUsesTheFirstActiveUplinkThatIsUp)
{
    OneHost();
    TeamingPolicy t;
    t.loadBalancing = LoadBalancing::ExplicitFailover;
    t.active = std::vector<std::string>{"vmnic1", "vmnic0"};
    h1->GetPortGroup("PG")->SetTeamingOverride(t);
    auto vm1 = lab.Vm(h1, "PG", "");
    auto vm2 = lab.Vm(h1, "PG", "");
    EXPECT_EQ(PortOf(vm1)->GetTeamUplink(), "vmnic1");
    EXPECT_EQ(PortOf(vm2)->GetTeamUplink(), "vmnic1");
    Simulator::Schedule(Seconds(1), &CutCable, h1, std::string("vmnic1"), true);
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    EXPECT_EQ(PortOf(vm1)->GetTeamUplink(), "vmnic0");
    EXPECT_EQ(PortOf(vm2)->GetTeamUplink(), "vmnic0");
}

TEST_F(VSwitchTest, Teaming_LinkDownFailsOverToAnotherActiveUplink)
{
    OneHost();
    auto vm1 = lab.Vm(h1, "PG", "192.168.100.11/24");
    lab.External(100, "192.168.100.50/24");
    std::string first = PortOf(vm1)->GetTeamUplink();
    std::string other = first == "vmnic0" ? "vmnic1" : "vmnic0";
    Simulator::Schedule(Seconds(2.5), &CutCable, h1, first, true);
    auto ping = Create<PingCounter>(vm1, Ipv4Address("192.168.100.50"), Seconds(1), Seconds(6.5));
    Simulator::Stop(Seconds(7));
    Simulator::Run();
    EXPECT_EQ(PortOf(vm1)->GetTeamUplink(), other);
    EXPECT_EQ(ping->Replies(), 6u) << "failover is immediate on link loss";
}

TEST_F(VSwitchTest, Teaming_StandbyTakesOverOnFailureAndFailbackReturns)
{
    OneHost();
    TeamingPolicy t;
    t.active = std::vector<std::string>{"vmnic0"};
    t.standby = std::vector<std::string>{"vmnic1"};
    h1->GetPortGroup("PG")->SetTeamingOverride(t);
    auto vm1 = lab.Vm(h1, "PG", "192.168.100.11/24");
    lab.External(100, "192.168.100.50/24");
    std::vector<std::string> seen;

    struct Probe
    {
        static void Look(Ptr<VSwitchPort> p, std::vector<std::string>* out)
        {
            out->push_back(p->GetTeamUplink());
        }
    };

    Simulator::Schedule(Seconds(2), &CutCable, h1, std::string("vmnic0"), true);
    Simulator::Schedule(Seconds(3), &Probe::Look, PortOf(vm1), &seen);
    Simulator::Schedule(Seconds(4), &CutCable, h1, std::string("vmnic0"), false);
    Simulator::Schedule(Seconds(5), &Probe::Look, PortOf(vm1), &seen);
    auto ping = Create<PingCounter>(vm1, Ipv4Address("192.168.100.50"), Seconds(1), Seconds(6.5));
    Simulator::Stop(Seconds(7));
    Simulator::Run();
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0], "vmnic1") << "standby took over";
    EXPECT_EQ(seen[1], "vmnic0") << "failback to the recovered active uplink";
    EXPECT_EQ(ping->Replies(), 6u);
}

TEST_F(VSwitchTest, Teaming_WithoutFailbackThePortStaysOnTheStandby)
{
    OneHost();
    TeamingPolicy t;
    t.active = std::vector<std::string>{"vmnic0"};
    t.standby = std::vector<std::string>{"vmnic1"};
    t.failback = false;
    h1->GetPortGroup("PG")->SetTeamingOverride(t);
    auto vm1 = lab.Vm(h1, "PG", "");
    Simulator::Schedule(Seconds(2), &CutCable, h1, std::string("vmnic0"), true);
    Simulator::Schedule(Seconds(4), &CutCable, h1, std::string("vmnic0"), false);
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    EXPECT_EQ(PortOf(vm1)->GetTeamUplink(), "vmnic1");
}

TEST_F(VSwitchTest, Teaming_AnUnusedUplinkCarriesNothingEvenWhenTheActiveOneFails)
{
    OneHost();
    TeamingPolicy t;
    t.active = std::vector<std::string>{"vmnic0"};
    t.standby = std::vector<std::string>{};
    h1->GetPortGroup("PG")->SetTeamingOverride(t);
    auto vm1 = lab.Vm(h1, "PG", "");
    CaptureLog uplinkSnd(vs, "UplinkSnd");
    CaptureLog drops(vs, "Drop");
    Simulator::Schedule(Seconds(1), &SendRaw, Lab::Nic(vm1), Mac48Address::GetBroadcast(), 100);
    Simulator::Schedule(Seconds(2), &CutCable, h1, std::string("vmnic0"), true);
    Simulator::Schedule(Seconds(3), &SendRaw, Lab::Nic(vm1), Mac48Address::GetBroadcast(), 100);
    Simulator::Run();
    EXPECT_EQ(uplinkSnd.CountFrom(Lab::MacOf(vm1), UplinkId("vmnic1")), 0u);
    EXPECT_EQ(uplinkSnd.CountFrom(Lab::MacOf(vm1), UplinkId("vmnic0")), 1u);
    EXPECT_EQ(drops.Drops(DropReason::NoUplink, PortOf(vm1)->GetPortId()), 1u);
    EXPECT_EQ(PortOf(vm1)->GetTeamUplink(), "");
}

TEST_F(VSwitchTest, Teaming_PortGroupOverridesTheSwitchFailoverOrder)
{
    OneHost();
    h1->AddPortGroup("PG-override", 100);
    TeamingPolicy t;
    t.active = std::vector<std::string>{"vmnic1"};
    t.standby = std::vector<std::string>{"vmnic0"};
    h1->GetPortGroup("PG-override")->SetTeamingOverride(t);
    std::set<std::string> plain;
    for (int i = 0; i < 4; ++i)
    {
        auto vm = lab.Vm(h1, "PG-override", "");
        EXPECT_EQ(PortOf(vm)->GetTeamUplink(), "vmnic1");
    }
    for (int i = 0; i < 2; ++i)
    {
        plain.insert(PortOf(lab.Vm(h1, "PG", ""))->GetTeamUplink());
    }
    EXPECT_EQ(plain.size(), 2u) << "the plain group keeps the switch's two active uplinks";
    TeamingPolicy effective = h1->GetPortGroup("PG-override")->GetEffectiveTeaming();
    EXPECT_EQ(*effective.loadBalancing, LoadBalancing::OriginatingPort) << "inherited";
}

TEST_F(VSwitchTest, Teaming_PhysicalNicLoadMovesAPortOffABusyUplink)
{
    lab.esxi.SetUplinkAttribute("DataRate", StringValue("1Gbps"));
    lab.esxi.SetVSwitchAttribute("NicLoadInterval", TimeValue(MilliSeconds(100)));
    h1 = lab.BareHost("esxi01");
    vs = h1->AddVSwitch("DSwitch", {"vmnic0", "vmnic1"}, VSwitch::Distributed);
    h1->AddPortGroup("PG", 100, "DSwitch");
    TeamingPolicy t;
    t.loadBalancing = LoadBalancing::PhysicalNicLoad;
    h1->GetPortGroup("PG")->SetTeamingOverride(t);
    std::vector<Ptr<Node>> vms;
    for (int i = 0; i < 3; ++i)
    {
        vms.push_back(lab.Vm(h1, "PG", ""));
    }
    // Two VMs start on the same uplink (like originating port).
    std::vector<Ptr<Node>> same;
    for (auto& vm : vms)
    {
        if (PortOf(vm)->GetTeamUplink() == PortOf(vms[0])->GetTeamUplink())
        {
            same.push_back(vm);
        }
    }
    ASSERT_GE(same.size(), 2u);
    std::string busy = PortOf(same[0])->GetTeamUplink();
    uint32_t moves = 0;

    struct Counter
    {
        static void Change(uint32_t* n, uint32_t, const std::string&, const std::string&)
        {
            ++*n;
        }
    };

    vs->TraceConnectWithoutContext("UplinkChange", MakeBoundCallback(&Counter::Change, &moves));
    // The sink is a bare-metal host the physical switch knows (so nothing is flooded back
    // in on the other uplink). Each of the two VMs sends 1000-byte frames at 480 Mb/s: 96% of
    // a 1 Gb/s uplink together.
    auto sink = lab.External(100, "");
    Simulator::Schedule(Seconds(0), &SendRaw, Lab::Nic(sink), Mac48Address::GetBroadcast(), 100);
    for (int k = 0; k < 6000; ++k)
    {
        for (int v = 0; v < 2; ++v)
        {
            Simulator::Schedule(MicroSeconds(100 + 17 * k + 3 * v),
                                &SendRaw,
                                Lab::Nic(same[v]),
                                Lab::MacOf(sink),
                                1000);
        }
    }
    Simulator::Stop(MilliSeconds(150));
    Simulator::Run();
    EXPECT_EQ(moves, 1u) << "one port moves off the busy uplink after one interval";
    EXPECT_NE(PortOf(same[0])->GetTeamUplink(), PortOf(same[1])->GetTeamUplink());
}

TEST_F(VSwitchTest, Teaming_PhysicalNicLoadNeedsADistributedSwitch)
{
    OneHost();
    TeamingPolicy t;
    t.loadBalancing = LoadBalancing::PhysicalNicLoad;
    try
    {
        h1->GetPortGroup("PG")->SetTeamingOverride(t);
        FAIL() << "accepted on a standard switch";
    }
    catch (const ConfigError& e)
    {
        EXPECT_NE(std::string(e.what()).find("needs a distributed switch"), std::string::npos)
            << e.what();
    }
}

TEST_F(VSwitchTest, Teaming_IpHashNeedsEveryUplinkActiveAndLinkStatus)
{
    OneHost();
    TeamingPolicy t;
    t.loadBalancing = LoadBalancing::IpHash;
    t.active = std::vector<std::string>{"vmnic0"};
    t.standby = std::vector<std::string>{"vmnic1"};
    EXPECT_THROW(h1->GetPortGroup("PG")->SetTeamingOverride(t), ConfigError);
    TeamingPolicy b;
    b.loadBalancing = LoadBalancing::IpHash;
    b.failureDetection = FailureDetection::BeaconProbing;
    EXPECT_THROW(h1->GetPortGroup("PG")->SetTeamingOverride(b), ConfigError);
}

TEST_F(VSwitchTest, Teaming_ATeamingListNamingAnUnknownUplinkIsAConfigError)
{
    OneHost();
    TeamingPolicy t;
    t.active = std::vector<std::string>{"vmnic0", "vmnic7"};
    try
    {
        h1->GetPortGroup("PG")->SetTeamingOverride(t);
        FAIL() << "accepted an unknown uplink";
    }
    catch (const ConfigError& e)
    {
        std::string w = e.what();
        EXPECT_NE(w.find("vmnic7"), std::string::npos) << w;
        EXPECT_NE(w.find("uplinks: vmnic0, vmnic1"), std::string::npos) << w;
    }
}

TEST_F(VSwitchTest, Teaming_BeaconProbingFindsTheCutUplinkAmongThree)
{
    OneHost({"vmnic0", "vmnic1", "vmnic2"});
    TeamingPolicy t;
    t.failureDetection = FailureDetection::BeaconProbing;
    vs->SetTeamingPolicy(t);
    std::vector<Ptr<Node>> vms;
    for (int i = 0; i < 6; ++i)
    {
        vms.push_back(lab.Vm(h1, "PG", ""));
    }
    // The path beyond vmnic0 dies; its link stays up.
    std::string port = lab.SwitchPortOf(h1, "vmnic0");
    Simulator::Schedule(Seconds(5),
                        &PhysicalSwitch::SetBlackhole,
                        lab.sw,
                        port,
                        PhysicalSwitch::Blackhole::Both);
    bool usableBefore = false;

    struct Probe
    {
        static void Usable(Ptr<VSwitch> vs, bool* out)
        {
            *out = vs->GetUplinks()[0].usable;
        }
    };

    Simulator::Schedule(Seconds(4.9), &Probe::Usable, vs, &usableBefore);
    Simulator::Stop(Seconds(12));
    Simulator::Run();
    EXPECT_TRUE(usableBefore);
    auto uplinks = vs->GetUplinks();
    EXPECT_TRUE(uplinks[0].linkUp) << "the link never went down";
    EXPECT_FALSE(uplinks[0].usable) << "beacon probing should have failed vmnic0";
    EXPECT_TRUE(uplinks[1].usable);
    EXPECT_TRUE(uplinks[2].usable);
    for (auto& vm : vms)
    {
        EXPECT_NE(PortOf(vm)->GetTeamUplink(), "vmnic0");
    }
}

// Spec section 3, beacon probing: every uplink sends a beacon (EtherType 0x8922, broadcast)
// once a second (BeaconInterval) in each VLAN in use; an uplink whose beacons the others stop
// hearing fails after 3 intervals (BeaconFailureThreshold) and its ports move.
TEST_F(VSwitchTest, Teaming_BeaconsGoOutEverySecondPerVlanAndACutUplinkFailsThreeIntervalsLater)
{
    OneHost({"vmnic0", "vmnic1", "vmnic2"});
    h1->AddPortGroup("PG200", 200);
    TeamingPolicy t;
    t.failureDetection = FailureDetection::BeaconProbing;
    vs->SetTeamingPolicy(t);
    lab.Vm(h1, "PG", "");
    CaptureLog uplinkSnd(vs, "UplinkSnd");
    std::string port = lab.SwitchPortOf(h1, "vmnic0");
    Simulator::Schedule(Seconds(5.5),
                        &PhysicalSwitch::SetBlackhole,
                        lab.sw,
                        port,
                        PhysicalSwitch::Blackhole::Both);
    double failedAt = -1;
    for (int i = 1; i <= 120; ++i)
    {
        // Just after each 100 ms mark, so that a tick at the mark has run.
        Simulator::Schedule(MicroSeconds(100000 * i + 1), [&, i] {
            if (failedAt < 0 && !vs->GetUplinks()[0].usable)
            {
                failedAt = i / 10.0;
            }
        });
    }
    Simulator::Stop(Seconds(4.5));
    Simulator::Run();
    // In 0-4.5 s: ticks at 0, 1, 2, 3, 4: five beacons per uplink and VLAN, tagged 100 or 200.
    for (const char* nic : {"vmnic0", "vmnic1", "vmnic2"})
    {
        std::map<uint16_t, int> perVlan;
        for (const auto& f : uplinkSnd.AtPort(UplinkId(nic)))
        {
            if (f.header.GetEtherType() == 0x8922)
            {
                EXPECT_EQ(f.header.GetDestination(), Mac48Address::GetBroadcast());
                EXPECT_EQ(f.header.GetSource(),
                          Mac48Address::ConvertFrom(h1->GetNic(nic)->GetAddress()))
                    << "from the uplink's own MAC";
                ++perVlan[f.header.HasVlanTag() ? f.header.GetVlanId() : 0];
            }
        }
        EXPECT_EQ(perVlan, (std::map<uint16_t, int>{{100, 5}, {200, 5}})) << nic;
    }
    Simulator::Stop(Seconds(8));
    Simulator::Run();
    // The last beacons of vmnic0 that crossed were those of 5 s (arrived a few microseconds
    // after it); the check at each tick fails an uplink unheard for more than 3 intervals
    // (BeaconFailureThreshold): not yet at 8 s, at 9 s.
    EXPECT_DOUBLE_EQ(failedAt, 9.0);
    EXPECT_TRUE(vs->GetUplinks()[1].usable);
    EXPECT_TRUE(vs->GetUplinks()[2].usable);
}

TEST_F(VSwitchTest, Teaming_LinkStatusAloneDoesNotNoticeACutPathBeyondTheSwitch)
{
    OneHost({"vmnic0", "vmnic1", "vmnic2"});
    std::string port = lab.SwitchPortOf(h1, "vmnic0");
    Simulator::Schedule(Seconds(2),
                        &PhysicalSwitch::SetBlackhole,
                        lab.sw,
                        port,
                        PhysicalSwitch::Blackhole::Both);
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    EXPECT_TRUE(vs->GetUplinks()[0].usable);
}

TEST_F(VSwitchTest, Teaming_BeaconProbingWithTwoUplinksCannotTellWhichIsCut)
{
    OneHost();
    TeamingPolicy t;
    t.failureDetection = FailureDetection::BeaconProbing;
    vs->SetTeamingPolicy(t);
    lab.Vm(h1, "PG", "");
    Simulator::Schedule(Seconds(2),
                        &PhysicalSwitch::SetBlackhole,
                        lab.sw,
                        lab.SwitchPortOf(h1, "vmnic0"),
                        PhysicalSwitch::Blackhole::Both);
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    auto uplinks = vs->GetUplinks();
    EXPECT_TRUE(uplinks[0].usable);
    EXPECT_TRUE(uplinks[1].usable);
}

TEST_F(VSwitchTest, Teaming_NotifySwitchesSendsRarpOutTheNewUplinkAndTheSwitchRelearns)
{
    OneHost();
    auto vm1 = lab.Vm(h1, "PG", "");
    Mac48Address mac = Lab::MacOf(vm1);
    std::string first = PortOf(vm1)->GetTeamUplink();
    std::string other = first == "vmnic0" ? "vmnic1" : "vmnic0";
    CaptureLog uplinkSnd(vs, "UplinkSnd", CaptureLog::KEEP_RARP);
    Simulator::Schedule(Seconds(10), &CutCable, h1, first, true);
    Simulator::Stop(Seconds(20));
    Simulator::Run();
    // At connect: RARPs out the first uplink; after the failover: out the other one.
    EXPECT_EQ(uplinkSnd.CountFrom(mac, UplinkId(first)), 5u);
    EXPECT_EQ(uplinkSnd.CountFrom(mac, UplinkId(other)), 5u);
    for (const auto& s : uplinkSnd.All())
    {
        EXPECT_EQ(s.header.GetEtherType(), RarpHeader::kEtherType);
        EXPECT_TRUE(s.header.IsGroupDestination());
        EXPECT_EQ(s.header.GetVlanId(), 100);
    }
    EXPECT_EQ(lab.sw->LookupMac(100, mac), lab.SwitchPortOf(h1, other))
        << "the physical switch did not relearn the MAC on the new uplink's port";
}

TEST_F(VSwitchTest, Teaming_NoRarpWhenNotifySwitchesIsOffOrWithIpHash)
{
    OneHost();
    h1->AddPortGroup("Quiet", 100);
    TeamingPolicy quiet;
    quiet.notifySwitches = false;
    h1->GetPortGroup("Quiet")->SetTeamingOverride(quiet);
    lab.sw->AddLag("Po1", {lab.SwitchPortOf(h1, "vmnic0"), lab.SwitchPortOf(h1, "vmnic1")});
    h1->AddPortGroup("Hash", 100);
    TeamingPolicy hash;
    hash.loadBalancing = LoadBalancing::IpHash;
    h1->GetPortGroup("Hash")->SetTeamingOverride(hash);
    CaptureLog uplinkSnd(vs, "UplinkSnd", CaptureLog::KEEP_RARP);
    lab.Vm(h1, "Quiet", "");
    lab.Vm(h1, "Hash", "");
    Simulator::Schedule(Seconds(2), &CutCable, h1, std::string("vmnic0"), true);
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    EXPECT_EQ(uplinkSnd.Count(RarpHeader::kEtherType), 0u);
}

TEST(RarpHeaderTest, RequestReverseAnnouncesTheMacAsSenderAndTarget)
{
    RarpHeader h(Mac48Address("00:50:56:60:e5:ed"));
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    ASSERT_EQ(p->GetSize(), 28u);
    uint8_t b[28];
    p->CopyData(b, 28);
    const uint8_t expected[28] = {0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x03, 0x00, 0x50,
                                  0x56, 0x60, 0xe5, 0xed, 0,    0,    0,    0,    0x00, 0x50,
                                  0x56, 0x60, 0xe5, 0xed, 0,    0,    0,    0};
    EXPECT_EQ(0, memcmp(b, expected, 28));
}

// =========================================================================================
// Section 4: reverse teaming and the reverse path check

namespace
{
/// Host esxi01 whose VM vm1 receives; the physical switch mirrors the port facing vm1's
/// uplink onto the port facing the other uplink, so every frame arrives on both.
struct MirroredHost
{
    Ptr<Node> vm1;
    std::string pinned;
    std::string other;
};

MirroredHost
Mirror(Lab& lab, Ptr<EsxiHost> h1, Ptr<Node> vm1)
{
    MirroredHost m;
    m.vm1 = vm1;
    m.pinned = h1->GetVmPort(vm1)->GetTeamUplink();
    m.other = m.pinned == "vmnic0" ? "vmnic1" : "vmnic0";
    lab.sw->AddMirrorSession({lab.SwitchPortOf(h1, m.pinned)},
                             PhysicalSwitch::MirrorDirection::Both,
                             lab.SwitchPortOf(h1, m.other));
    return m;
}
} // namespace

TEST_F(VSwitchTest, ReverseTeaming_DropsTheCopyArrivingOnTheOtherUplink)
{
    OneHost();
    auto vm1 = lab.Vm(h1, "PG", "192.168.100.11/24");
    lab.External(100, "192.168.100.50/24");
    auto ext = lab.External(100, "192.168.100.51/24");
    Mirror(lab, h1, vm1);
    uint32_t port = PortOf(vm1)->GetPortId();
    CaptureLog portOutput(vs, "PortOutput");
    CaptureLog vnicRx(vs, "VnicRx");
    CaptureLog drops(vs, "Drop");
    CaptureLog allDrops(vs, "Drop", CaptureLog::KEEP_RARP); // with vm1's reflected RARPs
    auto ping = Create<PingCounter>(ext, Ipv4Address("192.168.100.11"), Seconds(1), Seconds(5.5));
    Simulator::Stop(Seconds(6));
    Simulator::Run();
    EXPECT_EQ(ping->Replies(), 5u);
    std::size_t requestsOut = 0;
    std::size_t requestsRx = 0;
    for (const auto& s : portOutput.AtPort(port))
    {
        requestsOut += s.header.GetEtherType() == 0x0800 ? 1 : 0;
    }
    for (const auto& s : vnicRx.AtPort(port))
    {
        requestsRx += s.header.GetEtherType() == 0x0800 ? 1 : 0;
    }
    EXPECT_EQ(requestsOut, 10u) << "PortOutput is before the filter: every request twice";
    EXPECT_EQ(requestsRx, 5u) << "VnicRx is after it: once";
    EXPECT_GE(drops.Drops(DropReason::ReverseTeaming, port), 5u);
    EXPECT_EQ(PortOf(vm1)->GetCounters().drops.Get(DropReason::ReverseTeaming),
              allDrops.Drops(DropReason::ReverseTeaming, port))
        << "the port counter and the Drop point disagree";
}

TEST_F(VSwitchTest, ReverseTeaming_AppliesToBroadcastToo)
{
    OneHost();
    auto vm1 = lab.Vm(h1, "PG", "");
    auto ext = lab.External(100, "");
    CaptureLog portOutput(vs, "PortOutput");
    CaptureLog vnicRx(vs, "VnicRx");
    CaptureLog drops(vs, "Drop");
    uint32_t port = PortOf(vm1)->GetPortId();
    // The physical switch floods a broadcast to both uplinks of the host.
    Simulator::Schedule(Seconds(1), &SendRaw, Lab::Nic(ext), Mac48Address::GetBroadcast(), 100);
    Simulator::Run();
    EXPECT_EQ(portOutput.CountFrom(Lab::MacOf(ext), port), 2u);
    EXPECT_EQ(vnicRx.CountFrom(Lab::MacOf(ext), port), 1u);
    EXPECT_EQ(drops.Drops(DropReason::ReverseTeaming, port), 1u);
}

TEST_F(VSwitchTest, ReverseTeaming_AppliesToPromiscuousPortsToo)
{
    OneHost();
    SecurityPolicy s;
    s.promiscuous = PolicySetting::Accept;
    h1->GetPortGroup("PG")->SetSecurityOverride(s);
    auto vm1 = lab.Vm(h1, "PG", "");
    Lab::Vnic(vm1)->SetGuestPromiscuous(true);
    ASSERT_TRUE(PortOf(vm1)->IsPromiscuous());
    auto ext = lab.External(100, "");
    CaptureLog vnicRx(vs, "VnicRx");
    Simulator::Schedule(Seconds(1), &SendRaw, Lab::Nic(ext), Mac48Address::GetBroadcast(), 100);
    Simulator::Run();
    EXPECT_EQ(vnicRx.CountFrom(Lab::MacOf(ext), PortOf(vm1)->GetPortId()), 1u);
}

TEST_F(VSwitchTest, ReverseTeaming_IsOffWithIpHash)
{
    OneHost();
    lab.sw->AddLag("Po1", {lab.SwitchPortOf(h1, "vmnic0"), lab.SwitchPortOf(h1, "vmnic1")});
    TeamingPolicy t;
    t.loadBalancing = LoadBalancing::IpHash;
    h1->GetPortGroup("PG")->SetTeamingOverride(t);
    auto vm1 = lab.Vm(h1, "PG", "");
    auto ext = lab.External(100, "");
    CaptureLog uplinkRcv(vs, "UplinkRcv");
    CaptureLog vnicRx(vs, "VnicRx");
    CaptureLog drops(vs, "Drop");
    // The LAG spreads these over both members by IP pair.
    for (int i = 1; i <= 8; ++i)
    {
        Simulator::Schedule(Seconds(i),
                            &SendIpv4,
                            Lab::Nic(ext),
                            Lab::MacOf(vm1),
                            "10.0.0." + std::to_string(i),
                            std::string("192.168.100.11"),
                            100);
    }
    Simulator::Run();
    EXPECT_GT(uplinkRcv.CountFrom(Lab::MacOf(ext), UplinkId("vmnic0")), 0u);
    EXPECT_GT(uplinkRcv.CountFrom(Lab::MacOf(ext), UplinkId("vmnic1")), 0u);
    EXPECT_EQ(vnicRx.CountFrom(Lab::MacOf(ext)), 8u);
    EXPECT_EQ(drops.Drops(DropReason::ReverseTeaming), 0u);
}

TEST_F(VSwitchTest, ReversePathCheck_DropsTheHostsOwnBroadcastReflectedBack)
{
    OneHost();
    auto vm1 = lab.Vm(h1, "PG", "");
    auto vm2 = lab.Vm(h1, "PG", "");
    ASSERT_NE(PortOf(vm1)->GetTeamUplink(), PortOf(vm2)->GetTeamUplink());
    CaptureLog vnicRx(vs, "VnicRx");
    CaptureLog drops(vs, "Drop");
    CaptureLog uplinkRcv(vs, "UplinkRcv");
    CaptureLog dispatch(vs, "EtherswitchDispatch");
    // vm1's broadcast leaves by its uplink; the physical switch floods it back in through
    // the other uplink, vm2's: reverse teaming would let it through, the reverse path check
    // stops it at the uplink, before the dispatch point.
    Simulator::Schedule(Seconds(1), &SendRaw, Lab::Nic(vm1), Mac48Address::GetBroadcast(), 100);
    Simulator::Run();
    uint32_t otherUplink = UplinkId(PortOf(vm2)->GetTeamUplink());
    EXPECT_EQ(vnicRx.CountFrom(Lab::MacOf(vm1), PortOf(vm2)->GetPortId()), 1u) << "local copy only";
    EXPECT_EQ(uplinkRcv.CountFrom(Lab::MacOf(vm1), otherUplink), 1u) << "the reflection arrived";
    EXPECT_EQ(drops.Drops(DropReason::ReversePathCheck, otherUplink), 1u);
    EXPECT_EQ(dispatch.CountFrom(Lab::MacOf(vm1), otherUplink), 0u)
        << "dropped before EtherswitchDispatch";
}

TEST_F(VSwitchTest, ReversePathCheck_OffLetsTheReflectionThrough)
{
    lab.esxi.SetVSwitchAttribute("ReversePathFwdCheck", BooleanValue(false));
    OneHost();
    auto vm1 = lab.Vm(h1, "PG", "");
    auto vm2 = lab.Vm(h1, "PG", "");
    CaptureLog vnicRx(vs, "VnicRx");
    Simulator::Schedule(Seconds(1), &SendRaw, Lab::Nic(vm1), Mac48Address::GetBroadcast(), 100);
    Simulator::Run();
    EXPECT_EQ(vnicRx.CountFrom(Lab::MacOf(vm1), PortOf(vm2)->GetPortId()), 2u);
}

TEST_F(VSwitchTest, ReversePathCheck_PromiscuousPortsGetReflectionsUnlessPromiscCheckIsOn)
{
    // Net.ReversePathFwdCheckPromisc is off by default (spec section 4).
    TypeId::AttributeInformation info;
    ASSERT_TRUE(VSwitch::GetTypeId().LookupAttributeByName("ReversePathFwdCheckPromisc", &info));
    auto initial = DynamicCast<const BooleanValue>(info.initialValue);
    ASSERT_TRUE(initial);
    EXPECT_FALSE(initial->Get()) << "the default";
    for (int mode : {-1, 0, 1}) // -1: the attribute left at its default
    {
        bool promiscCheck = mode == 1;
        Lab l;
        if (mode >= 0)
        {
            l.esxi.SetVSwitchAttribute("ReversePathFwdCheckPromisc", BooleanValue(promiscCheck));
        }
        auto h = l.Host("esxi01");
        h->AddPortGroup("PG", 100);
        SecurityPolicy s;
        s.promiscuous = PolicySetting::Accept;
        h->GetPortGroup("PG")->SetSecurityOverride(s);
        auto vm1 = l.Vm(h, "PG", "");
        auto vm2 = l.Vm(h, "PG", "");
        Lab::Vnic(vm2)->SetGuestPromiscuous(true);
        CaptureLog vnicRx(h->GetVSwitch(), "VnicRx");
        Simulator::Schedule(Seconds(1), &SendRaw, Lab::Nic(vm1), Mac48Address::GetBroadcast(), 100);
        Simulator::Run();
        EXPECT_EQ(vnicRx.CountFrom(Lab::MacOf(vm1), h->GetVmPort(vm2)->GetPortId()),
                  promiscCheck ? 1u : 2u)
            << "ReversePathFwdCheckPromisc=" << (mode < 0 ? "default" : promiscCheck ? "1" : "0");
        Simulator::Destroy();
    }
}

// =========================================================================================
// Defects found in review (the rules they broke)

namespace
{

/// The uplink each VM's port is teamed to.
std::vector<std::string>
TeamUplinks(Ptr<EsxiHost> host, const std::vector<Ptr<Node>>& vms)
{
    std::vector<std::string> out;
    for (const auto& vm : vms)
    {
        out.push_back(host->GetVmPort(vm)->GetTeamUplink());
    }
    return out;
}

void
SetTeaming(Ptr<VSwitch> vs, FailureDetection detection)
{
    TeamingPolicy t;
    t.failureDetection = detection;
    vs->SetTeamingPolicy(t);
}

uint32_t
AlwaysOne(Mac48Address)
{
    return 1;
}

uint32_t
AlwaysZero(Ipv4Address, Ipv4Address)
{
    return 0;
}

void
Disconnect(Ptr<VSwitch> vs, Ptr<VSwitchPort> port)
{
    vs->Disconnect(port);
}

} // namespace

// Spec section 3: beacon probing fails an uplink whose beacons stop arriving on the others,
// also when only one direction of its path is cut.
TEST_F(VSwitchTest, Teaming_BeaconProbingFailsAnUplinkCutInOneDirection)
{
    for (auto direction : {PhysicalSwitch::Blackhole::Rx, PhysicalSwitch::Blackhole::Tx})
    {
        SCOPED_TRACE(direction == PhysicalSwitch::Blackhole::Rx ? "switch drops what vmnic0 sends"
                                                                : "switch sends vmnic0 nothing");
        Lab l;
        Ptr<EsxiHost> h = l.Host("esxi01", {"vmnic0", "vmnic1", "vmnic2"});
        h->AddPortGroup("PG", 100);
        Ptr<VSwitch> s = h->GetVSwitch();
        SetTeaming(s, FailureDetection::BeaconProbing);
        std::vector<Ptr<Node>> vms;
        for (int i = 0; i < 6; ++i)
        {
            vms.push_back(l.Vm(h, "PG", ""));
        }
        Simulator::Schedule(Seconds(5),
                            &PhysicalSwitch::SetBlackhole,
                            l.sw,
                            l.SwitchPortOf(h, "vmnic0"),
                            direction);
        Simulator::Stop(Seconds(12));
        Simulator::Run();
        auto uplinks = s->GetUplinks();
        EXPECT_FALSE(uplinks[0].usable) << "beacon probing should have failed vmnic0";
        EXPECT_TRUE(uplinks[1].usable);
        EXPECT_TRUE(uplinks[2].usable);
        for (const auto& u : TeamUplinks(h, vms))
        {
            EXPECT_NE(u, "vmnic0");
        }
        Simulator::Destroy();
    }
}

// Spec section 3: the failure beacon probing found belongs to beacon probing; once no port
// group probes, the uplink is judged by its link again.
TEST_F(VSwitchTest, Teaming_ABeaconFailureIsForgottenWhenNoPortGroupProbesAnyMore)
{
    OneHost({"vmnic0", "vmnic1", "vmnic2"});
    SetTeaming(vs, FailureDetection::BeaconProbing);
    std::vector<Ptr<Node>> vms;
    for (int i = 0; i < 6; ++i)
    {
        vms.push_back(lab.Vm(h1, "PG", ""));
    }
    auto before = TeamUplinks(h1, vms);
    Simulator::Schedule(Seconds(2),
                        &PhysicalSwitch::SetBlackhole,
                        lab.sw,
                        lab.SwitchPortOf(h1, "vmnic0"),
                        PhysicalSwitch::Blackhole::Both);
    Simulator::Stop(Seconds(8));
    Simulator::Run();
    ASSERT_FALSE(vs->GetUplinks()[0].usable);
    SetTeaming(vs, FailureDetection::LinkStatus);
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    EXPECT_TRUE(vs->GetUplinks()[0].usable) << "vmnic0 stays failed by a probe nobody runs";
    EXPECT_EQ(TeamUplinks(h1, vms), before) << "failback to vmnic0 once it counts as up";
}

// Spec section 3: an uplink whose link comes back fails back once, without beacon probing
// failing it again for the beacons it missed while down (one RARP burst, not three).
TEST_F(VSwitchTest, Teaming_BeaconProbingDoesNotFlapWhenALinkComesBack)
{
    OneHost({"vmnic0", "vmnic1", "vmnic2"});
    SetTeaming(vs, FailureDetection::BeaconProbing);
    Ptr<Node> vm;
    for (int i = 0; i < 6 && !vm; ++i)
    {
        auto v = lab.Vm(h1, "PG", "");
        if (PortOf(v)->GetTeamUplink() == "vmnic0")
        {
            vm = v;
        }
    }
    ASSERT_TRUE(vm);
    CaptureLog uplinkSnd(vs, "UplinkSnd", CaptureLog::KEEP_RARP);
    Simulator::Schedule(Seconds(5), &CutCable, h1, std::string("vmnic0"), true);
    Simulator::Schedule(Seconds(15), &CutCable, h1, std::string("vmnic0"), false);
    Simulator::Stop(Seconds(30));
    Simulator::Run();
    std::size_t after = 0;
    for (const auto& s : uplinkSnd.All())
    {
        after += s.header.GetEtherType() == RarpHeader::kEtherType &&
                 s.header.GetSource() == Lab::MacOf(vm) && s.where.portId == UplinkId("vmnic0");
    }
    EXPECT_EQ(after, 10u) << "5 at connect and 5 at the failback; more means flapping";
    EXPECT_EQ(PortOf(vm)->GetTeamUplink(), "vmnic0");
    EXPECT_TRUE(vs->GetUplinks()[0].usable);
}

// Spec section 3: under source MAC hash a failure moves only the ports of the failed uplink,
// and Failback = No keeps them where they went when it recovers.
TEST_F(VSwitchTest, Teaming_SourceMacHashMovesOnlyThePortsOfAFailedUplinkAndHonoursFailbackNo)
{
    OneHost({"vmnic0", "vmnic1", "vmnic2"});
    TeamingPolicy t;
    t.loadBalancing = LoadBalancing::SourceMac;
    t.failback = false;
    h1->GetPortGroup("PG")->SetTeamingOverride(t);
    std::vector<Ptr<Node>> vms;
    for (int i = 0; i < 12; ++i)
    {
        vms.push_back(lab.Vm(h1, "PG", ""));
    }
    auto before = TeamUplinks(h1, vms);
    ASSERT_EQ(std::set<std::string>(before.begin(), before.end()).size(), 3u)
        << "twelve MACs should spread over three uplinks";
    Simulator::Schedule(Seconds(1), &CutCable, h1, std::string("vmnic0"), true);
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    auto during = TeamUplinks(h1, vms);
    for (std::size_t i = 0; i < vms.size(); ++i)
    {
        if (before[i] != "vmnic0")
        {
            EXPECT_EQ(during[i], before[i]) << "a port on a healthy uplink moved";
        }
        else
        {
            EXPECT_NE(during[i], "vmnic0");
        }
    }
    Simulator::Schedule(Seconds(1), &CutCable, h1, std::string("vmnic0"), false);
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    EXPECT_EQ(TeamUplinks(h1, vms), during) << "failback = no: nobody returns to vmnic0";
}

// Spec sections 4 and 5: under source MAC hash, a promiscuous port sees a copy of a frame for
// another VM from outside only when it arrived on the promiscuous port's own uplink.
TEST_F(VSwitchTest, ReverseTeaming_SourceMacHashChecksACopyAgainstTheReceivingPortsOwnUplink)
{
    OneHost();
    TeamingPolicy t;
    t.loadBalancing = LoadBalancing::SourceMac;
    h1->GetPortGroup("PG")->SetTeamingOverride(t);
    SecurityPolicy promisc;
    promisc.promiscuous = PolicySetting::Accept;
    h1->GetPortGroup("PG")->SetSecurityOverride(promisc);
    auto spy = lab.Vm(h1, "PG", "");
    Lab::Vnic(spy)->SetGuestPromiscuous(true);
    Ptr<Node> target;
    for (int i = 0; i < 8 && !target; ++i)
    {
        auto v = lab.Vm(h1, "PG", "");
        if (PortOf(v)->GetTeamUplink() != PortOf(spy)->GetTeamUplink())
        {
            target = v;
        }
    }
    ASSERT_TRUE(target) << "no VM hashed to the other uplink";
    auto ext = lab.External(100, "");
    CaptureLog vnicRx(vs, "VnicRx");
    CaptureLog drops(vs, "Drop");
    // The switch learned the target's MAC on the target's uplink (its RARP at connect).
    Simulator::Schedule(Seconds(5), &SendRaw, Lab::Nic(ext), Lab::MacOf(target), 100);
    Simulator::Stop(Seconds(6));
    Simulator::Run();
    EXPECT_EQ(vnicRx.CountTo(Lab::MacOf(target), PortOf(target)->GetPortId()), 1u);
    EXPECT_EQ(vnicRx.CountTo(Lab::MacOf(target), PortOf(spy)->GetPortId()), 0u)
        << "the spy saw a frame that arrived on the other uplink";
    EXPECT_EQ(drops.Drops(DropReason::ReverseTeaming, PortOf(spy)->GetPortId()), 1u);
}

// Spec section 3: the hash functions are replaceable (VMware's are not published).
TEST_F(VSwitchTest, Teaming_TheMacAndIpHashFunctionsAreReplaceable)
{
    OneHost();
    TeamingPolicy t;
    t.loadBalancing = LoadBalancing::SourceMac;
    h1->GetPortGroup("PG")->SetTeamingOverride(t);
    vs->SetMacHashFunction(MakeCallback(&AlwaysOne));
    EXPECT_EQ(vs->MacHash(Mac48Address("00:50:56:00:00:01")), 1u);
    std::vector<Ptr<Node>> vms;
    for (int i = 0; i < 6; ++i)
    {
        vms.push_back(lab.Vm(h1, "PG", ""));
    }
    for (const auto& u : TeamUplinks(h1, vms))
    {
        EXPECT_EQ(u, "vmnic1") << "every MAC hashes to 1: the second active uplink";
    }
    vs->SetMacHashFunction(VSwitch::MacHashCallback());
    EXPECT_EQ(vs->MacHash(Mac48Address("00:50:56:00:00:01")), 0x00u ^ 0x50 ^ 0x56 ^ 0x01)
        << "the default XOR-folds the bytes";
    EXPECT_EQ(vs->IpHash(Ipv4Address("10.0.0.1"), Ipv4Address("10.0.0.3")), 2u)
        << "the default is source XOR destination";
    vs->SetIpHashFunction(MakeCallback(&AlwaysZero));
    EXPECT_EQ(vs->IpHash(Ipv4Address("10.0.0.1"), Ipv4Address("10.0.0.3")), 0u);
}

// Architecture, "A dropped frame is never silent": unicast to a MAC on the sending port
// itself goes nowhere and is dropped as same-port, on the input side.
TEST_F(VSwitchTest, Drops_UnicastToAMacOfTheSendingPortIsDroppedAsSamePortOnInput)
{
    OneHost();
    auto vm1 = lab.Vm(h1, "PG", "");
    CaptureLog drops(vs, "Drop");
    Simulator::Schedule(Seconds(1), &SendRaw, Lab::Nic(vm1), Lab::MacOf(vm1), 100);
    Simulator::Run();
    ASSERT_EQ(drops.Drops(DropReason::SamePort, PortOf(vm1)->GetPortId()), 1u);
    EXPECT_EQ(drops.All()[0].where.direction, CaptureDirection::Input);
}

// A frame sent just before its port was disconnected and arriving after is dropped, with a
// reason, at the Drop point.
TEST_F(VSwitchTest, Drops_AFrameInFlightToADisconnectedPortReachesTheDropPoint)
{
    OneHost();
    auto vm1 = lab.Vm(h1, "PG", "");
    Ptr<VSwitchPort> port = PortOf(vm1);
    uint32_t id = port->GetPortId();
    Lab::Vnic(vm1)->GetChannel()->SetAttribute("Delay", TimeValue(MilliSeconds(1)));
    CaptureLog drops(vs, "Drop");
    Simulator::Schedule(Seconds(1), &SendRaw, Lab::Nic(vm1), Mac48Address::GetBroadcast(), 100);
    Simulator::Schedule(Seconds(1) + MicroSeconds(500), &Disconnect, vs, port);
    Simulator::Run();
    EXPECT_EQ(drops.Drops(DropReason::LinkDown, id), 1u);
    EXPECT_EQ(port->GetCounters().drops.frames[static_cast<int>(DropReason::LinkDown)], 1u);
}

// A frame the uplink NIC refuses (here: larger than its MTU) reaches the Drop point with the
// NIC's reason and is not counted as sent on the uplink.
TEST_F(VSwitchTest, Drops_AFrameTheUplinkNicRefusesIsNotCountedAsSent)
{
    OneHost();
    auto vm1 = lab.Vm(h1, "PG", "");
    Lab::Vnic(vm1)->SetMtu(9000);
    CaptureLog drops(vs, "Drop");
    Simulator::Stop(Seconds(9));
    Simulator::Run(); // past the connect-time RARPs
    std::string up = PortOf(vm1)->GetTeamUplink();
    auto sent = [&]() {
        for (const auto& u : vs->GetUplinks())
        {
            if (u.name == up)
            {
                return u.txFrames;
            }
        }
        return uint64_t(0);
    };
    uint64_t before = sent();
    EXPECT_EQ(before, 5u) << "the five RARPs";
    Simulator::Schedule(Seconds(1), &SendRaw, Lab::Nic(vm1), Mac48Address::GetBroadcast(), 3000);
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    EXPECT_EQ(drops.Drops(DropReason::Oversize, UplinkId(up)), 1u);
    EXPECT_EQ(sent(), before) << "the refused frame was counted as sent";
}

// Drops on the input side (what a port sends) are traced with direction Input, drops on
// the way to a port with Output.
TEST_F(VSwitchTest, Drops_CarryTheDirectionOfTheFrameAtThePort)
{
    OneHost();
    SecurityPolicy reject;
    reject.forgedTransmits = PolicySetting::Reject;
    h1->GetPortGroup("PG")->SetSecurityOverride(reject);
    auto vm1 = lab.Vm(h1, "PG", "");
    CaptureLog drops(vs, "Drop");
    Simulator::Schedule(Seconds(1),
                        &SendRawFrom,
                        Lab::Nic(vm1),
                        Mac48Address("00:50:56:3f:09:01"),
                        Mac48Address::GetBroadcast());
    Simulator::Run();
    ASSERT_EQ(drops.Drops(DropReason::ForgedTransmit), 1u);
    EXPECT_EQ(drops.All()[0].where.direction, CaptureDirection::Input);
}

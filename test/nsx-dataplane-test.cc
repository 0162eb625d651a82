/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Spec section 9: NSX logical switches over VXLAN — the VTEP's data plane (encapsulation,
 * replication, learning, MTU), the controller cluster (tables, slicing, failover) and ARP
 * suppression. Each test is named after the rule it holds.
 */
#include "vswitch-lab.h"

#include "ns3/boolean.h"
#include "ns3/distributed-switch.h"
#include "ns3/arp-header.h"
#include "ns3/ipv4-header.h"
#include "ns3/nsx-helper.h"
#include "ns3/router-helper.h"
#include "ns3/vmotion.h"
#include "ns3/udp-header.h"
#include "ns3/vxlan-header.h"

#include <sstream>

using namespace ns3;
using namespace vswitchtest;

namespace
{

/// Counts what the VTEPs of a deployment sent and received.
struct VxlanLog
{
    struct Copy
    {
        std::string host;
        uint32_t vni;
        Ipv4Address peer;
        uint16_t etherType; //!< the inner frame's
    };

    std::vector<Copy> sent;
    std::vector<Copy> received;
    std::vector<DropReason> drops;

    void Watch(Ptr<Vtep> v)
    {
        std::string host = v->GetHost()->GetName();
        v->TraceConnectWithoutContext(
            "Encapsulate",
            MakeBoundCallback(&VxlanLog::OnSent, this, host));
        v->TraceConnectWithoutContext(
            "Decapsulate",
            MakeBoundCallback(&VxlanLog::OnReceived, this, host));
        v->TraceConnectWithoutContext("Drop", MakeBoundCallback(&VxlanLog::OnDrop, this));
    }

    static void OnSent(VxlanLog* log,
                       std::string host,
                       Ptr<const Packet> inner,
                       uint32_t vni,
                       Ipv4Address peer)
    {
        EthernetVlanHeader h;
        inner->PeekHeader(h);
        log->sent.push_back({host, vni, peer, h.GetEtherType()});
    }

    std::size_t SentOfType(uint16_t etherType) const
    {
        std::size_t n = 0;
        for (const auto& c : sent)
        {
            n += c.etherType == etherType;
        }
        return n;
    }

    static void OnReceived(VxlanLog* log,
                           std::string host,
                           Ptr<const Packet>,
                           uint32_t vni,
                           Ipv4Address peer)
    {
        log->received.push_back({host, vni, peer, 0});
    }

    static void OnDrop(VxlanLog* log, Ptr<const Packet>, uint32_t, DropReason r)
    {
        log->drops.push_back(r);
    }

    std::size_t SentBy(const std::string& host) const
    {
        std::size_t n = 0;
        for (const auto& c : sent)
        {
            n += c.host == host;
        }
        return n;
    }

    std::size_t ReceivedBy(const std::string& host) const
    {
        std::size_t n = 0;
        for (const auto& c : received)
        {
            n += c.host == host;
        }
        return n;
    }
};

/// Two hosts on one distributed switch (MTU 1600) behind the lab's physical switch, each with
/// a VTEP in 192.168.250.0/24 (one segment), and logical switch 5001 "web".
class NsxTest : public SimulationTest
{
  protected:
    void SetUp() override
    {
        h1 = lab.BareHost("esxi01");
        h2 = lab.BareHost("esxi02");
        dvs = CreateObject<DistributedSwitch>();
        dvs->SetAttribute("Name", StringValue("Compute_VDS"));
        dvs->SetAttribute("Mtu", UintegerValue(1600));
        dvs->SetUplinks({"Uplink 1", "Uplink 2"});
        dvs->AddHost(h1, {{"Uplink 1", "vmnic0"}, {"Uplink 2", "vmnic1"}});
        dvs->AddHost(h2, {{"Uplink 1", "vmnic0"}, {"Uplink 2", "vmnic1"}});
    }

    Ptr<Vtep> Prepare(Ptr<EsxiHost> h, const std::string& ip, uint16_t vlan = 0)
    {
        Vtep::Config c;
        c.ip = Ipv4Address(ip.c_str());
        c.mask = Ipv4Mask("255.255.255.0");
        c.vlan = vlan;
        return nsx.InstallVtep(h, dvs, c);
    }

    Lab lab;
    Ptr<EsxiHost> h1;
    Ptr<EsxiHost> h2;
    Ptr<DistributedSwitch> dvs;
    NsxHelper nsx;
};

} // namespace

// Spec section 9: a logical switch is a VNI, and on every host with a VTEP a port group named
// after it; VMs on two hosts that join it reach each other through the VTEPs.
TEST_F(NsxTest, LogicalSwitch_VmsOnTwoHostsPingAcrossVxlan)
{
    nsx.AddLogicalSwitch(5001, "web");
    Ptr<Vtep> v1 = Prepare(h1, "192.168.250.51");
    Ptr<Vtep> v2 = Prepare(h2, "192.168.250.52");
    ASSERT_TRUE(h1->GetPortGroup("web")->IsOverlay());
    EXPECT_EQ(h1->GetPortGroup("web")->GetOverlayId(), 5001u);
    EXPECT_EQ(h1->GetPortGroup("web")->GetVlanId(), 0);
    VxlanLog log;
    log.Watch(v1);
    log.Watch(v2);
    auto a = lab.Vm(h1, "web", "172.16.10.11/24", "vmA");
    auto b = lab.Vm(h2, "web", "172.16.10.12/24", "vmB");
    Ptr<PingCounter> ping =
        Create<PingCounter>(a, Ipv4Address("172.16.10.12"), Seconds(1), Seconds(5));
    Simulator::Stop(Seconds(6));
    Simulator::Run();
    EXPECT_EQ(ping->Replies(), 4u);
    EXPECT_GT(log.SentBy("esxi01"), 0u);
    EXPECT_GT(log.ReceivedBy("esxi02"), 0u);
    for (const auto& c : log.sent)
    {
        EXPECT_EQ(c.vni, 5001u);
    }
    // The controller (VNI 5001: controller-2) holds both VTEPs, both MACs, both bindings.
    Ptr<NsxControllerCluster> cluster = nsx.GetCluster();
    EXPECT_EQ(cluster->GetControllers()[cluster->GetOwner(5001)].name, "controller-2");
    const auto* t = cluster->GetTables(5001);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->vteps.size(), 2u);
    EXPECT_EQ(t->macs.size(), 2u);
    EXPECT_EQ(t->arps.size(), 2u);
    // Each host's VTEP list holds the other VTEP only.
    ASSERT_EQ(v1->GetTables(5001)->GetVteps().size(), 1u);
    EXPECT_EQ(v1->GetTables(5001)->GetVteps()[0].record.ip, Ipv4Address("192.168.250.52"));
    std::ostringstream os;
    cluster->PrintVtepTable(os, 5001);
    v1->PrintMacList(os, 5001);
    v1->PrintArpList(os, 5001);
    std::cout << os.str();
}

namespace
{

/// Counts the frames a VM's vNIC takes from its port (EtherType 0x88b5 only).
struct RxCount
{
    uint32_t n{0};

    static void Sink(RxCount* c, Ptr<const Packet> p, const CaptureContext&)
    {
        EthernetVlanHeader h;
        p->PeekHeader(h);
        c->n += h.GetEtherType() == 0x88b5;
    }

    void Watch(Ptr<EsxiHost> host)
    {
        host->GetVSwitch("Compute_VDS")
            ->TraceConnectWithoutContext("VnicRx", MakeBoundCallback(&RxCount::Sink, this));
    }
};

/// A routed transport of two segments behind the lab's switch: esxi01, esxi02 with VTEPs in
/// 192.168.250.0/24 (transport VLAN 250), esxi03, esxi04 in 192.168.150.0/24 (VLAN 150), and
/// a router between the two VLANs (sub-interfaces .2 on trunk ports). Every switch port
/// carries 1600-byte frames.
class NsxRoutedTest : public SimulationTest
{
  protected:
    void SetUp() override
    {
        dvs = CreateObject<DistributedSwitch>();
        dvs->SetAttribute("Name", StringValue("Compute_VDS"));
        dvs->SetAttribute("Mtu", UintegerValue(1600));
        dvs->SetUplinks({"Uplink 1"});
        for (int i = 1; i <= 4; ++i)
        {
            Ptr<EsxiHost> h = lab.BareHost("esxi0" + std::to_string(i), {"vmnic0"});
            dvs->AddHost(h, {{"Uplink 1", "vmnic0"}});
            hosts.push_back(h);
        }
        for (int p = 1; p <= 24; ++p)
        {
            lab.sw->GetPortDevice("Gi0/" + std::to_string(p))->SetMtu(1600);
        }
        lab.sw->SetTrunkPort("Gi0/20", {250});
        lab.sw->SetTrunkPort("Gi0/21", {150});
        router = routers.Install(CreateObject<Node>(), "r1");
        routers.AddInterface(router, lab.sw, "Gi0/20", "192.168.250.2/24", routerMtu, 250);
        routers.AddInterface(router, lab.sw, "Gi0/21", "192.168.150.2/24", routerMtu, 150);
    }

    /// Prepare the four hosts and put a VM on each on "web"; VMs 172.16.10.1x.
    void Build()
    {
        const char* ips[] = {"192.168.250.51", "192.168.250.52", "192.168.150.51", "192.168.150.52"};
        for (int i = 0; i < 4; ++i)
        {
            Vtep::Config c;
            c.ip = Ipv4Address(ips[i]);
            c.gateway = Ipv4Address(i < 2 ? "192.168.250.2" : "192.168.150.2");
            c.vlan = i < 2 ? 250 : 150;
            Ptr<Vtep> v = nsx.InstallVtep(hosts[i], dvs, c);
            log.Watch(v);
            vteps.push_back(v);
        }
        RouterHelper::PopulateRoutes();
        for (int i = 0; i < 4; ++i)
        {
            vms.push_back(lab.Vm(hosts[i],
                                 "web",
                                 "172.16.10.1" + std::to_string(i + 1) + "/24",
                                 "vm" + std::to_string(i + 1)));
        }
    }

    /// Broadcast one frame from VM i at time t.
    void BroadcastAt(int i, Time t)
    {
        Simulator::Schedule(t,
                            &SendRaw,
                            Ptr<NetDevice>(Lab::Vnic(vms[i])),
                            Mac48Address::GetBroadcast(),
                            100u);
    }

    /// Watch every VM's receptions (rx), broadcast one frame from vm1 at 1 s, run to 2 s.
    void RunBroadcastFromVm1()
    {
        for (int i = 0; i < 4; ++i)
        {
            rx[i].Watch(hosts[i]);
        }
        BroadcastAt(0, Seconds(1));
        Simulator::Stop(Seconds(2));
        Simulator::Run();
    }

    uint16_t routerMtu{1600};
    std::vector<RxCount> rx{4};
    Lab lab;
    std::vector<Ptr<EsxiHost>> hosts;
    Ptr<DistributedSwitch> dvs;
    RouterHelper routers;
    Ptr<Ipv4Router> router;
    NsxHelper nsx;
    std::vector<Ptr<Vtep>> vteps;
    std::vector<Ptr<Node>> vms;
    VxlanLog log;
};


} // namespace

// Spec section 9, unicast replication: the source VTEP sends a BUM frame once to every VTEP
// of its own segment and once to one VTEP (the UTEP, marked to replicate) of each other
// segment, which replicates it to the other VTEPs of its segment and never back.
TEST_F(NsxRoutedTest, Replication_UnicastCopiesOwnSegmentAndOneUtepPerRemoteSegment)
{
    nsx.AddLogicalSwitch(5001, "web");
    Build();
    RunBroadcastFromVm1();
    ASSERT_EQ(log.SentBy("esxi01"), 2u) << "esxi02 (own segment) and one UTEP";
    EXPECT_EQ(log.sent[0].peer, Ipv4Address("192.168.250.52"));
    EXPECT_EQ(log.sent[1].peer, Ipv4Address("192.168.150.51")) << "UTEP: the lowest IP";
    EXPECT_EQ(log.SentBy("esxi03"), 1u) << "the UTEP copies to esxi04 only";
    EXPECT_EQ(log.sent[2].peer, Ipv4Address("192.168.150.52"));
    EXPECT_EQ(log.SentBy("esxi02"), 0u);
    EXPECT_EQ(log.SentBy("esxi04"), 0u);
    EXPECT_EQ(vteps[2]->GetCounters().replicated, 1u);
    for (int i = 1; i < 4; ++i)
    {
        EXPECT_EQ(log.ReceivedBy(hosts[i]->GetName()), 1u) << hosts[i]->GetName();
        EXPECT_EQ(rx[i].n, 1u) << "the VM on " << hosts[i]->GetName() << " gets it once";
    }
    EXPECT_EQ(rx[0].n, 0u) << "never back to the sender";
    // The host's view marks the remote segment's UTEP.
    std::ostringstream os;
    vteps[0]->PrintVtepList(os, 5001);
    EXPECT_NE(os.str().find("192.168.150.51   192.168.150.0    true"), std::string::npos)
        << os.str();
    EXPECT_NE(os.str().find("192.168.250.52   192.168.250.0    false"), std::string::npos)
        << os.str();
}

// Spec section 9: the choice of a remote segment's UTEP is replaceable (documented default:
// the lowest IP). A proxy function picking the highest makes esxi04 the UTEP, which copies
// to esxi03; every VM still gets the frame once.
TEST_F(NsxRoutedTest, Replication_TheUtepChoiceIsReplaceable)
{
    nsx.AddLogicalSwitch(5001, "web");
    nsx.GetCluster()->SetProxyFunction(
        MakeCallback(+[](uint32_t, const std::vector<VtepRecord>& segment) {
            Ipv4Address best = segment.front().ip;
            for (const auto& r : segment)
            {
                best = r.ip.Get() > best.Get() ? r.ip : best;
            }
            return best;
        }));
    Build();
    RunBroadcastFromVm1();
    ASSERT_EQ(log.SentBy("esxi01"), 2u) << "esxi02 (own segment) and one UTEP";
    EXPECT_EQ(log.sent[0].peer, Ipv4Address("192.168.250.52"));
    EXPECT_EQ(log.sent[1].peer, Ipv4Address("192.168.150.52")) << "UTEP: the function's choice";
    EXPECT_EQ(log.SentBy("esxi04"), 1u) << "the UTEP copies to esxi03 only";
    EXPECT_EQ(log.sent[2].peer, Ipv4Address("192.168.150.51"));
    EXPECT_EQ(log.SentBy("esxi03"), 0u);
    EXPECT_EQ(vteps[3]->GetCounters().replicated, 1u);
    for (int i = 1; i < 4; ++i)
    {
        EXPECT_EQ(rx[i].n, 1u) << "the VM on " << hosts[i]->GetName() << " gets it once";
    }
}

// Spec section 9, multicast replication: one copy to the VNI's group; the physical switch
// floods it in the transport VLAN and the router forwards it to the other segment.
TEST_F(NsxRoutedTest, Replication_MulticastSendsOneCopyToTheGroupAndTheUnderlayCarriesIt)
{
    nsx.AddLogicalSwitch(5001, "web", LogicalSwitch::Multicast, true, Ipv4Address("239.0.0.1"));
    routers.EnableMulticastRouting(router, {Ipv4Address("239.0.0.1")});
    Build();
    RunBroadcastFromVm1();
    ASSERT_EQ(log.SentBy("esxi01"), 1u);
    EXPECT_EQ(log.sent[0].peer, Ipv4Address("239.0.0.1")) << "the group is the outer destination";
    EXPECT_EQ(log.sent.size(), 1u) << "nobody replicates";
    for (int i = 1; i < 4; ++i)
    {
        EXPECT_EQ(rx[i].n, 1u) << hosts[i]->GetName();
    }
}

// Spec section 9, multicast replication needs the underlay: without multicast routing the
// group copy stays in the source's segment.
TEST_F(NsxRoutedTest, Replication_MulticastWithoutMulticastRoutingStaysInTheSegment)
{
    nsx.AddLogicalSwitch(5001, "web", LogicalSwitch::Multicast, true, Ipv4Address("239.0.0.1"));
    Build();
    RunBroadcastFromVm1();
    EXPECT_EQ(rx[1].n, 1u);
    EXPECT_EQ(rx[2].n, 0u);
    EXPECT_EQ(rx[3].n, 0u);
}

// Spec section 9, hybrid replication: one L2 multicast to the group in the own segment, a
// unicast copy to one MTEP per remote segment, which multicasts it in its segment.
TEST_F(NsxRoutedTest, Replication_HybridMulticastsLocallyAndUnicastsToAnMtepPerRemoteSegment)
{
    nsx.AddLogicalSwitch(5001, "web", LogicalSwitch::Hybrid, true, Ipv4Address("239.0.0.1"));
    Build();
    RunBroadcastFromVm1();
    ASSERT_EQ(log.SentBy("esxi01"), 2u);
    EXPECT_EQ(log.sent[0].peer, Ipv4Address("239.0.0.1"));
    EXPECT_EQ(log.sent[1].peer, Ipv4Address("192.168.150.51")) << "the MTEP";
    ASSERT_EQ(log.SentBy("esxi03"), 1u);
    EXPECT_EQ(log.sent[2].peer, Ipv4Address("239.0.0.1")) << "the MTEP multicasts locally";
    for (int i = 1; i < 4; ++i)
    {
        EXPECT_EQ(rx[i].n, 1u) << hosts[i]->GetName();
    }
}

// Spec section 9: the receiving VTEP learns inner source MAC -> outer source VTEP (and the
// entry ages); a copy a segment's UTEP replicated teaches nothing, since its outer source is
// the UTEP, not the VTEP behind the MAC.
TEST_F(NsxRoutedTest, Learning_InnerSourceMacToOuterSourceVtepAgesAndProxiedCopiesTeachNothing)
{
    nsx.SetVtepAttribute("MacAgingTime", TimeValue(Seconds(3)));
    nsx.AddLogicalSwitch(5001, "web");
    Build();
    BroadcastAt(0, Seconds(1));
    Mac48Address vm1 = Lab::MacOf(vms[0]);
    bool learned2 = false;
    bool learned3 = false;
    bool learned4 = true;
    Simulator::Schedule(Seconds(1.5), [&] {
        for (const auto& e : vteps[1]->GetTables(5001)->GetMacs(Simulator::Now()))
        {
            learned2 = learned2 || (e.inner == vm1 && e.outerIp == Ipv4Address("192.168.250.51"));
        }
        for (const auto& e : vteps[2]->GetTables(5001)->GetMacs(Simulator::Now()))
        {
            learned3 = learned3 || (e.inner == vm1 && e.outerIp == Ipv4Address("192.168.250.51"));
        }
        learned4 = false;
        for (const auto& e : vteps[3]->GetTables(5001)->GetMacs(Simulator::Now()))
        {
            learned4 = learned4 || e.inner == vm1;
        }
    });
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    EXPECT_TRUE(learned2) << "esxi02 learned vm1 behind esxi01's VTEP";
    EXPECT_TRUE(learned3) << "the UTEP learned vm1 behind esxi01's VTEP";
    EXPECT_FALSE(learned4) << "esxi04 got the UTEP's copy and must not learn vm1 behind it";
    EXPECT_TRUE(vteps[1]->GetTables(5001)->GetMacs(Simulator::Now()).empty())
        << "aged out after MacAgingTime (3 s)";
}

namespace
{

/// Send a UDP/IPv4 datagram of `payload` bytes from a VM at time t, to a MAC and IP.
void
SendDatagramAt(Ptr<Node> vm, Mac48Address to, std::string src, std::string dst, uint32_t payload, Time t)
{
    Simulator::Schedule(t, &SendIpv4, Ptr<NetDevice>(Lab::Vnic(vm)), to, src, dst, payload);
}

/// The VLAN tags of the IPv4 frames seen at a capture point (0: untagged).
struct TagLog
{
    std::vector<uint16_t> ipv4;

    static void Sink(TagLog* t, Ptr<const Packet> p, const CaptureContext&)
    {
        EthernetVlanHeader h;
        p->PeekHeader(h);
        if (h.GetEtherType() == 0x0800)
        {
            t->ipv4.push_back(h.HasVlanTag() ? h.GetVlanId() : 0);
        }
    }
};

/// The routed underlay with a router whose interfaces have an MTU of 1500.
class NsxRoutedSmallMtuTest : public NsxRoutedTest
{
  public:
    NsxRoutedSmallMtuTest()
    {
        routerMtu = 1500;
    }
};

/// Counts the drops of one reason at a vSwitch's Drop point.
struct DropCount
{
    DropReason reason;
    uint32_t n{0};

    static void Sink(DropCount* c, Ptr<const Packet>, const CaptureContext& where)
    {
        c->n += where.reason == c->reason;
    }
};

} // namespace

// Spec section 9: a frame that does not fit the transport once the 50 bytes of VXLAN are
// added is dropped at the source host with reason mtu (here the distributed switch's MTU,
// 1500: a full 1514-byte frame needs 1550); one that fits goes.
TEST_F(NsxTest, Mtu_AFrameTooLargeForTheTransportIsDroppedAtTheSourceWithReasonMtu)
{
    dvs->SetAttribute("Mtu", UintegerValue(1500));
    nsx.AddLogicalSwitch(5001, "web");
    Ptr<Vtep> v1 = Prepare(h1, "192.168.250.51");
    Prepare(h2, "192.168.250.52");
    auto a = lab.Vm(h1, "web", "172.16.10.11/24");
    auto b = lab.Vm(h2, "web", "172.16.10.12/24");
    DropCount mtu{DropReason::Mtu};
    h1->GetVSwitch("Compute_VDS")
        ->TraceConnectWithoutContext("Drop", MakeBoundCallback(&DropCount::Sink, &mtu));
    VxlanLog log;
    log.Watch(v1);
    // 1472 bytes of UDP payload: a 1514-byte frame; 1422: a 1464-byte frame (1500 outer).
    SendDatagramAt(a, Lab::MacOf(b), "172.16.10.11", "172.16.10.12", 1472 - 8, Seconds(1));
    SendDatagramAt(a, Lab::MacOf(b), "172.16.10.11", "172.16.10.12", 1414 - 8, Seconds(1.1));
    // The boundary: the 50 bytes of encapsulation (outer Ethernet 14, IPv4 20, UDP 8, VXLAN 8)
    // on a 1464-byte frame make a 1500-byte outer IPv4 packet, which fits; one byte more does
    // not. (1430 bytes of IPv4 payload: 14 + 20 + 1430 = 1464.)
    SendDatagramAt(a, Lab::MacOf(b), "172.16.10.11", "172.16.10.12", 1430, Seconds(1.2));
    SendDatagramAt(a, Lab::MacOf(b), "172.16.10.11", "172.16.10.12", 1431, Seconds(1.3));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    EXPECT_EQ(mtu.n, 2u) << "the 1514-byte and the 1465-byte frame, at the VM's port";
    EXPECT_EQ(h1->GetVmPort(a)->GetCounters().drops.Get(DropReason::Mtu), 2u);
    EXPECT_EQ(v1->GetCounters().drops.Get(DropReason::Mtu), 0u) << "counted once, at the port";
    EXPECT_EQ(log.drops.size(), 2u) << "the VTEP's Drop trace shows them";
    ASSERT_EQ(log.sent.size(), 2u) << "the 1456-byte and the 1464-byte frame go";
    EXPECT_EQ(v1->GetTransportMtu(Ipv4Address("192.168.250.52")), 1500);
}

// Spec section 9: the routed path counts too — a router interface of MTU 1500 on the way to
// the other segment drops nothing itself: the source host drops the frame with reason mtu.
TEST_F(NsxRoutedSmallMtuTest, Mtu_ARouterWithASmallerMtuOnThePathMakesTheSourceDrop)
{
    nsx.AddLogicalSwitch(5001, "web");
    Build();
    DropCount mtu{DropReason::Mtu};
    hosts[0]->GetVSwitch("Compute_VDS")
        ->TraceConnectWithoutContext("Drop", MakeBoundCallback(&DropCount::Sink, &mtu));
    // Known destinations first (a broadcast from each VM teaches the VTEPs), then a full frame
    // to vm2 (own segment: 1600 fits) and to vm3 (routed: 1500 does not).
    for (int i = 1; i < 4; ++i)
    {
        BroadcastAt(i, Seconds(1));
    }
    SendDatagramAt(vms[0], Lab::MacOf(vms[1]), "172.16.10.11", "172.16.10.12", 1464, Seconds(2));
    SendDatagramAt(vms[0], Lab::MacOf(vms[2]), "172.16.10.11", "172.16.10.13", 1464, Seconds(2.1));
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    EXPECT_EQ(vteps[0]->GetTransportMtu(Ipv4Address("192.168.250.52")), 1600);
    EXPECT_EQ(vteps[0]->GetTransportMtu(Ipv4Address("192.168.150.51")), 1500);
    EXPECT_EQ(mtu.n, 1u);
    EXPECT_GT(router->GetCounters().forwarded, 0u) << "the smaller frames crossed it";
}

// Spec section 9: the outer frame carries the VTEP's transport VLAN (switch tagging by its
// port group), and the physical switch carries it in that VLAN only.
TEST_F(NsxRoutedTest, Transport_OuterFramesAreTaggedWithTheVtepsVlan)
{
    nsx.AddLogicalSwitch(5001, "web");
    Build();
    TagLog tags;
    hosts[0]->GetVSwitch("Compute_VDS")
        ->TraceConnectWithoutContext("UplinkSnd", MakeBoundCallback(&TagLog::Sink, &tags));
    BroadcastAt(0, Seconds(1));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    ASSERT_EQ(tags.ipv4.size(), 2u) << "the two VXLAN copies";
    EXPECT_EQ(tags.ipv4[0], 250);
    EXPECT_EQ(tags.ipv4[1], 250);
}

// Spec section 9: the UDP source port is a hash of the inner frame's headers, in RFC 7348's
// range: the same flow always gets the same port, different flows (mostly) different ones.
TEST_F(NsxTest, SourcePort_IsAHashOfTheInnerFlowIn49152To65535)
{
    nsx.AddLogicalSwitch(5001, "web");
    Ptr<Vtep> v1 = Prepare(h1, "192.168.250.51");
    auto frame = [](uint16_t sport, const char* dst) {
        Ptr<Packet> p = Create<Packet>(64);
        UdpHeader u;
        u.SetSourcePort(sport);
        u.SetDestinationPort(9000);
        p->AddHeader(u);
        Ipv4Header ip;
        ip.SetSource(Ipv4Address("172.16.10.11"));
        ip.SetDestination(Ipv4Address(dst));
        ip.SetProtocol(17);
        ip.SetPayloadSize(p->GetSize());
        p->AddHeader(ip);
        p->AddHeader(EthernetVlanHeader(Mac48Address("00:50:56:aa:aa:aa"),
                                        Mac48Address("00:50:56:bb:bb:bb"),
                                        0x0800));
        return p;
    };
    EXPECT_EQ(v1->SourcePort(frame(1000, "172.16.10.12")), v1->SourcePort(frame(1000, "172.16.10.12")));
    std::set<uint16_t> ports;
    for (uint16_t s = 1000; s < 1032; ++s)
    {
        uint16_t port = v1->SourcePort(frame(s, "172.16.10.12"));
        EXPECT_GE(port, 49152);
        ports.insert(port);
    }
    EXPECT_GE(ports.size(), 28u) << "32 flows that differ only in the inner source port";
    EXPECT_NE(v1->SourcePort(frame(1000, "172.16.10.12")), v1->SourcePort(frame(1000, "172.16.10.13")));
}

namespace
{

/// A gratuitous ARP from a VM for its own IP (a broadcast reply, sender IP = target IP).
void
Garp(Ptr<Node> vm, std::string ip)
{
    Ptr<VnicNetDevice> vnic = Lab::Vnic(vm);
    Mac48Address mac = Mac48Address::ConvertFrom(vnic->GetAddress());
    ArpHeader arp;
    arp.SetReply(mac, Ipv4Address(ip.c_str()), Mac48Address::GetBroadcast(), Ipv4Address(ip.c_str()));
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(arp);
    vnic->Send(p, Mac48Address::GetBroadcast(), 0x0806);
}

/// NsxTest with logical switch 5001 "web", a VTEP on each host and, once VMs() ran, VM A
/// (esxi01, 172.16.10.11) and VM B (esxi02, 172.16.10.12) on it.
class NsxTwoVmTest : public NsxTest
{
  protected:
    void Vteps(bool suppression)
    {
        nsx.AddLogicalSwitch(5001, "web", LogicalSwitch::Unicast, suppression);
        v1 = Prepare(h1, "192.168.250.51");
        v2 = Prepare(h2, "192.168.250.52");
    }

    void VMs()
    {
        a = lab.Vm(h1, "web", "172.16.10.11/24", "vmA");
        b = lab.Vm(h2, "web", "172.16.10.12/24", "vmB");
    }

    /// `from` pings `to` from 1 s to 4 s; the simulation runs to 5 s.
    void PingAndRun(Ptr<Node> from, const std::string& to)
    {
        ping = Create<PingCounter>(from, Ipv4Address(to.c_str()), Seconds(1), Seconds(4));
        Simulator::Stop(Seconds(5));
        Simulator::Run();
    }

    Ptr<Vtep> v1;
    Ptr<Vtep> v2;
    Ptr<Node> a;
    Ptr<Node> b;
    Ptr<PingCounter> ping;
};

/// NsxTwoVmTest with B announcing itself by GARP at 0.5 s and A pinging B from 1 s.
class NsxArpTest : public NsxTwoVmTest
{
  protected:
    void Run(bool suppression)
    {
        Vteps(suppression);
        log.Watch(v1);
        log.Watch(v2);
        VMs();
        Simulator::Schedule(Seconds(0.5), &Garp, b, std::string("172.16.10.12"));
        PingAndRun(a, "172.16.10.12");
    }

    VxlanLog log;
};

} // namespace

// Spec section 9 (seed 2, STEP3-4): with ARP suppression the hosts snoop their VMs' bindings
// (here B's GARP) for the controller, and A's ARP request for B is answered by A's own host
// from the controller's table: it never crosses the underlay.
TEST_F(NsxArpTest, ArpSuppression_TheHostAnswersAndTheRequestNeverCrossesTheUnderlay)
{
    Run(true);
    EXPECT_EQ(ping->Replies(), 3u);
    EXPECT_EQ(v1->GetCounters().arpSuppressed, 1u);
    std::size_t arpFromA = 0;
    for (const auto& c : log.sent)
    {
        arpFromA += c.host == "esxi01" && c.etherType == 0x0806;
    }
    EXPECT_EQ(arpFromA, 0u) << "A's ARP request stayed on esxi01";
    const auto* arps = v1->GetTables(5001);
    ASSERT_TRUE(arps && arps->LookupArp(Ipv4Address("172.16.10.12")));
    EXPECT_EQ(*arps->LookupArp(Ipv4Address("172.16.10.12")), Lab::MacOf(b));
    const auto* t = nsx.GetCluster()->GetTables(5001);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->arps.count(Ipv4Address("172.16.10.12").Get()), 1u) << "from B's GARP";
}

// Without ARP suppression nothing is snooped and A's ARP request is flooded over VXLAN.
TEST_F(NsxArpTest, ArpSuppression_OffFloodsTheRequestOverVxlan)
{
    Run(false);
    EXPECT_EQ(ping->Replies(), 3u);
    EXPECT_EQ(v1->GetCounters().arpSuppressed, 0u);
    std::size_t arpFromA = 0;
    for (const auto& c : log.sent)
    {
        arpFromA += c.host == "esxi01" && c.etherType == 0x0806;
    }
    EXPECT_GE(arpFromA, 1u);
    const auto* t = nsx.GetCluster()->GetTables(5001);
    ASSERT_TRUE(t);
    EXPECT_TRUE(t->arps.empty()) << "no IP discovery without ARP suppression";
}

namespace
{

/// A DHCP server's reply from a VM, broadcast (IPv4 to 255.255.255.255, UDP 67 -> 68,
/// BOOTREPLY with the magic cookie, a pad option, then option 53 = type): it hands yiaddr to
/// the client chaddr.
void
DhcpReply(Ptr<Node> server,
          std::string serverIp,
          uint8_t type,
          std::string yiaddr,
          Mac48Address chaddr)
{
    std::vector<uint8_t> bootp(236 + 4 + 5, 0);
    bootp[0] = 2; // BOOTREPLY
    bootp[1] = 1; // Ethernet
    bootp[2] = 6; // 6-byte hardware addresses
    uint32_t y = Ipv4Address(yiaddr.c_str()).Get();
    for (int i = 0; i < 4; ++i)
    {
        bootp[16 + i] = uint8_t(y >> (24 - 8 * i));
    }
    chaddr.CopyTo(bootp.data() + 28);
    const uint8_t tail[] = {0x63, 0x82, 0x53, 0x63, 0, 53, 1, type, 255};
    std::copy(std::begin(tail), std::end(tail), bootp.begin() + 236);
    Ptr<Packet> p = Create<Packet>(bootp.data(), bootp.size());
    UdpHeader udp;
    udp.SetSourcePort(67);
    udp.SetDestinationPort(68);
    p->AddHeader(udp);
    Ipv4Header ip;
    ip.SetSource(Ipv4Address(serverIp.c_str()));
    ip.SetDestination(Ipv4Address::GetBroadcast());
    ip.SetProtocol(17);
    ip.SetTtl(64);
    ip.SetPayloadSize(p->GetSize());
    ip.EnableChecksum();
    p->AddHeader(ip);
    Lab::Vnic(server)->Send(p, Mac48Address::GetBroadcast(), 0x0800);
}

/// NsxTwoVmTest with ARP suppression, B a DHCP server that sends A's lease (message type
/// `type`) at 0.5 s; the controller's entry for A's IP is read at 0.6 s, before anyone sends
/// an ARP request, and B pings A from 1 s.
class NsxDhcpTest : public NsxTwoVmTest
{
  protected:
    void Run(uint8_t type)
    {
        Vteps(true);
        VMs();
        Simulator::Schedule(Seconds(0.5),
                            &DhcpReply,
                            b,
                            std::string("172.16.10.12"),
                            type,
                            std::string("172.16.10.11"),
                            Lab::MacOf(a));
        Simulator::Schedule(Seconds(0.6), [this]() {
            if (const auto* t = nsx.GetCluster()->GetTables(5001))
            {
                auto it = t->arps.find(Ipv4Address("172.16.10.11").Get());
                if (it != t->arps.end())
                {
                    learned = true;
                    learnedMac = it->second;
                }
            }
        });
        PingAndRun(b, "172.16.10.11");
    }

    bool learned{false};     //!< the controller had A's IP at 0.6 s
    Mac48Address learnedMac; //!< with this MAC
};

} // namespace

// Spec section 9: with ARP suppression the host snoops a DHCP ACK from its VM (here the
// DHCP server B) and reports the binding the ACK hands out (A's IP, A's MAC) to the
// controller; B's later ARP request for A is answered by B's own host from it.
TEST_F(NsxDhcpTest, ArpSuppression_ADhcpAckFromAVmTeachesTheControllerTheLeasedBinding)
{
    Run(5); // DHCPACK
    EXPECT_TRUE(learned) << "the controller learned A's IP from the ACK alone";
    EXPECT_EQ(learnedMac, Lab::MacOf(a));
    EXPECT_EQ(ping->Replies(), 3u);
    EXPECT_EQ(v2->GetCounters().arpSuppressed, 1u) << "B's request for A answered on esxi02";
}

// A DHCP OFFER is not a lease: nothing is learned from it, and B's ARP request for A is
// flooded over VXLAN (A answers it).
TEST_F(NsxDhcpTest, ArpSuppression_ADhcpOfferTeachesNothing)
{
    Run(2); // DHCPOFFER
    EXPECT_FALSE(learned);
    EXPECT_EQ(ping->Replies(), 3u);
    EXPECT_EQ(v2->GetCounters().arpSuppressed, 0u);
}

// Spec section 9: when neither the host nor the controller knows the IP, the request is
// flooded as BUM after the controller's answer.
TEST_F(NsxTest, ArpSuppression_AnUnknownIpIsFloodedAfterTheControllerMisses)
{
    nsx.AddLogicalSwitch(5001, "web");
    Ptr<Vtep> v1 = Prepare(h1, "192.168.250.51");
    Prepare(h2, "192.168.250.52");
    VxlanLog log;
    log.Watch(v1);
    auto a = lab.Vm(h1, "web", "172.16.10.11/24");
    lab.Vm(h2, "web", "172.16.10.12/24");
    Ptr<PingCounter> ping =
        Create<PingCounter>(a, Ipv4Address("172.16.10.12"), Seconds(1), Seconds(3));
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    EXPECT_EQ(v1->GetCounters().arpFlooded, 1u);
    EXPECT_GE(log.SentOfType(0x0806), 1u);
    EXPECT_EQ(ping->Replies(), 2u);
}

// Spec section 9: VNIs are sliced among the controllers ((VNI - 5000) mod n by default:
// 5000 -> controller-1, 5001 -> controller-2, 5002 -> controller-3), and the function is
// replaceable.
TEST_F(NsxTest, Controllers_VnisAreSlicedAndTheFunctionIsReplaceable)
{
    nsx.AddLogicalSwitch(5000, "app");
    nsx.AddLogicalSwitch(5001, "web");
    nsx.AddLogicalSwitch(5002, "db");
    Ptr<NsxControllerCluster> c = nsx.GetCluster();
    EXPECT_EQ(c->GetOwner(5000), 0);
    EXPECT_EQ(c->GetOwner(5001), 1);
    EXPECT_EQ(c->GetOwner(5002), 2);
    std::ostringstream os;
    c->PrintVni(os, 5001);
    EXPECT_NE(os.str().find("5001     192.168.110.202  Enabled          Enabled"),
              std::string::npos)
        << os.str();
    c->SetSliceFunction(MakeCallback(+[](uint32_t, uint32_t) { return 0u; }));
    EXPECT_EQ(c->GetOwner(5001), 0);
    EXPECT_EQ(c->GetOwner(5002), 0);
}

// Spec section 9: only the owner holds a VNI's tables; when it fails its VNIs move to the
// others, the hosts report again to the new owner, and the data plane goes on meanwhile.
TEST_F(NsxArpTest, Controllers_AFailedOwnersVnisMoveAndHostsReportAgain)
{
    Ptr<NsxControllerCluster> c = nsx.GetCluster();
    std::vector<std::string> owners;
    Simulator::Schedule(Seconds(2), &NsxControllerCluster::SetControllerUp, c, std::string("controller-2"), false);
    // The new owner starts empty: nothing is copied over from the failed one; what it learns
    // comes from the hosts' reports, one control-plane delay later.
    bool emptyAtFailover = false;
    Simulator::Schedule(Seconds(2) + c->GetDelay() / 2, [&] {
        const auto* t = c->GetTables(5001);
        emptyAtFailover = !t || (t->vteps.empty() && t->macs.empty() && t->arps.empty());
    });
    Simulator::Schedule(Seconds(2.1), [&] {
        owners.push_back(c->GetControllers()[c->GetOwner(5001)].name);
        const auto* t = c->GetTables(5001);
        EXPECT_TRUE(t && t->vteps.size() == 2 && t->macs.size() == 2 && t->arps.size() == 2)
            << "controller-3 got the hosts' reports again";
    });
    Simulator::Schedule(Seconds(3), &NsxControllerCluster::SetControllerUp, c, std::string("controller-2"), true);
    Simulator::Schedule(Seconds(3.1), [&] {
        owners.push_back(c->GetControllers()[c->GetOwner(5001)].name);
        const auto* t = c->GetTables(5001);
        EXPECT_TRUE(t && t->vteps.size() == 2 && t->macs.size() == 2) << "back on controller-2";
    });
    Run(true);
    ASSERT_EQ(owners.size(), 2u);
    EXPECT_EQ(owners[0], "controller-3");
    EXPECT_EQ(owners[1], "controller-2");
    EXPECT_TRUE(emptyAtFailover) << "the new owner had the tables before any report arrived";
    EXPECT_EQ(ping->Replies(), 3u) << "no ping lost while the slice moved";
}

// Spec section 9, bad input: each mistake is a ConfigError that names the thing and the fix.
TEST_F(NsxTest, BadInput_ClearErrors)
{
    EXPECT_NE(ErrorOf([&] { nsx.AddLogicalSwitch(4999, "low"); }).find("out of range 5000-16777215"),
              std::string::npos);
    EXPECT_NE(ErrorOf([&] { nsx.AddLogicalSwitch(16777216, "high"); }).find("out of range"),
              std::string::npos);
    nsx.AddLogicalSwitch(5001, "web");
    EXPECT_NE(ErrorOf([&] { nsx.AddLogicalSwitch(5001, "web2"); }).find("own VNI"),
              std::string::npos);
    EXPECT_NE(ErrorOf([&] { nsx.AddLogicalSwitch(5002, "web"); }).find("name web"),
              std::string::npos);
    EXPECT_NE(ErrorOf([&] { nsx.AddLogicalSwitch(5003, "mc", LogicalSwitch::Multicast); })
                  .find("needs a multicast group"),
              std::string::npos);
    EXPECT_NE(ErrorOf([&] { nsx.AddLogicalSwitch(5004, "hy", LogicalSwitch::Hybrid); })
                  .find("needs a multicast group"),
              std::string::npos);
    dvs->AddPortGroup("app", 10);
    Prepare(h1, "192.168.250.51");
    EXPECT_NE(ErrorOf([&] { nsx.AddLogicalSwitch(5005, "app"); }).find("already has a port group named app"),
              std::string::npos);
    EXPECT_NE(ErrorOf([&] { Prepare(h2, "192.168.250.51"); }).find("every VTEP needs its own IP"),
              std::string::npos);
    EXPECT_NE(ErrorOf([&] { Prepare(h1, "192.168.250.53"); }).find("one VTEP per host"),
              std::string::npos);
    auto h3 = lab.BareHost("esxi03");
    EXPECT_NE(ErrorOf([&] { Prepare(h3, "192.168.250.53"); }).find("not a member of distributed switch"),
              std::string::npos);
    Vtep::Config c;
    c.ip = Ipv4Address("192.168.250.52");
    c.gateway = Ipv4Address("10.0.0.1");
    EXPECT_NE(ErrorOf([&] { nsx.InstallVtep(h2, dvs, c); }).find("is not in 192.168.250.0/24"),
              std::string::npos);
}

// Spec sections 7 and 9: a VM on a logical switch that vMotion moves to another prepared
// host keeps its logical switch; the destination announces it by RARP into the logical
// switch (BUM over VXLAN, not to the physical switches), the other hosts learn it behind the
// new VTEP, and its pings go on.
TEST_F(NsxTest, VMotion_AMovedVmIsAnnouncedIntoTheLogicalSwitchAndLearnedBehindItsNewVtep)
{
    auto h3 = lab.BareHost("esxi03");
    dvs->AddHost(h3, {{"Uplink 1", "vmnic0"}, {"Uplink 2", "vmnic1"}});
    nsx.AddLogicalSwitch(5001, "web");
    Ptr<Vtep> v1 = Prepare(h1, "192.168.250.51");
    Prepare(h2, "192.168.250.52");
    Prepare(h3, "192.168.250.53");
    auto a = lab.Vm(h1, "web", "172.16.10.11/24", "vmA");
    Ptr<Node> b = CreateObject<Node>();
    h2->SetVmName(b, "vmB");
    AddIp(h2->AddVm(b, "web", Mac48Address("00:50:56:00:bb:01")), "172.16.10.12/24");
    uint32_t rarpsIntoVxlan = 0;
    uint32_t rarpsOut = 0;
    struct Count
    {
        static void Sink(uint32_t* n, uint32_t, Mac48Address mac, const std::string& uplink)
        {
            *n += uplink == "vxlan" && mac == Mac48Address("00:50:56:00:bb:01");
        }

        static void Out(uint32_t* n, uint32_t, Mac48Address mac, const std::string& uplink)
        {
            *n += uplink != "vxlan" && mac == Mac48Address("00:50:56:00:bb:01");
        }
    };
    Ptr<VSwitch> proxy3 = dvs->GetProxy(h3);
    proxy3->TraceConnectWithoutContext("Rarp", MakeBoundCallback(&Count::Sink, &rarpsIntoVxlan));
    proxy3->TraceConnectWithoutContext("Rarp", MakeBoundCallback(&Count::Out, &rarpsOut));
    Ptr<PingCounter> ping =
        Create<PingCounter>(a, Ipv4Address("172.16.10.12"), Seconds(1), Seconds(8));
    Ptr<VMotion> vmotion = CreateObject<VMotion>();
    Simulator::Schedule(Seconds(2),
                        &VMotion::Migrate,
                        vmotion,
                        b,
                        h2,
                        h3,
                        Seconds(1));
    Simulator::Stop(Seconds(9));
    Simulator::Run();
    EXPECT_GE(rarpsIntoVxlan, 1u);
    EXPECT_EQ(rarpsOut, 0u) << "not to the physical switches";
    // Of 7 pings, the one in the stun is lost, and so are those before the +2 s RARP round:
    // the switchover's first RARP finds esxi03's VTEP list still empty (esxi03 joins VNI 5001
    // with the moved VM, and the list comes back after two control-plane delays), so esxi01
    // keeps B behind esxi02 until the next round reaches it.
    EXPECT_GE(ping->Replies(), 4u);
    bool behindNew = false;
    for (const auto& e : v1->GetTables(5001)->GetMacs(Simulator::Now()))
    {
        behindNew = behindNew ||
                    (e.inner == Mac48Address("00:50:56:00:bb:01") &&
                     e.outerIp == Ipv4Address("192.168.250.53"));
    }
    EXPECT_TRUE(behindNew);
}

namespace
{

/// A VTEP outside the simulated NSX (as a Linux vxlan device behind a tap is): a plain node
/// of the transport segment with a UDP socket on the VXLAN port.
struct ExternalVtep : public SimpleRefCount<ExternalVtep>
{
    Ptr<Socket> socket;   //!< bound to 4789
    Mac48Address inner;   //!< the MAC of its "VM" side
    uint32_t received{0}; //!< VXLAN packets the simulated VTEPs sent it

    /// Every IPv4 packet the node takes in (the VTEPs' UDP checksum is zero, which ns-3's
    /// own UDP, checksums on, would refuse: count at IPv4).
    static void Ipv4Rx(ExternalVtep* self, Ptr<const Packet> packet, Ptr<Ipv4>, uint32_t)
    {
        Ptr<Packet> p = packet->Copy();
        Ipv4Header ip;
        p->RemoveHeader(ip);
        UdpHeader udp;
        if (ip.GetProtocol() == 17 && p->PeekHeader(udp) &&
            udp.GetDestinationPort() == VxlanHeader::kIanaPort)
        {
            ++self->received;
        }
    }

    /// A VXLAN packet of VNI 5001 carrying a broadcast frame from `inner`, to a VTEP.
    void SendBroadcast(Ipv4Address vtep)
    {
        Ptr<Packet> p = Create<Packet>(46);
        p->AddHeader(EthernetVlanHeader(inner, Mac48Address::GetBroadcast(), 0x88b5));
        VxlanHeader vh;
        vh.SetVni(5001);
        p->AddHeader(vh);
        socket->SendTo(p, 0, InetSocketAddress(vtep, VxlanHeader::kIanaPort));
    }
};

/// The external VTEP at 192.168.250.60 sends one broadcast to esxi01's VTEP at 1 s; VM A then
/// ARPs for an address nobody has (a controller miss: flooded to the VNI's VTEPs) at 2 s.
struct LearnVtepsRun
{
    bool listed{false};      //!< esxi01's VTEP list for 5001 holds 192.168.250.60
    bool macLearned{false};  //!< esxi01 holds the external MAC behind 192.168.250.60
    uint32_t floodedToIt{0}; //!< VXLAN packets the external VTEP received
};

} // namespace

class NsxLearnVtepsTest : public NsxTest
{
  protected:
    LearnVtepsRun Run(bool learn)
    {
        nsx.SetVtepAttribute("LearnVteps", BooleanValue(learn));
        nsx.AddLogicalSwitch(5001, "web");
        Ptr<Vtep> v1 = Prepare(h1, "192.168.250.51");
        Prepare(h2, "192.168.250.52");
        auto a = lab.Vm(h1, "web", "172.16.10.11/24", "vmA");
        lab.Vm(h2, "web", "172.16.10.12/24", "vmB");
        Ptr<ExternalVtep> ext = Create<ExternalVtep>();
        ext->inner = Mac48Address("02:00:00:00:00:60");
        Ptr<Node> node = lab.External(1, "192.168.250.60/24");
        ext->socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        ext->socket->Bind();
        node->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
            "Rx",
            MakeBoundCallback(&ExternalVtep::Ipv4Rx, PeekPointer(ext)));
        Simulator::Schedule(Seconds(1),
                            &ExternalVtep::SendBroadcast,
                            ext,
                            Ipv4Address("192.168.250.51"));
        Ptr<PingCounter> ping =
            Create<PingCounter>(a, Ipv4Address("172.16.10.99"), Seconds(2), Seconds(3));
        Simulator::Stop(Seconds(4));
        Simulator::Run();
        LearnVtepsRun r;
        r.listed = v1->GetTables(5001)->FindVtep(Ipv4Address("192.168.250.60")) != nullptr;
        for (const auto& e : v1->GetTables(5001)->GetMacs(Simulator::Now()))
        {
            r.macLearned = r.macLearned ||
                           (e.inner == ext->inner && e.outerIp == Ipv4Address("192.168.250.60"));
        }
        r.floodedToIt = ext->received;
        ext->socket->Close();
        return r;
    }
};

// ns3::Vtep::LearnVteps: a VTEP no controller lists (a Linux or hardware VTEP) is learned
// from the VXLAN packets it sends, so the VNI's BUM frames reach it as well.
TEST_F(NsxLearnVtepsTest, LearnVteps_AVtepOutsideNsxJoinsTheVtepListAndGetsTheFloodedArp)
{
    LearnVtepsRun r = Run(true);
    EXPECT_TRUE(r.listed) << "192.168.250.60 learned into esxi01's VTEP list for VNI 5001";
    EXPECT_TRUE(r.macLearned) << "its inner MAC learned behind it, as for any VTEP";
    EXPECT_GE(r.floodedToIt, 1u) << "VM A's flooded ARP request reached the external VTEP";
}

TEST_F(NsxLearnVtepsTest, LearnVteps_OffByDefaultOnlyTheMacIsLearnedAndNothingIsFloodedToIt)
{
    LearnVtepsRun r = Run(false);
    EXPECT_FALSE(r.listed) << "only the controller fills the VTEP list";
    EXPECT_TRUE(r.macLearned) << "data-plane MAC learning does not depend on it";
    EXPECT_EQ(r.floodedToIt, 0u);
}

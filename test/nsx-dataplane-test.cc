/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Spec section 9: NSX logical switches over VXLAN — the VTEP's data plane (encapsulation,
 * replication, learning, MTU), the controller cluster (tables, slicing, failover) and ARP
 * suppression. Each test is named after the rule it holds.
 */
#include "vswitch-lab.h"

#include "ns3/distributed-switch.h"
#include "ns3/ipv4-header.h"
#include "ns3/nsx-helper.h"
#include "ns3/router-helper.h"
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

    static void OnSent(VxlanLog* log, std::string host, Ptr<const Packet>, uint32_t vni, Ipv4Address peer)
    {
        log->sent.push_back({host, vni, peer});
    }

    static void OnReceived(VxlanLog* log,
                           std::string host,
                           Ptr<const Packet>,
                           uint32_t vni,
                           Ipv4Address peer)
    {
        log->received.push_back({host, vni, peer});
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

    uint16_t routerMtu{1600};
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

} // namespace

// Spec section 9, unicast replication: the source VTEP sends a BUM frame once to every VTEP
// of its own segment and once to one VTEP (the UTEP, marked to replicate) of each other
// segment, which replicates it to the other VTEPs of its segment and never back.
TEST_F(NsxRoutedTest, Replication_UnicastCopiesOwnSegmentAndOneUtepPerRemoteSegment)
{
    nsx.AddLogicalSwitch(5001, "web");
    Build();
    std::vector<RxCount> rx(4);
    for (int i = 0; i < 4; ++i)
    {
        rx[i].Watch(hosts[i]);
    }
    BroadcastAt(0, Seconds(1));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
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

// Spec section 9, multicast replication: one copy to the VNI's group; the physical switch
// floods it in the transport VLAN and the router forwards it to the other segment.
TEST_F(NsxRoutedTest, Replication_MulticastSendsOneCopyToTheGroupAndTheUnderlayCarriesIt)
{
    nsx.AddLogicalSwitch(5001, "web", LogicalSwitch::Multicast, true, Ipv4Address("239.0.0.1"));
    routers.EnableMulticastRouting(router, {Ipv4Address("239.0.0.1")});
    Build();
    std::vector<RxCount> rx(4);
    for (int i = 0; i < 4; ++i)
    {
        rx[i].Watch(hosts[i]);
    }
    BroadcastAt(0, Seconds(1));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
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
    std::vector<RxCount> rx(4);
    for (int i = 0; i < 4; ++i)
    {
        rx[i].Watch(hosts[i]);
    }
    BroadcastAt(0, Seconds(1));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
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
    std::vector<RxCount> rx(4);
    for (int i = 0; i < 4; ++i)
    {
        rx[i].Watch(hosts[i]);
    }
    BroadcastAt(0, Seconds(1));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
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

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

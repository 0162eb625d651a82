/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Seed 2 (spec section 9): an NSX logical switch walked through STEP0-6, with the views
 * the seed prints after each step.
 */
#include "seed2-lab.h"

#include "seed-labs.h"

#include "ns3/arp-header.h"
#include "ns3/core-module.h"
#include "ns3/distributed-switch.h"
#include "ns3/esxi-host.h"
#include "ns3/ethernet-net-device.h"
#include "ns3/internet-module.h"
#include "ns3/iputils-ping-helper.h"
#include "ns3/iputils-ping.h"
#include "ns3/nsx-helper.h"
#include "ns3/nsx-snooping.h"
#include "ns3/physical-switch-helper.h"
#include "ns3/router-helper.h"
#include "ns3/vnic-net-device.h"

#include <filesystem>
#include <iterator>
#include <set>
#include <sstream>

using namespace ns3;

namespace seedlab
{

namespace
{

/// The guest announcing its address when its interface comes up (a gratuitous ARP).
void
SendGarp(Ptr<Node> vm)
{
    Ptr<VnicNetDevice> vnic = DynamicCast<VnicNetDevice>(vm->GetDevice(0));
    Ipv4Address ip = AddressOf(vm);
    ArpHeader arp;
    arp.SetReply(vnic->GetAddress(), ip, Mac48Address::GetBroadcast(), ip);
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(arp);
    vnic->Send(p, Mac48Address::GetBroadcast(), 0x0806);
}

/// What the lab needs while it runs.
struct Seed2Run
{
    Fabric* fabric{nullptr};
    NsxHelper* nsx{nullptr};
    Ptr<EsxiHost> esxi01;
    Ptr<EsxiHost> esxi02;
    Ptr<Node> a;
    Ptr<Node> b;
    Ptr<PingCount> ping;
    Seed2Result* result{nullptr};
    uint32_t arpOverVxlan{0};

    static void OnEncap(Seed2Run* r, Ptr<const Packet> inner, uint32_t, Ipv4Address)
    {
        EthernetVlanHeader h;
        inner->PeekHeader(h);
        if (NsxSnoop::Read(inner, h.GetEtherType()).kind == NsxSnoop::Kind::ArpRequest)
        {
            ++r->arpOverVxlan; // a real request (the guests' GARPs cross, as BUM must)
        }
    }

    void PowerOn()
    {
        a = fabric->AddVm(esxi01, "web", "A", "172.16.10.11/24", kSeed2MacA);
        b = fabric->AddVm(esxi02, "web", "B", "172.16.10.12/24", kSeed2MacB);
    }

    void Announce()
    {
        SendGarp(a);
        SendGarp(b);
    }

    void StartPing()
    {
        ping = Create<PingCount>(a, Ipv4Address("172.16.10.12"), Seconds(0), Seconds(4.5));
    }

    void Snapshot(std::string name, std::string which)
    {
        Ptr<NsxControllerCluster> c = nsx->GetCluster();
        Ptr<Vtep> v1 = nsx->GetVtep(esxi01);
        std::istringstream words(which);
        std::set<std::string> want{std::istream_iterator<std::string>(words),
                                   std::istream_iterator<std::string>()};
        std::ostringstream os;
        const char* vds = "--vds-name=Compute_VDS --vxlan-id=5001";
        if (want.count("conn"))
        {
            os << "# esxcli network ip connection list | grep 1234\n";
            v1->PrintConnections(os);
            os << "# esxcli network ip route ipv4 list -N vxlan\n";
            v1->PrintRoutes(os);
            os << "# esxcli network ip neighbor list -N vxlan\n";
            v1->PrintNeighbors(os);
        }
        if (want.count("vni"))
        {
            os << "# show control-cluster logical-switches vni 5001\n";
            c->PrintVni(os, 5001);
        }
        if (want.count("vtep"))
        {
            os << "# show control-cluster logical-switches vtep-table 5001\n";
            c->PrintVtepTable(os, 5001);
            os << "ESXi01 # esxcli network vswitch dvs vmware vxlan network vtep list " << vds
               << "\n";
            v1->PrintVtepList(os, 5001);
        }
        if (want.count("mac"))
        {
            os << "# show control-cluster logical-switches mac-table 5001\n";
            c->PrintMacTable(os, 5001);
        }
        if (want.count("arp"))
        {
            os << "# show control-cluster logical-switches arp-table 5001\n";
            c->PrintArpTable(os, 5001);
        }
        if (want.count("hostarp"))
        {
            os << "ESXi01 # esxcli network vswitch dvs vmware vxlan network arp list " << vds
               << "\n";
            v1->PrintArpList(os, 5001);
        }
        if (want.count("hostmac"))
        {
            os << "ESXi01 # esxcli network vswitch dvs vmware vxlan network mac list " << vds
               << "\n";
            v1->PrintMacList(os, 5001);
            os << "ESXi02 # esxcli network vswitch dvs vmware vxlan network mac list " << vds
               << "\n";
            nsx->GetVtep(esxi02)->PrintMacList(os, 5001);
        }
        result->steps.push_back({name, Simulator::Now().GetSeconds(), os.str()});
    }
};

} // namespace

Seed2Result
RunSeed2LogicalSwitch(const Seed2Options& options)
{
    Seed2Result result;
    Names::Clear();
    Fabric fabric(16);
    // Every port of the transport carries 1600-byte frames (NSX's requirement).
    for (uint32_t p = 1; p <= 16; ++p)
    {
        fabric.pswitch->GetPortDevice("Gi0/" + std::to_string(p))->SetMtu(1600);
    }
    Ptr<EsxiHost> esxi01 = fabric.AddHost("esxi01", {"vmnic0", "vmnic1"}, false);
    Ptr<EsxiHost> esxi02 = fabric.AddHost("esxi02", {"vmnic0", "vmnic1"}, false);
    Ptr<EsxiHost> esxi03 = fabric.AddHost("esxi03", {"vmnic0"}, false);

    // The hosts' management network (vmk0, 192.168.210.0/24) on a standard switch of vmnic0.
    const char* mgmt[] = {"192.168.210.51/24", "192.168.210.52/24"};
    int k = 0;
    for (auto h : {esxi01, esxi02})
    {
        h->AddVSwitch("vSwitch0", {"vmnic0"});
        h->AddPortGroup("Management Network", 210, "vSwitch0");
        Ptr<VnicNetDevice> vmk0 = h->AddVmknic("vmk0", "Management Network");
        InternetStackHelper().Install(h->GetNode());
        Ptr<Ipv4> ipv4 = h->GetNode()->GetObject<Ipv4>();
        uint32_t i = ipv4->AddInterface(vmk0);
        std::string addr = mgmt[k++];
        ipv4->AddAddress(i,
                         Ipv4InterfaceAddress(Ipv4Address(addr.substr(0, addr.find('/')).c_str()),
                                              Ipv4Mask("/24")));
        ipv4->SetUp(i);
    }

    // Compute_VDS on vmnic1 (esxi03: vmnic0), MTU 1600, carrying the VTEPs.
    Ptr<DistributedSwitch> dvs = CreateObject<DistributedSwitch>();
    dvs->SetAttribute("Name", StringValue("Compute_VDS"));
    dvs->SetAttribute("Mtu", UintegerValue(1600));
    dvs->SetUplinks({"Uplink 1"});
    dvs->AddHost(esxi01, {{"Uplink 1", "vmnic1"}});
    dvs->AddHost(esxi02, {{"Uplink 1", "vmnic1"}});
    dvs->AddHost(esxi03, {{"Uplink 1", "vmnic0"}});

    // The router between the transport segments (VLAN 250: 192.168.250.0/24, VLAN 150:
    // 192.168.150.0/24); VTEPs tag their traffic with their segment's VLAN.
    fabric.pswitch->SetTrunkPort("Gi0/15", {250});
    fabric.pswitch->SetTrunkPort("Gi0/16", {150});
    RouterHelper routers;
    Ptr<Ipv4Router> r1 = routers.Install(CreateObject<Node>(), "r1");
    Ptr<EthernetNetDevice> gw =
        routers.AddInterface(r1, fabric.pswitch, "Gi0/15", "192.168.250.2/24", 1600, 250);
    gw->SetAddress(Mac48Address(kSeed2GatewayMac));
    routers.AddInterface(r1, fabric.pswitch, "Gi0/16", "192.168.150.2/24", 1600, 150);

    // NSX: three controllers, logical switch 5001, a VTEP (vmk3) per host.
    NsxHelper nsx;
    nsx.AddLogicalSwitch(5001, "web", LogicalSwitch::Unicast, options.arpSuppression);

    struct
    {
        Ptr<EsxiHost> host;
        const char* ip;
        const char* gw;
        uint16_t vlan;
        const char* mac;
    } vteps[] = {{esxi01, "192.168.250.51", "192.168.250.2", 250, kSeed2Vtep1Mac},
                 {esxi02, "192.168.250.52", "192.168.250.2", 250, kSeed2Vtep2Mac},
                 {esxi03, "192.168.150.51", "192.168.150.2", 150, "00:50:56:61:01:51"}};

    for (const auto& v : vteps)
    {
        Vtep::Config c;
        c.ip = Ipv4Address(v.ip);
        c.gateway = Ipv4Address(v.gw);
        c.vlan = v.vlan;
        c.mac = Mac48Address(v.mac);
        nsx.InstallVtep(v.host, dvs, c);
    }
    RouterHelper::PopulateRoutes();

    Seed2Run run;
    run.fabric = &fabric;
    run.nsx = &nsx;
    run.esxi01 = esxi01;
    run.esxi02 = esxi02;
    run.result = &result;
    nsx.GetVtep(esxi01)->TraceConnectWithoutContext("Encapsulate",
                                                    MakeBoundCallback(&Seed2Run::OnEncap, &run));

    // The VTEP ping of STEP0: ping ++netstack=vxlan -I vmk3 -d -s 1572 192.168.150.51
    IputilsPingHelper vtepPing(Ipv4Address("192.168.150.51"));
    vtepPing.SetAttribute("Size", UintegerValue(1572));
    vtepPing.SetAttribute("Count", UintegerValue(1));
    ApplicationContainer vp = vtepPing.Install(nsx.GetVtep(esxi01)->GetNetstack());
    vp.Start(Seconds(0.5));
    Ptr<IputilsPing> vtepPingApp = DynamicCast<IputilsPing>(vp.Get(0));

    if (!options.outputDir.empty())
    {
        std::filesystem::create_directories(options.outputDir);
        PhysicalSwitchHelper pswitch;
        std::string prefix = options.outputDir + "/seed2";
        std::string port = fabric.SwitchPortOf(esxi01, "vmnic1");
        pswitch.EnablePortPcap(prefix, fabric.pswitch, port);
        result.underlayPcap =
            PhysicalSwitchHelper::GetPortPcapFilename(prefix, fabric.pswitch, port);
    }

    // STEP0: VMs off; the control plane connections, the vxlan netstack's routes and ARP.
    Simulator::Schedule(Seconds(2),
                        &Seed2Run::Snapshot,
                        &run,
                        std::string("STEP0"),
                        std::string("conn"));
    // STEP1: the VMs power on; the hosts report their VTEP, the controller pushes the list.
    Simulator::Schedule(Seconds(3), &Seed2Run::PowerOn, &run);
    Simulator::Schedule(Seconds(3.5),
                        &Seed2Run::Snapshot,
                        &run,
                        std::string("STEP1"),
                        std::string("vtep"));
    // STEP2-3: the guests announce themselves (GARP): MACs and IP-MAC bindings reported.
    Simulator::Schedule(Seconds(4), &Seed2Run::Announce, &run);
    Simulator::Schedule(Seconds(4.5),
                        &Seed2Run::Snapshot,
                        &run,
                        std::string("STEP2"),
                        std::string("mac"));
    Simulator::Schedule(Seconds(4.5),
                        &Seed2Run::Snapshot,
                        &run,
                        std::string("STEP3"),
                        std::string("arp"));
    // STEP4-6: A pings B; its ARP request is answered by esxi01, which fetches B's MAC entry.
    Simulator::Schedule(Seconds(5), &Seed2Run::StartPing, &run);
    Simulator::Schedule(Seconds(5.5),
                        &Seed2Run::Snapshot,
                        &run,
                        std::string("STEP4"),
                        std::string("hostarp"));
    Simulator::Schedule(Seconds(5.5),
                        &Seed2Run::Snapshot,
                        &run,
                        std::string("STEP5"),
                        std::string("hostmac"));
    Simulator::Schedule(Seconds(9.8),
                        &Seed2Run::Snapshot,
                        &run,
                        std::string("STEP6"),
                        std::string("vni hostmac"));
    Simulator::Stop(Seconds(10));
    Simulator::Run();

    result.pingsSent = run.ping ? run.ping->Sent() : 0;
    result.pingsReceived = run.ping ? run.ping->Replies() : 0;
    result.vtepPingReplies = vtepPingApp->GetReceived();
    result.arpRequestsOverVxlan = run.arpOverVxlan;
    result.arpSuppressed = nsx.GetVtep(esxi01)->GetCounters().arpSuppressed;
    Ptr<NsxControllerCluster> c = nsx.GetCluster();
    result.controllerOfVni = c->GetControllers()[c->GetOwner(5001)].name;
    result.frames = seedlab::FrameCheck::Take();
    Simulator::Destroy();
    Names::Clear();
    return result;
}

} // namespace seedlab

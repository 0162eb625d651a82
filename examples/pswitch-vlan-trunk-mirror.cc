/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Two VLANs across two physical switches joined by an 802.1Q trunk, with a SPAN session
 * that copies the trunk onto a monitor port, and a pcap of every switch port.
 *
 *      a 10.0.0.1                                    b 10.0.0.2
 *      (VLAN 10)                                     (VLAN 10)
 *          |Gi0/1                                        |Gi0/1
 *      +---+------+   Gi0/3   trunk 10,20   Gi0/3   +----+-----+
 *      |   sw1    |=================================|   sw2    |
 *      +---+--+---+                                 +----+-----+
 *          |Gi0/2 \Gi0/4                                 |Gi0/2
 *      c 10.0.0.3   monitor (SPAN of Gi0/3, both)    d 10.0.0.4
 *      (VLAN 20)                                     (VLAN 20)
 *
 * a pings b and c pings d (same VLAN: answered); a also pings d, which is in the same IP
 * subnet but another VLAN, so its ARP requests are never answered.
 *
 * Look at: sw1-Gi0_3.pcap (tags 10 and 20 on the trunk, `tshark -r ... -T fields -e vlan.id`),
 * sw1-Gi0_4.pcap (the monitor sees the trunk's frames in both directions, tags kept),
 * and the MAC tables printed at the end.
 *
 *   ./pswitch-vlan-trunk-mirror [--outputDir=DIR] [--stopTime=10s] [--verbose=1]
 */

#include "ns3/core-module.h"
#include "ns3/internet-apps-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/vswitch-module.h"

#include <filesystem>
#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("PswitchVlanTrunkMirror");

namespace
{
uint32_t g_replies[3] = {0, 0, 0};

void
CountReply(uint32_t* counter, uint16_t, Time)
{
    ++*counter;
}

Ptr<Node>
MakeHost(EthernetHelper& eth,
         Ptr<PhysicalSwitch> sw,
         const std::string& port,
         const std::string& ip)
{
    Ptr<Node> node = CreateObject<Node>();
    NetDeviceContainer devs = eth.Install(node, sw->GetPortDevice(port));
    InternetStackHelper stack;
    stack.Install(node);
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    int32_t ifIndex = ipv4->AddInterface(devs.Get(0));
    ipv4->AddAddress(ifIndex, Ipv4InterfaceAddress(Ipv4Address(ip.c_str()), Ipv4Mask("/24")));
    ipv4->SetUp(ifIndex);
    return node;
}

void
Ping(Ptr<Node> from, const std::string& to, Time start, Time stop, uint32_t* counter)
{
    IputilsPingHelper ping(Ipv4Address(to.c_str()));
    ApplicationContainer apps = ping.Install(from);
    apps.Start(start);
    apps.Stop(stop);
    apps.Get(0)->TraceConnectWithoutContext("Rtt", MakeBoundCallback(&CountReply, counter));
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string outputDir = "pswitch-vlan-trunk-mirror-output";
    Time stopTime = Seconds(10);
    bool verbose = false;

    CommandLine cmd(__FILE__);
    cmd.AddValue("outputDir", "Folder for the pcap files", outputDir);
    cmd.AddValue("stopTime", "Simulated time", stopTime);
    cmd.AddValue("verbose", "Log the switches' forwarding decisions", verbose);
    cmd.Parse(argc, argv);
    if (verbose)
    {
        LogComponentEnable("PhysicalSwitch", LOG_LEVEL_LOGIC);
    }
    std::filesystem::create_directories(outputDir);

    PhysicalSwitchHelper pswitch;
    pswitch.SetPortAttribute("DataRate", StringValue("10Gbps"));
    pswitch.SetSwitchAttribute("Name", StringValue("sw1"));
    Ptr<PhysicalSwitch> sw1 = pswitch.Install(CreateObject<Node>(), 4);
    pswitch.SetSwitchAttribute("Name", StringValue("sw2"));
    Ptr<PhysicalSwitch> sw2 = pswitch.Install(CreateObject<Node>(), 3);

    for (Ptr<PhysicalSwitch> sw : {sw1, sw2})
    {
        sw->SetAccessPort("Gi0/1", 10);
        sw->SetAccessPort("Gi0/2", 20);
        sw->SetTrunkPort("Gi0/3", {10, 20});
    }
    sw1->AddMirrorSession({"Gi0/3"}, PhysicalSwitch::MirrorDirection::Both, "Gi0/4");

    EthernetHelper eth;
    eth.SetChannelAttribute("Delay", StringValue("1us"));
    eth.Install(sw1->GetPortDevice("Gi0/3"), sw2->GetPortDevice("Gi0/3"));
    Ptr<Node> a = MakeHost(eth, sw1, "Gi0/1", "10.0.0.1");
    Ptr<Node> c = MakeHost(eth, sw1, "Gi0/2", "10.0.0.3");
    Ptr<Node> b = MakeHost(eth, sw2, "Gi0/1", "10.0.0.2");
    Ptr<Node> d = MakeHost(eth, sw2, "Gi0/2", "10.0.0.4");
    Ptr<Node> monitor = CreateObject<Node>();
    eth.Install(monitor, sw1->GetPortDevice("Gi0/4"));

    Ping(a, "10.0.0.2", Seconds(1), stopTime - MilliSeconds(1), &g_replies[0]);
    Ping(c, "10.0.0.4", Seconds(1.5), stopTime - MilliSeconds(1), &g_replies[1]);
    Ping(a, "10.0.0.4", Seconds(2), stopTime - MilliSeconds(1), &g_replies[2]);

    pswitch.EnablePcap(outputDir + "/pswitch", sw1);
    pswitch.EnablePcap(outputDir + "/pswitch", sw2);

    Simulator::Stop(stopTime);
    Simulator::Run();

    std::cout << "a -> b (VLAN 10 across the trunk): " << g_replies[0] << " replies\n"
              << "c -> d (VLAN 20 across the trunk): " << g_replies[1] << " replies\n"
              << "a -> d (VLAN 10 to VLAN 20):       " << g_replies[2]
              << " replies (expected none)\n\n";
    for (Ptr<PhysicalSwitch> sw : {sw1, sw2})
    {
        std::cout << sw->GetName() << "#show mac address-table\n";
        sw->ShowMacAddressTable(std::cout);
        std::cout << "\n";
    }
    const auto& trunk = sw1->GetPortDevice("Gi0/3")->GetCounters();
    const auto& span = sw1->GetPortDevice("Gi0/4")->GetCounters();
    std::cout << "sw1 Gi0/3 (trunk): " << trunk.txFrames << " frames out, " << trunk.rxFrames
              << " in\n"
              << "sw1 Gi0/4 (SPAN destination): " << span.txFrames << " copies\n\n"
              << "pcaps: " << std::filesystem::absolute(outputDir).string()
              << "/pswitch-<switch>-<port>.pcap\n";
    Simulator::Destroy();
    return (g_replies[0] > 0 && g_replies[1] > 0 && g_replies[2] == 0) ? 0 : 1;
}

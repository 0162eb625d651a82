/*
 * A first experiment outside the module's tree: two ESXi hosts on one physical switch, a VM
 * on each in VLAN 100, one pings the other three times; then the switch's MAC table and the
 * second host's port list.
 *
 *   test-vm1 -- esxi01 [vSwitch0: vmnic0] -- Gi0/1 pswitch1 Gi0/2 -- [vmnic0] esxi02 -- test-vm2
 *
 * Built by examples/out-of-tree/CMakeLists.txt against the installed module (find_package),
 * or by hand with pkg-config:
 *   g++ -std=c++17 two-hosts-ping.cc $(pkg-config --cflags --libs ns3-vswitch) -o two-hosts-ping
 */

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/vswitch-module.h"

#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("TwoHostsPing");

namespace
{

uint32_t g_replies = 0;

void
OnRtt(uint16_t /* seq */, Time rtt)
{
    ++g_replies;
    std::cout << "reply after " << rtt.As(Time::US) << "\n";
}

/// A VM with an IPv4 address on a port group of a host.
Ptr<Node>
AddVm(Ptr<EsxiHost> host, const std::string& name, const char* address)
{
    Ptr<Node> vm = CreateObject<Node>();
    host->SetVmName(vm, name);
    Ptr<VnicNetDevice> vnic = host->AddVm(vm, "VM Network 100");
    InternetStackHelper().Install(vm);
    Ptr<Ipv4> ipv4 = vm->GetObject<Ipv4>();
    int32_t i = ipv4->AddInterface(vnic);
    ipv4->AddAddress(i, Ipv4InterfaceAddress(Ipv4Address(address), Ipv4Mask("/24")));
    ipv4->SetUp(i);
    return vm;
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t count = 3;
    CommandLine cmd(__FILE__);
    cmd.AddValue("count", "Echo requests to send", count);
    cmd.Parse(argc, argv);

    Ptr<PhysicalSwitch> sw = PhysicalSwitchHelper().Install(CreateObject<Node>(), 2);
    EsxiHostHelper esxi;
    Ptr<EsxiHost> hosts[2];
    for (uint32_t h = 0; h < 2; ++h)
    {
        std::string port = "Gi0/" + std::to_string(h + 1);
        sw->SetTrunkPort(port, {100});
        hosts[h] = esxi.Install(CreateObject<Node>(), {"vmnic0"}, "esxi0" + std::to_string(h + 1));
        hosts[h]->ConnectUplink("vmnic0", sw, port);
        hosts[h]->AddPortGroup("VM Network 100", 100);
    }
    Ptr<Node> vm1 = AddVm(hosts[0], "test-vm1", "192.168.100.11");
    AddVm(hosts[1], "test-vm2", "192.168.100.12");

    IputilsPingHelper ping(Ipv4Address("192.168.100.12"));
    ping.SetAttribute("Count", UintegerValue(count));
    ApplicationContainer app = ping.Install(vm1);
    app.Start(Seconds(1));
    app.Get(0)->TraceConnectWithoutContext("Rtt", MakeCallback(&OnRtt));

    Simulator::Stop(Seconds(2 + count));
    Simulator::Run();
    std::cout << g_replies << " of " << count << " echo requests answered\n\n";
    sw->ShowMacAddressTable(std::cout);
    std::cout << "\n";
    hosts[1]->PrintVmPortList(std::cout);
    Simulator::Destroy();
    return g_replies == count ? 0 : 1;
}

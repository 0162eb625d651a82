/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Two sites, one physical switch each, joined by an 802.1Q trunk; an ESXi host under each
 * switch with one VM. With two MPI ranks each site is simulated by its own process and the
 * trunk is the cable between them (an EthernetRemoteChannel, whose Delay is the lookahead).
 *
 *        site a (rank 0)                  :                  site b (rank 1)
 *   vm-a 10.0.100.1                       :                        vm-b 10.0.100.2
 *      |                                  :                                  |
 *   [esxi-a vSwitch0] vmnic0              :               vmnic0 [esxi-b vSwitch0]
 *      |                                  :                                  |
 *   Gi0/1 [pswitch-a] Gi0/2 ==== trunk, 20 us, crosses ranks ==== Gi0/2 [pswitch-b] Gi0/1
 *
 * vm-a pings vm-b (one request a second) and sends it UDP datagrams. Each rank writes the
 * summary of the site it simulates (pings, datagrams, each switch's MAC table, frame
 * counters); rank 0 gathers them and prints them in site order, so that a run on two ranks
 * prints exactly what a run in one process prints.
 *
 *   ./mpi-two-switches --engine=none                    # one process, no MPI at all
 *   mpirun -np 2 ./mpi-two-switches [--engine=gtw]      # ns3::DistributedSimulatorImpl
 *   mpirun -np 2 ./mpi-two-switches --engine=nullmsg    # ns3::NullMessageSimulatorImpl
 *   options: --pings=5 --datagrams=20 --udpSize=512 --trunkDelay=20us (the lookahead)
 *            --out=FILE (rank 0 also writes the summary there)
 *
 * Every rank builds the whole topology, in the same order (node ids, interface indexes and
 * MACs agree across ranks); applications run only on the rank that owns their node.
 */
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/mpi-interface.h"
#include "ns3/network-module.h"
#include "ns3/vswitch-module.h"
#include "ns3/vswitch-mpi-module.h"

#include <fstream>
#include <iostream>
#include <mpi.h>
#include <sstream>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("MpiTwoSwitches");

namespace
{

/// One site: its switch, host and VM, and what its applications saw.
struct Site
{
    std::string name;            //!< "a" or "b"
    Ptr<PhysicalSwitch> pswitch; //!< the site's physical switch
    Ptr<EsxiHost> host;          //!< the ESXi host under it
    Ptr<Node> vm;                //!< the VM on the host
    Ptr<IputilsPing> ping;       //!< the pinger (site a, when owned)
    Ptr<UdpServer> sink;         //!< the UDP receiver (site b, when owned)
    uint32_t replies{0};         //!< echo replies that came back
    std::string rtts;            //!< their round-trip times, ns (exact: the timing must agree)
};

void
CountReply(Site* site, uint16_t /* seq */, Time rtt)
{
    ++site->replies;
    site->rtts += " " + std::to_string(rtt.GetNanoSeconds());
}

void
AddAddress(Ptr<NetDevice> dev, const char* address)
{
    Ptr<Ipv4> ipv4 = dev->GetNode()->GetObject<Ipv4>();
    int32_t ifIndex = ipv4->AddInterface(dev);
    ipv4->AddAddress(ifIndex, Ipv4InterfaceAddress(Ipv4Address(address), Ipv4Mask("/24")));
    ipv4->SetUp(ifIndex);
}

/// The counters of one L2 device, on one line.
void
PrintCounters(std::ostream& os, const std::string& what, Ptr<L2NetDevice> dev)
{
    const L2NetDevice::Counters& c = dev->GetCounters();
    uint64_t drops = 0;
    for (uint64_t n : c.drops.frames)
    {
        drops += n;
    }
    os << "  " << what << ": tx " << c.txFrames << " frames " << c.txBytes << " bytes, rx "
       << c.rxFrames << " frames " << c.rxBytes << " bytes, dropped " << drops << "\n";
}

std::string
Summary(const Site& site, uint32_t datagrams)
{
    std::ostringstream os;
    os << "== site " << site.name << "\n";
    if (site.ping)
    {
        os << "vm-" << site.name << " pings: sent " << site.ping->GetSent() << ", replies "
           << site.replies << "\n";
        os << "vm-" << site.name << " rtt ns:" << site.rtts << "\n";
        os << "vm-" << site.name << " udp: sent " << datagrams << "\n";
    }
    if (site.sink)
    {
        os << "vm-" << site.name << " udp: received " << site.sink->GetReceived() << ", lost "
           << site.sink->GetLost() << "\n";
    }
    os << "pswitch-" << site.name << "# show mac address-table\n"
       << site.pswitch->ShowMacAddressTable();
    os << "pswitch-" << site.name << " frame counters\n";
    for (uint32_t i = 0; i < site.pswitch->GetNPorts(); ++i)
    {
        PrintCounters(os, site.pswitch->GetPortName(i), site.pswitch->GetPortDevice(i));
    }
    PrintCounters(os, "esxi-" + site.name + " vmnic0", site.host->GetNic("vmnic0"));
    return os.str();
}

/// Rank 0 receives every rank's text, in rank order.
std::string
GatherOnRankZero(const std::string& mine)
{
    int ranks = static_cast<int>(MpiInterface::GetSize());
    int length = static_cast<int>(mine.size());
    std::vector<int> lengths(ranks);
    MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MpiInterface::GetCommunicator());
    std::vector<int> offsets(ranks, 0);
    int total = 0;
    for (int r = 0; r < ranks; ++r)
    {
        offsets[r] = total;
        total += lengths[r];
    }
    std::vector<char> all(MpiInterface::GetSystemId() == 0 ? total + 1 : 1);
    MPI_Gatherv(mine.data(),
                length,
                MPI_CHAR,
                all.data(),
                lengths.data(),
                offsets.data(),
                MPI_CHAR,
                0,
                MpiInterface::GetCommunicator());
    return MpiInterface::GetSystemId() == 0 ? std::string(all.data(), total) : std::string();
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string engine = "gtw";
    uint32_t pings = 5;
    uint32_t datagrams = 20;
    uint32_t udpSize = 512;
    std::string out;
    Time trunkDelay = MicroSeconds(20); // 4 km of fibre between the sites
    // The engine is chosen before MPI starts (the simulator type must be bound first).
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        if (arg.rfind("--engine=", 0) == 0)
        {
            engine = arg.substr(9);
        }
    }
    if (engine == "gtw")
    {
        GlobalValue::Bind("SimulatorImplementationType",
                          StringValue("ns3::DistributedSimulatorImpl"));
    }
    else if (engine == "nullmsg")
    {
        GlobalValue::Bind("SimulatorImplementationType",
                          StringValue("ns3::NullMessageSimulatorImpl"));
    }
    else if (engine != "none")
    {
        std::cerr << "mpi-two-switches: --engine is gtw, nullmsg or none, not '" << engine << "'"
                  << std::endl;
        return 2;
    }
    bool mpi = engine != "none";
    if (mpi)
    {
        MpiInterface::Enable(&argc, &argv);
    }

    CommandLine cmd(__FILE__);
    cmd.AddValue("engine",
                 "gtw (granted time window), nullmsg (null messages) or none (one process, "
                 "no MPI)",
                 engine);
    cmd.AddValue("pings", "echo requests vm-a sends to vm-b", pings);
    cmd.AddValue("datagrams", "UDP datagrams vm-a sends to vm-b", datagrams);
    cmd.AddValue("udpSize", "UDP payload bytes (1472 fills a 1500-byte MTU)", udpSize);
    cmd.AddValue("trunkDelay", "delay of the trunk between the sites (the lookahead)", trunkDelay);
    cmd.AddValue("out", "file rank 0 writes the summary to", out);
    cmd.Parse(argc, argv);

    uint32_t rank = EthernetMpiHelper::GetRank();
    uint32_t ranks = EthernetMpiHelper::GetRanks();
    NS_ABORT_MSG_IF(ranks > 2, "mpi-two-switches has two sites: run it on 1 or 2 ranks");

    // Every rank: all nodes, in the same order; site s is simulated by rank s % ranks.
    std::vector<Site> sites(2);
    std::vector<Ptr<Node>> switchNodes;
    std::vector<Ptr<Node>> hostNodes;
    std::vector<Ptr<Node>> vmNodes;
    for (uint32_t s = 0; s < 2; ++s)
    {
        sites[s].name = s == 0 ? "a" : "b";
        switchNodes.push_back(CreateObject<Node>(s % ranks));
    }
    for (uint32_t s = 0; s < 2; ++s)
    {
        hostNodes.push_back(CreateObject<Node>(s % ranks));
    }
    for (uint32_t s = 0; s < 2; ++s)
    {
        vmNodes.push_back(CreateObject<Node>(s % ranks));
    }

    PhysicalSwitchHelper pswitch;
    EsxiHostHelper esxi;
    esxi.SetCableAttribute("Delay", StringValue("1us"));
    InternetStackHelper stack;
    const char* addresses[] = {"10.0.100.1", "10.0.100.2"};
    for (uint32_t s = 0; s < 2; ++s)
    {
        Site& site = sites[s];
        pswitch.SetSwitchAttribute("Name", StringValue("pswitch-" + site.name));
        site.pswitch = pswitch.Install(switchNodes[s], 2); // Gi0/1 host, Gi0/2 trunk
        site.pswitch->SetTrunkPort("Gi0/1", {});
        site.pswitch->SetTrunkPort("Gi0/2", {});
        site.host = esxi.Install(hostNodes[s], {"vmnic0"}, "esxi-" + site.name);
        site.host->AddPortGroup("VM Network 100", 100);
        site.host->ConnectUplink("vmnic0", site.pswitch, "Gi0/1");
        site.vm = vmNodes[s];
        site.host->SetVmName(site.vm, "vm-" + site.name);
        Ptr<VnicNetDevice> vnic = site.host->AddVm(site.vm, "VM Network 100");
        stack.Install(site.vm);
        AddAddress(vnic, addresses[s]);
    }

    // The trunk: across ranks when the two sites are simulated by different ranks.
    EthernetMpiHelper trunk;
    trunk.SetChannelAttribute("Delay", TimeValue(trunkDelay));
    NetDeviceContainer trunkEnds = trunk.Install(sites[0].pswitch->GetPortDevice("Gi0/2"),
                                                 sites[1].pswitch->GetPortDevice("Gi0/2"));

    // Applications only where their node is simulated.
    Ipv4Address vmB(addresses[1]);
    Site& a = sites[0];
    Site& b = sites[1];
    if (EthernetMpiHelper::IsLocal(a.vm))
    {
        IputilsPingHelper ping(vmB);
        ping.SetAttribute("Count", UintegerValue(pings));
        ApplicationContainer apps = ping.Install(a.vm);
        apps.Start(Seconds(1));
        a.ping = DynamicCast<IputilsPing>(apps.Get(0));
        a.ping->TraceConnectWithoutContext("Rtt", MakeBoundCallback(&CountReply, &a));

        UdpClientHelper udp(vmB, 9);
        udp.SetAttribute("MaxPackets", UintegerValue(datagrams));
        udp.SetAttribute("Interval", TimeValue(MilliSeconds(100)));
        udp.SetAttribute("PacketSize", UintegerValue(udpSize));
        ApplicationContainer client = udp.Install(a.vm);
        client.Start(Seconds(1.5));
    }
    if (EthernetMpiHelper::IsLocal(b.vm))
    {
        UdpServerHelper udp(9);
        ApplicationContainer server = udp.Install(b.vm);
        server.Start(Seconds(0.5));
        b.sink = DynamicCast<UdpServer>(server.Get(0));
    }

    Simulator::Stop(Seconds(pings + 3));
    Simulator::Run();

    std::string mine;
    for (const Site& site : sites)
    {
        if (EthernetMpiHelper::IsLocal(site.vm))
        {
            mine += Summary(site, datagrams);
        }
    }
    if (Ptr<EthernetRemoteChannel> cable =
            DynamicCast<EthernetRemoteChannel>(EthernetHelper::GetChannel(trunkEnds.Get(0))))
    {
        std::cerr << "rank " << rank << ": " << cable->GetRemoteFrames()
                  << " frames sent to the other rank, " << cable->GetShadowFrames()
                  << " frames of the other rank's devices not carried" << std::endl;
    }
    std::string all = mpi ? GatherOnRankZero(mine) : mine;
    if (rank == 0)
    {
        std::cout << all;
        if (!out.empty())
        {
            std::ofstream file(out);
            file << all;
            NS_ABORT_MSG_UNLESS(file, "mpi-two-switches: cannot write " << out);
        }
    }

    Simulator::Destroy();
    if (mpi)
    {
        MpiInterface::Disable();
    }
    return 0;
}

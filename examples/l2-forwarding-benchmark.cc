/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The module's performance baseline: frames streamed from one host to another through one
 * switch, measured for this module's PhysicalSwitch over EthernetChannels and for ns-3's
 * own BridgeNetDevice over CsmaNetDevices, in the same run; then the vSwitch case: a VM on
 * one ESXi host streaming to a VM on another, through both vSwitches (VLAN 100, tagged on
 * the uplinks) and the physical switch; and that path carrying UDP/IPv4 between the VMs' IP
 * stacks, with IPv4/UDP checksums computed (the module's default) and without, to show what
 * checksums cost; and the VM-to-VM stream over an NSX logical switch (VXLAN) whose VTEPs are
 * in two segments joined by a router.
 *
 *      host A --- switch --- host B        (A streams N frames to B at a fixed rate)
 *      VM A - vSwitch0 - vmnic0 --- switch --- vmnic0 - vSwitch0 - VM B
 *
 * Each case runs in a child process of its own so that its peak memory is its own. Printed
 * per case: frames delivered per second of wall-clock time (Simulator::Run only, topology
 * building excluded), simulator events per delivered frame (the traffic generator's one
 * event per frame included), peak resident memory, and the ratios against bridge+CSMA.
 *
 *   ./l2-forwarding-benchmark [--frames=500000] [--size=1000] [--rate=4Gbps]
 *                             [--only=pswitch|bridge|vswitch|udp|udp-nocsum|vxlan]
 *                             [--scheduler=ns3::MapScheduler]
 */

#include "ns3/bridge-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/vswitch-module.h"

#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("L2ForwardingBenchmark");

namespace
{

struct Result
{
    uint64_t frames{0};    //!< frames delivered to host B
    double wallSeconds{0}; //!< wall time of Simulator::Run
    uint64_t events{0};    //!< simulator events executed
    long baseRssKb{0};     //!< resident memory before building the topology
    long peakRssKb{0};     //!< peak resident memory of the case's process
};

/// Sends `count` frames from a device to a MAC, one per interval, one event per frame.
class Generator
{
  public:
    Generator(Ptr<NetDevice> from, Mac48Address to, uint32_t count, uint32_t size, Time interval)
        : m_from(from),
          m_to(to),
          m_left(count),
          m_size(size),
          m_interval(interval)
    {
    }

    void Send()
    {
        m_from->Send(Create<Packet>(m_size), m_to, 0x88b5);
        if (--m_left > 0)
        {
            Simulator::Schedule(m_interval, &Generator::Send, this);
        }
    }

  private:
    Ptr<NetDevice> m_from;
    Mac48Address m_to;
    uint32_t m_left;
    uint32_t m_size;
    Time m_interval;
};

uint64_t g_delivered = 0;
uint32_t g_size = 0; //!< payload size of the stream's frames

void
Delivered(Ptr<const Packet> p)
{
    // Only the stream: not the RARPs a vNIC announces itself with when it connects.
    g_delivered += p->GetSize() >= g_size ? 1 : 0;
}

long
CurrentRssKb()
{
    long pages = 0;
    long rss = 0;
    FILE* f = std::fopen("/proc/self/statm", "r");
    if (f)
    {
        if (std::fscanf(f, "%ld %ld", &pages, &rss) != 2)
        {
            rss = 0;
        }
        std::fclose(f);
    }
    return rss * (sysconf(_SC_PAGESIZE) / 1024);
}

/// Run the simulation built so far and measure it: g_delivered frames, wall time of the run,
/// events, peak memory; then destroy it.
Result
RunAndMeasure(long baseRss)
{
    auto t0 = std::chrono::steady_clock::now();
    Simulator::Run();
    auto t1 = std::chrono::steady_clock::now();
    Result r;
    r.frames = g_delivered;
    r.wallSeconds = std::chrono::duration<double>(t1 - t0).count();
    r.events = Simulator::GetEventCount();
    r.baseRssKb = baseRss;
    Simulator::Destroy();
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    r.peakRssKb = usage.ru_maxrss;
    return r;
}

/// Run the stream between two devices and measure it.
Result
Measure(Ptr<NetDevice> a,
        Ptr<NetDevice> b,
        uint32_t frames,
        uint32_t size,
        Time interval,
        long baseRss)
{
    g_delivered = 0;
    g_size = size;
    b->TraceConnectWithoutContext("MacRx", MakeCallback(&Delivered));
    // B speaks once so that the switch knows where it is.
    Simulator::Schedule(MicroSeconds(1),
                        &NetDevice::Send,
                        b,
                        Create<Packet>(64),
                        a->GetAddress(),
                        0x88b5);
    Generator gen(a, Mac48Address::ConvertFrom(b->GetAddress()), frames, size, interval);
    Simulator::Schedule(MicroSeconds(10), &Generator::Send, &gen);
    return RunAndMeasure(baseRss);
}

Result
RunPhysicalSwitch(uint32_t frames, uint32_t size, Time interval)
{
    long base = CurrentRssKb();
    Ptr<Node> a = CreateObject<Node>();
    Ptr<Node> b = CreateObject<Node>();
    PhysicalSwitchHelper pswitch;
    Ptr<PhysicalSwitch> sw = pswitch.Install(CreateObject<Node>(), 2);
    EthernetHelper eth;
    NetDeviceContainer da = eth.Install(a, sw->GetPortDevice("Gi0/1"));
    NetDeviceContainer db = eth.Install(b, sw->GetPortDevice("Gi0/2"));
    return Measure(da.Get(0), db.Get(0), frames, size, interval, base);
}

Result
RunBridgeCsma(uint32_t frames, uint32_t size, Time interval)
{
    long base = CurrentRssKb();
    Ptr<Node> a = CreateObject<Node>();
    Ptr<Node> b = CreateObject<Node>();
    Ptr<Node> sw = CreateObject<Node>();
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("10Gbps")));
    csma.SetChannelAttribute("Delay", TimeValue(NanoSeconds(500)));
    NetDeviceContainer la = csma.Install(NodeContainer(a, sw));
    NetDeviceContainer lb = csma.Install(NodeContainer(b, sw));
    NetDeviceContainer ports;
    ports.Add(la.Get(1));
    ports.Add(lb.Get(1));
    BridgeHelper bridge;
    bridge.Install(sw, ports);
    return Measure(la.Get(0), lb.Get(0), frames, size, interval, base);
}

Result
RunVSwitch(uint32_t frames, uint32_t size, Time interval)
{
    long base = CurrentRssKb();
    // VM A on esxi01 -> vSwitch0 (VLAN 100, tagged on the uplink) -> vmnic0 -> physical
    // switch (trunks) -> vmnic0 -> vSwitch0 -> VM B on esxi02.
    PhysicalSwitchHelper pswitch;
    Ptr<PhysicalSwitch> sw = pswitch.Install(CreateObject<Node>(), 2);
    EsxiHostHelper esxi;
    esxi.SetUplinkAttribute("DataRate", StringValue("10Gbps"));
    Ptr<NetDevice> vnic[2];
    for (uint32_t i = 0; i < 2; ++i)
    {
        std::string port = "Gi0/" + std::to_string(i + 1);
        sw->SetTrunkPort(port, {100});
        Ptr<EsxiHost> host =
            esxi.Install(CreateObject<Node>(), {"vmnic0"}, "esxi0" + std::to_string(i + 1));
        host->ConnectUplink("vmnic0", sw, port);
        host->AddPortGroup("VM Network 100", 100);
        vnic[i] = host->AddVm(CreateObject<Node>(), "VM Network 100");
    }
    return Measure(vnic[0], vnic[1], frames, size, interval, base);
}

/// The VM-to-VM stream over an NSX logical switch (VNI 5001, unicast replication) whose VTEPs
/// sit in two routed segments: VM A - esxi01 vmk3 (192.168.250.51, VLAN 250) - pswitch -
/// router - pswitch - esxi02 vmk3 (192.168.150.51, VLAN 150) - VM B.
Result
RunVxlan(uint32_t frames, uint32_t size, Time interval)
{
    long base = CurrentRssKb();
    PhysicalSwitchHelper pswitch;
    pswitch.SetPortAttribute("Mtu", UintegerValue(1600));
    Ptr<PhysicalSwitch> sw = pswitch.Install(CreateObject<Node>(), 4);
    EsxiHostHelper esxi;
    esxi.SetUplinkAttribute("DataRate", StringValue("10Gbps"));
    Ptr<DistributedSwitch> dvs = CreateObject<DistributedSwitch>();
    dvs->SetAttribute("Name", StringValue("Compute_VDS"));
    dvs->SetAttribute("Mtu", UintegerValue(1600));
    dvs->SetUplinks({"Uplink 1"});
    NsxHelper nsx;
    nsx.AddLogicalSwitch(5001, "web");
    RouterHelper routers;
    routers.SetInterfaceAttribute("DataRate", StringValue("10Gbps"));
    Ptr<Ipv4Router> r1 = routers.Install(CreateObject<Node>(), "r1");
    Ptr<NetDevice> vnic[2];
    for (uint32_t i = 0; i < 2; ++i)
    {
        uint16_t vlan = i == 0 ? 250 : 150;
        std::string net = i == 0 ? "192.168.250." : "192.168.150.";
        std::string port = "Gi0/" + std::to_string(i + 1);
        sw->SetTrunkPort(port, {vlan});
        std::string rport = "Gi0/" + std::to_string(i + 3);
        sw->SetTrunkPort(rport, {vlan});
        routers.AddInterface(r1, sw, rport, net + "2/24", 1600, vlan);
        Ptr<EsxiHost> host =
            esxi.InstallWithoutVSwitch(CreateObject<Node>(), {"vmnic0"}, "esxi0" + std::to_string(i + 1));
        host->ConnectUplink("vmnic0", sw, port);
        dvs->AddHost(host, {{"Uplink 1", "vmnic0"}});
        Vtep::Config c;
        c.ip = Ipv4Address((net + "51").c_str());
        c.gateway = Ipv4Address((net + "2").c_str());
        c.vlan = vlan;
        nsx.InstallVtep(host, dvs, c);
        vnic[i] = host->AddVm(CreateObject<Node>(), "web");
    }
    RouterHelper::PopulateRoutes();
    g_delivered = 0;
    g_size = size;
    vnic[1]->TraceConnectWithoutContext("MacRx", MakeCallback(&Delivered));
    // B speaks once the controllers have pushed the VTEP lists, so that esxi01 learns where
    // B is, and A once, so that every netstack and the router have ARPed before the stream
    // starts (ns-3's ARP holds only a few packets while it resolves).
    Simulator::Schedule(MilliSeconds(10),
                        &NetDevice::Send,
                        vnic[1],
                        Create<Packet>(64),
                        vnic[0]->GetAddress(),
                        0x88b5);
    Simulator::Schedule(MilliSeconds(15),
                        &NetDevice::Send,
                        vnic[0],
                        Create<Packet>(64),
                        vnic[1]->GetAddress(),
                        0x88b5);
    Generator gen(vnic[0], Mac48Address::ConvertFrom(vnic[1]->GetAddress()), frames, size, interval);
    Simulator::Schedule(MilliSeconds(30), &Generator::Send, &gen);
    return RunAndMeasure(base);
}

/// Sends `count` UDP datagrams on a connected socket, one per interval.
class UdpGenerator
{
  public:
    UdpGenerator(Ptr<Socket> socket, uint32_t count, uint32_t size, Time interval)
        : m_socket(socket),
          m_left(count),
          m_size(size),
          m_interval(interval)
    {
    }

    void Send()
    {
        m_socket->Send(Create<Packet>(m_size));
        if (--m_left > 0)
        {
            Simulator::Schedule(m_interval, &UdpGenerator::Send, this);
        }
    }

  private:
    Ptr<Socket> m_socket;
    uint32_t m_left;
    uint32_t m_size;
    Time m_interval;
};

void
UdpReceived(Ptr<Socket> socket)
{
    while (socket->Recv())
    {
        ++g_delivered;
    }
}

/// The vSwitch path with IPv4 stacks on the VMs, UDP from A to B; checksums on or off.
Result
RunVmUdp(uint32_t frames, uint32_t size, Time interval, bool checksums)
{
    GlobalValue::Bind("VSwitchChecksums", BooleanValue(checksums));
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(checksums));
    long base = CurrentRssKb();
    PhysicalSwitchHelper pswitch;
    Ptr<PhysicalSwitch> sw = pswitch.Install(CreateObject<Node>(), 2);
    EsxiHostHelper esxi;
    esxi.SetUplinkAttribute("DataRate", StringValue("10Gbps"));
    Ptr<Node> vm[2];
    InternetStackHelper stack;
    for (uint32_t i = 0; i < 2; ++i)
    {
        std::string port = "Gi0/" + std::to_string(i + 1);
        sw->SetTrunkPort(port, {100});
        Ptr<EsxiHost> host =
            esxi.Install(CreateObject<Node>(), {"vmnic0"}, "esxi0" + std::to_string(i + 1));
        host->ConnectUplink("vmnic0", sw, port);
        host->AddPortGroup("VM Network 100", 100);
        vm[i] = CreateObject<Node>();
        Ptr<NetDevice> vnic = host->AddVm(vm[i], "VM Network 100");
        stack.Install(vm[i]);
        Ptr<Ipv4> ip = vm[i]->GetObject<Ipv4>();
        int32_t ifIndex = ip->AddInterface(vnic);
        ip->AddAddress(ifIndex,
                       Ipv4InterfaceAddress(Ipv4Address(i == 0 ? "192.168.100.1" : "192.168.100.2"),
                                            Ipv4Mask("/24")));
        ip->SetUp(ifIndex);
    }
    g_delivered = 0;
    Ptr<Socket> rx = Socket::CreateSocket(vm[1], UdpSocketFactory::GetTypeId());
    rx->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
    rx->SetRecvCallback(MakeCallback(&UdpReceived));
    Ptr<Socket> tx = Socket::CreateSocket(vm[0], UdpSocketFactory::GetTypeId());
    tx->Connect(InetSocketAddress(Ipv4Address("192.168.100.2"), 9));
    // One datagram to another port first, so that ARP has resolved (ns-3 waits up to 10 ms
    // of RequestJitter) before the stream starts and no datagram waits in ARP's queue.
    Ptr<Socket> warmUp = Socket::CreateSocket(vm[0], UdpSocketFactory::GetTypeId());
    warmUp->Connect(InetSocketAddress(Ipv4Address("192.168.100.2"), 10));
    UdpGenerator warmUpGen(warmUp, 1, size, interval);
    Simulator::Schedule(MicroSeconds(10), &UdpGenerator::Send, &warmUpGen);
    UdpGenerator gen(tx, frames, size, interval);
    Simulator::Schedule(MilliSeconds(20), &UdpGenerator::Send, &gen);
    return RunAndMeasure(base);
}

Result
RunVmUdpChecksums(uint32_t frames, uint32_t size, Time interval)
{
    return RunVmUdp(frames, size, interval, true);
}

Result
RunVmUdpNoChecksums(uint32_t frames, uint32_t size, Time interval)
{
    return RunVmUdp(frames, size, interval, false);
}

/// Run one case in a child process and read its result back.
Result
RunIsolated(Result (*fn)(uint32_t, uint32_t, Time), uint32_t frames, uint32_t size, Time interval)
{
    int fds[2];
    if (pipe(fds) != 0)
    {
        NS_FATAL_ERROR("pipe failed");
    }
    pid_t pid = fork();
    if (pid == 0)
    {
        close(fds[0]);
        Result r = fn(frames, size, interval);
        ssize_t n = write(fds[1], &r, sizeof(r));
        _exit(n == static_cast<ssize_t>(sizeof(r)) ? 0 : 1);
    }
    close(fds[1]);
    Result r;
    ssize_t n = read(fds[0], &r, sizeof(r));
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (n != static_cast<ssize_t>(sizeof(r)) || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    {
        NS_FATAL_ERROR("benchmark case failed");
    }
    return r;
}

void
PrintRow(const std::string& name, const Result& r)
{
    std::cout << std::left << std::setw(28) << name << std::right << std::setw(9) << r.frames
              << std::setw(9) << std::fixed << std::setprecision(3) << r.wallSeconds
              << std::setw(12) << std::setprecision(0) << r.frames / r.wallSeconds << std::setw(10)
              << std::setprecision(2) << double(r.events) / r.frames << std::setw(11)
              << std::setprecision(1) << r.peakRssKb / 1024.0 << std::setw(10)
              << (r.peakRssKb - r.baseRssKb) / 1024.0 << "\n";
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t frames = 500000;
    uint32_t size = 1000;
    DataRate rate("4Gbps");
    std::string scheduler = "ns3::MapScheduler";
    std::string only;

    CommandLine cmd(__FILE__);
    cmd.AddValue("frames", "Frames to stream from A to B", frames);
    cmd.AddValue("size", "Payload bytes per frame", size);
    cmd.AddValue("rate", "Offered load (frames are evenly spaced)", rate);
    cmd.AddValue("scheduler", "ns-3 scheduler TypeId", scheduler);
    cmd.AddValue("only",
                 "Run one case in this process, for profilers (pswitch, bridge, vswitch, udp, "
                 "udp-nocsum or vxlan)",
                 only);
    cmd.Parse(argc, argv);
    GlobalValue::Bind("SchedulerType", StringValue(scheduler));
    Time interval = rate.CalculateBytesTxTime(size + 14);
    if (!only.empty())
    {
        Result r = only == "bridge"       ? RunBridgeCsma(frames, size, interval)
                   : only == "vswitch"    ? RunVSwitch(frames, size, interval)
                   : only == "udp"        ? RunVmUdpChecksums(frames, size, interval)
                   : only == "udp-nocsum" ? RunVmUdpNoChecksums(frames, size, interval)
                   : only == "vxlan"      ? RunVxlan(frames, size, interval)
                                          : RunPhysicalSwitch(frames, size, interval);
        PrintRow(only, r);
        return r.frames == frames ? 0 : 1;
    }

    std::cout << "L2 forwarding benchmark: " << frames << " frames of " << size
              << " payload bytes, host -> switch -> host at " << rate.GetBitRate() / 1e9
              << " Gb/s offered, 10 Gb/s links, " << scheduler << "\n\n";
    std::cout << std::left << std::setw(28) << "case" << std::right << std::setw(9) << "frames"
              << std::setw(9) << "wall s" << std::setw(12) << "frames/s" << std::setw(10)
              << "ev/frame" << std::setw(11) << "peak MiB" << std::setw(10) << "+MiB"
              << "\n";
    Result ours = RunIsolated(&RunPhysicalSwitch, frames, size, interval);
    PrintRow("PhysicalSwitch + Ethernet", ours);
    Result ns3 = RunIsolated(&RunBridgeCsma, frames, size, interval);
    PrintRow("BridgeNetDevice + CSMA", ns3);
    Result vm = RunIsolated(&RunVSwitch, frames, size, interval);
    PrintRow("VM-vSwitch-pswitch-vSwitch-VM", vm);
    Result udp = RunIsolated(&RunVmUdpChecksums, frames, size, interval);
    PrintRow("  UDP/IPv4, checksums on", udp);
    Result plain = RunIsolated(&RunVmUdpNoChecksums, frames, size, interval);
    PrintRow("  UDP/IPv4, checksums off", plain);
    Result vxlan = RunIsolated(&RunVxlan, frames, size, interval);
    PrintRow("VM-VXLAN-routed underlay-VM", vxlan);
    std::cout << std::setprecision(2) << "\nratio PhysicalSwitch/Bridge: "
              << (ours.frames / ours.wallSeconds) / (ns3.frames / ns3.wallSeconds)
              << "x frames per wall second, "
              << (double(ours.events) / ours.frames) / (double(ns3.events) / ns3.frames)
              << "x events per frame, " << double(ours.peakRssKb) / ns3.peakRssKb
              << "x peak memory\n";
    std::cout << "checksums on/off (UDP/IPv4 between the VMs): "
              << (plain.frames / plain.wallSeconds) / (udp.frames / udp.wallSeconds)
              << "x frames per wall second without them, i.e. checksums cost "
              << std::setprecision(0)
              << 1e9 * (udp.wallSeconds / udp.frames - plain.wallSeconds / plain.frames)
              << " ns of wall time per datagram\n";
    std::cout << std::setprecision(2) << "VXLAN over a routed underlay vs the VLAN path: "
              << (vm.frames / vm.wallSeconds) / (vxlan.frames / vxlan.wallSeconds)
              << "x the wall time per frame, " << double(vxlan.events) / vxlan.frames << " vs "
              << double(vm.events) / vm.frames << " events per frame\n";
    bool ok = ours.frames == frames && ns3.frames == frames && vm.frames == frames &&
              udp.frames == frames && plain.frames == frames && vxlan.frames == frames;
    if (!ok)
    {
        std::cout << "warning: not every frame was delivered\n";
    }
    return ok ? 0 : 1;
}

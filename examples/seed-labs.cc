/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "seed-labs.h"

#include "ns3/core-module.h"
#include "ns3/internet-apps-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/vswitch-module.h"

#include <filesystem>
#include <sstream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("SeedLabs");

namespace seedlab
{

FrameCheck
FrameCheck::Take()
{
    FrameCheck c;
    for (const FrameAccount& a : FrameAccounting::Collect())
    {
        c.framesIn += a.ledger.in;
        if (!a.ledger.Balanced())
        {
            std::ostringstream line;
            FrameAccounting::Print(line, a);
            c.unbalanced.push_back(line.str());
        }
    }
    return c;
}

namespace
{

void
AddAddress(Ptr<NetDevice> dev, const std::string& cidr)
{
    Ptr<Node> node = dev->GetNode();
    if (!node->GetObject<Ipv4>())
    {
        InternetStackHelper stack;
        stack.Install(node);
    }
    std::string::size_type slash = cidr.find('/');
    std::string addr = cidr.substr(0, slash);
    std::string mask = slash == std::string::npos ? "/24" : cidr.substr(slash);
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    int32_t ifIndex = ipv4->AddInterface(dev);
    ipv4->AddAddress(ifIndex,
                     Ipv4InterfaceAddress(Ipv4Address(addr.c_str()), Ipv4Mask(mask.c_str())));
    ipv4->SetUp(ifIndex);
}

/// Counts frames at a vSwitch trace source that match a source MAC, destination MAC and
/// EtherType (any of them may be left out).
class FrameCounter : public SimpleRefCount<FrameCounter>
{
  public:
    FrameCounter(Ptr<VSwitch> vs, const std::string& point)
    {
        vs->TraceConnectWithoutContext(point, MakeCallback(&FrameCounter::Sink, this));
    }

    Mac48Address src;                     //!< source to match (broadcast: any)
    Mac48Address dst;                     //!< destination to match (broadcast: any)
    uint16_t etherType{0};                //!< EtherType to match (0: any)
    DropReason reason{DropReason::Count}; //!< at Drop: the reason to match (Count: any)
    uint32_t portId{0};                   //!< port to match (0: any)
    uint64_t count{0};                    //!< frames matched

  private:
    void Sink(Ptr<const Packet> frame, const CaptureContext& where)
    {
        EthernetVlanHeader h;
        frame->PeekHeader(h);
        bool any = Mac48Address::GetBroadcast() == src;
        if ((any || h.GetSource() == src) &&
            (dst == Mac48Address::GetBroadcast() || h.GetDestination() == dst) &&
            (etherType == 0 || h.GetEtherType() == etherType) &&
            (reason == DropReason::Count || where.reason == reason) &&
            (portId == 0 || where.portId == portId))
        {
            ++count;
        }
    }
};

Ptr<FrameCounter>
Counter(Ptr<VSwitch> vs,
        const std::string& point,
        Mac48Address src,
        Mac48Address dst,
        uint16_t etherType,
        DropReason reason = DropReason::Count)
{
    Ptr<FrameCounter> c = Create<FrameCounter>(vs, point);
    c->src = src;
    c->dst = dst;
    c->etherType = etherType;
    c->reason = reason;
    return c;
}

Mac48Address
MacOf(Ptr<Node> node)
{
    for (uint32_t i = 0; i < node->GetNDevices(); ++i)
    {
        if (Ptr<VnicNetDevice> v = DynamicCast<VnicNetDevice>(node->GetDevice(i)))
        {
            return Mac48Address::ConvertFrom(v->GetAddress());
        }
        if (Ptr<EthernetNetDevice> e = DynamicCast<EthernetNetDevice>(node->GetDevice(i)))
        {
            return Mac48Address::ConvertFrom(e->GetAddress());
        }
    }
    return Mac48Address();
}

const Mac48Address kAny = Mac48Address::GetBroadcast();

} // namespace

// -----------------------------------------------------------------------------------------

Fabric::Fabric(uint32_t switchPorts)
{
    PhysicalSwitchHelper helper;
    helper.SetSwitchAttribute("Name", StringValue("pswitch1"));
    pswitch = helper.Install(CreateObject<Node>(), switchPorts);
    ethernet.SetChannelAttribute("Delay", StringValue("2us"));
    esxi.SetUplinkAttribute("DataRate", StringValue("10Gbps"));
    esxi.SetCableAttribute("Delay", StringValue("2us"));
}

Ptr<EsxiHost>
Fabric::AddHost(const std::string& name, const std::vector<std::string>& nics, bool vswitch0)
{
    Ptr<EsxiHost> host = vswitch0 ? esxi.Install(CreateObject<Node>(), nics, name)
                                  : esxi.InstallWithoutVSwitch(CreateObject<Node>(), nics, name);
    for (const auto& nic : nics)
    {
        std::string port = "Gi0/" + std::to_string(m_nextPort++);
        pswitch->SetTrunkPort(port, {});
        host->ConnectUplink(nic, pswitch, port);
        m_cabling[name + ":" + nic] = port;
    }
    return host;
}

Ptr<Node>
Fabric::AddVm(Ptr<EsxiHost> host,
              const std::string& portGroup,
              const std::string& name,
              const std::string& ip,
              const std::string& mac,
              uint32_t portId)
{
    Ptr<Node> vm = CreateObject<Node>();
    Names::Add(name, vm);
    host->SetVmName(vm, name);
    Ptr<VnicNetDevice> vnic = host->AddVm(vm,
                                          portGroup,
                                          mac.empty() ? Mac48Address() : Mac48Address(mac.c_str()),
                                          portId);
    if (!ip.empty())
    {
        AddAddress(vnic, ip);
    }
    return vm;
}

Ptr<Node>
Fabric::AddBareMetal(const std::string& name, uint16_t vlan, const std::string& ip)
{
    Ptr<Node> node = CreateObject<Node>();
    Names::Add(name, node);
    std::string port = "Gi0/" + std::to_string(m_nextPort++);
    pswitch->SetAccessPort(port, vlan);
    NetDeviceContainer d = ethernet.Install(node, pswitch->GetPortDevice(port));
    if (!ip.empty())
    {
        AddAddress(d.Get(0), ip);
    }
    return node;
}

std::string
Fabric::SwitchPortOf(Ptr<EsxiHost> host, const std::string& nic) const
{
    return m_cabling.at(host->GetName() + ":" + nic);
}

PingCount::PingCount(Ptr<Node> from, Ipv4Address to, Time start, Time stop, int32_t identifier)
{
    IputilsPingHelper ping(to);
    ping.SetAttribute("Interval", TimeValue(Seconds(1)));
    ping.SetAttribute("Identifier", IntegerValue(identifier));
    ApplicationContainer apps = ping.Install(from);
    apps.Start(start);
    apps.Stop(stop);
    m_app = DynamicCast<IputilsPing>(apps.Get(0));
    m_app->TraceConnectWithoutContext("Rtt", MakeBoundCallback(&PingCount::OnRtt, this));
}

uint32_t
PingCount::Sent() const
{
    return m_app->GetSent();
}

void
PingCount::OnRtt(PingCount* self, uint16_t, Time)
{
    ++self->m_replies;
}

Ipv4Address
AddressOf(Ptr<Node> node)
{
    return node->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
}

// -----------------------------------------------------------------------------------------
// Seed 0: reverse teaming

Seed0Result
RunSeed0ReverseTeaming(const Seed0Options& options)
{
    Seed0Result result;
    Fabric fabric;
    // Two ESXi 6.7 hosts, a standard vSwitch with two uplinks each, originating port.
    Ptr<EsxiHost> esxiA = fabric.AddHost("esxi01", {"vmnic2", "vmnic3"});
    Ptr<EsxiHost> esxiB = fabric.AddHost("esxi02", {"vmnic2", "vmnic3"});
    for (auto h : {esxiA, esxiB})
    {
        h->AddPortGroup("VM Network 100", 100);
    }
    // The seed's VMs, MACs and port ID.
    Ptr<Node> vmA =
        fabric.AddVm(esxiA, "VM Network 100", "test-vm1", "192.168.100.11/24", "00:50:56:9d:43:42");
    Ptr<Node> vmB = fabric.AddVm(esxiB,
                                 "VM Network 100",
                                 "test-vm2",
                                 "192.168.100.12/24",
                                 "00:50:56:9d:fd:b1",
                                 50331657);
    Ptr<VSwitchPort> port = esxiB->GetVmPort(vmB);
    result.portId = port->GetPortId();
    result.pinnedUplink = port->GetTeamUplink();
    result.unusedUplink = result.pinnedUplink == "vmnic2" ? "vmnic3" : "vmnic2";
    if (options.mirror)
    {
        // Everything the switch sends to B's pinned uplink is copied to its unused uplink.
        fabric.pswitch->AddMirrorSession({fabric.SwitchPortOf(esxiB, result.pinnedUplink)},
                                         PhysicalSwitch::MirrorDirection::Tx,
                                         fabric.SwitchPortOf(esxiB, result.unusedUplink));
    }

    std::filesystem::create_directories(options.outputDir);
    PktcapHelper pktcap;
    pktcap.SetOutputDirectory(options.outputDir);
    std::string pid = std::to_string(result.portId);
    auto pinned = pktcap.Capture(esxiB,
                                 "--uplink " + result.pinnedUplink + " --proto 0x01 -o esxi02-" +
                                     result.pinnedUplink + ".pcap");
    auto unused = pktcap.Capture(esxiB,
                                 "--uplink " + result.unusedUplink + " --proto 0x01 -o esxi02-" +
                                     result.unusedUplink + ".pcap");
    auto portOutput = pktcap.Capture(esxiB,
                                     "--switchport " + pid +
                                         " --dir 1 --proto 0x01 --capture PortOutput "
                                         "-o esxi02-port-PortOutput.pcap");
    auto vnicRx = pktcap.Capture(esxiB,
                                 "--switchport " + pid +
                                     " --dir 1 --proto 0x01 --capture VnicRx "
                                     "-o esxi02-port-VnicRx.pcap");
    auto drop = pktcap.Capture(esxiB,
                               "--switchport " + pid +
                                   " --proto 0x01 --capture Drop --ng -o esxi02-port-Drop.pcapng");
    if (options.console)
    {
        // The engineer's console captures, three frames each, as in the seed.
        PktcapHelper console;
        console.SetConsole(options.console);
        console.SetBaseTime(Hours(16) + Minutes(12) + Seconds(40));
        for (const std::string& o :
             {"--uplink " + result.pinnedUplink + " -c 3 --proto 0x01",
              "--switchport " + pid + " --dir 1 -c 3 --proto 0x01 --capture PortOutput",
              "--switchport " + pid + " --dir 1 -c 3 --proto 0x01 --capture VnicRx"})
        {
            console.Capture(esxiB, o);
        }
        // Sessions print their trailers when they stop (after -c frames or at the end).
        Simulator::Stop(Seconds(options.pings + 2));
        Ptr<PingCount> ping = Create<PingCount>(vmA,
                                                AddressOf(vmB),
                                                Seconds(1),
                                                Seconds(1 + options.pings - 0.5),
                                                kSeed0PingIdentifier);
        Simulator::Run();
        console.StopAll();
        result.replies = ping->Replies();
        result.pingsSent = ping->Sent();
    }
    else
    {
        Ptr<PingCount> ping = Create<PingCount>(vmA,
                                                AddressOf(vmB),
                                                Seconds(1),
                                                Seconds(1 + options.pings - 0.5),
                                                kSeed0PingIdentifier);
        Simulator::Stop(Seconds(options.pings + 2));
        Simulator::Run();
        result.replies = ping->Replies();
        result.pingsSent = ping->Sent();
    }
    pktcap.StopAll();
    result.pinnedUplinkIcmp = pinned->GetFrameCount();
    result.unusedUplinkIcmp = unused->GetFrameCount();
    result.portOutputIcmp = portOutput->GetFrameCount();
    result.vnicRxIcmp = vnicRx->GetFrameCount();
    result.dropIcmp = drop->GetFrameCount();
    result.reverseTeamingDrops = port->GetCounters().drops.Get(DropReason::ReverseTeaming);
    for (const auto& s : pktcap.GetSessions())
    {
        result.pcaps.push_back(s->GetFile());
    }
    std::ostringstream list;
    esxiB->PrintVmPortList(list);
    result.vmPortList = list.str();
    result.frames = FrameCheck::Take();
    Simulator::Destroy();
    Names::Clear();
    return result;
}

// -----------------------------------------------------------------------------------------
// Seed 0: the visibility table

VisibilityResult
RunSeed0Visibility(uint32_t pings)
{
    VisibilityResult result;
    Fabric fabric;
    Ptr<EsxiHost> h = fabric.AddHost("esxi01", {"vmnic0", "vmnic1"});
    Ptr<EsxiHost> other = fabric.AddHost("esxi02", {"vmnic0", "vmnic1"});
    h->AddPortGroup("Promisc 100", 100);
    other->AddPortGroup("Promisc 100", 100);
    SecurityPolicy accept;
    accept.promiscuous = PolicySetting::Accept;
    h->GetPortGroup("Promisc 100")->SetSecurityOverride(accept);
    // Port indices alternate between the two uplinks (originating port): the spy and
    // local1 share one, local2 is on the other.
    Ptr<Node> spy = fabric.AddVm(h, "Promisc 100", "spy", "192.168.100.10/24");
    Ptr<Node> local2 = fabric.AddVm(h, "Promisc 100", "local2", "192.168.100.12/24");
    Ptr<Node> local1 = fabric.AddVm(h, "Promisc 100", "local1", "192.168.100.11/24");
    Ptr<Node> remote = fabric.AddVm(other, "Promisc 100", "remote", "192.168.100.21/24");
    Ptr<Node> out1 = fabric.AddBareMetal("laptop1", 100, "192.168.100.51/24");
    Ptr<Node> out2 = fabric.AddBareMetal("laptop2", 100, "192.168.100.52/24");
    Ptr<VnicNetDevice> spyNic = DynamicCast<VnicNetDevice>(h->GetVmPort(spy)->GetVnic());
    spyNic->SetGuestPromiscuous(true); // the guest runs tcpdump
    result.spyUplink = h->GetVmPort(spy)->GetTeamUplink();
    NS_ABORT_MSG_UNLESS(h->GetVmPort(local1)->GetTeamUplink() == result.spyUplink &&
                            h->GetVmPort(local2)->GetTeamUplink() != result.spyUplink,
                        "port numbering no longer alternates uplinks");
    Ptr<VSwitch> vs = h->GetVSwitch();
    uint32_t spyPort = h->GetVmPort(spy)->GetPortId();

    struct Flow
    {
        std::string source;
        std::string destination;
        std::string name;
        Ptr<Node> from;
        Ptr<Node> to;
    };

    std::vector<Flow> flows = {
        {"VM on H", "VM on H", "local1 -> local2", local1, local2},
        {"VM on H", "outside H", "local1 -> remote (esxi02)", local1, remote},
        {"outside H", "VM on H", "laptop1 -> local1 (spy's uplink)", out1, local1},
        {"outside H", "VM on H", "laptop1 -> local2 (other uplink)", out1, local2},
        {"outside H", "outside H", "laptop1 -> laptop2", out1, out2},
    };
    std::vector<Ptr<FrameCounter>> seen;
    std::vector<Ptr<PingCount>> runs;
    double start = 5; // after the connect-time RARPs
    for (const auto& f : flows)
    {
        Ptr<FrameCounter> c = Counter(vs, "VnicRx", MacOf(f.from), MacOf(f.to), 0x0800);
        c->portId = spyPort;
        seen.push_back(c);
        runs.push_back(Create<PingCount>(f.from,
                                         AddressOf(f.to),
                                         Seconds(start),
                                         Seconds(start + pings - 0.5)));
        start += pings + 1;
    }
    Simulator::Stop(Seconds(start + 1));
    Simulator::Run();
    for (std::size_t i = 0; i < flows.size(); ++i)
    {
        VisibilityRow row;
        row.source = flows[i].source;
        row.destination = flows[i].destination;
        row.flow = flows[i].name;
        row.sent = pings;
        row.seen = seen[i]->count;
        result.rows.push_back(row);
    }
    result.frames = FrameCheck::Take();
    Simulator::Destroy();
    Names::Clear();
    return result;
}

// -----------------------------------------------------------------------------------------
// Seed 3: ARP through an uplink path that loses what is flooded

Seed3Result
RunSeed3ArpBlackhole(const std::string& outputDir)
{
    Seed3Result result;
    Fabric fabric;
    Ptr<EsxiHost> h1 = fabric.AddHost("esxi01", {"vmnic0", "vmnic1"});
    Ptr<EsxiHost> h2 = fabric.AddHost("esxi02", {"vmnic0", "vmnic1"});
    for (auto h : {h1, h2})
    {
        h->AddPortGroup("VM Network", 10);
    }
    Ptr<Node> gw = fabric.AddBareMetal("gateway", 10, "10.0.10.1/24");
    // Port indices alternate: vm-a on vmnic1, vm-b on vmnic0 (checked below).
    Ptr<Node> vmA = fabric.AddVm(h1, "VM Network", "vm-a", "10.0.10.11/24");
    Ptr<Node> vmB = fabric.AddVm(h1, "VM Network", "vm-b", "10.0.10.12/24");
    Ptr<Node> vmC = fabric.AddVm(h2, "VM Network", "vm-c", "10.0.10.21/24");
    result.brokenVmUplink = h1->GetVmPort(vmA)->GetTeamUplink();
    NS_ABORT_MSG_UNLESS(result.brokenVmUplink == "vmnic1" &&
                            h1->GetVmPort(vmB)->GetTeamUplink() == "vmnic0",
                        "port numbering no longer puts vm-a on vmnic1");
    // The path beyond vmnic1 loses only what is flooded: the switch port facing it has
    // broadcast storm control at level 0, so the ARP requests that leave by vmnic1 are
    // dropped where they arrive, and unicast passes both ways.
    result.stormControlPort = fabric.SwitchPortOf(h1, "vmnic1");
    fabric.pswitch->SetStormControl(result.stormControlPort,
                                    PhysicalSwitch::StormTraffic::Broadcast,
                                    0);

    PktcapHelper pktcap;
    if (!outputDir.empty())
    {
        std::filesystem::create_directories(outputDir);
        pktcap.SetOutputDirectory(outputDir);
    }
    Mac48Address macA = MacOf(vmA);
    std::vector<Ptr<PktcapSession>> byDefault;
    std::vector<Ptr<PktcapSession>> dir2;
    std::vector<Ptr<FrameCounter>> replies;
    Ptr<VSwitch> vs = h1->GetVSwitch();
    std::ostringstream quiet; // sessions without -o print to a console nobody reads here
    pktcap.SetConsole(&quiet);
    std::ostringstream mac;
    mac << macA;
    for (std::string nic : {"vmnic0", "vmnic1"})
    {
        std::string filter = " --ethtype 0x0806 --srcmac " + mac.str();
        // What the engineer ran first: `pktcap-uw --outfile vmnicN.cap --uplink vmnicN`.
        byDefault.push_back(pktcap.Capture(h1, "--uplink " + nic + filter));
        // Then with --dir 2.
        std::string file = outputDir.empty() ? "" : " -o " + nic + "-dir2.pcap";
        dir2.push_back(pktcap.Capture(h1, "--uplink " + nic + " --dir 2" + filter + file));
        Ptr<FrameCounter> r = Counter(vs, "UplinkRcv", kAny, macA, 0x0806);
        r->portId = vs->GetUplinkPortId(nic);
        replies.push_back(r);
    }

    struct Pair
    {
        std::string from;
        std::string to;
        Ptr<Node> a;
        Ptr<Node> b;
    };

    std::vector<Pair> pairs = {
        {"vm-a (vmnic1)", "gateway", vmA, gw},
        {"vm-a (vmnic1)", "vm-c (esxi02)", vmA, vmC},
        {"vm-b (vmnic0)", "gateway", vmB, gw},
        {"vm-b (vmnic0)", "vm-c (esxi02)", vmB, vmC},
        {"vm-a (vmnic1)", "vm-b (same host)", vmA, vmB},
    };
    double start = 5;
    const uint32_t pings = 4;
    // The pairs ping one after the other, `pings` echo requests each.
    auto pingEach = [&start, pings](const std::vector<Pair>& list) {
        std::vector<Ptr<PingCount>> runs;
        for (const auto& p : list)
        {
            runs.push_back(Create<PingCount>(p.a,
                                             AddressOf(p.b),
                                             Seconds(start),
                                             Seconds(start + pings - 0.5)));
            start += pings + 1;
        }
        return runs;
    };
    auto results = [pings](const std::vector<Pair>& list, const std::vector<Ptr<PingCount>>& runs) {
        std::vector<PairResult> out;
        for (std::size_t i = 0; i < list.size(); ++i)
        {
            out.push_back({list[i].from, list[i].to, pings, runs[i]->Replies()});
        }
        return out;
    };
    std::vector<Ptr<PingCount>> runs = pingEach(pairs);
    // Finally static ARP entries in vm-a for the gateway and vm-c (seed 3, 3.2): vm-a sends
    // no ARP request, its unicast crosses the path, and the others' ARP requests reach it
    // (storm control acts on what the switch receives from vmnic1, not on what it sends).
    // The engineer's captures were taken before.
    Ptr<Ipv4L3Protocol> l3 = vmA->GetObject<Ipv4L3Protocol>();
    Ptr<ArpCache> cache = l3->GetInterface(1)->GetArpCache();
    double staticStart = start;
    for (auto sessions : {&byDefault, &dir2})
    {
        for (const auto& session : *sessions)
        {
            Simulator::Schedule(Seconds(staticStart - 0.5), &PktcapSession::Stop, session);
        }
    }
    Ptr<FrameCounter> echoOut = Counter(vs, "UplinkSnd", macA, MacOf(gw), 0x0800);
    echoOut->portId = vs->GetUplinkPortId("vmnic1");

    struct Static
    {
        static void Add(Ptr<ArpCache> cache, Ipv4Address ip, Mac48Address mac)
        {
            ArpCache::Entry* e = cache->Lookup(ip);
            if (!e)
            {
                e = cache->Add(ip);
            }
            e->SetMacAddress(mac);
            e->MarkPermanent();
        }

        static void Reset(Ptr<FrameCounter> c)
        {
            c->count = 0;
        }
    };

    Simulator::Schedule(Seconds(staticStart - 0.5), &Static::Reset, echoOut);
    std::vector<Pair> staticPairs = {
        {"vm-a (vmnic1)", "gateway", vmA, gw},
        {"vm-a (vmnic1)", "vm-c (esxi02)", vmA, vmC},
    };
    for (const auto& p : staticPairs)
    {
        Simulator::Schedule(Seconds(staticStart - 0.5),
                            &Static::Add,
                            cache,
                            AddressOf(p.b),
                            MacOf(p.b));
    }
    std::vector<Ptr<PingCount>> staticRuns = pingEach(staticPairs);
    Simulator::Stop(Seconds(start));
    Simulator::Run();
    pktcap.StopAll();
    result.pairs = results(pairs, runs);
    result.staticArpPairs = results(staticPairs, staticRuns);
    for (int i = 0; i < 2; ++i)
    {
        result.arpFromBrokenDefault[i] = byDefault[i]->GetFrameCount();
        result.arpFromBrokenDir2[i] = dir2[i]->GetFrameCount();
        result.arpRepliesToBrokenDir2[i] = replies[i]->count;
    }
    result.staticArpRequestsOnVmnic1 = echoOut->count;
    result.stormControlDrops =
        fabric.pswitch->GetPortDrops(result.stormControlPort).Get(DropReason::StormControl);
    result.frames = FrameCheck::Take();
    Simulator::Destroy();
    Names::Clear();
    return result;
}

// -----------------------------------------------------------------------------------------
// Seed 4: nested ESXi

std::vector<NestedCase>
RunSeed4Nested(uint32_t pings)
{
    std::vector<NestedCase> cases;
    for (bool promiscuous : {false, true})
    {
        for (bool forged : {false, true})
        {
            NestedCase c;
            c.promiscuous = promiscuous;
            c.forgedTransmits = forged;
            Fabric fabric;
            // vSphere 7.0: new switches default all three policies to Reject.
            fabric.esxi.SetVSwitchAttribute("SecurityDefaults", StringValue("vsphere7"));
            Ptr<EsxiHost> phys = fabric.AddHost("esxi-phys", {"vmnic0", "vmnic1"});
            phys->AddPortGroup("Nested", 0);
            SecurityPolicy outer;
            outer.promiscuous = promiscuous ? PolicySetting::Accept : PolicySetting::Reject;
            outer.forgedTransmits = forged ? PolicySetting::Accept : PolicySetting::Reject;
            outer.macChanges = PolicySetting::Reject;
            phys->GetPortGroup("Nested")->SetSecurityOverride(outer);
            Ptr<Node> nestedVm = CreateObject<Node>();
            Ptr<EsxiHost> nested =
                fabric.esxi.InstallNested(phys, nestedVm, {"Nested"}, "esxi-nested");
            nested->AddPortGroup("VM Network", 0);
            Ptr<Node> vm = fabric.AddVm(nested, "VM Network", "nested-vm", "192.168.1.31/24");
            Ptr<Node> laptop = fabric.AddBareMetal("laptop", 1, "192.168.1.50/24");
            Ptr<VSwitch> vs = phys->GetVSwitch();
            Ptr<FrameCounter> forgedDrops =
                Counter(vs, "Drop", MacOf(vm), kAny, 0, DropReason::ForgedTransmit);
            Ptr<FrameCounter> promiscDrops =
                Counter(vs, "Drop", kAny, MacOf(vm), 0, DropReason::Promiscuous);
            Ptr<PingCount> ping =
                Create<PingCount>(vm, AddressOf(laptop), Seconds(5), Seconds(5 + pings - 0.5));
            Simulator::Stop(Seconds(6 + pings));
            Simulator::Run();
            c.sent = pings;
            c.replies = ping->Replies();
            c.forgedDrops = forgedDrops->count;
            c.promiscuousDrops = promiscDrops->count;
            c.frames = FrameCheck::Take();
            Simulator::Destroy();
            Names::Clear();
            cases.push_back(c);
        }
    }
    return cases;
}

// -----------------------------------------------------------------------------------------
// Seed 1: vMotion of a nested ESXi VM on a distributed switch

namespace
{

/// Counts the frames for a set of MACs that a vSwitch drops as unknown unicast.
struct UnknownUnicastTally
{
    std::vector<Mac48Address> macs;
    uint64_t frames{0};

    static void Sink(UnknownUnicastTally* t, Ptr<const Packet> frame, const CaptureContext& where)
    {
        if (where.reason != DropReason::UnknownUnicast)
        {
            return;
        }
        EthernetVlanHeader h;
        frame->PeekHeader(h);
        for (const auto& m : t->macs)
        {
            t->frames += h.GetDestination() == m ? 1 : 0;
        }
    }
};

void
StartVMotion(Ptr<VMotion> vmotion, Ptr<Node> vm, Ptr<EsxiHost> from, Ptr<EsxiHost> to, Time d)
{
    vmotion->Migrate(vm, from, to, d);
}

} // namespace

Seed1Result
RunSeed1VMotion(const Seed1Options& options)
{
    Seed1Result result;
    Names::Clear(); // the VMs are named after the seed's; a run before may have named them
    Config::SetDefault("ns3::VSwitch::SecurityDefaults", StringValue("vsphere7"));
    Fabric fabric;
    // Two ESXi 7.0 hosts with one uplink each, members of one distributed switch.
    Ptr<EsxiHost> esxi01 = fabric.AddHost("esxi01", {"vmnic0"}, false);
    Ptr<EsxiHost> esxi02 = fabric.AddHost("esxi02", {"vmnic0"}, false);
    Ptr<DistributedSwitch> dvs = CreateObject<DistributedSwitch>();
    dvs->SetAttribute("Name", StringValue("DSwitch"));
    dvs->SetAttribute("Version", StringValue("7.0"));
    dvs->SetUplinks({"Uplink 1"});
    Ptr<DistributedPortGroup> pg = dvs->AddPortGroup("Nested-PG", 50);
    SecurityPolicy security;
    security.promiscuous = PolicySetting::Reject;
    security.forgedTransmits = PolicySetting::Accept;
    pg->SetSecurityOverride(security);
    MacLearningPolicy learning;
    learning.enabled = options.macLearning;
    pg->SetMacLearningOverride(learning);
    dvs->AddHost(esxi01, {{"Uplink 1", "vmnic0"}});
    dvs->AddHost(esxi02, {{"Uplink 1", "vmnic0"}});
    result.sourcePort = fabric.SwitchPortOf(esxi01, "vmnic0");
    result.destinationPort = fabric.SwitchPortOf(esxi02, "vmnic0");

    // The nested ESXi VM on esxi01, and a guest inside it.
    Ptr<Node> nestedVm = CreateObject<Node>();
    Names::Add("nesx", nestedVm);
    Ptr<EsxiHost> nested = fabric.esxi.InstallNested(esxi01,
                                                     nestedVm,
                                                     {"Nested-PG"},
                                                     "nesx",
                                                     true,
                                                     {Mac48Address(kSeed1NestedMac)});
    nested->AddPortGroup("VM Network", 0);
    Ptr<Node> guest =
        fabric.AddVm(nested, "VM Network", "guest", "192.168.50.20/24", kSeed1GuestMac);
    Ptr<Node> laptop = fabric.AddBareMetal("laptop", 50, "192.168.50.100/24");
    // Another VM already runs on the destination: the moved VM's port ID there differs.
    fabric.AddVm(esxi02, "Nested-PG", "vm-b", "192.168.50.30/24");
    Ptr<VSwitchPort> before = esxi01->GetVmPort(nestedVm);
    result.dvPortBefore = before->GetDvPort();
    result.portIdBefore = before->GetPortId();

    // What the engineer captured on the destination: the RARPs it sends.
    std::filesystem::create_directories(options.outputDir);
    PktcapHelper pktcap;
    pktcap.SetOutputDirectory(options.outputDir);
    pktcap.Capture(esxi02, "--uplink vmnic0 --ethtype 0x8035 --dir 1 -o esxi02-vmnic0-rarp.pcap");
    result.pcap = options.outputDir + "/esxi02-vmnic0-rarp.pcap";
    UnknownUnicastTally tally;
    tally.macs = {Mac48Address(kSeed1NestedMac), Mac48Address(kSeed1GuestMac)};

    // Pings both ways, once a second, across the move.
    Time stop = Seconds(options.stopAt);
    Ptr<PingCount> toGuest =
        Create<PingCount>(laptop, AddressOf(guest), Seconds(1), stop - Seconds(0.5));
    Ptr<PingCount> fromGuest =
        Create<PingCount>(guest, AddressOf(laptop), Seconds(1.5), stop - Seconds(0.5));
    Ptr<VMotion> vmotion = CreateObject<VMotion>();
    Simulator::Schedule(Seconds(options.vmotionAt),
                        &StartVMotion,
                        vmotion,
                        nestedVm,
                        esxi01,
                        esxi02,
                        Seconds(options.preCopy));
    Simulator::Schedule(Seconds(options.vmotionAt + options.preCopy),
                        &VSwitch::TraceConnectWithoutContext,
                        esxi01->GetVSwitch("DSwitch"),
                        std::string("Drop"),
                        MakeBoundCallback(&UnknownUnicastTally::Sink, &tally));
    Simulator::Stop(stop);
    Simulator::Run();
    pktcap.StopAll();

    const VMotion::Record& r = vmotion->GetRecords().at(0);
    result.switchover = r.switchover.GetSeconds();
    Ptr<VSwitchPort> after = esxi02->GetVmPort(nestedVm);
    result.dvPortAfter = after->GetDvPort();
    result.portIdAfter = after->GetPortId();
    result.nestedMacPort = fabric.pswitch->LookupMac(50, Mac48Address(kSeed1NestedMac));
    result.guestMacPort = fabric.pswitch->LookupMac(50, Mac48Address(kSeed1GuestMac));
    std::ostringstream table;
    fabric.pswitch->ShowMacAddressTable(table);
    result.macTable = table.str();
    std::ostringstream ports;
    esxi02->PrintVmPortList(ports);
    result.vmPortList = ports.str();
    result.laptopSent = toGuest->Sent();
    result.laptopReplies = toGuest->Replies();
    result.guestSent = fromGuest->Sent();
    result.guestReplies = fromGuest->Replies();
    result.unknownUnicastAtSource = tally.frames;
    result.frames = FrameCheck::Take();
    Simulator::Destroy();
    Config::SetDefault("ns3::VSwitch::SecurityDefaults", StringValue("vsphere6"));

    // The capture, read back: RARP frames by source MAC.
    PcapFile file;
    file.Open(result.pcap, std::ios::in);
    uint32_t sec = 0;
    uint32_t usec = 0;
    uint32_t inclLen = 0;
    uint32_t origLen = 0;
    uint32_t readLen = 0;
    uint8_t data[2000];
    while (true)
    {
        file.Read(data, sizeof(data), sec, usec, inclLen, origLen, readLen);
        if (file.Eof() || file.Fail())
        {
            break;
        }
        Mac48Address src;
        src.CopyFrom(data + 6);
        double t = sec + usec * 1e-6;
        if (src == Mac48Address(kSeed1NestedMac))
        {
            result.nestedRarps.push_back(t);
        }
        else if (src == Mac48Address(kSeed1GuestMac))
        {
            result.guestRarps.push_back(t);
        }
    }
    return result;
}

} // namespace seedlab

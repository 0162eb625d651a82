/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: a checked scenario becomes ns-3 objects through the module's helpers
 * (PhysicalSwitchHelper, EsxiHostHelper, EthernetHelper, PktcapHelper, IputilsPingHelper) and
 * ns-3's own applications (OnOff, BulkSend, PacketSink).
 */
#include "scenario-builder.h"

#include "ns3/applications-module.h"
#include "ns3/arp-cache.h"
#include "ns3/config-error.h"
#include "ns3/core-module.h"
#include "ns3/distributed-port-group.h"
#include "ns3/ethernet-helper.h"
#include "ns3/internet-apps-module.h"
#include "ns3/internet-module.h"
#include "ns3/iputils-ping-helper.h"
#include "ns3/node-list.h"
#include "ns3/port-group.h"
#include "ns3/vnic-net-device.h"
#include "ns3/vswitch-port.h"
#include "ns3/vswitch.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("VswitchSimBuilder");

namespace vsim
{

namespace
{

// ---- callbacks and scheduled actions (free functions: no capturing lambdas) ----------------

void
OnRtt(TrafficStats* s, uint16_t, Time rtt)
{
    double ms = rtt.GetSeconds() * 1000.0;
    if (s->received == 0 || ms < s->rttMin)
    {
        s->rttMin = ms;
    }
    if (s->received == 0 || ms > s->rttMax)
    {
        s->rttMax = ms;
    }
    s->rttSum += ms;
    ++s->received;
}

void
OnPingTx(TrafficStats* s, uint16_t, Ptr<const Packet>)
{
    ++s->sent;
}

void
OnPingTooBig(TrafficStats* s, uint16_t, uint32_t, uint16_t)
{
    ++s->tooBig;
}

void
MarkFired(FiredEvent* e)
{
    e->fired = true;
    e->time = Simulator::Now().GetSeconds();
}

void
OnAppTx(Ptr<TrafficStats> s, Ptr<const Packet> packet)
{
    s->sent += s->type == "tcp" ? packet->GetSize() : 1;
}

void
OnSinkRx(Ptr<TrafficStats> s, Ptr<const Packet> packet, const Address& from)
{
    if (!InetSocketAddress::IsMatchingType(from))
    {
        return;
    }
    Ipv4Address src = InetSocketAddress::ConvertFrom(from).GetIpv4();
    if (std::find(s->senderIps.begin(), s->senderIps.end(), src) == s->senderIps.end())
    {
        return;
    }
    s->received += s->type == "tcp" ? packet->GetSize() : 1;
}

void
OnSniff(Ptr<FrameTally> t, Ptr<const Packet> frame)
{
    ++t->frames;
    t->writer->Write(Simulator::Now(), frame);
}

void
SetCable(Ptr<EthernetChannel> channel, bool connected)
{
    channel->SetConnected(connected);
}

void
SetBlackhole(Ptr<PhysicalSwitch> sw, std::string port, PhysicalSwitch::Blackhole direction)
{
    sw->SetBlackhole(port, direction);
}

void
SetStormControl(Ptr<PhysicalSwitch> sw,
                std::string port,
                PhysicalSwitch::StormTraffic traffic,
                double level)
{
    sw->SetStormControl(port, traffic, level);
}

void
SetGuestMac(Ptr<VnicNetDevice> vnic, Mac48Address mac)
{
    vnic->SetAddress(mac);
}

void
ReconnectVnic(Ptr<VSwitchPort> port)
{
    port->GetVSwitch()->Reconnect(port);
}

void
StartVmotion(Ptr<VMotion> motion, Ptr<Node> vm, Ptr<EsxiHost> from, Ptr<EsxiHost> to, Time duration)
{
    motion->Migrate(vm, from, to, duration);
}

void
OnSwitchover(VmotionStats* s, const std::string&, const std::string&, const std::string&)
{
    s->switchedOver = true;
    s->cursor->current = s;
}

/// A RARP frame a switch of the destination sent: one of this vMotion's when it announces the
/// VM's MACs (its vNICs' and those learned on its ports) after the switchover, until the VM
/// switches over elsewhere.
void
OnRarp(VmotionStats* s, uint32_t, Mac48Address mac, const std::string&)
{
    if (s->cursor->current != s)
    {
        return;
    }
    const VMotion::Record& r = s->motion->GetRecords().at(0);
    if (std::find(r.macs.begin(), r.macs.end(), mac) != r.macs.end() ||
        std::find(r.learned.begin(), r.learned.end(), mac) != r.learned.end())
    {
        ++s->rarps;
    }
}

std::string
Join(const std::string& path, const std::string& key)
{
    return path.empty() ? key : path + "." + key;
}

bool
AnySecurity(const SecurityPolicy& s)
{
    return s.promiscuous != PolicySetting::Inherit || s.macChanges != PolicySetting::Inherit ||
           s.forgedTransmits != PolicySetting::Inherit;
}

bool
AnyTeaming(const TeamingPolicy& t)
{
    return t.loadBalancing || t.active || t.standby || t.failureDetection || t.notifySwitches ||
           t.failback;
}

bool
AnyLearning(const MacLearningPolicy& l)
{
    return l.enabled || l.allowUnicastFlooding || l.limit || l.limitPolicy || l.agingTime;
}

/// Set the policies a switch's configuration gives (a VSwitch or a DistributedSwitch).
template <typename Switch, typename Config>
void
ApplySwitchPolicies(Switch sw, const Config& c)
{
    if (AnySecurity(c.security))
    {
        sw->SetSecurityPolicy(c.security);
    }
    if (AnyTeaming(c.teaming))
    {
        sw->SetTeamingPolicy(c.teaming);
    }
    if (AnyLearning(c.learning))
    {
        sw->SetMacLearningPolicy(c.learning);
    }
}

/// Set the overrides a port group's configuration gives (PortGroup, DistributedPortGroup).
template <typename Group, typename Config>
void
ApplyOverrides(Group pg, const Config& g)
{
    if (AnySecurity(g.security))
    {
        pg->SetSecurityOverride(g.security);
    }
    if (AnyTeaming(g.teaming))
    {
        pg->SetTeamingOverride(g.teaming);
    }
    if (AnyLearning(g.learning))
    {
        pg->SetMacLearningOverride(g.learning);
    }
}

} // namespace

ScenarioBuilder::ScenarioBuilder(const Scenario& scenario, const std::string& outDir)
    : m_scenario(scenario),
      m_outDir(outDir)
{
    // Until the time resolution is fixed, ns-3 keeps every live Time in a set (to convert
    // them if it changed): about 1 KiB per VM while a large scenario is built. Fixing it to
    // the default resolution, once per process, ends that record.
    static const bool resolutionFixed = [] {
        Time::SetResolution(Time::NS);
        return true;
    }();
    (void)resolutionFixed;
}

void
ScenarioBuilder::SetPartition(const Partition* partition, CableHelperFactory cables)
{
    m_partition = partition;
    m_cables = std::move(cables);
}

Ptr<Node>
ScenarioBuilder::HostNode(const std::string& ref) const
{
    return CreateObject<Node>(m_partition ? m_partition->HostRank(ref) : 0);
}

template <typename F>
void
ScenarioBuilder::At(const std::string& path, F f)
{
    try
    {
        f();
    }
    catch (const ConfigError& e)
    {
        throw BuildError(m_scenario.file + ": " + path + ": " + e.what());
    }
}

void
ScenarioBuilder::Build()
{
    for (const auto& sw : m_scenario.switches)
    {
        BuildSwitch(sw);
    }
    BuildRouters();
    // Before the hosts: each member host joins once its own vSwitches are built, before its
    // VMs connect (a VM on a dvPortgroup connects to its host's proxy switch).
    for (const auto& dvs : m_scenario.distributedSwitches)
    {
        BuildDistributedSwitch(dvs);
    }
    BuildNsx();
    for (const auto& h : m_scenario.hosts)
    {
        Ptr<EsxiHost> host;
        At(h.path,
           [&]() { host = m_esxi.InstallWithoutVSwitch(HostNode(h.ref), h.nics, h.name); });
        BuildHostBody(h, host);
    }
    for (const auto& l : m_scenario.links)
    {
        BuildLink(l);
    }
    AssignAddresses();
    BuildRoutes();
    FinishNsx();
    for (std::size_t i = 0; i < m_scenario.traffic.size(); ++i)
    {
        BuildTraffic(i, m_scenario.traffic[i]);
    }
    for (std::size_t i = 0; i < m_scenario.events.size(); ++i)
    {
        BuildEvent(i, m_scenario.events[i]);
    }
    m_pktcap.SetOutputDirectory(m_outDir);
    m_pktcap.SetWriteErrorCallback(m_onWriteError);
    for (std::size_t i = 0; i < m_scenario.captures.size(); ++i)
    {
        BuildCapture(i, m_scenario.captures[i]);
    }
    BuildEmulate();
    WatchArpDrops();
}

void
ScenarioBuilder::NameNode(const Ptr<Node>& node, const std::string& name)
{
    m_nodeNames.emplace(node->GetId(), name);
}

void
ScenarioBuilder::WatchArpDrops()
{
    for (uint32_t i = 0; i < NodeList::GetNNodes(); ++i)
    {
        Ptr<Node> node = NodeList::GetNode(i);
        auto it = m_nodeNames.find(i);
        m_arpDrops.Watch(node, it != m_nodeNames.end() ? it->second : "node " + std::to_string(i));
    }
}

void
ScenarioBuilder::SetWriteErrorCallback(OutputFile::ErrorCallback cb)
{
    m_onWriteError = cb;
}

void
ScenarioBuilder::StopCaptures()
{
    m_pktcap.StopAll();
    for (const auto& c : m_captures)
    {
        if (c.tally)
        {
            c.tally->writer->Close();
        }
    }
    if (m_console)
    {
        m_console->flush();
    }
    if (m_consoleFile)
    {
        m_consoleFile->Close();
    }
}

std::vector<std::string>
ScenarioBuilder::KeepCapturesAsPartial()
{
    std::vector<std::string> kept;
    if (m_outDir.empty())
    {
        return kept; // no file was written
    }
    for (const auto& c : m_captures)
    {
        CaptureFileWriter* w =
            c.tally ? c.tally->writer.get() : (c.session ? c.session->GetWriter() : nullptr);
        std::string partial = w ? w->KeepAsPartial() : "";
        if (!partial.empty())
        {
            kept.push_back(partial);
        }
    }
    if (m_consoleFile)
    {
        m_consoleFile->Close();
        std::string partial = m_consoleFile->GetPath() + ".partial";
        if (std::rename(m_consoleFile->GetPath().c_str(), partial.c_str()) == 0)
        {
            kept.push_back(partial);
        }
    }
    return kept;
}

// -------------------------------------------------------------------------------------------
// Physical switches

void
ScenarioBuilder::BuildSwitch(const SwitchConfig& c)
{
    Ptr<PhysicalSwitch> sw;
    At(c.path, [&]() {
        PhysicalSwitchHelper helper;
        helper.SetSwitchAttribute("Name", StringValue(c.name));
        if (c.macAgingTime)
        {
            helper.SetSwitchAttribute("MacAgingTime", TimeValue(*c.macAgingTime));
        }
        std::vector<std::string> names;
        for (const auto& p : c.ports)
        {
            names.push_back(p.name);
        }
        sw = helper.Install(CreateObject<Node>(m_partition ? m_partition->SwitchRank(c.name) : 0),
                            names);
    });
    m_switches.emplace_back(c.name, sw);
    for (const auto& p : c.ports)
    {
        At(p.path, [&]() {
            if (p.trunk)
            {
                std::vector<uint16_t> vlans = p.vlans;
                if (vlans.empty())
                {
                    for (uint16_t v = 1; v <= 4094; ++v)
                    {
                        vlans.push_back(v);
                    }
                }
                sw->SetTrunkPort(p.name, vlans, p.nativeVlan);
            }
            else
            {
                sw->SetAccessPort(p.name, p.vlan);
            }
        });
    }
    for (const auto& l : c.lags)
    {
        At(l.path, [&]() { sw->AddLag(l.name, l.members); });
    }
    for (const auto& m : c.mirrors)
    {
        At(m.path, [&]() {
            auto dir = m.direction == "rx"   ? PhysicalSwitch::MirrorDirection::Rx
                       : m.direction == "tx" ? PhysicalSwitch::MirrorDirection::Tx
                                             : PhysicalSwitch::MirrorDirection::Both;
            sw->AddMirrorSession(m.sources, dir, m.destination);
        });
    }
    for (const auto& h : c.hosts)
    {
        At(h.path, [&]() {
            Ptr<Node> node = CreateObject<Node>(sw->GetNode()->GetSystemId());
            EthernetHelper eth;
            NetDeviceContainer d = eth.Install(node, sw->GetPortDevice(h.port));
            if (h.mac)
            {
                d.Get(0)->SetAddress(*h.mac);
            }
            if (h.ip)
            {
                m_addresses.push_back({h.path, node, d.Get(0), *h.ip, h.gateway});
            }
            m_endpoints[h.name] = node;
            NameNode(node, h.name);
        });
    }
}

// -------------------------------------------------------------------------------------------
// Distributed switches: configured once, before any host joins

void
ScenarioBuilder::BuildDistributedSwitch(const DistributedSwitchConfig& c)
{
    Ptr<DistributedSwitch> dvs;
    At(c.path, [&]() {
        dvs = CreateObject<DistributedSwitch>();
        dvs->SetAttribute("Name", StringValue(c.name));
        dvs->SetAttribute("Version", StringValue(c.version));
        if (c.mtu)
        {
            dvs->SetAttribute("Mtu", UintegerValue(*c.mtu));
        }
        dvs->SetUplinks(c.uplinks);
        ApplySwitchPolicies(dvs, c);
    });
    for (const auto& g : c.portGroups)
    {
        At(g.path, [&]() {
            Ptr<DistributedPortGroup> pg = dvs->AddPortGroup(g.name, g.vlan);
            ApplyOverrides(pg, g);
        });
    }
    m_dvs.emplace_back(&c, dvs);
}

// -------------------------------------------------------------------------------------------
// ESXi hosts, nested ones at any depth

void
ScenarioBuilder::BuildHostBody(const HostConfig& h, Ptr<EsxiHost> host)
{
    m_hosts.emplace_back(h.ref, host);
    for (const auto& vs : h.vswitches)
    {
        std::string path = vs.path.empty() ? h.path : vs.path;
        At(path, [&]() {
            Ptr<VSwitch> v =
                host->AddVSwitch(vs.name,
                                 vs.uplinks,
                                 vs.distributed ? VSwitch::Distributed : VSwitch::Standard);
            ApplySwitchPolicies(v, vs);
        });
        for (const auto& g : vs.portGroups)
        {
            At(g.path, [&]() {
                Ptr<PortGroup> pg = host->AddPortGroup(g.name, g.vlan, vs.name);
                ApplyOverrides(pg, g);
            });
        }
    }
    for (const auto& entry : m_dvs)
    {
        // Not a structured binding: C++17 lambdas cannot capture those (clang refuses).
        const auto& dvs = entry.second;
        for (const auto& m : entry.first->hosts)
        {
            if (m.host == h.ref)
            {
                At(m.path, [&]() {
                    dvs->AddHost(
                        host,
                        std::map<std::string, std::string>(m.uplinks.begin(), m.uplinks.end()));
                });
            }
        }
    }
    BuildVtep(h, host);
    for (const auto& k : h.vmknics)
    {
        At(k.path, [&]() {
            Ptr<VnicNetDevice> vnic =
                host->AddVmknic(k.name, k.portGroup, k.mac.value_or(Mac48Address()));
            if (k.ip)
            {
                m_addresses.push_back({k.path, host->GetNode(), vnic, *k.ip, k.gateway});
            }
            m_endpoints[h.ref + ":" + k.name] = host->GetNode();
            NameNode(host->GetNode(), h.ref);
        });
    }
    for (const auto& vm : h.vms)
    {
        Ptr<Node> node = HostNode(h.ref);
        m_vms[vm.ref] = node;
        m_vmHost[vm.ref] = h.ref;
        m_endpoints[vm.ref] = node;
        NameNode(node, h.nested ? vm.ref : vm.name);
        if (!h.nested)
        {
            m_vms[vm.name] = node;
            m_vmHost[vm.name] = h.ref;
            m_endpoints[vm.name] = node;
        }
        if (vm.nested)
        {
            std::vector<std::string> groups;
            std::vector<Mac48Address> macs;
            for (const auto& nic : vm.nics)
            {
                groups.push_back(nic.portGroup);
                macs.push_back(nic.mac.value_or(Mac48Address()));
            }
            Ptr<EsxiHost> nested;
            At(vm.path,
               [&]() { nested = m_esxi.InstallNested(host, node, groups, vm.name, false, macs); });
            if (vm.powerOn)
            {
                At(vm.path, [&]() { host->SetVmPowerOnTime(node, *vm.powerOn); });
            }
            BuildHostBody(*vm.nested, nested);
            continue;
        }
        At(vm.path, [&]() { host->SetVmName(node, vm.name); });
        for (const auto& nic : vm.nics)
        {
            At(nic.path, [&]() {
                Ptr<VnicNetDevice> vnic =
                    host->AddVm(node, nic.portGroup, nic.mac.value_or(Mac48Address()));
                if (nic.promiscuous)
                {
                    vnic->SetGuestPromiscuous(true);
                }
                if (nic.ip)
                {
                    m_addresses.push_back({nic.path, node, vnic, *nic.ip, nic.gateway});
                }
            });
        }
        if (vm.powerOn)
        {
            At(vm.path, [&]() { host->SetVmPowerOnTime(node, *vm.powerOn); });
        }
    }
}

// -------------------------------------------------------------------------------------------
// Links and addresses

Ptr<EthernetNetDevice>
ScenarioBuilder::CableEnd(const Endpoint& e) const
{
    for (const auto& [name, sw] : m_switches)
    {
        if (name == e.node)
        {
            return sw->GetPortDevice(e.interface);
        }
    }
    for (const auto& [ref, host] : m_hosts)
    {
        if (ref == e.node)
        {
            Ptr<EthernetNetDevice> dev = DynamicCast<EthernetNetDevice>(host->GetNic(e.interface));
            if (!dev)
            {
                VSWITCH_CONFIG_ERROR(e.text << " is a vNIC, not a cable NIC");
            }
            return dev;
        }
    }
    VSWITCH_CONFIG_ERROR(e.node << " is neither a switch nor a host");
}

void
ScenarioBuilder::BuildLink(const LinkConfig& l)
{
    At(l.path, [&]() {
        Ptr<EthernetNetDevice> a = CableEnd(l.a);
        Ptr<EthernetNetDevice> b = CableEnd(l.b);
        std::unique_ptr<EthernetHelper> eth =
            m_cables ? m_cables() : std::make_unique<EthernetHelper>();
        if (l.delay)
        {
            eth->SetChannelAttribute("Delay", TimeValue(*l.delay));
        }
        for (const auto& d : {a, b})
        {
            if (l.dataRate)
            {
                d->SetAttribute("DataRate", DataRateValue(*l.dataRate));
            }
            if (l.mtu && !d->SetMtu(*l.mtu))
            {
                VSWITCH_CONFIG_ERROR("MTU " << *l.mtu << " is not accepted by the device");
            }
        }
        eth->Install(a, b);
    });
}

void
ScenarioBuilder::AssignAddresses()
{
    // The scenario gives IPv4 addresses only, and routes are on-link or a gateway: no IPv6
    // stack (without an interface it would do nothing but take 3.9 KiB per VM) and static
    // routing alone (no global routing objects).
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.SetRoutingHelper(Ipv4StaticRoutingHelper());
    for (const auto& a : m_addresses)
    {
        if (!a.node->GetObject<Ipv4>())
        {
            stack.Install(a.node);
        }
    }
    for (const auto& a : m_addresses)
    {
        Ptr<Ipv4> ipv4 = a.node->GetObject<Ipv4>();
        int32_t i = ipv4->GetInterfaceForDevice(a.device);
        if (i < 0)
        {
            i = ipv4->AddInterface(a.device);
        }
        ipv4->AddAddress(i, Ipv4InterfaceAddress(a.address.address, a.address.Mask()));
        ipv4->SetMetric(i, 1);
        ipv4->SetUp(i);
        m_ipOwner[a.address.address.Get()] = a.node;
    }
}

// -------------------------------------------------------------------------------------------
// Traffic

Ptr<Node>
ScenarioBuilder::Sender(const std::string& ref, const std::string& path) const
{
    auto it = m_endpoints.find(ref);
    if (it == m_endpoints.end())
    {
        throw BuildError(m_scenario.file + ": " + path + ": \"" + ref +
                         "\" is no VM, vmknic or switch host");
    }
    return it->second;
}

Ptr<Node>
ScenarioBuilder::VmNode(const std::string& ref) const
{
    auto it = m_vms.find(ref);
    return it == m_vms.end() ? nullptr : it->second;
}

Ptr<EsxiHost>
ScenarioBuilder::Host(const std::string& ref) const
{
    for (const auto& [r, h] : m_hosts)
    {
        if (r == ref)
        {
            return h;
        }
    }
    return nullptr;
}

void
ScenarioBuilder::BuildTraffic(std::size_t index, const TrafficConfig& t)
{
    if (t.type == "garp")
    {
        BuildGarp(index, t);
        return;
    }
    std::string fromPath = Join(t.path, t.type == "static-arp" ? "on" : "from");
    Ptr<Node> from = Sender(t.from, fromPath);
    Ptr<Ipv4L3Protocol> l3 = from->GetObject<Ipv4L3Protocol>();
    if (!l3)
    {
        throw BuildError(m_scenario.file + ": " + fromPath + ": \"" + t.from +
                         "\" has no IPv4 address (give its NIC an \"ip\")");
    }
    if (t.type == "static-arp")
    {
        for (uint32_t i = 1; i < l3->GetNInterfaces(); ++i)
        {
            Ipv4InterfaceAddress a = l3->GetAddress(i, 0);
            if (a.GetLocal().CombineMask(a.GetMask()) == t.toIp.CombineMask(a.GetMask()) ||
                l3->GetNInterfaces() == 2)
            {
                Ptr<ArpCache> cache = l3->GetInterface(i)->GetArpCache();
                if (!cache)
                {
                    continue;
                }
                ArpCache::Entry* e = cache->Lookup(t.toIp);
                if (!e)
                {
                    e = cache->Add(t.toIp);
                }
                e->SetMacAddress(t.mac);
                e->MarkPermanent();
                return;
            }
        }
        throw BuildError(m_scenario.file + ": " + Join(t.path, "ip") + ": \"" + t.from +
                         "\" has no interface in the subnet of " + t.to);
    }

    Ptr<TrafficStats> s = Create<TrafficStats>();
    s->index = index;
    s->type = t.type;
    s->from = t.from;
    s->to = t.to;
    s->dst = t.toIp;
    s->rank = from->GetSystemId();
    for (uint32_t i = 1; i < l3->GetNInterfaces(); ++i)
    {
        for (uint32_t j = 0; j < l3->GetNAddresses(i); ++j)
        {
            s->senderIps.push_back(l3->GetAddress(i, j).GetLocal());
        }
    }
    m_traffic.push_back(s);
    Time end = m_scenario.stopTime;
    if (t.stop && *t.stop < end)
    {
        end = *t.stop;
    }

    if (t.type == "ping")
    {
        IputilsPingHelper ping(t.toIp);
        ping.SetAttribute("Interval", TimeValue(t.interval));
        ping.SetAttribute("Size", UintegerValue(t.size));
        ping.SetAttribute("Count", UintegerValue(t.count.value_or(0)));
        ping.SetAttribute("Identifier", IntegerValue(t.identifier));
        ping.SetAttribute("DontFragment", BooleanValue(t.dontFragment));
        s->dontFragment = t.dontFragment;
        ApplicationContainer app = ping.Install(from);
        app.Start(t.start);
        app.Stop(end);
        // The builder keeps s (m_traffic) for as long as the simulation runs.
        app.Get(0)->TraceConnectWithoutContext("Rtt", MakeBoundCallback(&OnRtt, PeekPointer(s)));
        app.Get(0)->TraceConnectWithoutContext("Tx", MakeBoundCallback(&OnPingTx, PeekPointer(s)));
        app.Get(0)->TraceConnectWithoutContext("TooBig",
                                               MakeBoundCallback(&OnPingTooBig, PeekPointer(s)));
        return;
    }

    auto owner = m_ipOwner.find(t.toIp.Get());
    if (owner == m_ipOwner.end())
    {
        throw BuildError(m_scenario.file + ": " + Join(t.path, "to") + ": " + t.to +
                         ": no node has this address");
    }
    std::string factory = t.type == "udp" ? "ns3::UdpSocketFactory" : "ns3::TcpSocketFactory";
    std::string key =
        std::to_string(owner->second->GetId()) + "/" + t.type + "/" + std::to_string(t.toPort);
    Ptr<Application> sinkApp;
    auto known = m_sinks.find(key);
    if (known == m_sinks.end())
    {
        PacketSinkHelper sinkHelper(factory, InetSocketAddress(Ipv4Address::GetAny(), t.toPort));
        ApplicationContainer sink = sinkHelper.Install(owner->second);
        sink.Start(Seconds(0));
        sinkApp = sink.Get(0);
        m_sinks[key] = sinkApp;
    }
    else
    {
        sinkApp = known->second;
    }
    sinkApp->TraceConnectWithoutContext("Rx", MakeBoundCallback(&OnSinkRx, s));
    ApplicationContainer app;
    if (t.type == "udp")
    {
        OnOffHelper onoff(factory, InetSocketAddress(t.toIp, t.toPort));
        onoff.SetConstantRate(t.rate, t.size);
        app = onoff.Install(from);
    }
    else
    {
        BulkSendHelper bulk(factory, InetSocketAddress(t.toIp, t.toPort));
        bulk.SetAttribute("MaxBytes", UintegerValue(0));
        bulk.SetAttribute("SendSize", UintegerValue(t.size));
        app = bulk.Install(from);
    }
    app.Start(t.start);
    app.Stop(end);
    app.Get(0)->TraceConnectWithoutContext("Tx", MakeBoundCallback(&OnAppTx, s));
}

// -------------------------------------------------------------------------------------------
// Events

void
ScenarioBuilder::BuildEvent(std::size_t index, const EventConfig& e)
{
    Ptr<FiredEvent> record = Create<FiredEvent>();
    record->index = index;
    record->type = e.type;
    if (e.type == "link-down" || e.type == "link-up")
    {
        record->what = e.link.text;
    }
    else if (e.type == "blackhole")
    {
        record->what = e.port.text + " " + e.direction;
    }
    else if (e.type == "storm-control")
    {
        record->what = e.port.text + " " + e.traffic + " " + std::to_string(e.level);
    }
    else if (e.type == "vmotion")
    {
        record->what = e.vm + " " + e.from + " -> " + e.to;
    }
    else if (e.type == "controller-down" || e.type == "controller-up")
    {
        record->what = e.controller;
    }
    else
    {
        std::ostringstream what;
        what << e.vm << " nic " << e.nic;
        if (e.type == "guest-mac")
        {
            what << " " << e.mac;
        }
        record->what = what.str();
    }
    m_events.push_back(record);
    // Scheduled before the action, at the same time: it runs first and notes the time.
    Simulator::Schedule(e.at, &MarkFired, PeekPointer(record));
    if (e.type == "link-down" || e.type == "link-up")
    {
        At(Join(e.path, "link"), [&]() {
            Ptr<EthernetChannel> ch = EthernetHelper::GetChannel(CableEnd(e.link));
            if (!ch)
            {
                VSWITCH_CONFIG_ERROR(e.link.text << " has no cable");
            }
            Simulator::Schedule(e.at, &SetCable, ch, e.type == "link-up");
        });
        return;
    }
    if (e.type == "blackhole" || e.type == "storm-control")
    {
        At(Join(e.path, "port"), [&]() {
            Ptr<PhysicalSwitch> sw;
            for (const auto& [name, s] : m_switches)
            {
                if (name == e.port.node)
                {
                    sw = s;
                }
            }
            if (e.type == "storm-control")
            {
                auto traffic = e.traffic == "broadcast" ? PhysicalSwitch::StormTraffic::Broadcast
                               : e.traffic == "multicast"
                                   ? PhysicalSwitch::StormTraffic::Multicast
                                   : PhysicalSwitch::StormTraffic::UnknownUnicast;
                if (!sw->HasLag(e.port.interface))
                {
                    sw->GetPortDevice(e.port.interface);
                }
                Simulator::Schedule(e.at,
                                    &SetStormControl,
                                    sw,
                                    e.port.interface,
                                    traffic,
                                    static_cast<double>(e.level));
                return;
            }
            sw->GetPortDevice(e.port.interface);
            auto dir = e.direction == "rx"     ? PhysicalSwitch::Blackhole::Rx
                       : e.direction == "tx"   ? PhysicalSwitch::Blackhole::Tx
                       : e.direction == "none" ? PhysicalSwitch::Blackhole::None
                                               : PhysicalSwitch::Blackhole::Both;
            Simulator::Schedule(e.at, &SetBlackhole, sw, e.port.interface, dir);
        });
        return;
    }
    if (e.type == "controller-down" || e.type == "controller-up")
    {
        BuildControllerEvent(e);
        return;
    }
    if (e.type == "vmotion")
    {
        Ptr<VmotionStats> s = Create<VmotionStats>();
        s->index = index;
        s->vm = e.vm;
        s->from = e.from;
        s->to = e.to;
        s->rank = m_partition ? m_partition->HostRank(e.to) : 0;
        At(e.path, [&]() {
            Ptr<Node> node = VmNode(e.vm);
            Ptr<EsxiHost> from = Host(e.from);
            Ptr<EsxiHost> to = Host(e.to);
            if (!node || !from || !to)
            {
                VSWITCH_CONFIG_ERROR("vMotion of " << e.vm << " from " << e.from << " to " << e.to
                                                   << ": unknown VM or host");
            }
            Ptr<VmotionCursor>& cursor = m_cursors[node->GetId()];
            if (!cursor)
            {
                cursor = Create<VmotionCursor>();
            }
            s->cursor = cursor;
            s->motion = CreateObject<VMotion>();
            s->motion->SetAttribute("StunTime", TimeValue(e.stun));
            // The builder keeps s (m_vmotions) for as long as the simulation runs.
            s->motion->TraceConnectWithoutContext("Switchover",
                                                  MakeBoundCallback(&OnSwitchover, PeekPointer(s)));
            for (const auto& vs : to->GetVSwitches())
            {
                vs->TraceConnectWithoutContext("Rarp", MakeBoundCallback(&OnRarp, PeekPointer(s)));
            }
            Simulator::Schedule(e.at, &StartVmotion, s->motion, node, from, to, e.duration);
        });
        m_vmotions.push_back(s);
        return;
    }
    At(Join(e.path, "vm"), [&]() {
        // Checked now; found again when it happens, on whichever host the VM runs then.
        Ptr<Node> node = VmNode(e.vm);
        Host(m_vmHost[e.vm])->GetVmPort(node, e.nic);
        Simulator::Schedule(e.at, &ScenarioBuilder::VnicEvent, this, node, e.type, e.nic, e.mac);
    });
}

void
ScenarioBuilder::VnicEvent(Ptr<Node> vm, std::string type, uint32_t nic, Mac48Address mac)
{
    for (const auto& [ref, host] : m_hosts)
    {
        std::vector<Ptr<Node>> vms = host->GetVms();
        if (std::find(vms.begin(), vms.end(), vm) == vms.end())
        {
            continue;
        }
        Ptr<VSwitchPort> port = host->GetVmPort(vm, nic);
        if (type == "guest-mac")
        {
            SetGuestMac(port->GetVnic(), mac);
        }
        else
        {
            ReconnectVnic(port);
        }
        return;
    }
    VSWITCH_CONFIG_ERROR(type << " event: the VM runs on no host now");
}

// -------------------------------------------------------------------------------------------
// Captures

void
ScenarioBuilder::BuildCapture(std::size_t index, const CaptureConfig& c)
{
    CaptureRecord r;
    r.index = index;
    r.file = c.output;
    if (!c.sw.empty())
    {
        At(c.path, [&]() {
            Ptr<PhysicalSwitch> sw;
            for (const auto& [name, s] : m_switches)
            {
                if (name == c.sw)
                {
                    sw = s;
                }
            }
            Ptr<EthernetNetDevice> dev = sw->GetPortDevice(c.port);
            r.rank = sw->GetNode()->GetSystemId();
            if (r.file.empty())
            {
                r.file = PhysicalSwitchHelper::GetPortPcapFilename("pcap", sw, c.port);
            }
            // The module's writer rather than ns-3's PcapHelper: the same bytes (pcap, snap
            // length 65535, microseconds), every write checked and flushed as pktcap-uw's are.
            r.tally = Create<FrameTally>();
            r.tally->writer = std::make_unique<CaptureFileWriter>();
            r.tally->writer->SetErrorCallback(m_onWriteError);
            std::string path = m_outDir.empty() ? kNoFile : m_outDir + "/" + r.file;
            if (!m_outDir.empty())
            {
                std::remove((path + ".partial").c_str());
            }
            r.tally->writer->Open(path, false, 65535);
            dev->TraceConnectWithoutContext("PromiscSniffer", MakeBoundCallback(&OnSniff, r.tally));
            r.options = "";
        });
        m_captures.push_back(r);
        return;
    }
    if (c.output.empty() && !m_console && m_outDir.empty())
    {
        // No files: the console captures are formatted as usual, into nothing.
        m_console = std::make_unique<std::ostream>(&m_nullBuf);
        m_pktcap.SetConsole(m_console.get());
    }
    if (c.output.empty() && !m_console)
    {
        std::string path = m_outDir + "/captures.txt";
        std::remove((path + ".partial").c_str());
        m_consoleFile = std::make_unique<OutputFile>();
        m_consoleFile->SetErrorCallback(m_onWriteError);
        if (!m_consoleFile->Open(path))
        {
            throw BuildError(m_scenario.file + ": " + c.path + ": " + path + ": " +
                             m_consoleFile->GetError());
        }
        m_consoleBuf = std::make_unique<OutputFileStreamBuf>(*m_consoleFile);
        m_console = std::make_unique<std::ostream>(m_consoleBuf.get());
        m_pktcap.SetConsole(m_console.get());
    }
    At(Join(c.path, "pktcap"), [&]() {
        Ptr<EsxiHost> host;
        for (const auto& [ref, h] : m_hosts)
        {
            if (ref == c.host)
            {
                host = h;
            }
        }
        if (!host)
        {
            VSWITCH_CONFIG_ERROR("\"" << c.host << "\" is no ESXi host");
        }
        r.rank = host->GetNode()->GetSystemId();
        std::string options = c.pktcap;
        if (!c.vm.empty())
        {
            Ptr<VSwitchPort> port = host->GetVmPort(VmNode(c.vm), c.nic);
            options = "--switchport " + std::to_string(port->GetPortId()) +
                      (options.empty() ? "" : " " + options);
        }
        r.options = options;
        if (!c.output.empty() && m_outDir.empty())
        {
            options += std::string(" -o ") + kNoFile; // an absolute path: no folder added
        }
        else if (!c.output.empty())
        {
            options += " -o " + c.output;
            std::remove((m_outDir + "/" + c.output + ".partial").c_str());
        }
        if (m_console && c.output.empty())
        {
            *m_console << "[root@" << host->GetName() << ":~] pktcap-uw " << r.options << "\n";
        }
        m_pktcap.SetInsertVlanTag(c.insertVlanTag);
        r.session = m_pktcap.Capture(host, options);
    });
    m_captures.push_back(r);
}

} // namespace vsim

/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "vtep.h"

#include "nsx-controller-cluster.h"
#include "nsx-snooping.h"
#include "vxlan-header.h"
#include "vxlan-l4-protocol.h"

#include "ns3/arp-cache.h"
#include "ns3/arp-l3-protocol.h"
#include "ns3/boolean.h"
#include "ns3/config-error.h"
#include "ns3/distributed-switch.h"
#include "ns3/esxi-host.h"
#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/port-group.h"
#include "ns3/simulator.h"
#include "ns3/traffic-control-layer.h"
#include "ns3/uinteger.h"
#include "ns3/underlay-routing.h"
#include "ns3/vnic-net-device.h"
#include "ns3/vswitch-port.h"
#include "ns3/vswitch.h"

#include <algorithm>
#include <array>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Vtep");
NS_OBJECT_ENSURE_REGISTERED(Vtep);

namespace
{
constexpr uint16_t kArpType = 0x0806;
constexpr uint32_t kEncap = VxlanHeader::kIpv4Overhead - 14; // outer IP + UDP + VXLAN
constexpr uint64_t kGroupBit = uint64_t(1) << 40;            // in a MAC key
} // namespace

TypeId
Vtep::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::Vtep")
            .SetParent<Object>()
            .SetGroupName("Vswitch")
            .AddConstructor<Vtep>()
            .AddAttribute("UdpPort",
                          "UDP destination port of VXLAN (4789, IANA; NSX-V used 8472).",
                          UintegerValue(VxlanHeader::kIanaPort),
                          MakeUintegerAccessor(&Vtep::m_udpPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Ttl",
                          "TTL of the outer IPv4 header.",
                          UintegerValue(64),
                          MakeUintegerAccessor(&Vtep::m_ttl),
                          MakeUintegerChecker<uint8_t>(1))
            .AddAttribute("LearnVteps",
                          "Learn remote VTEPs from the data plane: a VXLAN packet of a VNI from "
                          "a source IP the controller has not listed adds that VTEP to the "
                          "host's VTEP list for the VNI (replication then reaches it), e.g. a "
                          "Linux or hardware VTEP outside NSX.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&Vtep::m_learnVteps),
                          MakeBooleanChecker())
            .AddAttribute("MacAgingTime",
                          "How long a MAC learned from received VXLAN packets (or answered by "
                          "the controller) stays in the host's MAC table.",
                          TimeValue(Seconds(300)),
                          MakeTimeAccessor(&Vtep::m_macAging),
                          MakeTimeChecker(Seconds(1)))
            .AddAttribute("ArpTimeout",
                          "Lifetime of an entry of the vxlan netstack's ARP table (ESXi: "
                          "1200 s).",
                          TimeValue(Seconds(1200)),
                          MakeTimeAccessor(&Vtep::m_arpTimeout),
                          MakeTimeChecker(Seconds(1)))
            .AddTraceSource("Encapsulate",
                            "A VXLAN packet was sent: inner frame, VNI, destination VTEP or "
                            "group.",
                            MakeTraceSourceAccessor(&Vtep::m_encapTrace),
                            "ns3::Vtep::VxlanTracedCallback")
            .AddTraceSource("Decapsulate",
                            "A VXLAN packet was received and its frame delivered: inner frame, "
                            "VNI, source VTEP.",
                            MakeTraceSourceAccessor(&Vtep::m_decapTrace),
                            "ns3::Vtep::VxlanTracedCallback")
            .AddTraceSource("Drop",
                            "A frame (or VXLAN packet) was dropped at the VTEP, with the reason.",
                            MakeTraceSourceAccessor(&Vtep::m_dropTrace),
                            "ns3::Vtep::DropTracedCallback")
            .AddTraceSource("ArpSuppressed",
                            "The host answered a VM's ARP request itself: VNI, IP, MAC.",
                            MakeTraceSourceAccessor(&Vtep::m_arpTrace),
                            "ns3::Vtep::ArpTracedCallback");
    return tid;
}

Vtep::Vtep()
    : m_udpPort(VxlanHeader::kIanaPort),
      m_ttl(64),
      m_macAging(Seconds(300)),
      m_arpTimeout(Seconds(1200))
{
}

Vtep::~Vtep() = default;

void
Vtep::DoDispose()
{
    m_vnis.clear();
    m_host = nullptr;
    m_dvs = nullptr;
    m_vswitch = nullptr;
    m_cluster = nullptr;
    m_netstack = nullptr;
    m_ipv4 = nullptr;
    m_routing = nullptr;
    m_udp = nullptr;
    m_device = nullptr;
    m_port = nullptr;
    m_pathMtu = PathMtuCallback();
    m_sourcePort = SourcePortCallback();
    Object::DoDispose();
}

void
Vtep::Install(Ptr<EsxiHost> host,
              Ptr<DistributedSwitch> dvs,
              const Config& config,
              Ptr<NsxControllerCluster> cluster)
{
    NS_LOG_FUNCTION(this << host->GetName() << config.ip);
    if (m_host)
    {
        VSWITCH_CONFIG_ERROR("VTEP " << config.vmknic << ": already installed on host "
                                     << m_host->GetName());
    }
    if (!dvs)
    {
        VSWITCH_CONFIG_ERROR("host " << host->GetName() << ": VTEP " << config.vmknic
                                     << " needs a distributed switch (VTEPs live on a vDS)");
    }
    if (config.vlan > 4094)
    {
        VSWITCH_CONFIG_ERROR("host " << host->GetName() << ": VTEP " << config.vmknic
                                     << ": transport VLAN " << config.vlan
                                     << " is out of range 0-4094");
    }
    if (!dvs->GetProxy(host))
    {
        VSWITCH_CONFIG_ERROR("host " << host->GetName() << ": VTEP " << config.vmknic
                                     << ": the host is not a member of distributed switch "
                                     << dvs->GetName() << " (add it with AddHost first)");
    }
    m_host = host;
    m_dvs = dvs;
    m_vswitch = dvs->GetProxy(host);
    m_cluster = cluster;
    m_config = config;
    m_segment = SegmentOf(config.ip, config.mask);

    // The vxlan netstack: IPv4 with ARP, ICMP, static routes and VXLAN's UDP, nothing else.
    // On its host's MPI rank (system id): in a distributed run it runs where its host does.
    m_netstack = CreateObject<Node>(host->GetNode()->GetSystemId());
    m_netstack->AggregateObject(CreateObject<ArpL3Protocol>());
    m_ipv4 = CreateObject<Ipv4L3Protocol>();
    m_netstack->AggregateObject(m_ipv4);
    m_netstack->AggregateObject(CreateObject<Icmpv4L4Protocol>());
    Ptr<TrafficControlLayer> tc = CreateObject<TrafficControlLayer>();
    m_netstack->AggregateObject(tc);
    m_netstack->GetObject<ArpL3Protocol>()->SetTrafficControl(tc);
    // A list routing over static routes: the list delivers multicast locally (the VNIs'
    // groups) before the static routes are asked; static routing alone would not.
    Ptr<Ipv4ListRouting> list = CreateObject<Ipv4ListRouting>();
    Ptr<Ipv4StaticRouting> routing = CreateObject<Ipv4StaticRouting>();
    list->AddRoutingProtocol(routing, 0);
    m_ipv4->SetRoutingProtocol(list);
    m_routing = routing;
    m_udp = CreateObject<VxlanL4Protocol>();
    m_netstack->AggregateObject(m_udp);
    m_udp->SetPort(m_udpPort);
    m_udp->SetReceiveCallback(MakeCallback(&Vtep::Receive, this));
    // The VTEP is aggregated to its netstack, so Simulator::Destroy (which disposes every
    // node) disposes it too: DoDispose drops its Ptr to the controller cluster, which holds
    // a Ptr to every registered VTEP; nothing else would ever break that cycle.
    m_netstack->AggregateObject(this);

    // Its vmknic, in the transport port group of the distributed switch.
    std::string pg = "vxw-vmknicPg-" + dvs->GetName() + "-" + std::to_string(config.vlan);
    bool have = false;
    for (const auto& g : dvs->GetPortGroups())
    {
        have = have || g->GetName() == pg;
    }
    if (!have)
    {
        dvs->AddPortGroup(pg, config.vlan);
    }
    m_device = host->AddVmknic(config.vmknic, pg, config.mac, m_netstack);
    m_port = host->FindPort(config.vmknic);
    m_config.mac = m_device->GetInitialAddress();
    UintegerValue mtu;
    dvs->GetAttribute("Mtu", mtu);
    m_device->SetMtu(uint16_t(mtu.Get()));

    uint32_t i = m_ipv4->AddInterface(m_device);
    m_ipv4->AddAddress(i, Ipv4InterfaceAddress(config.ip, config.mask));
    m_ipv4->SetMetric(i, 1);
    m_ipv4->SetUp(i);
    m_ipv4->GetInterface(i)->GetArpCache()->SetAliveTimeout(m_arpTimeout);
    if (config.gateway != Ipv4Address::GetAny() && config.gateway != Ipv4Address())
    {
        if (SegmentOf(config.gateway, config.mask) != m_segment)
        {
            VSWITCH_CONFIG_ERROR("host " << host->GetName() << ": VTEP " << config.vmknic
                                         << ": gateway " << config.gateway << " is not in "
                                         << m_segment << "/" << config.mask.GetPrefixLength());
        }
        routing->SetDefaultRoute(config.gateway, i);
    }
    // Outer packets ns-3's ARP drops (its queue of packets waiting for a resolution is full,
    // or the resolution failed) are counted here, not lost silently.
    m_netstack->GetObject<ArpL3Protocol>()->TraceConnectWithoutContext(
        "Drop",
        MakeCallback(&Vtep::ArpDropped, this));
    m_netstack->RegisterProtocolHandler(MakeCallback(&Vtep::NoteArp, this),
                                        kArpType,
                                        m_device,
                                        false);
    if (m_cluster)
    {
        m_cluster->Register(this);
    }
}

Ptr<PortGroup>
Vtep::AddLogicalSwitch(Ptr<LogicalSwitch> ls)
{
    ls->Check();
    if (m_vnis.count(ls->GetVni()))
    {
        VSWITCH_CONFIG_ERROR("host " << m_host->GetName() << ": VTEP " << m_config.vmknic
                                     << " already carries VNI " << ls->GetVni());
    }
    for (const auto& vs : m_host->GetVSwitches())
    {
        if (vs->HasPortGroup(ls->GetName()))
        {
            VSWITCH_CONFIG_ERROR("logical switch " << ls->GetName() << " (VNI " << ls->GetVni()
                                                   << "): host " << m_host->GetName()
                                                   << " already has a port group named "
                                                   << ls->GetName() << " on " << vs->GetName()
                                                   << "; give the logical switch another name");
        }
    }
    Vni& v = m_vnis[ls->GetVni()];
    v.ls = ls;
    v.group = m_vswitch->AddOverlayPortGroup(ls->GetName(), this, ls->GetVni());
    return v.group;
}

// ---- accessors ---------------------------------------------------------------------------

Ptr<EsxiHost>
Vtep::GetHost() const
{
    return m_host;
}

Ptr<VSwitch>
Vtep::GetVSwitch() const
{
    return m_vswitch;
}

Ptr<DistributedSwitch>
Vtep::GetDistributedSwitch() const
{
    return m_dvs;
}

Ptr<Node>
Vtep::GetNetstack() const
{
    return m_netstack;
}

Ptr<VnicNetDevice>
Vtep::GetDevice() const
{
    return m_device;
}

Ptr<VSwitchPort>
Vtep::GetPort() const
{
    return m_port;
}

std::string
Vtep::GetVmknicName() const
{
    return m_config.vmknic;
}

Ipv4Address
Vtep::GetIp() const
{
    return m_config.ip;
}

Ipv4Mask
Vtep::GetMask() const
{
    return m_config.mask;
}

Ipv4Address
Vtep::GetSegment() const
{
    return m_segment;
}

Ipv4Address
Vtep::GetGateway() const
{
    return m_config.gateway;
}

Mac48Address
Vtep::GetMac() const
{
    return m_config.mac;
}

uint16_t
Vtep::GetVlan() const
{
    return m_config.vlan;
}

VtepRecord
Vtep::GetRecord() const
{
    VtepRecord r;
    r.ip = m_config.ip;
    r.segment = m_segment;
    r.mac = m_config.mac;
    r.vtep = const_cast<Vtep*>(this);
    return r;
}

std::vector<uint32_t>
Vtep::GetVnis() const
{
    std::vector<uint32_t> out;
    for (const auto& [vni, v] : m_vnis)
    {
        out.push_back(vni);
    }
    return out;
}

const VtepTables*
Vtep::GetTables(uint32_t vni) const
{
    auto it = m_vnis.find(vni);
    return it == m_vnis.end() ? nullptr : &it->second.tables;
}

const Vtep::Counters&
Vtep::GetCounters() const
{
    return m_counters;
}

const FrameLedger&
Vtep::GetTxLedger() const
{
    return m_txLedger;
}

const FrameLedger&
Vtep::GetRxLedger() const
{
    return m_rxLedger;
}

void
Vtep::SetPathMtuFunction(PathMtuCallback cb)
{
    m_pathMtu = cb;
    m_pathMtus.clear();
}

void
Vtep::SetSourcePortFunction(SourcePortCallback cb)
{
    m_sourcePort = cb;
}

uint16_t
Vtep::LocalMtu() const
{
    if (m_localMtu == 0)
    {
        uint16_t mtu = m_device->GetMtu();
        for (const auto& name : m_vswitch->GetUplinkNames())
        {
            mtu = std::min(mtu, m_vswitch->GetUplinkDevice(name)->GetMtu());
        }
        m_localMtu = mtu;
    }
    return m_localMtu;
}

uint16_t
Vtep::GetTransportMtu(Ipv4Address dst) const
{
    uint16_t mtu = LocalMtu();
    if (dst.IsMulticast())
    {
        return mtu;
    }
    auto it = m_pathMtus.find(dst.Get());
    uint16_t path = 0;
    if (it != m_pathMtus.end())
    {
        path = it->second;
    }
    else
    {
        // The routed path's MTU, as path MTU discovery would have found it; computed once per
        // destination (routes are static in the simulation) once a complete path exists.
        path = m_pathMtu.IsNull() ? UnderlayRouting::PathMtu(m_netstack, dst) : m_pathMtu(dst);
        if (path != 0)
        {
            m_pathMtus[dst.Get()] = path;
        }
    }
    return path != 0 ? std::min(mtu, path) : mtu;
}

uint16_t
Vtep::SourcePort(Ptr<const Packet> inner) const
{
    if (!m_sourcePort.IsNull())
    {
        return m_sourcePort(inner);
    }
    std::array<uint8_t, 14 + 60 + 4> b{};
    uint32_t n = std::min<uint32_t>(inner->GetSize(), b.size());
    inner->CopyData(b.data(), n);
    uint32_t h = 2166136261u;
    auto mix = [&h, &b](uint32_t from, uint32_t count) {
        for (uint32_t i = from; i < from + count; ++i)
        {
            h = (h ^ b[i]) * 16777619u;
        }
    };
    mix(0, std::min<uint32_t>(n, 14)); // MACs and EtherType
    if (n >= 34 && b[12] == 0x08 && b[13] == 0x00 && (b[14] >> 4) == 4)
    {
        uint32_t ihl = (b[14] & 0x0f) * 4u;
        mix(23, 1); // protocol
        mix(26, 8); // addresses
        bool first = ((b[20] & 0x1f) | b[21]) == 0;
        if ((b[23] == 6 || b[23] == 17) && first && 14 + ihl + 4 <= n)
        {
            mix(14 + ihl, 4); // ports
        }
    }
    return uint16_t(49152 + (h ^ (h >> 16)) % 16384);
}

bool
Vtep::ControllerUp(uint32_t vni) const
{
    return m_cluster && m_cluster->GetOwner(vni) >= 0;
}

Vtep::Vni*
Vtep::VniOf(const PortGroup* group)
{
    auto it = m_vnis.find(group->GetOverlayId());
    return it == m_vnis.end() ? nullptr : &it->second;
}

void
Vtep::Drop(Ptr<const Packet> p, uint32_t vni, DropReason r)
{
    NS_LOG_LOGIC("VTEP " << m_config.ip << " VNI " << vni << ": drop " << r);
    m_counters.drops.Add(r);
    m_dropTrace(p, vni, r);
}

// ---- data path: sending ------------------------------------------------------------------

DropReason
Vtep::SendCopy(Vni& v, Ptr<const Packet> inner, Ipv4Address dst, bool replicate, bool proxied)
{
    uint32_t vni = v.ls->GetVni();
    if (inner->GetSize() + kEncap > GetTransportMtu(dst))
    {
        NS_LOG_LOGIC("VNI " << vni << ": " << inner->GetSize() << "-byte frame does not fit "
                            << GetTransportMtu(dst) << " to " << dst);
        return DropReason::Mtu;
    }
    Ptr<Packet> p = inner->Copy();
    VxlanHeader vh(vni);
    vh.SetReplicate(replicate);
    vh.SetProxied(proxied);
    p->AddHeader(vh);
    if (!m_udp->Send(p, m_config.ip, dst, SourcePort(inner), m_udpPort, m_ttl, m_device))
    {
        return DropReason::NoUplink; // no route in the vxlan netstack
    }
    ++m_counters.encapsulated;
    m_encapTrace(inner, vni, dst);
    return DropReason::Count;
}

DropReason
Vtep::Flood(Vni& v, Ptr<const Packet> inner)
{
    LogicalSwitch::Replication mode = v.ls->GetReplication();
    uint32_t attempted = 0;
    uint32_t tooBig = 0;
    uint32_t sent = 0;
    DropReason failed = DropReason::Count;
    auto send = [&](Ipv4Address dst, bool replicate) {
        ++attempted;
        DropReason r = SendCopy(v, inner, dst, replicate, false);
        if (r == DropReason::Mtu)
        {
            ++tooBig;
        }
        if (r == DropReason::Count)
        {
            ++sent;
        }
        else
        {
            failed = r;
        }
    };
    if (mode == LogicalSwitch::Multicast)
    {
        send(v.ls->GetMulticastGroup(), false);
    }
    else
    {
        bool localGroupSent = false;
        for (const auto& e : v.tables.GetVteps())
        {
            if (e.record.segment == m_segment)
            {
                if (mode == LogicalSwitch::Unicast)
                {
                    send(e.record.ip, false);
                }
                else if (!localGroupSent)
                {
                    send(v.ls->GetMulticastGroup(), false); // hybrid: L2 multicast locally
                    localGroupSent = true;
                }
            }
            else if (e.mtep)
            {
                send(e.record.ip, true); // the segment's UTEP/MTEP replicates there
            }
        }
    }
    if (attempted == 0)
    {
        return DropReason::NoEgress; // no other VTEP carries the VNI yet
    }
    if (tooBig == attempted)
    {
        return DropReason::Mtu;
    }
    if (sent == 0)
    {
        return failed; // no copy could be sent (no route in the vxlan netstack)
    }
    if (tooBig > 0)
    {
        Drop(inner, v.ls->GetVni(), DropReason::Mtu); // some copies only
    }
    return DropReason::Count;
}

DropReason
Vtep::Transmit(VSwitchPort* port, PortGroup* group, Ptr<Packet> frame, const EthernetVlanHeader& h)
{
    ++m_txLedger.in;
    DropReason r = Encapsulate(group, frame, h);
    if (r == DropReason::Count)
    {
        ++m_txLedger.forwarded;
    }
    else
    {
        m_txLedger.dropped.Add(r);
    }
    return r;
}

DropReason
Vtep::Encapsulate(PortGroup* group, Ptr<Packet> frame, const EthernetVlanHeader& h)
{
    Vni* v = VniOf(group);
    if (!v)
    {
        return DropReason::Vni;
    }
    if (!h.IsGroupDestination())
    {
        Mac48Address dst = EthernetVlanHeader::KeyToMac(h.GetDestinationKey());
        if (const VtepTables::MacEntry* e = v->tables.LookupMac(dst, Simulator::Now()))
        {
            Ipv4Address ip = e->outerIp;
            DropReason r = SendCopy(*v, frame, ip, false, false);
            if (r != DropReason::Count)
            {
                m_dropTrace(frame, v->ls->GetVni(), r); // counted at the VM's port
            }
            return r;
        }
        QueryMac(*v, dst); // unknown unicast: ask, and flood this one
    }
    DropReason r = Flood(*v, frame);
    if (r != DropReason::Count)
    {
        m_dropTrace(frame, v->ls->GetVni(), r); // counted at the VM's port
    }
    return r;
}

void
Vtep::QueryMac(Vni& v, Mac48Address mac)
{
    if (!ControllerUp(v.ls->GetVni()) ||
        !v.macQueries.insert(EthernetVlanHeader::MacToKey(mac)).second)
    {
        return;
    }
    m_cluster->QueryMac(this, v.ls->GetVni(), mac);
}

// ---- data path: receiving ----------------------------------------------------------------

void
Vtep::Receive(Ptr<Packet> payload, Ipv4Address src, Ipv4Address dst, uint16_t)
{
    ++m_rxLedger.in;
    if (payload->GetSize() < VxlanHeader::kSize + 14)
    {
        m_rxLedger.dropped.Add(DropReason::Corrupt);
        Drop(payload, 0, DropReason::Corrupt);
        return;
    }
    VxlanHeader vh;
    payload->RemoveHeader(vh);
    uint32_t vni = vh.GetVni();
    auto it = m_vnis.find(vni);
    if (!vh.IsValid() || it == m_vnis.end() || it->second.ports.empty())
    {
        m_rxLedger.dropped.Add(DropReason::Vni);
        Drop(payload, vni, DropReason::Vni);
        return;
    }
    Vni& v = it->second;
    EthernetVlanHeader inner;
    payload->PeekHeader(inner);
    if (!vh.GetProxied() && !(inner.GetSourceKey() & kGroupBit))
    {
        // Data-plane learning; a copy a segment's proxy forwarded comes from the proxy, not
        // from the VTEP behind the MAC, so it teaches nothing.
        v.tables.SetMac(EthernetVlanHeader::KeyToMac(inner.GetSourceKey()),
                        src,
                        Simulator::Now() + m_macAging,
                        false);
    }
    if (m_learnVteps && !vh.GetProxied() && !v.tables.FindVtep(src))
    {
        LearnVtep(v, src);
    }
    if (vh.GetReplicate())
    {
        ReplicateInSegment(v, payload, src);
    }
    ++m_counters.decapsulated;
    ++m_rxLedger.forwarded;
    m_decapTrace(payload, vni, src);
    m_vswitch->ReceiveFromOverlay(PeekPointer(m_port), PeekPointer(v.group), payload);
}

void
Vtep::LearnVtep(Vni& v, Ipv4Address ip)
{
    NS_LOG_FUNCTION(this << v.ls->GetVni() << ip);
    std::vector<VtepTables::VtepEntry> entries = v.tables.GetVteps();
    VtepTables::VtepEntry e;
    e.record.ip = ip;
    e.record.segment = SegmentOf(ip, m_config.mask);
    // Alone in a remote segment, it is the one to send that segment's copies to.
    e.mtep = e.record.segment != m_segment;
    entries.push_back(e);
    v.tables.SetVteps(entries);
}

void
Vtep::ReplicateInSegment(Vni& v, Ptr<const Packet> inner, Ipv4Address from)
{
    if (v.ls->GetReplication() == LogicalSwitch::Hybrid)
    {
        for (const auto& e : v.tables.GetVteps())
        {
            if (e.record.segment == m_segment)
            {
                if (SendCopy(v, inner, v.ls->GetMulticastGroup(), false, true) == DropReason::Count)
                {
                    ++m_counters.replicated;
                }
                return; // one L2 multicast reaches them all
            }
        }
        return;
    }
    for (const auto& e : v.tables.GetVteps())
    {
        if (e.record.segment == m_segment && e.record.ip != from)
        {
            DropReason r = SendCopy(v, inner, e.record.ip, false, true);
            if (r == DropReason::Count)
            {
                ++m_counters.replicated;
            }
            else
            {
                Drop(inner, v.ls->GetVni(), r);
            }
        }
    }
}

// ---- from local ports --------------------------------------------------------------------

VSwitchOverlay::Verdict
Vtep::FromPort(VSwitchPort* port,
               PortGroup* group,
               Ptr<const Packet> frame,
               const EthernetVlanHeader& h)
{
    Vni* v = VniOf(group);
    if (!v || !m_cluster)
    {
        return Verdict::Forward;
    }
    uint32_t vni = v->ls->GetVni();
    uint64_t src = h.GetSourceKey();
    if (!(src & kGroupBit) && v->reportedMacs.insert(src).second)
    {
        m_cluster->ReportMac(vni, EthernetVlanHeader::KeyToMac(src), m_config.ip);
    }
    if (!v->ls->IsArpSuppression())
    {
        return Verdict::Forward;
    }
    NsxSnoop s = NsxSnoop::Read(frame, h.GetEtherType());
    if (s.kind == NsxSnoop::Kind::None)
    {
        return Verdict::Forward;
    }
    if (s.ip != Ipv4Address::GetAny())
    {
        auto r = v->reportedArps.find(s.ip.Get());
        if (r == v->reportedArps.end() || r->second != s.mac)
        {
            v->reportedArps[s.ip.Get()] = s.mac;
            m_cluster->ReportArp(vni, s.ip, s.mac);
        }
    }
    if (s.kind != NsxSnoop::Kind::ArpRequest)
    {
        return Verdict::Forward;
    }
    HeldArp held{port, frame->Copy(), s.mac, s.ip};
    if (const Mac48Address* mac = v->tables.LookupArp(s.target))
    {
        Reply(held, *mac, s.target);
        return Verdict::Consumed;
    }
    if (!ControllerUp(vni))
    {
        return Verdict::Forward; // nobody to ask: flood it
    }
    std::vector<HeldArp>& q = v->heldArp[s.target.Get()];
    q.push_back(held);
    if (q.size() == 1)
    {
        m_cluster->QueryArp(this, vni, s.target);
    }
    return Verdict::Consumed;
}

void
Vtep::Reply(const HeldArp& held, Mac48Address ownerMac, Ipv4Address ownerIp)
{
    ++m_counters.arpSuppressed;
    uint32_t vni = held.port->GetPortGroup()->GetOverlayId();
    m_arpTrace(vni, ownerIp, ownerMac);
    m_vswitch->DeliverToPort(PeekPointer(held.port),
                             NsxSnoop::MakeArpReply(held.mac, held.ip, ownerMac, ownerIp));
}

void
Vtep::PortJoined(VSwitchPort* port, PortGroup* group)
{
    Vni* v = VniOf(group);
    if (!v)
    {
        return;
    }
    v->ports.push_back(port);
    if (!v->joined && m_cluster)
    {
        v->joined = true;
        m_cluster->ReportJoin(this, v->ls->GetVni(), GetRecord());
    }
}

void
Vtep::PortLeft(VSwitchPort* port, PortGroup* group)
{
    Vni* v = VniOf(group);
    if (!v)
    {
        return;
    }
    v->ports.erase(std::remove(v->ports.begin(), v->ports.end(), port), v->ports.end());
    v->reportedMacs.erase(EthernetVlanHeader::MacToKey(port->GetEffectiveMac()));
    if (v->ports.empty() && v->joined && m_cluster)
    {
        v->joined = false;
        m_cluster->ReportLeave(this, v->ls->GetVni());
    }
}

// ---- from the controllers ----------------------------------------------------------------

void
Vtep::UpdateVteps(uint32_t vni, std::vector<VtepRecord> vteps)
{
    auto it = m_vnis.find(vni);
    if (it == m_vnis.end())
    {
        return;
    }
    std::vector<VtepTables::VtepEntry> entries;
    std::map<uint32_t, std::vector<VtepRecord>> remote; // segment -> its VTEPs
    for (const auto& r : vteps)
    {
        if (r.ip == m_config.ip)
        {
            continue; // the host's own VTEP is not in its list
        }
        entries.push_back({r, false});
        if (r.segment != m_segment)
        {
            remote[r.segment.Get()].push_back(r);
        }
    }
    for (const auto& [segment, members] : remote)
    {
        Ipv4Address proxy = m_cluster->ChooseProxy(vni, members);
        for (auto& e : entries)
        {
            e.mtep = e.mtep || e.record.ip == proxy;
        }
    }
    // VTEPs learned from the data plane (no VTEP object: outside the simulated NSX) stay.
    for (const auto& old : it->second.tables.GetVteps())
    {
        bool listed = false;
        for (const auto& e : entries)
        {
            listed = listed || e.record.ip == old.record.ip;
        }
        if (!old.record.vtep && !listed)
        {
            entries.push_back(old);
        }
    }
    it->second.tables.SetVteps(entries);
}

void
Vtep::AnswerMac(uint32_t vni, Mac48Address mac, bool found, Ipv4Address ip)
{
    auto it = m_vnis.find(vni);
    if (it == m_vnis.end())
    {
        return;
    }
    it->second.macQueries.erase(EthernetVlanHeader::MacToKey(mac));
    if (found)
    {
        it->second.tables.SetMac(mac, ip, Simulator::Now() + m_macAging, true);
    }
}

void
Vtep::AnswerArp(uint32_t vni, Ipv4Address ip, bool found, Mac48Address mac)
{
    auto it = m_vnis.find(vni);
    if (it == m_vnis.end())
    {
        return;
    }
    Vni& v = it->second;
    std::vector<HeldArp> held;
    auto h = v.heldArp.find(ip.Get());
    if (h != v.heldArp.end())
    {
        held.swap(h->second);
        v.heldArp.erase(h);
    }
    if (found)
    {
        v.tables.SetArp(ip, mac);
        if (!v.tables.LookupMac(mac, Simulator::Now()))
        {
            QueryMac(v, mac); // STEP5: the host fetches the MAC entry too
        }
        for (const auto& q : held)
        {
            Reply(q, mac, ip);
        }
        return;
    }
    for (const auto& q : held)
    {
        ++m_counters.arpFlooded;
        m_vswitch->ResumeFromPort(PeekPointer(q.port), q.frame);
    }
}

void
Vtep::ReportAgain(uint32_t vni)
{
    auto it = m_vnis.find(vni);
    if (it == m_vnis.end() || !m_cluster)
    {
        return;
    }
    Vni& v = it->second;
    if (!v.ports.empty())
    {
        v.joined = true;
        m_cluster->ReportJoin(this, vni, GetRecord());
    }
    for (uint64_t mac : v.reportedMacs)
    {
        m_cluster->ReportMac(vni, EthernetVlanHeader::KeyToMac(mac), m_config.ip);
    }
    for (const auto& [ip, mac] : v.reportedArps)
    {
        m_cluster->ReportArp(vni, Ipv4Address(ip), mac);
    }
}

void
Vtep::ArpDropped(Ptr<const Packet> p)
{
    Drop(p, 0, DropReason::QueueFull);
}

void
Vtep::NoteArp(Ptr<NetDevice>,
              Ptr<const Packet> p,
              uint16_t,
              const Address&,
              const Address&,
              NetDevice::PacketType)
{
    // The ARP frame reaches this handler without its Ethernet header.
    uint8_t b[28];
    if (p->GetSize() < sizeof(b))
    {
        return;
    }
    p->CopyData(b, sizeof(b));
    uint32_t spa =
        (uint32_t(b[14]) << 24) | (uint32_t(b[15]) << 16) | (uint32_t(b[16]) << 8) | b[17];
    m_arpSeen[spa] = Simulator::Now();
}

} // namespace ns3

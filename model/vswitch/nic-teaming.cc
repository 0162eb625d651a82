/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nic-teaming.h"

#include "port-group.h"
#include "vswitch-port.h"
#include "vswitch.h"

#include "ns3/ethernet-net-device.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/switched-frame.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NicTeaming");

#undef NS_LOG_APPEND_CONTEXT
#define NS_LOG_APPEND_CONTEXT std::clog << "[" << m_vs.m_hostName << " " << m_vs.m_name << "] ";

namespace
{
constexpr uint16_t kGuestTagging = 4095;

/// The default source MAC hash: XOR-fold the six bytes of the MAC to one.
inline uint32_t
DefaultMacHash(uint64_t mac)
{
    return static_cast<uint32_t>(
        (mac ^ (mac >> 8) ^ (mac >> 16) ^ (mac >> 24) ^ (mac >> 32) ^ (mac >> 40)) & 0xff);
}

inline uint32_t
ReadBe32(const uint8_t* p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}
} // namespace

NicTeaming::NicTeaming(VSwitch& owner)
    : m_vs(owner)
{
}

void
NicTeaming::Dispose()
{
    m_beaconEvent.Cancel();
    m_loadEvent.Cancel();
    m_uplinks.clear();
    m_ofIfIndex.clear();
    m_macHash = MacHashCallback();
    m_ipHash = IpHashCallback();
}

// ------------------------------------------------------------------------------------------
// The uplink set

uint32_t
NicTeaming::Add(Ptr<L2NetDevice> device, const std::string& name, uint32_t portId)
{
    Uplink up;
    up.device = device;
    up.name = name;
    up.portId = portId;
    up.mac = EthernetVlanHeader::MacToKey(Mac48Address::ConvertFrom(device->GetAddress()));
    up.linkUp = device->IsLinkUp();
    uint32_t index = m_uplinks.size();
    m_uplinks.push_back(up);
    for (auto& u : m_uplinks)
    {
        u.heardFrom.resize(m_uplinks.size(), Simulator::Now());
    }
    uint32_t ifIndex = device->GetIfIndex();
    if (m_ofIfIndex.size() <= ifIndex)
    {
        m_ofIfIndex.resize(ifIndex + 1, kNone);
    }
    m_ofIfIndex[ifIndex] = index;
    return index;
}

uint32_t
NicTeaming::Find(const std::string& name) const
{
    for (uint32_t i = 0; i < m_uplinks.size(); ++i)
    {
        if (m_uplinks[i].name == name)
        {
            return i;
        }
    }
    return kNone;
}

std::string
NicTeaming::Names() const
{
    std::string known;
    for (const auto& u : m_uplinks)
    {
        known += (known.empty() ? "" : ", ") + u.name;
    }
    return known.empty() ? "none" : known;
}

// ------------------------------------------------------------------------------------------
// Hash functions

void
NicTeaming::SetMacHash(MacHashCallback hash)
{
    m_macHash = hash;
}

void
NicTeaming::SetIpHash(IpHashCallback hash)
{
    m_ipHash = hash;
}

uint32_t
NicTeaming::IpHash(Ipv4Address src, Ipv4Address dst) const
{
    return m_ipHash.IsNull() ? src.Get() ^ dst.Get() : m_ipHash(src, dst);
}

uint32_t
NicTeaming::MacKeyHash(uint64_t mac) const
{
    return m_macHash.IsNull() ? DefaultMacHash(mac) : m_macHash(EthernetVlanHeader::KeyToMac(mac));
}

uint32_t
NicTeaming::FrameIpHash(Ptr<const Packet> frame, const EthernetVlanHeader& h) const
{
    // The bytes at the IPv4 source and destination offsets, whatever the frame carries.
    uint32_t hs = h.GetSerializedSize();
    uint8_t buf[EthernetVlanHeader::kTaggedSize + 20] = {};
    uint32_t n = std::min<uint32_t>(frame->GetSize(), hs + 20);
    frame->CopyData(buf, n);
    uint32_t src = ReadBe32(buf + hs + 12);
    uint32_t dst = ReadBe32(buf + hs + 16);
    return m_ipHash.IsNull() ? src ^ dst : m_ipHash(Ipv4Address(src), Ipv4Address(dst));
}

// ------------------------------------------------------------------------------------------
// Teaming decisions

void
NicTeaming::Resolve(PortGroup* group, const TeamingPolicy& t) const
{
    PortGroup::Resolved& r = group->m_resolved;
    r.loadBalancing = *t.loadBalancing;
    r.failureDetection = *t.failureDetection;
    r.notifySwitches = *t.notifySwitches;
    r.failback = *t.failback;
    r.active.clear();
    r.standby.clear();
    for (const auto& name : *t.active)
    {
        r.active.push_back(Find(name));
    }
    for (const auto& name : *t.standby)
    {
        r.standby.push_back(Find(name));
    }
    r.usable.clear();
    for (uint32_t u : r.active)
    {
        if (UsableFor(u, group))
        {
            r.usable.push_back(u);
        }
    }
    if (r.usable.empty())
    {
        for (uint32_t u : r.standby)
        {
            if (UsableFor(u, group))
            {
                r.usable.push_back(u);
                if (r.loadBalancing != LoadBalancing::IpHash &&
                    r.loadBalancing != LoadBalancing::SourceMac)
                {
                    break;
                }
            }
        }
    }
}

bool
NicTeaming::UsableFor(uint32_t uplink, const PortGroup* group) const
{
    // A beacon probing failure counts only for the port groups that probe; the others see
    // link state alone.
    const Uplink& up = m_uplinks[uplink];
    return up.device->IsLinkUp() && (!up.beaconFailed || group->m_resolved.failureDetection !=
                                                             FailureDetection::BeaconProbing);
}

uint32_t
NicTeaming::Choose(const VSwitchPort* port) const
{
    const PortGroup::Resolved& r = port->m_group->m_resolved;
    uint32_t old = port->m_uplink;
    uint32_t chosen = kNone;
    uint32_t index = port->m_portId & 0xffffff;
    const PortGroup* group = PeekPointer(port->m_group);
    auto usable = [this, group](uint32_t u) { return u != kNone && UsableFor(u, group); };
    auto inOrder = [&r](uint32_t u) {
        return std::find(r.active.begin(), r.active.end(), u) != r.active.end() ||
               std::find(r.standby.begin(), r.standby.end(), u) != r.standby.end();
    };
    switch (r.loadBalancing)
    {
    case LoadBalancing::IpHash:
        chosen = kNone;
        break;
    case LoadBalancing::SourceMac:
    case LoadBalancing::ExplicitFailover:
    case LoadBalancing::OriginatingPort:
    case LoadBalancing::PhysicalNicLoad: {
        // The port's home uplink: the first active one (explicit failover), the one its port
        // index (originating port) or its MAC's hash (source MAC) points to. A failure moves
        // only the ports whose uplink failed; failback = no keeps them where they went.
        uint32_t slot = r.loadBalancing == LoadBalancing::ExplicitFailover ? 0
                        : r.loadBalancing == LoadBalancing::SourceMac
                            ? MacKeyHash(port->m_effectiveMac)
                            : index;
        uint32_t home = r.active.empty() ? kNone : r.active[slot % r.active.size()];
        if (r.loadBalancing == LoadBalancing::PhysicalNicLoad && usable(port->m_loadOverride) &&
            inOrder(port->m_loadOverride))
        {
            chosen = port->m_loadOverride;
        }
        else if (usable(home) && (r.failback || !usable(old) || old == home))
        {
            chosen = home;
        }
        else if (!r.failback && usable(old) && inOrder(old))
        {
            chosen = old;
        }
        else if (!r.usable.empty())
        {
            chosen = r.usable[slot % r.usable.size()];
        }
        break;
    }
    }
    return chosen;
}

uint32_t
NicTeaming::SelectHashed(const VSwitchPort* src, const SwitchedFrame& frame) const
{
    const PortGroup::Resolved& r = src->m_group->m_resolved;
    switch (r.loadBalancing)
    {
    case LoadBalancing::SourceMac: {
        // The port's own MAC goes where the port is pinned; a MAC learned on the port (a
        // nested host's VM) where its own hash points.
        uint64_t mac = frame.Header().GetSourceKey();
        return mac == src->m_effectiveMac ? src->m_uplink
                                          : HashUplink(PeekPointer(src->m_group), mac);
    }
    case LoadBalancing::IpHash:
        return r.usable.empty()
                   ? kNone
                   : r.usable[FrameIpHash(frame.Original(), frame.Header()) % r.usable.size()];
    default:
        return src->m_uplink;
    }
}

uint32_t
NicTeaming::HashUplink(const PortGroup* group, uint64_t mac) const
{
    const PortGroup::Resolved& r = group->m_resolved;
    uint32_t h = MacKeyHash(mac);
    if (!r.active.empty() && UsableFor(r.active[h % r.active.size()], group))
    {
        return r.active[h % r.active.size()];
    }
    return r.usable.empty() ? kNone : r.usable[h % r.usable.size()];
}

uint32_t
NicTeaming::ExpectedHashed(const VSwitchPort* dst, const EthernetVlanHeader& h) const
{
    // A frame addressed to dst under source MAC hash: for a MAC learned on it (a nested
    // host's VM) the uplink that MAC's own frames leave by, else the port's own uplink.
    uint64_t mac = h.GetDestinationKey();
    if (!h.IsGroupDestination() && mac != dst->m_effectiveMac)
    {
        return HashUplink(PeekPointer(dst->m_group), mac);
    }
    return dst->m_uplink;
}

std::string
NicTeaming::Describe(const VSwitchPort* port) const
{
    const PortGroup::Resolved& r = port->m_group->m_resolved;
    if (r.loadBalancing == LoadBalancing::IpHash)
    {
        return "all(" + std::to_string(r.usable.size()) + ")";
    }
    return port->m_uplink == kNone ? "" : m_uplinks[port->m_uplink].name;
}

// ------------------------------------------------------------------------------------------
// Failure detection and load

void
NicTeaming::UpdateUsable()
{
    for (auto& u : m_uplinks)
    {
        u.usable = u.device->IsLinkUp() && !u.beaconFailed;
    }
}

void
NicTeaming::LinkChanged()
{
    Time now = Simulator::Now();
    for (uint32_t u = 0; u < m_uplinks.size(); ++u)
    {
        Uplink& up = m_uplinks[u];
        bool linkUp = up.device->IsLinkUp();
        if (linkUp && !up.linkUp)
        {
            // A link that comes back starts beacon probing afresh: the beacons it missed
            // while down do not count against it, nor against the others (no flapping).
            up.beaconFailed = false;
            std::fill(up.heardFrom.begin(), up.heardFrom.end(), now);
            for (auto& other : m_uplinks)
            {
                other.heardFrom[u] = now;
            }
        }
        up.linkUp = linkUp;
    }
}

void
NicTeaming::ScheduleTimers()
{
    bool beacon = false;
    bool load = false;
    for (const auto& g : m_vs.m_groups)
    {
        beacon = beacon || g->m_resolved.failureDetection == FailureDetection::BeaconProbing;
        load = load || g->m_resolved.loadBalancing == LoadBalancing::PhysicalNicLoad;
    }
    if (beacon && !m_beaconEvent.IsRunning())
    {
        for (auto& u : m_uplinks)
        {
            std::fill(u.heardFrom.begin(), u.heardFrom.end(), Simulator::Now());
        }
        m_beaconEvent = Simulator::Schedule(Seconds(0), &NicTeaming::BeaconTick, this);
    }
    if (load && !m_loadEvent.IsRunning())
    {
        m_loadEvent = Simulator::Schedule(m_vs.m_loadInterval, &NicTeaming::LoadTick, this);
    }
}

void
NicTeaming::BeaconTick()
{
    std::vector<uint16_t> vlans;
    for (const auto& g : m_vs.m_groups)
    {
        if (g->m_resolved.failureDetection != FailureDetection::BeaconProbing || g->m_overlay)
        {
            continue; // an overlay group has no VLAN on the wire to probe
        }
        uint16_t v = g->m_vlan == kGuestTagging ? 0 : g->m_vlan;
        if (std::find(vlans.begin(), vlans.end(), v) == vlans.end())
        {
            vlans.push_back(v);
        }
    }
    if (vlans.empty())
    {
        // Nobody probes any more: what probing found no longer counts.
        bool changed = false;
        for (auto& u : m_uplinks)
        {
            changed = changed || u.beaconFailed;
            u.beaconFailed = false;
        }
        if (changed)
        {
            NS_LOG_INFO("beacon probing off: every uplink's beacon failure cleared");
            m_vs.RecomputeTeaming();
        }
        return;
    }
    for (uint32_t i = 0; i < m_uplinks.size(); ++i)
    {
        Uplink& up = m_uplinks[i];
        if (!up.device->IsLinkUp())
        {
            continue;
        }
        for (uint16_t vlan : vlans)
        {
            Ptr<Packet> p = Create<Packet>(EthernetVlanHeader::kMinFrameSize -
                                           EthernetVlanHeader::kUntaggedSize);
            EthernetVlanHeader h(EthernetVlanHeader::KeyToMac(up.mac),
                                 Mac48Address::GetBroadcast(),
                                 kBeaconEtherType);
            if (vlan != 0)
            {
                h.SetVlanTag(vlan);
            }
            p->AddHeader(h);
            m_vs.SendOnUplink(up, p, h, vlan);
        }
    }
    // Which uplinks are cut off? One whose beacons no other uplink hears, or that hears no
    // other's: the switch no longer carries its frames in one direction or both.
    Time now = Simulator::Now();
    Time window = m_vs.m_beaconInterval * m_vs.m_beaconMisses;
    uint32_t linked = 0;
    for (const auto& u : m_uplinks)
    {
        linked += u.device->IsLinkUp() ? 1 : 0;
    }
    std::vector<bool> cut(m_uplinks.size(), false);
    uint32_t nCut = 0;
    for (uint32_t u = 0; u < m_uplinks.size(); ++u)
    {
        if (!m_uplinks[u].device->IsLinkUp() || linked < 2)
        {
            continue;
        }
        bool heard = false;
        bool hears = false;
        for (uint32_t v = 0; v < m_uplinks.size(); ++v)
        {
            if (v == u || !m_uplinks[v].device->IsLinkUp())
            {
                continue;
            }
            heard = heard || now - m_uplinks[v].heardFrom[u] <= window;
            hears = hears || now - m_uplinks[u].heardFrom[v] <= window;
        }
        cut[u] = !heard || !hears;
        nCut += cut[u] ? 1 : 0;
    }
    if (nCut > 0 && nCut == linked)
    {
        // Every uplink looks cut: with two uplinks a lost beacon path cannot be blamed on
        // either one, and with more the switch carries no beacon at all. Blame none.
        NS_LOG_WARN("beacon probing: beacons lost on every uplink, cannot tell which is cut");
        std::fill(cut.begin(), cut.end(), false);
    }
    bool changed = false;
    for (uint32_t u = 0; u < m_uplinks.size(); ++u)
    {
        if (m_uplinks[u].beaconFailed != cut[u])
        {
            NS_LOG_INFO("beacon probing: uplink " << m_uplinks[u].name
                                                  << (cut[u] ? " failed" : " recovered"));
            m_uplinks[u].beaconFailed = cut[u];
            changed = true;
        }
    }
    if (changed)
    {
        m_vs.RecomputeTeaming();
    }
    m_beaconEvent = Simulator::Schedule(m_vs.m_beaconInterval, &NicTeaming::BeaconTick, this);
}

void
NicTeaming::HandleBeacon(uint32_t uplink, const EthernetVlanHeader& h)
{
    uint64_t src = h.GetSourceKey();
    for (uint32_t u = 0; u < m_uplinks.size(); ++u)
    {
        if (m_uplinks[u].mac == src && u != uplink)
        {
            m_uplinks[uplink].heardFrom[u] = Simulator::Now();
            return;
        }
    }
}

void
NicTeaming::LoadTick()
{
    bool any = false;
    for (const auto& g : m_vs.m_groups)
    {
        any = any || g->m_resolved.loadBalancing == LoadBalancing::PhysicalNicLoad;
    }
    if (!any)
    {
        return;
    }
    double seconds = m_vs.m_loadInterval.GetSeconds();
    std::vector<double> load(m_uplinks.size(), 0.0);
    for (uint32_t u = 0; u < m_uplinks.size(); ++u)
    {
        Ptr<EthernetNetDevice> eth = DynamicCast<EthernetNetDevice>(m_uplinks[u].device);
        double rate = eth ? eth->GetDataRate().GetBitRate() : 10e9;
        uint64_t bytes = std::max(m_uplinks[u].loadTxBytes, m_uplinks[u].loadRxBytes);
        load[u] = bytes * 8.0 / seconds / rate;
        NS_LOG_DEBUG("physical NIC load: " << m_uplinks[u].name << " at " << load[u] * 100 << "%");
    }
    for (uint32_t u = 0; u < m_uplinks.size(); ++u)
    {
        if (load[u] <= m_vs.m_loadThreshold)
        {
            continue;
        }
        // Move the busiest port off this uplink to the least loaded usable active one.
        VSwitchPort* busiest = nullptr;
        for (auto& [id, p] : m_vs.m_ports)
        {
            if (p->m_uplink == u &&
                p->m_group->m_resolved.loadBalancing == LoadBalancing::PhysicalNicLoad &&
                (!busiest || p->m_loadBytes > busiest->m_loadBytes))
            {
                busiest = PeekPointer(p);
            }
        }
        if (!busiest)
        {
            continue;
        }
        uint32_t target = kNone;
        for (uint32_t c : busiest->m_group->m_resolved.usable)
        {
            if (c != u && (target == kNone || load[c] < load[target]))
            {
                target = c;
            }
        }
        if (target != kNone && load[target] < m_vs.m_loadThreshold)
        {
            NS_LOG_INFO("physical NIC load: " << m_uplinks[u].name << " at " << load[u] * 100
                                              << "%, moving port " << busiest->m_portId << " to "
                                              << m_uplinks[target].name);
            busiest->m_loadOverride = target;
            m_vs.RepinPort(busiest, true);
        }
    }
    for (auto& u : m_uplinks)
    {
        u.loadTxBytes = 0;
        u.loadRxBytes = 0;
    }
    for (auto& [id, p] : m_vs.m_ports)
    {
        p->m_loadBytes = 0;
    }
    m_loadEvent = Simulator::Schedule(m_vs.m_loadInterval, &NicTeaming::LoadTick, this);
}

} // namespace ns3

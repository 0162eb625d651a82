/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The host's NSX views of a Vtep (esxcli), as seed 2 prints them.
 */
#include "nsx-controller-cluster.h"
#include "vtep.h"

#include "ns3/arp-cache.h"
#include "ns3/esxi-host.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-routing-table-entry.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/vnic-net-device.h"

#include <iomanip>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("VtepViews");

namespace
{
/// Print a dashed rule under a header of columns of the given widths.
void
Rule(std::ostream& os, std::initializer_list<int> widths)
{
    bool first = true;
    for (int w : widths)
    {
        os << (first ? "" : "  ") << std::string(w, '-');
        first = false;
    }
    os << "\n";
}

std::string
Pad(const std::string& s, int w)
{
    return s.size() >= std::size_t(w) ? s + "  " : s + std::string(w + 2 - s.size(), ' ');
}
} // namespace

Mac48Address
Vtep::OuterMacFor(uint32_t vni, Ipv4Address outerIp) const
{
    const VtepTables* t = GetTables(vni);
    if (SegmentOf(outerIp, m_config.mask) == m_segment)
    {
        if (t)
        {
            if (const VtepRecord* r = t->FindVtep(outerIp))
            {
                return r->mac;
            }
        }
        Ptr<ArpCache> arp = m_ipv4->GetInterface(1)->GetArpCache();
        ArpCache::Entry* e = arp->Lookup(outerIp);
        return e && e->IsAlive() ? Mac48Address::ConvertFrom(e->GetMacAddress()) : Mac48Address();
    }
    Ptr<ArpCache> arp = m_ipv4->GetInterface(1)->GetArpCache();
    ArpCache::Entry* e = arp->Lookup(m_config.gateway);
    return e && (e->IsAlive() || e->IsPermanent()) ? Mac48Address::ConvertFrom(e->GetMacAddress())
                                                     : Mac48Address();
}

void
Vtep::PrintVtepList(std::ostream& os, uint32_t vni) const
{
    os << Pad("IP", 15) << Pad("Segment ID", 15) << "Is MTEP\n";
    Rule(os, {15, 15, 7});
    if (const VtepTables* t = GetTables(vni))
    {
        for (const auto& e : t->GetVteps())
        {
            os << Pad(NsxIpText(e.record.ip), 15) << Pad(NsxIpText(e.record.segment), 15)
               << (e.mtep ? "true" : "false") << "\n";
        }
    }
}

void
Vtep::PrintMacList(std::ostream& os, uint32_t vni) const
{
    os << Pad("Inner MAC", 17) << Pad("Outer MAC", 17) << "Outer IP\n";
    Rule(os, {17, 17, 15});
    if (const VtepTables* t = GetTables(vni))
    {
        for (const auto& e : t->GetMacs(Simulator::Now()))
        {
            os << Pad(NsxMacText(e.inner), 17) << Pad(NsxMacText(OuterMacFor(vni, e.outerIp)), 17)
               << NsxIpText(e.outerIp) << "\n";
        }
    }
}

void
Vtep::PrintArpList(std::ostream& os, uint32_t vni) const
{
    os << Pad("IP", 15) << "MAC\n";
    Rule(os, {15, 17});
    if (const VtepTables* t = GetTables(vni))
    {
        for (const auto& [ip, mac] : t->GetArps())
        {
            os << Pad(NsxIpText(ip), 15) << NsxMacText(mac) << "\n";
        }
    }
}

void
Vtep::PrintRoutes(std::ostream& os) const
{
    os << Pad("Network", 13) << Pad("Netmask", 13) << Pad("Gateway", 13) << Pad("Interface", 9)
       << "Source\n";
    Rule(os, {13, 13, 13, 9, 6});
    Ptr<Ipv4StaticRouting> routing = m_routing;
    if (!routing)
    {
        return;
    }
    // ESXi lists the default route first, then the connected networks.
    std::vector<Ipv4RoutingTableEntry> routes;
    for (uint32_t i = 0; i < routing->GetNRoutes(); ++i)
    {
        Ipv4RoutingTableEntry r = routing->GetRoute(i);
        if (r.GetInterface() == 0)
        {
            continue; // loopback
        }
        routes.push_back(r);
    }
    std::stable_sort(routes.begin(), routes.end(), [](const auto& a, const auto& b) {
        return a.IsDefault() && !b.IsDefault();
    });
    for (const auto& r : routes)
    {
        bool def = r.IsDefault();
        os << Pad(def ? "default" : NsxIpText(r.GetDestNetwork()), 13)
           << Pad(def ? "0.0.0.0" : NsxIpText(Ipv4Address(r.GetDestNetworkMask().Get())), 13)
           << Pad(r.IsGateway() ? NsxIpText(r.GetGateway()) : "0.0.0.0", 13)
           << Pad(m_config.vmknic, 9) << "MANUAL\n";
    }
}

void
Vtep::PrintNeighbors(std::ostream& os) const
{
    os << Pad("Neighbor", 13) << Pad("Mac Address", 17) << Pad("Vmknic", 6) << Pad("Expiry", 8)
       << Pad("State", 5) << "Type\n";
    Rule(os, {13, 17, 6, 8, 5, 11});
    Ptr<ArpCache> arp = m_ipv4->GetInterface(1)->GetArpCache();
    for (const auto& [ip, seen] : m_arpSeen)
    {
        ArpCache::Entry* e = arp->Lookup(Ipv4Address(ip));
        if (!e || !e->IsAlive())
        {
            continue;
        }
        Time left = m_arpTimeout - (Simulator::Now() - seen);
        int64_t secs = std::max<int64_t>(0, left.GetSeconds());
        os << Pad(NsxIpText(Ipv4Address(ip)), 13)
           << Pad(NsxMacText(Mac48Address::ConvertFrom(e->GetMacAddress())), 17)
           << Pad(m_config.vmknic, 6) << Pad(std::to_string(secs) + " sec", 8) << Pad("", 5)
           << "Autorefresh\n";
    }
}

void
Vtep::PrintConnections(std::ostream& os) const
{
    os << Pad("Proto", 5) << Pad("Local Address", 20) << Pad("Foreign Address", 20)
       << Pad("State", 11) << "World Name\n";
    Rule(os, {5, 20, 20, 11, 13});
    if (!m_cluster)
    {
        return;
    }
    // netcpa speaks from the management address (the host's first vmknic with an IP).
    Ipv4Address local = m_config.ip;
    if (Ptr<Ipv4> mgmt = m_host->GetNode()->GetObject<Ipv4>())
    {
        for (uint32_t i = 1; i < mgmt->GetNInterfaces(); ++i)
        {
            if (mgmt->GetNAddresses(i) > 0)
            {
                local = mgmt->GetAddress(i, 0).GetLocal();
                break;
            }
        }
    }
    uint32_t k = 0;
    for (const auto& c : m_cluster->GetControllers())
    {
        // An ephemeral port per connection, the same in every run.
        uint32_t h = 2166136261u;
        for (char ch : m_host->GetName())
        {
            h = (h ^ uint8_t(ch)) * 16777619u;
        }
        h = (h ^ k++) * 16777619u;
        uint16_t port = uint16_t(49152 + (h ^ (h >> 16)) % 16384);
        os << Pad("tcp", 5) << Pad(NsxIpText(local) + ":" + std::to_string(port), 20)
           << Pad(NsxIpText(c.ip) + ":1234", 20) << Pad(c.up ? "ESTABLISHED" : "SYN_SENT", 11)
           << "netcpa-worker\n";
    }
}

} // namespace ns3

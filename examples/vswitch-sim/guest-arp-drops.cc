/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "guest-arp-drops.h"

#include "ns3/arp-cache.h"
#include "ns3/arp-l3-protocol.h"
#include "ns3/callback.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/log.h"
#include "ns3/socket.h"

#include <sstream>

namespace vsim
{

NS_LOG_COMPONENT_DEFINE("VswitchSimGuestArpDrops");

namespace json = boost::json;
using namespace ns3;

namespace
{

/// \return whether packet starts with an IPv4 header (ARP's Drop also reports ARP replies
///         it ignores, which are no one's lost packet)
bool
IsIpv4(const Ptr<const Packet>& packet)
{
    uint8_t first = 0;
    return packet->GetSize() >= 20 && packet->CopyData(&first, 1) == 1 && (first >> 4) == 4;
}

/// \return whether the ARP entry of the next hop toward header's destination is dead
bool
NextHopDead(const Ptr<Node>& node, const Ptr<const Packet>& packet, const Ipv4Header& header)
{
    Ptr<Ipv4L3Protocol> l3 = node->GetObject<Ipv4L3Protocol>();
    if (!l3)
    {
        return false;
    }
    std::vector<Ipv4Address> hops{header.GetDestination()};
    if (Ptr<Ipv4RoutingProtocol> routing = l3->GetRoutingProtocol())
    {
        Socket::SocketErrno err;
        Ptr<Packet> copy = packet->Copy();
        Ipv4Header h;
        copy->RemoveHeader(h);
        Ptr<Ipv4Route> route = routing->RouteOutput(copy, header, nullptr, err);
        if (route && route->GetGateway() != Ipv4Address::GetAny())
        {
            hops.push_back(route->GetGateway());
        }
    }
    for (uint32_t i = 0; i < l3->GetNInterfaces(); ++i)
    {
        Ptr<ArpCache> cache = l3->GetInterface(i)->GetArpCache();
        for (std::size_t k = 0; cache && k < hops.size(); ++k)
        {
            ArpCache::Entry* e = cache->Lookup(hops[k]);
            if (e && e->IsDead())
            {
                return true;
            }
        }
    }
    return false;
}

} // namespace

const char*
GuestArpDrops::ReasonName(Reason reason)
{
    return reason == Reason::QueueFull ? "arp-queue-full" : "arp-unresolved";
}

void
GuestArpDrops::Watched::OnArpDrop(Ptr<const Packet> packet)
{
    if (!IsIpv4(packet))
    {
        return;
    }
    Ipv4Header h;
    packet->PeekHeader(h);
    owner->Add(*this, h, NextHopDead(node, packet, h) ? Reason::Unresolved : Reason::QueueFull);
}

void
GuestArpDrops::Watched::OnCacheDrop(Ptr<const Packet> packet)
{
    if (IsIpv4(packet))
    {
        Ipv4Header h;
        packet->PeekHeader(h);
        owner->Add(*this, h, Reason::Unresolved);
    }
}

void
GuestArpDrops::Add(const Watched& w, const Ipv4Header& h, Reason reason)
{
    NS_LOG_LOGIC(w.name << ": ARP dropped a packet for " << h.GetDestination() << " ("
                        << ReasonName(reason) << ")");
    Count& c = m_counts[Key(w.name, h.GetDestination().Get(), reason)];
    ++c.packets;
    c.rank = w.node->GetSystemId();
}

void
GuestArpDrops::Watch(Ptr<Node> node, const std::string& name)
{
    Ptr<ArpL3Protocol> arp = node->GetObject<ArpL3Protocol>();
    Ptr<Ipv4L3Protocol> l3 = node->GetObject<Ipv4L3Protocol>();
    if (!arp || !l3)
    {
        return;
    }
    m_watched.push_back(std::make_unique<Watched>(Watched{this, node, name}));
    Watched* w = m_watched.back().get();
    arp->TraceConnectWithoutContext("Drop", MakeCallback(&Watched::OnArpDrop, w));
    for (uint32_t i = 0; i < l3->GetNInterfaces(); ++i)
    {
        if (Ptr<ArpCache> cache = l3->GetInterface(i)->GetArpCache())
        {
            cache->TraceConnectWithoutContext("Drop", MakeCallback(&Watched::OnCacheDrop, w));
        }
    }
}

json::array
GuestArpDrops::Rows(std::optional<uint32_t> onlyRank) const
{
    json::array rows;
    for (const auto& [key, count] : m_counts)
    {
        if (onlyRank && count.rank != *onlyRank)
        {
            continue;
        }
        std::ostringstream dst;
        dst << Ipv4Address(std::get<1>(key));
        json::object row;
        row["node"] = std::get<0>(key);
        row["destination"] = dst.str();
        row["reason"] = ReasonName(std::get<2>(key));
        row["packets"] = count.packets;
        rows.push_back(std::move(row));
    }
    return rows;
}

uint64_t
GuestArpDrops::Total() const
{
    uint64_t n = 0;
    for (const auto& entry : m_counts)
    {
        n += entry.second.packets;
    }
    return n;
}

json::array
GuestArpDrops::Merge(const std::vector<const json::array*>& ranks)
{
    GuestArpDrops all;
    for (const json::array* rows : ranks)
    {
        for (const auto& v : *rows)
        {
            const json::object& row = v.as_object();
            Reason reason = std::string(row.at("reason").as_string()) == "arp-queue-full"
                                ? Reason::QueueFull
                                : Reason::Unresolved;
            Key key(std::string(row.at("node").as_string()),
                    Ipv4Address(std::string(row.at("destination").as_string()).c_str()).Get(),
                    reason);
            all.m_counts[key].packets += row.at("packets").to_number<uint64_t>();
        }
    }
    return all.Rows();
}

std::string
GuestArpDrops::Report(const json::array& rows)
{
    std::ostringstream os;
    for (const auto& v : rows)
    {
        const json::object& row = v.as_object();
        uint64_t n = row.at("packets").to_number<uint64_t>();
        os << "  arpDrops: " << row.at("node").as_string().c_str() << " -> "
           << row.at("destination").as_string().c_str() << ": " << n
           << (n == 1 ? " packet (" : " packets (") << row.at("reason").as_string().c_str()
           << ")\n";
    }
    return os.str();
}

} // namespace vsim

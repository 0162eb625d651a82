/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "underlay-routing.h"

#include "ns3/config-error.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4-routing-table-entry.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/log.h"
#include "ns3/names.h"
#include "ns3/node-list.h"
#include "ns3/node.h"
#include "ns3/packet.h"

#include <algorithm>
#include <deque>
#include <map>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("UnderlayRouting");

namespace
{

/// A subnet: network address and prefix length, ordered.
using Subnet = std::pair<uint32_t, uint16_t>;

/// \return the subnet of an interface address
Subnet
SubnetOf(const Ipv4InterfaceAddress& a)
{
    return {a.GetLocal().CombineMask(a.GetMask()).Get(), a.GetMask().GetPrefixLength()};
}

/// \return a node's name for messages
std::string
NodeText(Ptr<Node> node)
{
    std::string name = Names::FindName(node);
    Ptr<Ipv4Router> r = Ipv4Router::FromNode(node);
    if (r)
    {
        return "router " + r->GetName();
    }
    return name.empty() ? "node " + std::to_string(node->GetId()) : name;
}

/// A way from one router to a neighbour.
struct Edge
{
    std::size_t to;      //!< neighbour (index into the router list)
    Ipv4Address nextHop; //!< the neighbour's address on the shared subnet
};

} // namespace

void
UnderlayRouting::PopulateRoutes()
{
    std::vector<Ptr<Ipv4Router>> routers;
    for (auto n = NodeList::Begin(); n != NodeList::End(); ++n)
    {
        if (Ptr<Ipv4Router> r = Ipv4Router::FromNode(*n))
        {
            routers.push_back(r);
        }
    }
    PopulateRoutes(routers);
}

void
UnderlayRouting::PopulateRoutes(std::vector<Ptr<Ipv4Router>> routers)
{
    NS_LOG_FUNCTION(routers.size());
    routers.erase(std::remove(routers.begin(), routers.end(), nullptr), routers.end());
    std::sort(routers.begin(), routers.end(), [](Ptr<Ipv4Router> a, Ptr<Ipv4Router> b) {
        return a->GetNode()->GetId() < b->GetNode()->GetId();
    });
    routers.erase(std::unique(routers.begin(), routers.end()), routers.end());

    // Which routers sit on each subnet, and with which address.
    std::map<Subnet, std::vector<std::pair<std::size_t, Ipv4Address>>> attached;
    for (std::size_t r = 0; r < routers.size(); ++r)
    {
        for (const auto& i : routers[r]->GetInterfaces())
        {
            attached[SubnetOf(i.address)].emplace_back(r, i.address.GetLocal());
        }
    }
    // Neighbours, in interface order then router order.
    std::vector<std::vector<Edge>> edges(routers.size());
    for (std::size_t r = 0; r < routers.size(); ++r)
    {
        for (const auto& i : routers[r]->GetInterfaces())
        {
            for (const auto& [other, address] : attached[SubnetOf(i.address)])
            {
                if (other != r)
                {
                    edges[r].push_back({other, address});
                }
            }
        }
    }

    for (std::size_t src = 0; src < routers.size(); ++src)
    {
        Ptr<Ipv4Router> router = routers[src];
        router->ClearComputedRoutes();
        // Breadth-first: hops and the first hop's address to every router.
        constexpr uint32_t kUnreached = 0xffffffff;
        std::vector<uint32_t> hops(routers.size(), kUnreached);
        std::vector<Ipv4Address> firstHop(routers.size());
        std::deque<std::size_t> queue{src};
        hops[src] = 0;
        while (!queue.empty())
        {
            std::size_t at = queue.front();
            queue.pop_front();
            for (const auto& e : edges[at])
            {
                if (hops[e.to] != kUnreached)
                {
                    continue;
                }
                hops[e.to] = hops[at] + 1;
                firstHop[e.to] = at == src ? e.nextHop : firstHop[at];
                queue.push_back(e.to);
            }
        }
        for (const auto& [subnet, routersOn] : attached)
        {
            bool direct = false;
            std::size_t best = routers.size();
            for (const auto& [r, address] : routersOn)
            {
                direct = direct || r == src;
                if (hops[r] != kUnreached && (best == routers.size() || hops[r] < hops[best]))
                {
                    best = r;
                }
            }
            if (direct || best == routers.size())
            {
                continue;
            }
            Ipv4Mask mask(subnet.second == 0 ? 0 : (0xffffffffu << (32 - subnet.second)));
            router->AddComputedRoute(Ipv4Address(subnet.first), mask, firstHop[best], hops[best]);
            NS_LOG_INFO(router->GetName()
                        << ": " << Ipv4Address(subnet.first) << "/" << subnet.second << " via "
                        << firstHop[best] << " (" << hops[best] << " hops)");
        }
    }
}

void
UnderlayRouting::SetDefaultGateway(Ptr<Node> node, Ipv4Address gateway)
{
    NS_LOG_FUNCTION(node << gateway);
    if (!node)
    {
        VSWITCH_CONFIG_ERROR("SetDefaultGateway: null node");
    }
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    Ptr<Ipv4StaticRouting> routing =
        ipv4 ? Ipv4StaticRoutingHelper().GetStaticRouting(ipv4) : nullptr;
    if (!routing)
    {
        VSWITCH_CONFIG_ERROR("SetDefaultGateway: " << NodeText(node)
                                                   << " has no IPv4 stack with static routing "
                                                      "(give it an address first)");
    }
    int32_t out = -1;
    std::ostringstream subnets;
    for (uint32_t i = 1; i < ipv4->GetNInterfaces() && out < 0; ++i)
    {
        for (uint32_t a = 0; a < ipv4->GetNAddresses(i); ++a)
        {
            Ipv4InterfaceAddress addr = ipv4->GetAddress(i, a);
            subnets << (subnets.tellp() > 0 ? ", " : "") << addr.GetLocal() << "/"
                    << addr.GetMask().GetPrefixLength();
            if (addr.GetLocal() == gateway)
            {
                VSWITCH_CONFIG_ERROR("SetDefaultGateway: " << gateway << " is " << NodeText(node)
                                                           << "'s own address");
            }
            if (addr.GetMask().IsMatch(addr.GetLocal(), gateway))
            {
                out = i;
                break;
            }
        }
    }
    if (out < 0)
    {
        std::string list = subnets.str();
        VSWITCH_CONFIG_ERROR("SetDefaultGateway: gateway "
                             << gateway << " is not in a subnet of " << NodeText(node)
                             << " (its addresses: " << (list.empty() ? "none" : list)
                             << "; a gateway must be on the same link)");
    }
    for (uint32_t r = routing->GetNRoutes(); r-- > 0;)
    {
        if (routing->GetRoute(r).IsDefault())
        {
            routing->RemoveRoute(r);
        }
    }
    routing->SetDefaultRoute(gateway, out);
}

Ptr<Node>
UnderlayRouting::FindNodeWithAddress(Ipv4Address address)
{
    for (auto n = NodeList::Begin(); n != NodeList::End(); ++n)
    {
        Ptr<Ipv4> ipv4 = (*n)->GetObject<Ipv4>();
        if (ipv4 && ipv4->GetInterfaceForAddress(address) >= 0)
        {
            return *n;
        }
    }
    return nullptr;
}

std::vector<UnderlayRouting::Hop>
UnderlayRouting::TracePath(Ptr<Node> from, Ipv4Address dst, bool* complete)
{
    NS_LOG_FUNCTION(from << dst);
    std::vector<Hop> path;
    bool reached = false;
    Ptr<Node> node = from;
    for (uint32_t step = 0; node && step < 64; ++step)
    {
        Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
        if (!ipv4 || !ipv4->GetRoutingProtocol())
        {
            break;
        }
        if (ipv4->GetInterfaceForAddress(dst) >= 0)
        {
            reached = true;
            break;
        }
        Ipv4Header header;
        header.SetDestination(dst);
        Socket::SocketErrno err;
        Ptr<Ipv4Route> route =
            ipv4->GetRoutingProtocol()->RouteOutput(Create<Packet>(), header, nullptr, err);
        if (!route || !route->GetOutputDevice())
        {
            NS_LOG_LOGIC(NodeText(node) << ": no route to " << dst);
            break;
        }
        int32_t iface = ipv4->GetInterfaceForDevice(route->GetOutputDevice());
        if (iface < 0)
        {
            break;
        }
        Hop hop{node, static_cast<uint32_t>(iface), ipv4->GetMtu(iface), route->GetGateway()};
        path.push_back(hop);
        if (hop.nextHop == Ipv4Address::GetAny())
        {
            reached = true;
            break;
        }
        node = FindNodeWithAddress(hop.nextHop);
    }
    if (complete)
    {
        *complete = reached;
    }
    return path;
}

uint16_t
UnderlayRouting::PathMtu(Ptr<Node> from, Ipv4Address dst)
{
    bool complete = false;
    std::vector<Hop> path = TracePath(from, dst, &complete);
    if (!complete)
    {
        return 0;
    }
    uint16_t mtu = 0xffff;
    for (const auto& h : path)
    {
        mtu = std::min(mtu, h.mtu);
    }
    return path.empty() ? 0 : mtu;
}

} // namespace ns3

/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Ipv4Router's views: `show ip route` and `show ip interface brief` as Cisco IOS prints
 * them, and the same as data (the rest of the class is in ipv4-router.cc).
 */
#include "ipv4-router.h"

#include "ns3/ipv4-routing-table-entry.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/log.h"

#include <algorithm>
#include <iomanip>
#include <set>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Ipv4RouterViews");

namespace
{

/// \return "a.b.c.d/len"
std::string
Cidr(Ipv4Address a, uint32_t prefix)
{
    std::ostringstream os;
    os << a << "/" << prefix;
    return os.str();
}

/// \return the classful prefix length of an address (A /8, B /16, C /24, otherwise /32)
uint32_t
ClassfulPrefix(Ipv4Address a)
{
    uint32_t first = a.Get() >> 24;
    return first < 128 ? 8 : first < 192 ? 16 : first < 224 ? 24 : 32;
}

} // namespace

// ------------------------------------------------------------------------------------------
// Views

std::vector<Ipv4Router::Route>
Ipv4Router::GetRoutes() const
{
    std::vector<Route> routes;
    for (const auto& i : m_interfaces)
    {
        uint32_t prefix = i.address.GetMask().GetPrefixLength();
        if (prefix < 32)
        {
            routes.push_back({RouteSource::Connected,
                              i.address.GetLocal().CombineMask(i.address.GetMask()),
                              prefix,
                              Ipv4Address::GetAny(),
                              i.name,
                              0});
        }
        routes.push_back(
            {RouteSource::Local, i.address.GetLocal(), 32, Ipv4Address::GetAny(), i.name, 0});
    }
    if (m_ipv4)
    {
        Ptr<Ipv4StaticRouting> routing = GetStaticRouting();
        for (uint32_t r = 0; r < routing->GetNRoutes(); ++r)
        {
            Ipv4RoutingTableEntry e = routing->GetRoute(r);
            std::string name = InterfaceName(e.GetInterface());
            // Connected subnets are listed from the interfaces; loopback is not shown.
            if (name.empty() || e.GetGateway() == Ipv4Address::GetAny())
            {
                continue;
            }
            routes.push_back({RouteSource::Static,
                              e.GetDestNetwork(),
                              e.GetDestNetworkMask().GetPrefixLength(),
                              e.GetGateway(),
                              name,
                              routing->GetMetric(r)});
        }
    }
    std::stable_sort(routes.begin(), routes.end(), [](const Route& a, const Route& b) {
        if (a.network != b.network)
        {
            return a.network.Get() < b.network.Get();
        }
        return a.prefix < b.prefix;
    });
    return routes;
}

void
Ipv4Router::ShowIpRoute(std::ostream& os) const
{
    auto routes = GetRoutes();
    os << "Codes: L - local, C - connected, S - static\n"
       << "       * - candidate default\n\n";
    const Route* def = nullptr;
    for (const auto& r : routes)
    {
        if (r.prefix == 0 && r.source == RouteSource::Static)
        {
            def = &r;
            break;
        }
    }
    if (def)
    {
        os << "Gateway of last resort is " << def->nextHop << " to network 0.0.0.0\n\n";
    }
    else
    {
        os << "Gateway of last resort is not set\n\n";
    }
    auto line = [&os](const Route& r, bool grouped) {
        std::string code = RouteSourceCode(r.source) + (r.prefix == 0 ? "*" : "");
        os << std::left << std::setw(grouped ? 9 : 6) << code << std::right
           << Cidr(r.network, r.prefix);
        if (r.source == RouteSource::Static)
        {
            os << " [1/" << r.metric << "] via " << r.nextHop << ", " << r.interface << "\n";
        }
        else
        {
            os << " is directly connected, " << r.interface << "\n";
        }
    };
    // Subnets of one classful network are listed under a header line, as IOS does.
    for (std::size_t i = 0; i < routes.size();)
    {
        uint32_t classful = ClassfulPrefix(routes[i].network);
        Ipv4Mask classMask(classful == 0 ? 0 : (0xffffffffu << (32 - classful)));
        Ipv4Address major = routes[i].network.CombineMask(classMask);
        std::size_t j = i;
        std::set<uint32_t> masks;
        while (j < routes.size() && routes[j].prefix >= classful &&
               routes[j].network.CombineMask(classMask) == major)
        {
            masks.insert(routes[j].prefix);
            ++j;
        }
        if (j == i)
        {
            line(routes[i], false);
            ++i;
            continue;
        }
        bool subnetted = j - i > 1 || *masks.begin() > classful;
        if (!subnetted)
        {
            line(routes[i], false);
            i = j;
            continue;
        }
        os << "      ";
        if (masks.size() == 1)
        {
            os << Cidr(major, *masks.begin()) << " is subnetted, " << (j - i) << " subnets\n";
        }
        else
        {
            os << Cidr(major, classful) << " is variably subnetted, " << (j - i) << " subnets, "
               << masks.size() << " masks\n";
        }
        for (; i < j; ++i)
        {
            line(routes[i], true);
        }
    }
}

std::string
Ipv4Router::ShowIpRoute() const
{
    std::ostringstream os;
    ShowIpRoute(os);
    return os.str();
}

std::vector<Ipv4Router::InterfaceBrief>
Ipv4Router::GetInterfaceBrief() const
{
    std::vector<InterfaceBrief> rows;
    for (const auto& i : m_interfaces)
    {
        rows.push_back({i.name,
                        i.address.GetLocal(),
                        i.device->IsAdminUp(),
                        i.device->IsLinkUp() && m_ipv4->IsUp(i.ipv4Index)});
    }
    return rows;
}

void
Ipv4Router::ShowIpInterfaceBrief(std::ostream& os) const
{
    os << std::left << std::setw(27) << "Interface" << std::setw(16) << "IP-Address" << std::setw(4)
       << "OK?" << std::setw(7) << "Method" << std::setw(22) << "Status"
       << "Protocol\n";
    for (const auto& r : GetInterfaceBrief())
    {
        std::ostringstream ip;
        ip << r.ip;
        os << std::setw(27) << r.name << std::setw(16) << ip.str() << std::setw(4) << "YES"
           << std::setw(7) << "manual" << std::setw(22)
           << (r.adminUp ? "up" : "administratively down") << (r.protocolUp ? "up" : "down")
           << "\n";
    }
    os << std::right;
}

std::string
Ipv4Router::ShowIpInterfaceBrief() const
{
    std::ostringstream os;
    ShowIpInterfaceBrief(os);
    return os.str();
}

} // namespace ns3

/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipv4-router.h"

#include "ns3/boolean.h"
#include "ns3/config-error.h"
#include "ns3/ipv4-routing-table-entry.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ns3/node.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Ipv4Router");

NS_OBJECT_ENSURE_REGISTERED(Ipv4Router);

#undef NS_LOG_APPEND_CONTEXT
#define NS_LOG_APPEND_CONTEXT std::clog << "[" << m_name << "] ";

namespace
{

/// \return the prefix length of a mask, or -1 when its bits are not contiguous
int
PrefixOf(Ipv4Mask mask)
{
    uint16_t len = mask.GetPrefixLength();
    uint32_t expected = len == 0 ? 0 : (0xffffffffu << (32 - len));
    return mask.Get() == expected ? len : -1;
}

/// \return "a.b.c.d/len"
std::string
Cidr(Ipv4Address a, uint32_t prefix)
{
    std::ostringstream os;
    os << a << "/" << prefix;
    return os.str();
}

} // namespace

std::string
RouteSourceCode(Ipv4Router::RouteSource source)
{
    switch (source)
    {
    case Ipv4Router::RouteSource::Connected:
        return "C";
    case Ipv4Router::RouteSource::Local:
        return "L";
    case Ipv4Router::RouteSource::Static:
        return "S";
    }
    return "?";
}

TypeId
Ipv4Router::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::Ipv4Router")
            .SetParent<Object>()
            .SetGroupName("VSwitch")
            .AddConstructor<Ipv4Router>()
            .AddAttribute("Name",
                          "Name of the router in messages and tables.",
                          StringValue("router"),
                          MakeStringAccessor(&Ipv4Router::m_name),
                          MakeStringChecker())
            .AddAttribute("MulticastRouting",
                          "Forward IPv4 multicast of the groups asked for (AddMulticastGroup) "
                          "from each interface to all the others.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&Ipv4Router::SetMulticastRouting,
                                              &Ipv4Router::IsMulticastRoutingEnabled),
                          MakeBooleanChecker())
            .AddTraceSource("Forward",
                            "The node's IPv4 layer forwarded a unicast packet (its "
                            "UnicastForward trace): header, payload, output interface.",
                            MakeTraceSourceAccessor(&Ipv4Router::m_forwardTrace),
                            "ns3::Ipv4Router::ForwardTracedCallback")
            .AddTraceSource("MulticastForward",
                            "The node's IPv4 layer forwarded a copy of a multicast packet: "
                            "header, payload, output interface.",
                            MakeTraceSourceAccessor(&Ipv4Router::m_multicastForwardTrace),
                            "ns3::Ipv4Router::ForwardTracedCallback")
            .AddTraceSource("Drop",
                            "The node's IPv4 layer dropped a packet (its Drop trace): header, "
                            "payload, reason, interface.",
                            MakeTraceSourceAccessor(&Ipv4Router::m_dropTrace),
                            "ns3::Ipv4Router::DropTracedCallback");
    return tid;
}

Ipv4Router::Ipv4Router()
    : m_name("router"),
      m_multicastRouting(false)
{
    NS_LOG_FUNCTION(this);
}

Ipv4Router::~Ipv4Router()
{
    NS_LOG_FUNCTION(this);
}

void
Ipv4Router::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_interfaces.clear();
    m_ipv4 = nullptr;
    m_node = nullptr;
    Object::DoDispose();
}

Ptr<Ipv4Router>
Ipv4Router::FromNode(Ptr<Node> node)
{
    return node ? node->GetObject<Ipv4Router>() : nullptr;
}

std::string
Ipv4Router::Who() const
{
    return "Ipv4Router " + m_name + ": ";
}

void
Ipv4Router::Attach(Ptr<Node> node)
{
    NS_LOG_FUNCTION(this << node);
    if (!node)
    {
        VSWITCH_CONFIG_ERROR(Who() << "null node");
    }
    if (m_node)
    {
        VSWITCH_CONFIG_ERROR(Who() << "already attached to node " << m_node->GetId());
    }
    if (FromNode(node))
    {
        VSWITCH_CONFIG_ERROR(Who() << "node " << node->GetId() << " is already the router "
                                   << FromNode(node)->GetName());
    }
    Ptr<Ipv4L3Protocol> ipv4 = node->GetObject<Ipv4L3Protocol>();
    if (!ipv4)
    {
        VSWITCH_CONFIG_ERROR(Who() << "node " << node->GetId()
                                   << " has no IPv4 stack (install InternetStackHelper first, "
                                      "or use RouterHelper::Install)");
    }
    if (!Ipv4StaticRoutingHelper().GetStaticRouting(ipv4))
    {
        VSWITCH_CONFIG_ERROR(Who() << "node " << node->GetId()
                                   << " has no Ipv4StaticRouting (InternetStackHelper's default "
                                      "list routing has one)");
    }
    m_node = node;
    m_ipv4 = ipv4;
    node->AggregateObject(this);
    m_ipv4->SetAttribute("IpForward", BooleanValue(true));
    m_ipv4->TraceConnectWithoutContext("UnicastForward",
                                       MakeCallback(&Ipv4Router::UnicastForwarded, this));
    m_ipv4->TraceConnectWithoutContext("MulticastForward",
                                       MakeCallback(&Ipv4Router::MulticastForwarded, this));
    m_ipv4->TraceConnectWithoutContext("Drop", MakeCallback(&Ipv4Router::Dropped, this));
}

std::string
Ipv4Router::GetName() const
{
    return m_name;
}

Ptr<Node>
Ipv4Router::GetNode() const
{
    return m_node;
}

Ptr<Ipv4StaticRouting>
Ipv4Router::GetStaticRouting() const
{
    if (!m_ipv4)
    {
        VSWITCH_CONFIG_ERROR(Who() << "not attached to a node yet (Attach)");
    }
    return Ipv4StaticRoutingHelper().GetStaticRouting(m_ipv4);
}

uint32_t
Ipv4Router::AddInterface(Ptr<EthernetNetDevice> device,
                         Ipv4InterfaceAddress address,
                         uint16_t vlan,
                         const std::string& name)
{
    NS_LOG_FUNCTION(this << device << address << vlan << name);
    if (!m_node)
    {
        VSWITCH_CONFIG_ERROR(Who() << "not attached to a node yet (Attach)");
    }
    if (!device || device->GetNode() != m_node)
    {
        VSWITCH_CONFIG_ERROR(Who() << "the interface's device is not on the router's node");
    }
    if (m_ipv4->GetInterfaceForDevice(device) >= 0)
    {
        VSWITCH_CONFIG_ERROR(Who()
                             << "device " << device->GetIfIndex() << " is already an interface");
    }
    if (vlan > 4094)
    {
        VSWITCH_CONFIG_ERROR(Who() << "VLAN " << vlan << " is out of range 1-4094 (0: untagged)");
    }
    std::string ifName = name;
    if (ifName.empty())
    {
        ifName = "GigabitEthernet0/" + std::to_string(m_interfaces.size());
        if (vlan != 0)
        {
            ifName += "." + std::to_string(vlan);
        }
    }
    for (const auto& i : m_interfaces)
    {
        if (i.name == ifName)
        {
            VSWITCH_CONFIG_ERROR(Who() << "interface " << ifName << " already exists");
        }
    }
    CheckAddress(address, ifName);

    device->SetAttribute("VlanId", UintegerValue(vlan));
    uint32_t index = m_ipv4->AddInterface(device);
    m_ipv4->AddAddress(index, address);
    m_ipv4->SetMetric(index, 1);
    m_ipv4->SetForwarding(index, true);
    m_ipv4->SetUp(index);
    Interface itf;
    itf.name = ifName;
    itf.ipv4Index = index;
    itf.device = device;
    itf.address = address;
    itf.vlan = vlan;
    m_interfaces.push_back(itf);
    NS_LOG_INFO("interface " << ifName << " " << address.GetLocal() << " mtu " << device->GetMtu()
                             << (vlan ? " vlan " + std::to_string(vlan) : std::string()));
    UpdateMulticastRoutes();
    return m_interfaces.size() - 1;
}

void
Ipv4Router::CheckAddress(Ipv4InterfaceAddress address, const std::string& ifName) const
{
    Ipv4Address local = address.GetLocal();
    Ipv4Mask mask = address.GetMask();
    int prefix = PrefixOf(mask);
    std::string cidr = Cidr(local, prefix < 0 ? mask.GetPrefixLength() : prefix);
    if (prefix < 1 || prefix > 32)
    {
        VSWITCH_CONFIG_ERROR(Who() << ifName << " " << local << " mask " << mask
                                   << ": not a prefix of 1-32 bits (e.g. 255.255.255.0, /24)");
    }
    uint32_t hostBits = local.Get() & ~mask.Get();
    if (prefix < 31 && (hostBits == 0 || hostBits == ~mask.Get()))
    {
        VSWITCH_CONFIG_ERROR(Who() << ifName << " " << cidr
                                   << ": the network or broadcast address of its subnet (give "
                                      "the interface a host address)");
    }
    if (local.IsMulticast() || local.IsBroadcast() || local.IsAny() || local.IsLocalhost())
    {
        VSWITCH_CONFIG_ERROR(Who() << ifName << " " << cidr << ": not a unicast host address");
    }
    for (const auto& i : m_interfaces)
    {
        Ipv4Mask shorter = i.address.GetMask().GetPrefixLength() < mask.GetPrefixLength()
                               ? i.address.GetMask()
                               : mask;
        if (local.CombineMask(shorter) == i.address.GetLocal().CombineMask(shorter))
        {
            VSWITCH_CONFIG_ERROR(
                Who() << ifName << " " << cidr << " overlaps " << i.name << " "
                      << Cidr(i.address.GetLocal(), i.address.GetMask().GetPrefixLength())
                      << " (each interface of a router needs its own subnet)");
        }
    }
    for (auto n = NodeList::Begin(); n != NodeList::End(); ++n)
    {
        Ptr<Ipv4> other = (*n)->GetObject<Ipv4>();
        if (!other)
        {
            continue;
        }
        for (uint32_t i = 0; i < other->GetNInterfaces(); ++i)
        {
            for (uint32_t a = 0; a < other->GetNAddresses(i); ++a)
            {
                if (other->GetAddress(i, a).GetLocal() == local)
                {
                    Ptr<Ipv4Router> r = FromNode(*n);
                    VSWITCH_CONFIG_ERROR(
                        Who() << ifName << " " << cidr << ": " << local
                              << " is already the address of "
                              << (r ? "router " + r->GetName() + " " : std::string("node "))
                              << (r ? r->InterfaceName(i) : std::to_string((*n)->GetId()))
                              << " (addresses must be unique)");
                }
            }
        }
    }
}

const std::vector<Ipv4Router::Interface>&
Ipv4Router::GetInterfaces() const
{
    return m_interfaces;
}

const Ipv4Router::Interface*
Ipv4Router::FindInterfaceFor(Ipv4Address address) const
{
    for (const auto& i : m_interfaces)
    {
        if (i.address.GetLocal().CombineMask(i.address.GetMask()) ==
            address.CombineMask(i.address.GetMask()))
        {
            return &i;
        }
    }
    return nullptr;
}

std::string
Ipv4Router::InterfaceName(uint32_t ipv4Index) const
{
    for (const auto& i : m_interfaces)
    {
        if (i.ipv4Index == ipv4Index)
        {
            return i.name;
        }
    }
    return "";
}

void
Ipv4Router::AddStaticRoute(Ipv4Address network, Ipv4Mask mask, Ipv4Address nextHop, uint32_t metric)
{
    NS_LOG_FUNCTION(this << network << mask << nextHop << metric);
    const Interface* out = FindInterfaceFor(nextHop);
    if (!out)
    {
        VSWITCH_CONFIG_ERROR(Who()
                             << "route to " << Cidr(network, mask.GetPrefixLength())
                             << ": next hop " << nextHop << " is in none of the router's subnets");
    }
    GetStaticRouting()->AddNetworkRouteTo(network.CombineMask(mask),
                                          mask,
                                          nextHop,
                                          out->ipv4Index,
                                          metric);
}

void
Ipv4Router::AddComputedRoute(Ipv4Address network, Ipv4Mask mask, Ipv4Address nextHop, uint32_t hops)
{
    NS_LOG_FUNCTION(this << network << mask << nextHop << hops);
    AddStaticRoute(network, mask, nextHop, hops);
    m_computedRoutes.push_back(
        {network.CombineMask(mask), mask, nextHop, FindInterfaceFor(nextHop)->ipv4Index});
}

void
Ipv4Router::ClearComputedRoutes()
{
    NS_LOG_FUNCTION(this);
    Ptr<Ipv4StaticRouting> routing = GetStaticRouting();
    for (const auto& c : m_computedRoutes)
    {
        for (uint32_t i = routing->GetNRoutes(); i-- > 0;)
        {
            Ipv4RoutingTableEntry e = routing->GetRoute(i);
            if (e.GetDestNetwork() == c.network && e.GetDestNetworkMask() == c.mask &&
                e.GetGateway() == c.nextHop && e.GetInterface() == c.interface)
            {
                routing->RemoveRoute(i);
                break;
            }
        }
    }
    m_computedRoutes.clear();
}

void
Ipv4Router::SetMulticastRouting(bool enabled)
{
    NS_LOG_FUNCTION(this << enabled);
    m_multicastRouting = enabled;
    UpdateMulticastRoutes();
}

bool
Ipv4Router::IsMulticastRoutingEnabled() const
{
    return m_multicastRouting;
}

void
Ipv4Router::AddMulticastGroup(Ipv4Address group)
{
    NS_LOG_FUNCTION(this << group);
    if (!group.IsMulticast() || group.IsLocalMulticast())
    {
        VSWITCH_CONFIG_ERROR(Who() << "multicast group " << group
                                   << ": not a routable IPv4 multicast address (224.0.1.0 - "
                                      "239.255.255.255; 224.0.0.0/24 is link-local)");
    }
    if (std::find(m_groups.begin(), m_groups.end(), group) != m_groups.end())
    {
        return;
    }
    m_groups.push_back(group);
    UpdateMulticastRoutes();
}

const std::vector<Ipv4Address>&
Ipv4Router::GetMulticastGroups() const
{
    return m_groups;
}

void
Ipv4Router::UpdateMulticastRoutes()
{
    if (!m_ipv4)
    {
        return;
    }
    Ptr<Ipv4StaticRouting> routing = GetStaticRouting();
    for (const auto& [group, input] : m_multicastRoutes)
    {
        routing->RemoveMulticastRoute(Ipv4Address::GetAny(), group, input);
    }
    m_multicastRoutes.clear();
    if (!m_multicastRouting || m_interfaces.size() < 2)
    {
        return;
    }
    for (const auto& group : m_groups)
    {
        for (const auto& in : m_interfaces)
        {
            std::vector<uint32_t> outputs;
            for (const auto& out : m_interfaces)
            {
                if (out.ipv4Index != in.ipv4Index)
                {
                    outputs.push_back(out.ipv4Index);
                }
            }
            // The origin is a wildcard: Ipv4StaticRouting matches on the group and the
            // input interface only.
            routing->AddMulticastRoute(Ipv4Address::GetAny(), group, in.ipv4Index, outputs);
            m_multicastRoutes.emplace_back(group, in.ipv4Index);
        }
    }
    NS_LOG_LOGIC(m_multicastRoutes.size() << " multicast routes");
}

const Ipv4Router::Counters&
Ipv4Router::GetCounters() const
{
    return m_counters;
}

// ------------------------------------------------------------------------------------------
// Traces of the node's IPv4 layer

void
Ipv4Router::UnicastForwarded(const Ipv4Header& header, Ptr<const Packet> packet, uint32_t iface)
{
    NS_LOG_LOGIC("forward " << header.GetSource() << " > " << header.GetDestination() << " ttl "
                            << +header.GetTtl() << " via " << InterfaceName(iface));
    ++m_counters.forwarded;
    m_forwardTrace(header, packet, iface);
}

void
Ipv4Router::MulticastForwarded(const Ipv4Header& header, Ptr<const Packet> packet, uint32_t iface)
{
    NS_LOG_LOGIC("multicast " << header.GetSource() << " > " << header.GetDestination() << " via "
                              << InterfaceName(iface));
    ++m_counters.multicastForwarded;
    m_multicastForwardTrace(header, packet, iface);
}

void
Ipv4Router::Dropped(const Ipv4Header& header,
                    Ptr<const Packet> packet,
                    Ipv4L3Protocol::DropReason reason,
                    Ptr<Ipv4> /* ipv4 */,
                    uint32_t iface)
{
    NS_LOG_LOGIC("drop " << header.GetSource() << " > " << header.GetDestination() << " reason "
                         << reason);
    ++m_counters.dropped;
    ++m_counters.drops[reason];
    m_dropTrace(header, packet, reason, iface);
}

} // namespace ns3

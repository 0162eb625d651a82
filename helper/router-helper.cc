/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "router-helper.h"

#include "ns3/config-error.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/log.h"
#include "ns3/names.h"
#include "ns3/node.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"
#include "ns3/vswitch-checksums.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RouterHelper");

RouterHelper::RouterHelper()
    : m_routerCount(0)
{
    EnableChecksumsByDefault();
    m_routerFactory.SetTypeId("ns3::Ipv4Router");
}

void
RouterHelper::SetRouterAttribute(std::string name, const AttributeValue& value)
{
    m_routerFactory.Set(name, value);
}

void
RouterHelper::SetInterfaceAttribute(std::string name, const AttributeValue& value)
{
    m_ethernet.SetDeviceAttribute(name, value);
}

void
RouterHelper::SetCableAttribute(std::string name, const AttributeValue& value)
{
    m_ethernet.SetChannelAttribute(name, value);
}

Ptr<Ipv4Router>
RouterHelper::Install(Ptr<Node> node, const std::string& name)
{
    NS_LOG_FUNCTION(this << node << name);
    if (!node)
    {
        VSWITCH_CONFIG_ERROR("RouterHelper::Install: null node");
    }
    ++m_routerCount;
    if (!node->GetObject<Ipv4>())
    {
        InternetStackHelper stack;
        stack.Install(node);
    }
    Ptr<Ipv4Router> router = m_routerFactory.Create<Ipv4Router>();
    std::string routerName = name;
    if (routerName.empty())
    {
        StringValue set;
        router->GetAttribute("Name", set);
        routerName = set.Get() != "router" ? set.Get() : Names::FindName(node);
        if (routerName.empty())
        {
            routerName = "router" + std::to_string(m_routerCount);
        }
    }
    router->SetAttribute("Name", StringValue(routerName));
    router->Attach(node);
    return router;
}

Ipv4InterfaceAddress
RouterHelper::ParseAddress(const std::string& text, const std::string& what)
{
    static const std::regex re(R"(^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})/(\d{1,2})$)");
    std::smatch m;
    bool ok = std::regex_match(text, m, re);
    uint32_t value = 0;
    for (int i = 1; ok && i <= 4; ++i)
    {
        int octet = std::stoi(m[i].str());
        ok = octet <= 255;
        value = (value << 8) | octet;
    }
    uint32_t prefix = ok ? std::stoul(m[5].str()) : 0;
    if (!ok || prefix < 1 || prefix > 32)
    {
        VSWITCH_CONFIG_ERROR(what << ": \"" << text
                                  << "\" is not an IPv4 address with a prefix of 1-32 (e.g. "
                                     "\"192.168.250.1/24\")");
    }
    return Ipv4InterfaceAddress(Ipv4Address(value), Ipv4Mask(0xffffffffu << (32 - prefix)));
}

Ptr<EthernetNetDevice>
RouterHelper::AddInterface(Ptr<Ipv4Router> router,
                           Ptr<PhysicalSwitch> sw,
                           const std::string& port,
                           const std::string& address,
                           uint16_t mtu,
                           uint16_t vlan,
                           const std::string& name)
{
    NS_LOG_FUNCTION(this << router << sw << port << address << mtu << vlan);
    if (!router || !router->GetNode() || !sw)
    {
        VSWITCH_CONFIG_ERROR("RouterHelper::AddInterface: null router or switch");
    }
    std::string where = "interface on " + sw->GetName() + " " + port;
    std::string who = "Ipv4Router " + router->GetName() + ": " + where;
    if (!sw->HasPort(port))
    {
        std::vector<std::string> ports = sw->GetPortNames();
        std::string known = ports.empty() ? "none" : ports.front() + " .. " + ports.back();
        VSWITCH_CONFIG_ERROR(who << ": " << sw->GetName() << " has no port \"" << port
                                 << "\" (ports: " << known << ")");
    }
    Ptr<EthernetNetDevice> portDevice = sw->GetPortDevice(port);
    if (portDevice->GetChannel())
    {
        Ptr<EthernetNetDevice> peer = portDevice->GetPeer();
        Ptr<Ipv4Router> other = peer ? Ipv4Router::FromNode(peer->GetNode()) : nullptr;
        VSWITCH_CONFIG_ERROR(who << ": the port is already cabled"
                                 << (other ? " (to router " + other->GetName() + ")" : "")
                                 << "; a port takes one cable (use another port, or a trunk "
                                    "port per sub-interface)");
    }
    const PhysicalSwitch::VlanConfig& config = sw->GetVlanConfig(port);
    if (vlan != 0 && config.mode == PhysicalSwitch::PortMode::Access)
    {
        VSWITCH_CONFIG_ERROR(who << ": VLAN " << vlan << " given, but the port is "
                                 << config.Describe()
                                 << " (a tagged sub-interface needs a trunk port; leave the "
                                    "VLAN out on an access port)");
    }
    if (vlan != 0 && (vlan > 4094 || !config.allowed.test(vlan)))
    {
        VSWITCH_CONFIG_ERROR(who << ": VLAN " << vlan << " is not carried by the port, "
                                 << config.Describe());
    }
    if (mtu < 68 || mtu > 9216)
    {
        VSWITCH_CONFIG_ERROR(who << ": MTU " << mtu << " is out of range 68-9216");
    }
    Ipv4InterfaceAddress ifAddress = ParseAddress(address, who);
    router->CheckAddress(ifAddress, name.empty() ? where : name);
    Ptr<EthernetNetDevice> device = m_ethernet.CreateDevice(router->GetNode());
    device->SetMtu(mtu);
    portDevice->SetMtu(mtu); // one cable, one MTU: the switch port carries what the router does
    router->AddInterface(device, ifAddress, vlan, name);
    m_ethernet.Install(device, portDevice);
    return device;
}

void
RouterHelper::EnableMulticastRouting(Ptr<Ipv4Router> router, const std::vector<Ipv4Address>& groups)
{
    NS_LOG_FUNCTION(this << router);
    if (!router)
    {
        VSWITCH_CONFIG_ERROR("RouterHelper::EnableMulticastRouting: null router");
    }
    for (const auto& g : groups)
    {
        router->AddMulticastGroup(g);
    }
    router->SetMulticastRouting(true);
}

void
RouterHelper::PopulateRoutes()
{
    UnderlayRouting::PopulateRoutes();
}

void
RouterHelper::SetDefaultGateway(Ptr<Node> node, Ipv4Address gateway)
{
    UnderlayRouting::SetDefaultGateway(node, gateway);
}

uint16_t
RouterHelper::PathMtu(Ptr<Node> from, Ipv4Address dst)
{
    return UnderlayRouting::PathMtu(from, dst);
}

void
RouterHelper::EnablePcap(std::string prefix, Ptr<Ipv4Router> router)
{
    for (const auto& i : router->GetInterfaces())
    {
        std::string file = router->GetName() + "-" + i.name;
        std::replace(file.begin(), file.end(), '/', '_');
        m_ethernet.EnablePcap(prefix + "-" + file + ".pcap", i.device, true, true);
    }
}

} // namespace ns3

/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: building the routed underlay of a scenario: routers on switch ports, the
 * endpoints' default gateways, and the routes computed for the topology.
 */
#include "scenario-builder.h"

#include "ns3/config-error.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/underlay-routing.h"

#include <functional>
#include <map>

NS_LOG_COMPONENT_DEFINE("VswitchSimBuilderUnderlay");

namespace vsim
{

using namespace ns3;

void
ScenarioBuilder::BuildRouters()
{
    auto at = [this](const std::string& path, const std::function<void()>& f) {
        try
        {
            f();
        }
        catch (const ConfigError& e)
        {
            throw BuildError(m_scenario.file + ": " + path + ": " + e.what());
        }
    };
    std::map<std::string, Ptr<PhysicalSwitch>> switches(m_switches.begin(), m_switches.end());
    for (const auto& r : m_scenario.routers)
    {
        Ptr<Ipv4Router> router;
        at(r.path, [&]() { router = m_routerHelper.Install(
               CreateObject<Node>(m_partition ? m_partition->RouterRank(r.name) : 0),
               r.name);
        });
        for (const auto& i : r.interfaces)
        {
            at(i.path, [&]() {
                m_routerHelper.AddInterface(router,
                                            switches.at(i.sw),
                                            i.port,
                                            i.ip.ToString(),
                                            i.mtu.value_or(1500),
                                            i.vlan);
                // The interface's cable carries its MTU at both ends, as a link's "mtu" does:
                // the switch port takes the router's frames (VXLAN's 1600) too.
                switches.at(i.sw)->GetPortDevice(i.port)->SetMtu(i.mtu.value_or(1500));
                m_ipOwner[i.ip.address.Get()] = router->GetNode();
            });
        }
        // Groups come from what uses multicast (NSX logical switches in multicast or
        // hybrid replication); the switch itself is set here.
        router->SetMulticastRouting(r.multicastRouting);
        m_routers.emplace_back(r.name, router);
        NameNode(router->GetNode(), r.name);
    }
}

void
ScenarioBuilder::BuildRoutes()
{
    for (const auto& a : m_addresses)
    {
        if (!a.gateway)
        {
            continue;
        }
        try
        {
            RouterHelper::SetDefaultGateway(a.node, *a.gateway);
        }
        catch (const ConfigError& e)
        {
            throw BuildError(m_scenario.file + ": " + a.path + ".gateway: " + e.what());
        }
    }
    std::vector<Ptr<Ipv4Router>> routers;
    for (const auto& [name, r] : m_routers)
    {
        routers.push_back(r);
    }
    UnderlayRouting::PopulateRoutes(routers);
}

} // namespace vsim

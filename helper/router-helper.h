/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_ROUTER_HELPER_H
#define VSWITCH_ROUTER_HELPER_H

#include "ns3/ethernet-helper.h"
#include "ns3/ipv4-router.h"
#include "ns3/object-factory.h"
#include "ns3/physical-switch.h"
#include "ns3/underlay-routing.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief Builds the routed underlay: Ipv4Routers cabled to PhysicalSwitch ports, their
 *        routes, and the default gateways of the endpoints.
 *
 * \code
 *   RouterHelper routers;
 *   Ptr<Ipv4Router> r1 = routers.Install(CreateObject<Node>(), "r1");
 *   routers.AddInterface(r1, sw1, "Gi0/20", "192.168.250.1/24", 1600);
 *   routers.AddInterface(r1, sw2, "Gi0/1", "192.168.150.1/24", 1600, 150); // sub-interface
 *   routers.EnableMulticastRouting(r1, {Ipv4Address("239.1.1.1")});
 *   RouterHelper::PopulateRoutes();                                    // every router
 *   RouterHelper::SetDefaultGateway(hostNode, Ipv4Address("192.168.250.1"));
 *   uint16_t mtu = RouterHelper::PathMtu(hostNode, Ipv4Address("192.168.150.11"));
 * \endcode
 *
 * Interface devices are EthernetNetDevices (SetInterfaceAttribute sets their attributes,
 * e.g. DataRate); pcaps of an interface are named `<prefix>-<router>-<interface>.pcap`
 * with '/' and '.' kept out of the name ('_' instead of '/').
 */
class RouterHelper
{
  public:
    RouterHelper();

    /**
     * \param name an Ipv4Router attribute (Name, MulticastRouting)
     * \param value its value for routers installed from now on
     */
    void SetRouterAttribute(std::string name, const AttributeValue& value);

    /**
     * \param name an EthernetNetDevice attribute (DataRate, ...; the MTU is per interface)
     * \param value its value for interfaces added from now on
     */
    void SetInterfaceAttribute(std::string name, const AttributeValue& value);

    /**
     * \param name an EthernetChannel attribute (Delay)
     * \param value its value for the cables AddInterface makes
     */
    void SetCableAttribute(std::string name, const AttributeValue& value);

    /**
     * \brief Make a node a router: ns-3's InternetStack (when missing), IPv4 forwarding on,
     *        the Ipv4Router aggregated.
     * \param node the node
     * \param name the router's name ("" for the node's ns3::Names name, else routerN)
     * \return the router
     */
    Ptr<Ipv4Router> Install(Ptr<Node> node, const std::string& name = "");

    /**
     * \brief Add an interface cabled to a physical switch port.
     *
     * ConfigError when the port does not exist, already has a cable, is an access port
     * while a VLAN is given, is a trunk that does not carry the VLAN, or when the address
     * is wrong (see Ipv4Router::AddInterface).
     * \param router the router
     * \param sw the switch
     * \param port its port name ("Gi0/20")
     * \param address the interface address with its prefix ("192.168.250.1/24")
     * \param mtu the interface MTU (68-9216); the switch port it is cabled to gets it too
     * \param vlan 0: untagged (an access port, or a trunk's native VLAN); 1-4094: a tagged
     *        sub-interface (the port must be a trunk carrying it)
     * \param name the interface name ("" for GigabitEthernet0/N[.VLAN])
     * \return the interface device
     */
    Ptr<EthernetNetDevice> AddInterface(Ptr<Ipv4Router> router,
                                        Ptr<PhysicalSwitch> sw,
                                        const std::string& port,
                                        const std::string& address,
                                        uint16_t mtu = 1500,
                                        uint16_t vlan = 0,
                                        const std::string& name = "");

    /**
     * \brief Forward IPv4 multicast of some groups between all of a router's interfaces.
     * \param router the router
     * \param groups the groups (more can be added with Ipv4Router::AddMulticastGroup)
     */
    void EnableMulticastRouting(Ptr<Ipv4Router> router, const std::vector<Ipv4Address>& groups);

    /// Compute and install the routes of every router (UnderlayRouting::PopulateRoutes).
    static void PopulateRoutes();

    /**
     * \brief Give an endpoint node its default route (UnderlayRouting::SetDefaultGateway).
     * \param node a switch host, a VM, the host node of a vmknic
     * \param gateway a router address in the subnet of one of its interfaces
     */
    static void SetDefaultGateway(Ptr<Node> node, Ipv4Address gateway);

    /**
     * \param from the source node
     * \param dst the destination
     * \return the smallest IPv4 MTU along the routed path, 0 when there is none
     *         (UnderlayRouting::PathMtu)
     */
    static uint16_t PathMtu(Ptr<Node> from, Ipv4Address dst);

    /**
     * \brief Parse "a.b.c.d/len" into an interface address.
     * \param text the text
     * \param what what it is for, for the message
     * \return the address (ConfigError when it is not an address with a prefix of 1-32)
     */
    static Ipv4InterfaceAddress ParseAddress(const std::string& text, const std::string& what);

    /**
     * \brief Pcap of every interface of a router, as a tap on its cable would see it.
     * \param prefix file name prefix
     * \param router the router
     */
    void EnablePcap(std::string prefix, Ptr<Ipv4Router> router);

  private:
    ObjectFactory m_routerFactory; //!< routers
    EthernetHelper m_ethernet;     //!< interface devices and cables
    uint32_t m_routerCount;        //!< routers built, for default names
};

} // namespace ns3

#endif /* VSWITCH_ROUTER_HELPER_H */

/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_UNDERLAY_ROUTING_H
#define VSWITCH_UNDERLAY_ROUTING_H

#include "ns3/ipv4-address.h"
#include "ns3/ipv4-router.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

class Node;

/**
 * \ingroup vswitch
 * \brief Routes of the underlay, computed for the whole topology, and walks along them.
 *
 * ns-3's global routing cannot be used: GlobalRouter finds the routers on a link by
 * walking the channel and, through switches, only ns-3's BridgeNetDevice. A router port
 * cabled to a PhysicalSwitch ends at a device on a node whose SwitchNetDevice says
 * IsBridge() but is not a BridgeNetDevice, and GlobalRouter aborts there
 * ("GetObject for <BridgeNetDevice> failed"); an ESXi host's VSwitch does the same.
 *
 * So PopulateRoutes() computes the routes itself, in one place, from the routers'
 * interfaces:
 *
 *  - two routers are neighbours when they have an interface in the same subnet (same
 *    network and prefix): a subnet is taken to be one L2 segment (one VLAN across the
 *    physical switches); the L2 path itself is not checked;
 *  - from every router, a breadth-first search over that graph gives the fewest router
 *    hops to every other router; routers are visited in node-ID order and interfaces in
 *    the order they were added, so that among equal-cost paths the first found is taken,
 *    always the same one;
 *  - every subnet a router is not attached to gets one static route to the nearest
 *    router attached to it (ties: the router with the lower node ID), via the first hop of
 *    the path, metric the number of router hops; subnets no router reaches get none;
 *  - earlier computed routes are removed first, so calling it again after a change
 *    recomputes everything; static routes added by hand stay.
 *
 * Endpoints (switch hosts, VMs, vmknics) get their way out with SetDefaultGateway().
 */
class UnderlayRouting
{
  public:
    /// One hop of a routed path.
    struct Hop
    {
        Ptr<Node> node;      //!< the node that sends the packet on
        uint32_t interface;  //!< its output Ipv4 interface index
        uint16_t mtu;        //!< that interface's IPv4 MTU
        Ipv4Address nextHop; //!< gateway (0.0.0.0: the destination is on the link)
    };

    /// Compute and install the routes of every Ipv4Router in the simulation.
    static void PopulateRoutes();

    /**
     * \brief Compute and install the routes of some routers (only these count as the graph).
     * \param routers the routers
     */
    static void PopulateRoutes(std::vector<Ptr<Ipv4Router>> routers);

    /**
     * \brief Give an endpoint a default route (replacing the one it had).
     * \param node the node (a switch host, a VM, the host node of a vmknic); it must carry
     *        an IPv4 stack with Ipv4StaticRouting
     * \param gateway the router's address; it must be in the subnet of one of the node's
     *        interfaces (ConfigError otherwise)
     */
    static void SetDefaultGateway(Ptr<Node> node, Ipv4Address gateway);

    /**
     * \brief Follow the installed routes from a node to a destination, hop by hop.
     *
     * At each node the route is looked up as the node's own routing would for a packet
     * it sends (RouteOutput); the walk goes on at the node that owns the gateway address
     * and ends when the destination is on the output link or is the node's own address.
     * \param from the source node
     * \param dst the destination
     * \param complete set to whether the destination was reached (no missing route, no
     *        gateway that no node owns, no loop)
     * \return the hops taken
     */
    static std::vector<Hop> TracePath(Ptr<Node> from, Ipv4Address dst, bool* complete = nullptr);

    /**
     * \brief The smallest IPv4 MTU along the routed path: the source's output interface,
     *        then each router's output interface.
     * \param from the source node
     * \param dst the destination
     * \return the MTU, or 0 when there is no complete path
     */
    static uint16_t PathMtu(Ptr<Node> from, Ipv4Address dst);

    /**
     * \param address an address
     * \return the node that has it on one of its interfaces, or nullptr
     */
    static Ptr<Node> FindNodeWithAddress(Ipv4Address address);
};

} // namespace ns3

#endif /* VSWITCH_UNDERLAY_ROUTING_H */

/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_IPV4_ROUTER_H
#define VSWITCH_IPV4_ROUTER_H

#include "ns3/ethernet-net-device.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-interface-address.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

class Node;
class Ipv4StaticRouting;

/**
 * \ingroup vswitch
 * \brief An IPv4 router of the underlay: an ns-3 node that forwards IPv4 between the
 *        physical switches it is plugged into.
 *
 * The router is aggregated to its node (FromNode() finds it) and forwards with the node's
 * own ns-3 IPv4 stack (InternetStack, `IpForward` on): TTL decrement, ICMP time exceeded
 * and unreachable, ARP and the route lookup are ns-3's. What the class adds:
 *
 *  - interfaces: one EthernetNetDevice each (RouterHelper creates it and cables it to a
 *    PhysicalSwitch port), with an address and prefix, an MTU and optionally a VLAN ID
 *    (a tagged sub-interface on a trunk port, "GigabitEthernet0/1.100"); the checks a
 *    router's configuration makes (overlapping subnets, an address in use elsewhere);
 *  - static multicast routing: ns-3 has no PIM or IGMP, so when `MulticastRouting` is on,
 *    each group asked for with AddMulticastGroup() gets one Ipv4StaticRouting multicast
 *    route per interface, from that interface to all the others (ns-3 matches a multicast
 *    route on the group and the exact input interface; the origin is not looked at);
 *  - routes computed for the whole topology (UnderlayRouting::PopulateRoutes installs
 *    them here as static routes, see AddComputedRoute());
 *  - the views `show ip route` and `show ip interface brief` as Cisco IOS prints them, and
 *    the same as data;
 *  - trace sources and counters of what the node's Ipv4L3Protocol forwards and drops
 *    (its `UnicastForward`, `MulticastForward` and `Drop` traces, passed on).
 */
class Ipv4Router : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * TracedCallback signature for forwarded packets.
     * \param header the IPv4 header as it leaves (TTL already decremented)
     * \param packet the payload
     * \param interface the Ipv4 interface index it leaves by
     */
    typedef void (*ForwardTracedCallback)(const Ipv4Header& header,
                                          Ptr<const Packet> packet,
                                          uint32_t interface);

    /**
     * TracedCallback signature for dropped packets.
     * \param header the IPv4 header
     * \param packet the payload
     * \param reason ns-3's reason (TTL expired, no route, ...)
     * \param interface the Ipv4 interface index involved
     */
    typedef void (*DropTracedCallback)(const Ipv4Header& header,
                                       Ptr<const Packet> packet,
                                       Ipv4L3Protocol::DropReason reason,
                                       uint32_t interface);

    /// One interface of the router.
    struct Interface
    {
        std::string name;              //!< e.g. GigabitEthernet0/0, GigabitEthernet0/1.100
        uint32_t ipv4Index{0};         //!< its Ipv4 interface index on the node
        Ptr<EthernetNetDevice> device; //!< its device
        Ipv4InterfaceAddress address;  //!< address and mask
        uint16_t vlan{0};              //!< 802.1Q VLAN of a sub-interface (0: untagged)
    };

    /// Where a route came from (the IOS code letter).
    enum class RouteSource
    {
        Connected, //!< C: the subnet of an interface
        Local,     //!< L: the interface's own address
        Static     //!< S: a static or computed route (the next hop is another router)
    };

    /// One row of `show ip route`.
    struct Route
    {
        RouteSource source{RouteSource::Static}; //!< code
        Ipv4Address network;                     //!< destination network
        uint32_t prefix{0};                      //!< its prefix length
        Ipv4Address nextHop;                     //!< next hop (0.0.0.0: directly connected)
        std::string interface;                   //!< output interface name
        uint32_t metric{0};                      //!< metric (computed routes: hops)
    };

    /// One row of `show ip interface brief`.
    struct InterfaceBrief
    {
        std::string name; //!< interface name
        Ipv4Address ip;   //!< address
        bool adminUp;     //!< Status: up / administratively down
        bool protocolUp;  //!< Protocol: line protocol up / down
    };

    /// What the router's IPv4 layer did.
    struct Counters
    {
        uint64_t forwarded{0};                                //!< unicast packets forwarded
        uint64_t multicastForwarded{0};                       //!< multicast copies forwarded
        uint64_t dropped{0};                                  //!< packets dropped (every reason)
        std::map<Ipv4L3Protocol::DropReason, uint64_t> drops; //!< dropped, per reason
    };

    Ipv4Router();
    ~Ipv4Router() override;

    /**
     * \param node a node
     * \return the router aggregated to it, or nullptr
     */
    static Ptr<Ipv4Router> FromNode(Ptr<Node> node);

    /**
     * \brief Make a node this router: aggregate to it, switch IPv4 forwarding on and hook
     *        the IPv4 layer's traces.
     *
     * The node must carry ns-3's InternetStack (Ipv4 with an Ipv4StaticRouting in its
     * routing) and no other router.
     * \param node the node
     */
    void Attach(Ptr<Node> node);

    /// \return the router's name (the `Name` attribute)
    std::string GetName() const;

    /// \return the node (nullptr before Attach)
    Ptr<Node> GetNode() const;

    /**
     * \brief Add an interface on one of the node's devices.
     *
     * The device gets the VLAN as its `VlanId` (it then sends and accepts frames tagged
     * with it only). ConfigError when the device is not on the router's node or already an
     * interface, when the mask is not a contiguous prefix of 1-30 bits (or /31, /32), when
     * the address is the subnet's network or broadcast address, when the subnet overlaps
     * another interface's, or when another node already has the address.
     * \param device the device (MTU already set)
     * \param address address and mask
     * \param vlan 0 for an untagged interface, 1-4094 for a tagged sub-interface
     * \param name the interface name ("" for GigabitEthernet0/N, with ".VLAN" when tagged)
     * \return the index of the interface in GetInterfaces()
     */
    uint32_t AddInterface(Ptr<EthernetNetDevice> device,
                          Ipv4InterfaceAddress address,
                          uint16_t vlan = 0,
                          const std::string& name = "");

    /**
     * \brief Check an interface address as AddInterface() does, without adding anything.
     * \param address address and mask
     * \param ifName the interface, for the message
     */
    void CheckAddress(Ipv4InterfaceAddress address, const std::string& ifName) const;

    /// \return the interfaces, in the order they were added
    const std::vector<Interface>& GetInterfaces() const;

    /**
     * \param address an address
     * \return the interface whose subnet holds it, or nullptr
     */
    const Interface* FindInterfaceFor(Ipv4Address address) const;

    /**
     * \brief Add a static route.
     * \param network destination network
     * \param mask its mask
     * \param nextHop the next router; it must be in an interface's subnet (ConfigError)
     * \param metric its metric
     */
    void AddStaticRoute(Ipv4Address network,
                        Ipv4Mask mask,
                        Ipv4Address nextHop,
                        uint32_t metric = 0);

    /**
     * \brief Install a route computed for the topology (UnderlayRouting); such routes
     *        are replaced as a whole by ClearComputedRoutes() and the next computation.
     * \param network destination network
     * \param mask its mask
     * \param nextHop the next router
     * \param hops its distance in router hops
     */
    void AddComputedRoute(Ipv4Address network, Ipv4Mask mask, Ipv4Address nextHop, uint32_t hops);

    /// Remove every route AddComputedRoute() installed.
    void ClearComputedRoutes();

    /// \param enabled whether to forward IPv4 multicast between interfaces (`MulticastRouting`)
    void SetMulticastRouting(bool enabled);
    /// \return whether multicast is forwarded between interfaces
    bool IsMulticastRoutingEnabled() const;

    /**
     * \brief Forward a multicast group between all interfaces (once `MulticastRouting`
     *        is on): for each interface, a route from it to every other one.
     * \param group an IPv4 multicast address (224.0.0.0/4 without the link-local
     *        224.0.0.0/24, which routers never forward; ConfigError otherwise)
     */
    void AddMulticastGroup(Ipv4Address group);

    /// \return the groups asked for, in order
    const std::vector<Ipv4Address>& GetMulticastGroups() const;

    /// \return the routing table as `show ip route` lists it (sorted by network)
    std::vector<Route> GetRoutes() const;

    /**
     * \brief Print `show ip route` as Cisco IOS does.
     * \param os the stream
     */
    void ShowIpRoute(std::ostream& os) const;
    /// \return ShowIpRoute() as a string
    std::string ShowIpRoute() const;

    /// \return the rows of `show ip interface brief`
    std::vector<InterfaceBrief> GetInterfaceBrief() const;

    /**
     * \brief Print `show ip interface brief` as Cisco IOS does.
     * \param os the stream
     */
    void ShowIpInterfaceBrief(std::ostream& os) const;
    /// \return ShowIpInterfaceBrief() as a string
    std::string ShowIpInterfaceBrief() const;

    /// \return what the IPv4 layer forwarded and dropped
    const Counters& GetCounters() const;

    /// \return the node's Ipv4StaticRouting (the one routes go into)
    Ptr<Ipv4StaticRouting> GetStaticRouting() const;

  protected:
    void DoDispose() override;

  private:
    /// Re-install every multicast route from the groups and interfaces.
    void UpdateMulticastRoutes();
    /// Ipv4L3Protocol UnicastForward sink.
    void UnicastForwarded(const Ipv4Header& header, Ptr<const Packet> packet, uint32_t iface);
    /// Ipv4L3Protocol MulticastForward sink.
    void MulticastForwarded(const Ipv4Header& header, Ptr<const Packet> packet, uint32_t iface);
    /// Ipv4L3Protocol Drop sink.
    void Dropped(const Ipv4Header& header,
                 Ptr<const Packet> packet,
                 Ipv4L3Protocol::DropReason reason,
                 Ptr<Ipv4> ipv4,
                 uint32_t iface);
    /// \return the name of an Ipv4 interface index ("" for none of ours)
    std::string InterfaceName(uint32_t ipv4Index) const;
    /// \return "Ipv4Router NAME: " for messages
    std::string Who() const;

    /// A route AddComputedRoute() installed.
    struct ComputedRoute
    {
        Ipv4Address network; //!< destination
        Ipv4Mask mask;       //!< mask
        Ipv4Address nextHop; //!< next hop
        uint32_t interface;  //!< Ipv4 interface index
    };

    std::string m_name;                          //!< Name
    bool m_multicastRouting;                     //!< MulticastRouting
    Ptr<Node> m_node;                            //!< the node
    Ptr<Ipv4L3Protocol> m_ipv4;                  //!< its IPv4 layer
    std::vector<Interface> m_interfaces;         //!< interfaces
    std::vector<Ipv4Address> m_groups;           //!< multicast groups asked for
    std::vector<ComputedRoute> m_computedRoutes; //!< routes of the topology computation
    std::vector<std::pair<Ipv4Address, uint32_t>>
        m_multicastRoutes; //!< (group, input) we installed
    Counters m_counters;   //!< counters

    TracedCallback<const Ipv4Header&, Ptr<const Packet>, uint32_t> m_forwardTrace; //!< Forward
    TracedCallback<const Ipv4Header&, Ptr<const Packet>, uint32_t>
        m_multicastForwardTrace; //!< MulticastForward
    TracedCallback<const Ipv4Header&, Ptr<const Packet>, Ipv4L3Protocol::DropReason, uint32_t>
        m_dropTrace; //!< Drop
};

/**
 * \param source a route source
 * \return its IOS code letter ("C", "L", "S")
 */
std::string RouteSourceCode(Ipv4Router::RouteSource source);

} // namespace ns3

#endif /* VSWITCH_IPV4_ROUTER_H */

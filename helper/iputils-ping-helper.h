/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_IPUTILS_PING_HELPER_H
#define VSWITCH_IPUTILS_PING_HELPER_H

#include "ns3/application-container.h"
#include "ns3/ipv4-address.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief Installs IputilsPing applications: pings whose requests look like Linux iputils'.
 *
 * \code
 *   IputilsPingHelper ping(Ipv4Address("192.168.100.12"));
 *   ping.SetAttribute("Count", UintegerValue(5));
 *   ApplicationContainer apps = ping.Install(vm1);
 *   apps.Start(Seconds(1));
 * \endcode
 */
class IputilsPingHelper
{
  public:
    /**
     * \param remote the address to ping
     */
    explicit IputilsPingHelper(Ipv4Address remote);

    /**
     * \param name an IputilsPing attribute (Interval, Size, Count, Identifier, Verbose)
     * \param value its value for the applications installed from now on
     */
    void SetAttribute(std::string name, const AttributeValue& value);

    /**
     * \param node the pinging node (with an IPv4 stack)
     * \return the application
     */
    ApplicationContainer Install(Ptr<Node> node) const;

    /**
     * \param nodes the pinging nodes
     * \return one application per node
     */
    ApplicationContainer Install(NodeContainer nodes) const;

  private:
    ObjectFactory m_factory; //!< IputilsPing attributes
};

} // namespace ns3

#endif /* VSWITCH_IPUTILS_PING_HELPER_H */

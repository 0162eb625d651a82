/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_NSX_HELPER_H
#define VSWITCH_NSX_HELPER_H

#include "ns3/logical-switch.h"
#include "ns3/nsx-controller-cluster.h"
#include "ns3/object-factory.h"
#include "ns3/vtep.h"

#include <string>
#include <vector>

namespace ns3
{

class DistributedSwitch;
class EsxiHost;

/**
 * \ingroup vswitch
 * \brief Builds an NSX deployment: the controller cluster, logical switches, and a VTEP on
 *        each prepared host, every VTEP carrying every logical switch (one transport zone).
 *
 * \code
 *   NsxHelper nsx;                       // three controllers, 192.168.110.201-203
 *   nsx.AddLogicalSwitch(5001, "web");   // unicast replication, ARP suppression on
 *   Vtep::Config c;
 *   c.ip = "192.168.250.51"; c.gateway = "192.168.250.2";
 *   nsx.InstallVtep(esxi01, dvs, c);     // vmk3; port group "web" appears on esxi01
 *   esxi01->AddVm(vmA, "web");
 * \endcode
 */
class NsxHelper
{
  public:
    /// A helper whose cluster has the three default controllers (controller-1..3,
    /// 192.168.110.201..203); ClearControllers() to name your own.
    NsxHelper();

    /**
     * \param name an attribute of ns3::NsxControllerCluster (e.g. ControlPlaneDelay)
     * \param value its value
     */
    void SetClusterAttribute(std::string name, const AttributeValue& value);
    /**
     * \param name an attribute of ns3::Vtep (UdpPort, Ttl, MacAgingTime, ...), for the VTEPs
     *        installed after this call
     * \param value its value
     */
    void SetVtepAttribute(std::string name, const AttributeValue& value);

    /// Remove the default controllers (before AddController; before anything is installed).
    void ClearControllers();
    /**
     * \param name the controller's name
     * \param ip its IP
     */
    void AddController(const std::string& name, Ipv4Address ip);

    /**
     * \brief Add a logical switch; every VTEP (installed before or after) carries it.
     * \param vni its VNI (5000-16777215, unique)
     * \param name its name and its port groups' (unique)
     * \param mode the replication mode
     * \param arpSuppression ARP suppression
     * \param group the multicast group (multicast and hybrid)
     * \return the logical switch
     */
    Ptr<LogicalSwitch> AddLogicalSwitch(uint32_t vni,
                                        const std::string& name,
                                        LogicalSwitch::Replication mode = LogicalSwitch::Unicast,
                                        bool arpSuppression = true,
                                        Ipv4Address group = Ipv4Address::GetAny());

    /**
     * \brief Prepare a host: give it a VTEP on a distributed switch it is a member of.
     * \param host the host (one VTEP per host)
     * \param dvs the distributed switch
     * \param config the VTEP's vmknic, IP, gateway, VLAN, MAC (IPs unique)
     * \return the VTEP
     */
    Ptr<Vtep> InstallVtep(Ptr<EsxiHost> host, Ptr<DistributedSwitch> dvs, const Vtep::Config& config);

    /// \return the controller cluster
    Ptr<NsxControllerCluster> GetCluster() const;
    /// \return the VTEPs, in the order they were installed
    const std::vector<Ptr<Vtep>>& GetVteps() const;
    /// \param host a host \return its VTEP, or nullptr
    Ptr<Vtep> GetVtep(Ptr<EsxiHost> host) const;
    /// \param cb the underlay's path MTU, given to every VTEP (installed before or after)
    void SetPathMtuFunction(Vtep::PathMtuCallback cb);

  private:
    ObjectFactory m_vtepFactory;            //!< VTEPs
    Ptr<NsxControllerCluster> m_cluster;    //!< the cluster
    std::vector<Ptr<Vtep>> m_vteps;         //!< installed VTEPs
    Vtep::PathMtuCallback m_pathMtu;        //!< path MTU for the VTEPs
};

} // namespace ns3

#endif /* VSWITCH_NSX_HELPER_H */

/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_ESXI_HOST_HELPER_H
#define VSWITCH_ESXI_HOST_HELPER_H

#include "ns3/esxi-host.h"
#include "ns3/ethernet-helper.h"
#include "ns3/object-factory.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief Builds ESXi hosts: the host object on a node, its physical NICs and vSwitch0.
 *
 * \code
 *   EsxiHostHelper esxi;
 *   esxi.SetUplinkAttribute("DataRate", StringValue("10Gbps"));
 *   Ptr<EsxiHost> h1 = esxi.Install(hostNode1, {"vmnic2", "vmnic3"}, "esxi01");
 *   h1->AddPortGroup("VM Network", 100);                    // on vSwitch0
 *   h1->ConnectUplink("vmnic2", sw, "Gi0/1");
 *   h1->ConnectUplink("vmnic3", sw, "Gi0/2");
 *   Ptr<VnicNetDevice> vnic = h1->AddVm(vmNode, "VM Network");  // MAC from 00:50:56
 * \endcode
 *
 * A nested ESXi host runs in a VM of another host:
 * \code
 *   Ptr<EsxiHost> nested = esxi.InstallNested(h1, vmNode, {"Nested Trunk"}, "nested01");
 *   nested->AddPortGroup("Nested VMs", 0);
 *   nested->AddVm(innerVm, "Nested VMs");
 * \endcode
 */
class EsxiHostHelper
{
  public:
    EsxiHostHelper();

    /**
     * \param name an EthernetNetDevice attribute (DataRate, Mtu, ...)
     * \param value its value for the physical NICs created from now on
     */
    void SetUplinkAttribute(std::string name, const AttributeValue& value);

    /**
     * \param name an EthernetChannel attribute (Delay)
     * \param value its value for the cables ConnectUplink makes
     */
    void SetCableAttribute(std::string name, const AttributeValue& value);

    /**
     * \param name a VSwitch attribute (ReversePathFwdCheck, SecurityDefaults, ...)
     * \param value its value for the vSwitches of hosts installed from now on
     */
    void SetVSwitchAttribute(std::string name, const AttributeValue& value);

    /**
     * \brief Build an ESXi host with its NICs and a standard vSwitch0 whose uplinks are all
     *        of them.
     * \param node the host node
     * \param nics the physical NIC names, e.g. {"vmnic0", "vmnic1"}
     * \param name the host name (default: the node's ns3::Names name, else esxiN)
     * \return the host
     */
    Ptr<EsxiHost> Install(Ptr<Node> node,
                          const std::vector<std::string>& nics,
                          const std::string& name = "");

    /**
     * \brief Build an ESXi host with its NICs and no vSwitch (add them with AddVSwitch).
     * \param node the host node
     * \param nics the physical NIC names
     * \param name the host name
     * \return the host
     */
    Ptr<EsxiHost> InstallWithoutVSwitch(Ptr<Node> node,
                                        const std::vector<std::string>& nics,
                                        const std::string& name = "");

    /**
     * \brief Build a nested ESXi host in a VM of an outer host. The VM gets one vNIC per
     *        outer port group (promiscuous, as ESXi runs its NICs); they are the nested
     *        host's vmnic0, vmnic1, ..., and the uplinks of its vSwitch0.
     * \param outer the outer host
     * \param vm the VM node (not yet a VM of the outer host)
     * \param outerPortGroups the outer port group of each nested vmnic, in order
     * \param name the nested host's name (also the VM's name on the outer host)
     * \param createVSwitch0 false to leave vSwitch creation to the caller
     * \param macs the MACs of the VM's vNICs, in order (missing ones: VMware's range)
     * \return the nested host
     */
    Ptr<EsxiHost> InstallNested(Ptr<EsxiHost> outer,
                                Ptr<Node> vm,
                                const std::vector<std::string>& outerPortGroups,
                                const std::string& name,
                                bool createVSwitch0 = true,
                                const std::vector<Mac48Address>& macs = {});

    /**
     * \brief Pcap of a host's physical NIC, as a tap on its cable would see it.
     * \param prefix file name prefix; the file is `<prefix>-<host>-<nic>.pcap`
     * \param host the host
     * \param nic the NIC name
     */
    void EnablePcap(std::string prefix, Ptr<EsxiHost> host, std::string nic);

  private:
    /// Create the host object on a node.
    Ptr<EsxiHost> CreateHost(Ptr<Node> node, const std::string& name);

    EthernetHelper m_ethernet;     //!< NICs and cables
    ObjectFactory m_vswitchFactory; //!< vSwitch attributes
    uint32_t m_hostCount;          //!< hosts built, for default names
};

} // namespace ns3

#endif /* VSWITCH_ESXI_HOST_HELPER_H */

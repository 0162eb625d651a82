/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_PHYSICAL_SWITCH_HELPER_H
#define VSWITCH_PHYSICAL_SWITCH_HELPER_H

#include "ns3/ethernet-helper.h"
#include "ns3/object-factory.h"
#include "ns3/physical-switch.h"
#include "ns3/trace-helper.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief Builds PhysicalSwitches: the switch device and its named Ethernet ports on one node.
 *
 * \code
 *   PhysicalSwitchHelper pswitch;
 *   pswitch.SetPortAttribute("DataRate", StringValue("10Gbps"));
 *   Ptr<PhysicalSwitch> sw = pswitch.Install(switchNode, 4);   // Gi0/1 .. Gi0/4
 *   sw->SetTrunkPort("Gi0/1", {50, 100});
 *   EthernetHelper eth;
 *   eth.Install(hostNode, sw->GetPortDevice("Gi0/1"));        // cable a host to Gi0/1
 *   pswitch.EnablePcap("lab", sw);                            // one pcap per port
 * \endcode
 *
 * Pcap files of switch ports are named `<prefix>-<switch>-<port>.pcap` with '/' in port
 * names replaced by '_' (lab-pswitch1-Gi0_1.pcap).
 */
class PhysicalSwitchHelper : public PcapHelperForDevice, public AsciiTraceHelperForDevice
{
  public:
    PhysicalSwitchHelper();
    ~PhysicalSwitchHelper() override = default;

    /**
     * \param name a PhysicalSwitch attribute (Name, MacAgingTime, LagHash, ...)
     * \param value its value for switches created from now on
     */
    void SetSwitchAttribute(std::string name, const AttributeValue& value);

    /**
     * \param name an EthernetNetDevice attribute (DataRate, Mtu, ...)
     * \param value its value for ports created from now on
     */
    void SetPortAttribute(std::string name, const AttributeValue& value);

    /**
     * \brief Set the port transmit queue type and up to two of its attributes.
     * \param type the queue TypeId name
     * \param n1 attribute name
     * \param v1 attribute value
     * \param n2 attribute name
     * \param v2 attribute value
     */
    void SetQueue(std::string type,
                  std::string n1 = "",
                  const AttributeValue& v1 = EmptyAttributeValue(),
                  std::string n2 = "",
                  const AttributeValue& v2 = EmptyAttributeValue());

    /// \param prefix prefix of generated port names ("Gi0/" gives Gi0/1, Gi0/2, ...)
    void SetPortNamePrefix(std::string prefix);

    /**
     * \brief Build a switch with numbered ports.
     *
     * The switch is named after the node (ns3::Names) unless the `Name` attribute was set.
     * \param node the switch node
     * \param nPorts how many ports
     * \return the switch
     */
    Ptr<PhysicalSwitch> Install(Ptr<Node> node, uint32_t nPorts);

    /**
     * \brief Build a switch with named ports.
     * \param node the switch node
     * \param portNames the port names, in order
     * \return the switch
     */
    Ptr<PhysicalSwitch> Install(Ptr<Node> node, const std::vector<std::string>& portNames);

    /**
     * \brief Build a switch on a node given by name.
     * \param nodeName the node's name (ns3::Names)
     * \param nPorts how many ports
     * \return the switch
     */
    Ptr<PhysicalSwitch> Install(std::string nodeName, uint32_t nPorts);

    /**
     * \brief Pcap of one switch port.
     * \param prefix file name prefix
     * \param sw the switch
     * \param port the port name
     */
    void EnablePortPcap(std::string prefix, Ptr<PhysicalSwitch> sw, std::string port);

    /**
     * \brief Pcap of every port of a switch.
     * \param prefix file name prefix
     * \param sw the switch
     */
    void EnablePcap(std::string prefix, Ptr<PhysicalSwitch> sw);

    using PcapHelperForDevice::EnablePcap;

    /**
     * \param prefix file name prefix
     * \param sw the switch
     * \param port the port name
     * \return the file name EnablePortPcap writes
     */
    static std::string GetPortPcapFilename(std::string prefix,
                                           Ptr<PhysicalSwitch> sw,
                                           std::string port);

  private:
    void EnablePcapInternal(std::string prefix,
                            Ptr<NetDevice> nd,
                            bool promiscuous,
                            bool explicitFilename) override;

    void EnableAsciiInternal(Ptr<OutputStreamWrapper> stream,
                             std::string prefix,
                             Ptr<NetDevice> nd,
                             bool explicitFilename) override;

    ObjectFactory m_switchFactory; //!< switches
    EthernetHelper m_ethernet;     //!< port devices
    std::string m_portPrefix;      //!< port name prefix
};

} // namespace ns3

#endif /* VSWITCH_PHYSICAL_SWITCH_HELPER_H */

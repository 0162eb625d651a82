/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_ETHERNET_HELPER_H
#define VSWITCH_ETHERNET_HELPER_H

#include "ns3/attribute.h"
#include "ns3/ethernet-channel.h"
#include "ns3/ethernet-net-device.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/trace-helper.h"

#include <string>

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief Builds full-duplex Ethernet links: EthernetNetDevices joined by an EthernetChannel.
 *
 * The PointToPointHelper of this module:
 * \code
 *   EthernetHelper eth;
 *   eth.SetDeviceAttribute("DataRate", StringValue("10Gbps"));
 *   eth.SetChannelAttribute("Delay", StringValue("1us"));
 *   NetDeviceContainer devs = eth.Install(nodeA, nodeB);
 *   eth.EnablePcapAll("lab");
 * \endcode
 *
 * Every device gets a MAC from Mac48Address::Allocate(), a transmit queue from the queue
 * factory (`ns3::DropTailQueue<Packet>`, 100 frames, by default) and a
 * NetDeviceQueueInterface so that ns-3's traffic control layer sees back-pressure.
 *
 * Pcap files are Ethernet (DLT_EN10MB): Wireshark shows 802.1Q tags. Ascii traces use
 * '+' (accepted for transmit), '-' (starts on the wire), 'r' (received) and 'd' (dropped,
 * followed by the drop reason).
 */
class EthernetHelper : public PcapHelperForDevice, public AsciiTraceHelperForDevice
{
  public:
    EthernetHelper();
    ~EthernetHelper() override = default;

    /**
     * \brief Set the transmit queue type and up to two of its attributes.
     * \param type the queue TypeId name, e.g. "ns3::DropTailQueue<Packet>"
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

    /**
     * \param name an EthernetNetDevice attribute
     * \param value its value for every device created from now on
     */
    void SetDeviceAttribute(std::string name, const AttributeValue& value);

    /**
     * \param name an EthernetChannel attribute
     * \param value its value for every channel created from now on
     */
    void SetChannelAttribute(std::string name, const AttributeValue& value);

    /**
     * \brief Cable two nodes together.
     * \param c exactly two nodes
     * \return the two new devices, in the order of the nodes
     */
    NetDeviceContainer Install(NodeContainer c);

    /**
     * \brief Cable two nodes together.
     * \param a one node
     * \param b the other
     * \return the two new devices
     */
    NetDeviceContainer Install(Ptr<Node> a, Ptr<Node> b);

    /**
     * \brief Cable two nodes given by name (ns3::Names).
     * \param aName one node
     * \param bName the other
     * \return the two new devices
     */
    NetDeviceContainer Install(std::string aName, std::string bName);

    /**
     * \brief Give a node a new NIC and cable it to an existing, unattached device
     *        (e.g. a PhysicalSwitch port).
     * \param a the node
     * \param b the device to plug into
     * \return the new device on a, then b
     */
    NetDeviceContainer Install(Ptr<Node> a, Ptr<EthernetNetDevice> b);

    /**
     * \brief Cable two existing, unattached devices.
     * \param a one device
     * \param b the other
     * \return the two devices
     */
    NetDeviceContainer Install(Ptr<EthernetNetDevice> a, Ptr<EthernetNetDevice> b);

    /**
     * \brief Create one device on a node, not yet cabled.
     * \param node the node
     * \return the device
     */
    Ptr<EthernetNetDevice> CreateDevice(Ptr<Node> node) const;

    /**
     * \brief The channel between two devices, once cabled.
     * \param device one end
     * \return its channel, or nullptr
     */
    static Ptr<EthernetChannel> GetChannel(Ptr<NetDevice> device);

  protected:
    /**
     * \brief Make the cable for two devices about to be joined.
     *
     * An EthernetChannel from the channel factory; a subclass may choose another kind
     * (EthernetMpiHelper: a cable between MPI ranks when the nodes' system ids differ).
     * \param a one device
     * \param b the other
     * \return the channel, not yet attached
     */
    virtual Ptr<EthernetChannel> CreateChannel(Ptr<EthernetNetDevice> a, Ptr<EthernetNetDevice> b);

    /// \return the factory of the channels, with the attributes set so far
    const ObjectFactory& GetChannelFactory() const;

  private:
    void EnablePcapInternal(std::string prefix,
                            Ptr<NetDevice> nd,
                            bool promiscuous,
                            bool explicitFilename) override;

    void EnableAsciiInternal(Ptr<OutputStreamWrapper> stream,
                             std::string prefix,
                             Ptr<NetDevice> nd,
                             bool explicitFilename) override;

    ObjectFactory m_queueFactory;   //!< transmit queues
    ObjectFactory m_deviceFactory;  //!< devices
    ObjectFactory m_channelFactory; //!< channels
};

} // namespace ns3

#endif /* VSWITCH_ETHERNET_HELPER_H */

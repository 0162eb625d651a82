/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_TAP_PORT_HELPER_H
#define VSWITCH_TAP_PORT_HELPER_H

#include "ns3/ethernet-helper.h"
#include "ns3/l2-net-device.h"
#include "ns3/physical-switch.h"
#include "ns3/realtime-lag-monitor.h"
#include "ns3/tap-port.h"

#include <string>

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief Puts real hosts in the loop: binds a physical switch port, or a vNIC, to a Linux
 *        tap interface (TapPort).
 *
 * \code
 *   GlobalValue::Bind("SimulatorImplementationType",
 *                     StringValue("ns3::RealtimeSimulatorImpl"));   // before anything else
 *   ...                                                            // build the topology
 *   TapPortHelper taps;
 *   Ptr<TapPort> tap = taps.Attach(sw, "Gi0/9", "vsw0");            // ip tuntap add vsw0 mode tap
 *   Ptr<RealtimeLagMonitor> lag = TapPortHelper::MonitorLag();
 *   Simulator::Stop(Seconds(30));
 *   Simulator::Run();
 *   std::cout << "max lag " << lag->GetMaxLag().As(Time::MS) << "\n";
 * \endcode
 *
 * A switch port is attached through a cable: the helper puts an EthernetNetDevice on a node
 * of its own, cables it to the port (EthernetHelper, whose device and channel attributes
 * SetDeviceAttribute and SetChannelAttribute set) and binds that device to the tap. The
 * port's configuration (access VLAN, trunk) applies to the frames of the tap as to any
 * cable's: untagged on an access port, 802.1Q-tagged on a trunk.
 *
 * The real-time scheduler must be chosen before the first simulator call (ns-3 creates the
 * scheduler on first use); Attach refuses otherwise.
 */
class TapPortHelper
{
  public:
    TapPortHelper();

    /**
     * \param name an EthernetNetDevice attribute (DataRate, Mtu, ...) of the tap-side device
     * \param value its value
     */
    void SetDeviceAttribute(std::string name, const AttributeValue& value);

    /**
     * \param name an EthernetChannel attribute (Delay) of the cable to the port
     * \param value its value
     */
    void SetChannelAttribute(std::string name, const AttributeValue& value);

    /**
     * \param create true: the tap is created by the port (it must not exist, and it
     *        disappears when the port stops); false (the default): the tap must exist
     */
    void SetCreate(bool create);

    /**
     * \brief Bind a switch port to a tap.
     * \param sw the switch
     * \param port its port (unused: nothing cabled to it)
     * \param tapName the Linux interface
     * \return the tap port (aggregated to the tap-side device)
     */
    Ptr<TapPort> Attach(Ptr<PhysicalSwitch> sw,
                        const std::string& port,
                        const std::string& tapName);

    /**
     * \brief Bind a vNIC (or any L2NetDevice) to a tap: its frames go to the tap instead of
     *        its node's IP stack, so the Linux side acts as the guest.
     * \param device the device
     * \param tapName the Linux interface
     * \return the tap port (aggregated to the device)
     */
    Ptr<TapPort> Attach(Ptr<L2NetDevice> device, const std::string& tapName);

    /**
     * \brief Start a lag monitor (the real-time scheduler's delay behind the wall clock).
     * \param interval sampling interval (simulated time)
     * \param lateThreshold a sample later than this counts as late
     * \return the monitor
     */
    static Ptr<RealtimeLagMonitor> MonitorLag(Time interval = MilliSeconds(10),
                                              Time lateThreshold = MilliSeconds(10));

  private:
    EthernetHelper m_ethernet; //!< the cable to a switch port
    bool m_create{false};      //!< create the taps
};

} // namespace ns3

#endif /* VSWITCH_TAP_PORT_HELPER_H */

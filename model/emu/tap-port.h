/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_TAP_PORT_H
#define VSWITCH_TAP_PORT_H

#include "ns3/l2-net-device.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"

#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ns3
{

class Packet;

/**
 * \ingroup vswitch
 * \brief Binds an Ethernet device of the simulation to a Linux tap interface: real hosts in
 *        the loop.
 *
 * The tap port opens `/dev/net/tun` with `IFF_TAP | IFF_NO_PI` on a named interface (an
 * existing tap made with `ip tuntap add NAME mode tap`, or one it creates) and takes the
 * device's frames in bridge-port mode (L2NetDevice::SetFrameReceiveCallback):
 *
 *  - every frame the device receives from its wire is written to the tap as it is (Ethernet
 *    header, 802.1Q tag when it has one, payload; no FCS), so the kernel sees what the
 *    simulated wire carried;
 *  - every frame the kernel sends on the tap is read by a reader thread, handed to the
 *    simulation with Simulator::ScheduleWithContext (the real-time scheduler takes events
 *    from other threads) and sent by the device as it is (L2NetDevice::SendFrame: padded to
 *    60 bytes when shorter, nothing else changed).
 *
 * The device is normally the far end of a cable plugged into a physical switch port
 * (TapPortHelper::Attach), so a port in access mode exchanges untagged frames with the tap
 * and a trunk port tagged ones (a VLAN sub-interface on the Linux side), or a VM's vNIC that
 * has no IP stack of its own (the Linux side is then the guest).
 *
 * It needs ns3::RealtimeSimulatorImpl (Open refuses otherwise: the default scheduler is
 * neither thread-safe nor tied to the wall clock) and CAP_NET_ADMIN. The reader thread only
 * reads and queues; packets are created in the simulator's thread. Stop() (also run by
 * DoDispose, so by Simulator::Destroy through the node) ends and joins the thread and closes
 * the file descriptor; a tap the port created disappears with it.
 */
class TapPort : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TapPort();
    ~TapPort() override;

    /**
     * \brief Check, without keeping anything open, that a tap can be used: the privilege,
     *        the interface (a tap, not in use by another process; or free to create).
     * \param tapName the interface name
     * \param create the tap is to be created (it must not exist) rather than attached to
     * \return "" when it can; otherwise what is wrong and what to do about it
     */
    static std::string Preflight(const std::string& tapName, bool create);

    /// \return whether the process has CAP_NET_ADMIN in its effective set
    static bool HasNetAdmin();

    /**
     * \brief Open the tap and bind it to a device (ConfigError when it cannot; the message
     *        says why and what would be right). Starts the reader thread.
     * \param device the device; its received frames go to the tap from now on
     * \param tapName the interface name (at most 15 characters)
     * \param create create the tap (it vanishes when the port is stopped) instead of
     *        attaching to an existing one
     */
    void Open(Ptr<L2NetDevice> device, const std::string& tapName, bool create);

    /**
     * \brief Set the interface up and, when given, its IPv4 address (the Linux side's).
     * \param address "a.b.c.d/len", or "" to leave the addresses alone
     */
    void ConfigureLinux(const std::string& address);

    /// \brief End the reader thread, close the tap. Safe to call twice.
    void Stop();

    /// \return the tap's name
    std::string GetTapName() const;
    /// \return the bound device
    Ptr<L2NetDevice> GetDevice() const;
    /// \return frames read from the tap and sent into the simulation
    uint64_t GetFramesIn() const;
    /// \return frames of the simulation written to the tap
    uint64_t GetFramesOut() const;
    /// \return frames that could not be written to the tap (kernel queue full, interface down)
    uint64_t GetWriteErrors() const;
    /// \return frames read from the tap that were too short for an Ethernet header
    uint64_t GetRuntFrames() const;

  protected:
    void DoDispose() override;

  private:
    /// At the start of the simulation: start the reader thread.
    void StartReader();
    /// The reader thread's loop.
    void ReadLoop();
    /// In the simulator's thread: send what the reader queued.
    void Drain();
    /// Bridge-port receive: a frame from the device's wire goes to the tap.
    void FromDevice(Ptr<L2NetDevice> device, Ptr<Packet> frame, const EthernetVlanHeader& header);

    std::string m_tapName;           //!< interface name
    Ptr<L2NetDevice> m_device;       //!< the bound device
    uint32_t m_context{0};           //!< node ID of the device (events' context)
    Time m_zero{0};                  //!< the reader's event delay (made in the main thread)
    int m_fd{-1};                    //!< the tap's file descriptor
    int m_wakeFd[2]{-1, -1};         //!< pipe that ends the reader's poll
    std::thread m_reader;            //!< the reader thread
    std::atomic<bool> m_stop{false}; //!< the reader must end

    std::mutex m_mutex;                       //!< guards m_queue and m_drainScheduled
    std::deque<std::vector<uint8_t>> m_queue; //!< frames read, not yet sent
    bool m_drainScheduled{false};             //!< a Drain event is pending

    uint64_t m_framesIn{0};    //!< tap -> simulation
    uint64_t m_framesOut{0};   //!< simulation -> tap
    uint64_t m_writeErrors{0}; //!< failed writes
    uint64_t m_runts{0};       //!< frames too short

    TracedCallback<Ptr<const Packet>> m_fromTapTrace; //!< a frame read from the tap
    TracedCallback<Ptr<const Packet>> m_toTapTrace;   //!< a frame written to the tap
};

} // namespace ns3

#endif /* VSWITCH_TAP_PORT_H */

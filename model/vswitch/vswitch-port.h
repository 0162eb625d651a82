/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_VSWITCH_PORT_H
#define VSWITCH_VSWITCH_PORT_H

#include "ns3/drop-reason.h"
#include "ns3/mac48-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"

#include <string>

namespace ns3
{

class PortGroup;
class VSwitch;
class VnicChannel;
class VnicNetDevice;

/**
 * \ingroup vswitch
 * \brief One virtual port of a vSwitch, with a vNIC or VMkernel NIC attached.
 *
 * The port ID is what pktcap-uw's --switchport takes and net-stats prints:
 * (portset index << 24) | port index, e.g. 50331657 = 0x03000009.
 */
class VSwitchPort : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// What is attached, with the type number net-stats prints.
    enum class ClientType : uint8_t
    {
        Vmknic = 3, //!< a VMkernel NIC (vmkN)
        VmNic = 5   //!< a VM's vNIC
    };

    /// Frame counters of the port, from the switch's side.
    struct Counters
    {
        uint64_t fromClientFrames{0}; //!< frames the vNIC sent into the switch
        uint64_t fromClientBytes{0};  //!< their bytes
        uint64_t toClientFrames{0};   //!< frames handed to the vNIC
        uint64_t toClientBytes{0};    //!< their bytes
        DropCounters drops;           //!< frames dropped at this port, per reason
    };

    VSwitchPort();
    ~VSwitchPort() override;

    /// \return the port ID
    uint32_t GetPortId() const;
    /// \return the dvPort number (a distributed switch's port, kept across vMotion and
    ///         reconnects), kNoDvPort on a standard switch
    uint32_t GetDvPort() const;
    /// \return the vSwitch
    Ptr<VSwitch> GetVSwitch() const;
    /// \return the port group
    Ptr<PortGroup> GetPortGroup() const;
    /// \return the client name, e.g. "vm1.eth0" or "vmk0"
    std::string GetClientName() const;
    /// \return the client type
    ClientType GetClientType() const;
    /// \return the attached vNIC
    Ptr<VnicNetDevice> GetVnic() const;
    /// \return the MAC the hypervisor assigned (the .vmx MAC)
    Mac48Address GetInitialMac() const;
    /// \return the MAC the guest set (equal to the initial one unless the guest changed it)
    Mac48Address GetEffectiveMac() const;
    /// \return whether the vNIC is in promiscuous mode and the policy accepts it
    bool IsPromiscuous() const;
    /// \return the uplink the port is teamed to now ("" when none, "all(n)" for IP hash)
    std::string GetTeamUplink() const;
    /// \return MACs learned on this port (MAC learning)
    uint32_t GetLearnedMacCount() const;
    /// \return the counters
    const Counters& GetCounters() const;

    static constexpr uint32_t kNoDvPort = 0xffffffff; //!< not a distributed switch's port

  protected:
    void DoDispose() override;

  private:
    friend class VSwitch;
    friend class NicTeaming;
    friend class VSwitchMacTable;

    static constexpr uint32_t kNoUplink = 0xffffffff; //!< not teamed to an uplink

    VSwitch* m_vswitch{nullptr};          //!< owner
    Ptr<PortGroup> m_group;               //!< port group
    Ptr<VnicNetDevice> m_vnic;            //!< the attached vNIC
    Ptr<VnicChannel> m_channel;           //!< its channel
    std::string m_client;                 //!< client name
    ClientType m_type{ClientType::VmNic}; //!< client type
    uint32_t m_portId{0};                 //!< port ID
    uint32_t m_dvPort{kNoDvPort};         //!< dvPort number (distributed switches)
    uint64_t m_initialMac{0};             //!< initial MAC (table key form)
    uint64_t m_effectiveMac{0};           //!< effective MAC (table key form)
    bool m_guestPromiscuous{false};       //!< vNIC in promiscuous mode
    bool m_promiscuous{false};            //!< guest promiscuous and policy Accept
    uint32_t m_uplink{kNoUplink};         //!< uplink it transmits on (per-port policies)
    uint32_t m_loadOverride{kNoUplink};   //!< uplink chosen by physical NIC load balancing
    uint32_t m_learned{0};                //!< MACs learned here
    Time m_learnedExpiry;                 //!< no learned entry of the port ages out before this
    bool m_overlayRarp{false};            //!< announce by RARP into its logical switch (moved)
    Time m_powerOn;                       //!< its VM's power-on: no announcement before it
    uint64_t m_loadBytes{0};              //!< bytes sent in the current load interval
    Counters m_counters;                  //!< counters
};

} // namespace ns3

#endif /* VSWITCH_VSWITCH_PORT_H */

/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_LOGICAL_SWITCH_H
#define VSWITCH_LOGICAL_SWITCH_H

#include "ns3/ipv4-address.h"
#include "ns3/object.h"

#include <string>

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief An NSX logical switch: a VNI, and the port group named after it on every host
 *        whose VTEP carries it (spec section 9).
 *
 * Its settings are attributes: `Vni` (5000-16777215), `Name` (the port group's name),
 * `Replication` (how BUM traffic reaches the other VTEPs: unicast, multicast or hybrid),
 * `ArpSuppression` (on by default) and `MulticastGroup` (needed by multicast and hybrid).
 * NsxHelper creates logical switches and binds them to the VTEPs.
 */
class LogicalSwitch : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// BUM replication mode (unscoped so that EnumValue can carry it).
    enum Replication : uint8_t
    {
        Unicast = 0, //!< a copy to each VTEP of the own segment, one to a UTEP per other segment
        Multicast,   //!< one copy to the VNI's group; the underlay carries it
        Hybrid       //!< L2 multicast in the own segment, a copy to an MTEP per other segment
    };

    /// The lowest VNI NSX hands out.
    static constexpr uint32_t kMinVni = 5000;
    /// The highest VNI (24 bits).
    static constexpr uint32_t kMaxVni = 16777215;

    LogicalSwitch();
    ~LogicalSwitch() override;

    /// \return the VNI
    uint32_t GetVni() const;
    /// \return the name (of its port groups)
    std::string GetName() const;
    /// \return the replication mode
    Replication GetReplication() const;
    /// \return whether ARP suppression is on
    bool IsArpSuppression() const;
    /// \return the multicast group (0.0.0.0 when none)
    Ipv4Address GetMulticastGroup() const;

    /// \param mode a mode \return "unicast", "multicast", "hybrid"
    static const char* ReplicationName(Replication mode);

    /**
     * \brief Check the settings (ConfigError naming what is wrong): the VNI's range, a name,
     *        a multicast group for multicast and hybrid.
     */
    void Check() const;

  private:
    uint32_t m_vni;             //!< Vni
    std::string m_name;         //!< Name
    Replication m_replication;  //!< Replication
    bool m_arpSuppression;      //!< ArpSuppression
    Ipv4Address m_group;        //!< MulticastGroup
};

} // namespace ns3

#endif /* VSWITCH_LOGICAL_SWITCH_H */

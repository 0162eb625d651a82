/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_DISTRIBUTED_PORT_GROUP_H
#define VSWITCH_DISTRIBUTED_PORT_GROUP_H

#include "mac-learning-policy.h"
#include "security-policy.h"
#include "teaming-policy.h"

#include "ns3/object.h"
#include "ns3/ptr.h"

#include <string>

namespace ns3
{

class DistributedSwitch;
class EsxiHost;
class PortGroup;

/**
 * \ingroup vswitch
 * \brief A dvPortgroup: a port group configured once on a distributed switch that exists
 *        on every member host (its PortGroup on each host's proxy switch).
 *
 * Each setting made here reaches every member host at once, and hosts that join later get
 * it too. Teaming lists name dvUplinks ("Uplink 1"); each host sees the vmnics it mapped
 * them to, and a dvUplink a host did not map is absent there.
 */
class DistributedPortGroup : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// \return the name
    std::string GetName() const;
    /// \return the VLAN ID (0, 1-4094, 4095)
    uint16_t GetVlanId() const;
    /// \param vlan the VLAN ID, on every host
    void SetVlanId(uint16_t vlan);
    /// \param policy security overrides, on every host
    void SetSecurityOverride(const SecurityPolicy& policy);
    /// \param policy teaming overrides; active/standby name dvUplinks
    void SetTeamingOverride(const TeamingPolicy& policy);
    /// \param policy MAC learning overrides (needs a 6.7 or later switch to enable)
    void SetMacLearningOverride(const MacLearningPolicy& policy);
    /// \param host a member host \return this group's PortGroup on its proxy switch
    Ptr<PortGroup> GetHostPortGroup(Ptr<EsxiHost> host) const;

  protected:
    void DoDispose() override;

  private:
    friend class DistributedSwitch;

    /// Apply every setting to one host's port group.
    void ApplyTo(Ptr<EsxiHost> host) const;

    DistributedSwitch* m_dvs{nullptr}; //!< owner
    std::string m_name;                //!< name
    uint16_t m_vlan{0};                //!< VLAN
    SecurityPolicy m_security;         //!< overrides
    TeamingPolicy m_teaming;           //!< overrides, in dvUplink names
    MacLearningPolicy m_learning;      //!< overrides
};

} // namespace ns3

#endif /* VSWITCH_DISTRIBUTED_PORT_GROUP_H */

/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_PORT_GROUP_H
#define VSWITCH_PORT_GROUP_H

#include "mac-learning-policy.h"
#include "security-policy.h"
#include "teaming-policy.h"

#include "ns3/object.h"

#include <string>
#include <vector>

namespace ns3
{

class VSwitch;
class VSwitchOverlay;

/**
 * \ingroup vswitch
 * \brief A named set of vSwitch ports sharing a VLAN and policies (spec section 1).
 *
 * VLAN ID 0: no tag (external tagging); 1-4094: the vSwitch tags on the way out of the
 * uplinks and strips on the way in (virtual switch tagging); 4095: the guest sends and
 * receives tags itself (virtual guest tagging, a trunk).
 *
 * Security, teaming and MAC learning settings override the vSwitch's key by key; a key the
 * port group does not set follows the vSwitch, also when the vSwitch's changes later.
 */
class PortGroup : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// VLAN ID of virtual guest tagging.
    static constexpr uint16_t kGuestTagging = 4095;

    PortGroup();
    ~PortGroup() override;

    /// \return the name
    std::string GetName() const;
    /// \return the VLAN ID (0, 1-4094, or 4095; 0 for a logical switch's port group)
    uint16_t GetVlanId() const;
    /**
     * \brief Change the VLAN ID.
     * \param vlan 0-4095
     */
    void SetVlanId(uint16_t vlan);
    /// \return the vSwitch it belongs to
    Ptr<VSwitch> GetVSwitch() const;

    /// \return whether the group is an overlay's (an NSX logical switch), not a VLAN's
    bool IsOverlay() const;
    /// \return the overlay's identifier of the group (the VNI), 0 for a VLAN port group
    uint32_t GetOverlayId() const;

    /**
     * \brief Override security settings (keys set to Inherit follow the vSwitch).
     * \param policy the overrides
     */
    void SetSecurityOverride(const SecurityPolicy& policy);
    /// \return the overrides
    const SecurityPolicy& GetSecurityOverride() const;
    /// \return the settings in force: the vSwitch's, overridden by this group's
    SecurityPolicy GetEffectiveSecurity() const;

    /**
     * \brief Override teaming settings; uplink names must be the vSwitch's.
     * \param policy the overrides
     */
    void SetTeamingOverride(const TeamingPolicy& policy);
    /// \return the overrides
    const TeamingPolicy& GetTeamingOverride() const;
    /// \return the settings in force, every member set
    TeamingPolicy GetEffectiveTeaming() const;

    /**
     * \brief Override MAC learning settings (distributed switch only).
     * \param policy the overrides
     */
    void SetMacLearningOverride(const MacLearningPolicy& policy);
    /// \return the overrides
    const MacLearningPolicy& GetMacLearningOverride() const;
    /// \return the settings in force, every member set
    MacLearningPolicy GetEffectiveMacLearning() const;

  protected:
    void DoDispose() override;

  private:
    friend class VSwitch;
    friend class NicTeaming;
    friend class VSwitchMacTable;

    /// Settings in force, with uplink names resolved to indices (maintained by VSwitch).
    struct Resolved
    {
        SecurityPolicy security;                                     //!< complete security settings
        LoadBalancing loadBalancing{LoadBalancing::OriginatingPort}; //!< load balancing
        FailureDetection failureDetection{FailureDetection::LinkStatus}; //!< detection
        bool notifySwitches{true};                                       //!< RARP on moves
        bool failback{true};           //!< return to recovered uplinks
        std::vector<uint32_t> active;  //!< active uplinks (indices), in order
        std::vector<uint32_t> standby; //!< standby uplinks (indices), in order
        std::vector<uint32_t> usable;  //!< usable active ones, else usable standby ones
        MacLearningPolicy learning;    //!< complete MAC learning settings
    };

    std::string m_name; //!< name
    /// VLAN ID; for an overlay group the key of its own broadcast domain inside the switch
    /// (above 4095, never on a wire)
    uint16_t m_vlan;
    VSwitchOverlay* m_overlay{nullptr}; //!< the overlay that carries the group, if any
    uint32_t m_overlayId{0};            //!< the overlay's identifier (VNI)
    VSwitch* m_vswitch;           //!< owner (raw: the vSwitch owns its groups)
    SecurityPolicy m_security;    //!< security overrides
    TeamingPolicy m_teaming;      //!< teaming overrides
    MacLearningPolicy m_learning; //!< MAC learning overrides
    Resolved m_resolved;          //!< settings in force
};

} // namespace ns3

#endif /* VSWITCH_PORT_GROUP_H */

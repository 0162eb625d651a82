/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_TEAMING_POLICY_H
#define VSWITCH_TEAMING_POLICY_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/// How a vSwitch picks the uplink a frame leaves by (spec section 3).
enum class LoadBalancing : uint8_t
{
    OriginatingPort = 0, //!< Route based on originating virtual port (the default)
    SourceMac,           //!< Route based on source MAC hash
    IpHash,              //!< Route based on IP hash (needs a static LAG on the switch)
    ExplicitFailover,    //!< Use explicit failover order
    PhysicalNicLoad      //!< Route based on physical NIC load (distributed switch only)
};

/// How a vSwitch finds out that an uplink is unusable.
enum class FailureDetection : uint8_t
{
    LinkStatus = 0, //!< link status only
    BeaconProbing   //!< link status and beacon probing
};

/**
 * \param lb a policy
 * \return its scenario-file name ("originating-port", "source-mac", "ip-hash",
 *         "explicit-failover", "physical-nic-load")
 */
const char* LoadBalancingToString(LoadBalancing lb);
/**
 * \param name a scenario-file name
 * \param[out] lb the policy
 * \return true when known
 */
bool LoadBalancingFromString(const std::string& name, LoadBalancing& lb);
/**
 * \param fd a detection mode
 * \return "link-status" or "beacon-probing"
 */
const char* FailureDetectionToString(FailureDetection fd);
/**
 * \param name "link-status" or "beacon-probing"
 * \param[out] fd the mode
 * \return true when known
 */
bool FailureDetectionFromString(const std::string& name, FailureDetection& fd);

/**
 * \ingroup vswitch
 * \brief NIC teaming settings of a vSwitch, or a port group's overrides of them.
 *
 * Every member is optional: an empty one inherits the vSwitch's value. The failover order
 * (active and standby lists) is one setting, as in vSphere: a port group that gives either
 * list overrides both, a list it leaves out being empty. Uplinks in neither list are unused.
 */
struct TeamingPolicy
{
    std::optional<LoadBalancing> loadBalancing;       //!< load balancing
    std::optional<std::vector<std::string>> active;   //!< active uplinks, in order
    std::optional<std::vector<std::string>> standby;  //!< standby uplinks, in order
    std::optional<FailureDetection> failureDetection; //!< network failure detection
    std::optional<bool> notifySwitches;               //!< send RARP when a port moves
    std::optional<bool> failback;                     //!< return to a recovered uplink

    /**
     * \param o an override
     * \return this policy with o's settings where o has them
     */
    TeamingPolicy OverriddenBy(const TeamingPolicy& o) const;

    /// \return a one-line description
    std::string ToString() const;
};

} // namespace ns3

#endif /* VSWITCH_TEAMING_POLICY_H */

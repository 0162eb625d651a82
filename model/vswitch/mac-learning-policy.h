/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_MAC_LEARNING_POLICY_H
#define VSWITCH_MAC_LEARNING_POLICY_H

#include "ns3/nstime.h"

#include <cstdint>
#include <optional>
#include <string>

namespace ns3
{

/// What a port does with a new source MAC once it has learned `limit` of them.
enum class MacLimitPolicy : uint8_t
{
    Drop = 0, //!< drop the frame
    Allow     //!< forward it without learning
};

/**
 * \ingroup vswitch
 * \brief MAC learning on a distributed switch port group (vSphere's DVSMacLearningPolicy,
 *        spec section 6), or a port group's overrides of the switch's settings.
 *
 * Defaults (Resolved()): disabled; once enabled, unknown-unicast flooding allowed, a limit
 * of 4096 learned MACs per port, limit policy drop, entries unused for 600 s removed (as
 * NSX does; a vSwitch's MacLearningAgingTime attribute sets its own default).
 */
struct MacLearningPolicy
{
    std::optional<bool> enabled;               //!< learn source MACs seen on the port
    std::optional<bool> allowUnicastFlooding;  //!< unknown unicast goes to learning ports
    std::optional<uint32_t> limit;             //!< learned MACs per port, 1-4096
    std::optional<MacLimitPolicy> limitPolicy; //!< past the limit: drop or allow
    std::optional<Time> agingTime;             //!< unused entries are removed after this

    /**
     * \param o an override
     * \return this policy with o's settings where o has them
     */
    MacLearningPolicy OverriddenBy(const MacLearningPolicy& o) const;

    /// \return the policy with every unset member at its default
    MacLearningPolicy Resolved() const;
};

/**
 * \param p a limit policy
 * \return "drop" or "allow"
 */
const char* MacLimitPolicyToString(MacLimitPolicy p);
/**
 * \param name "drop" or "allow"
 * \param[out] p the policy
 * \return true when known
 */
bool MacLimitPolicyFromString(const std::string& name, MacLimitPolicy& p);

} // namespace ns3

#endif /* VSWITCH_MAC_LEARNING_POLICY_H */

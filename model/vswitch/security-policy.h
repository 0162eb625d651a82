/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_SECURITY_POLICY_H
#define VSWITCH_SECURITY_POLICY_H

#include <cstdint>
#include <string>

namespace ns3
{

/// A security setting of a vSwitch or an override of a port group.
enum class PolicySetting : uint8_t
{
    Inherit = 0, //!< port group: take the vSwitch's value
    Accept,      //!< Accept
    Reject       //!< Reject
};

/**
 * \brief "accept", "reject" or "inherit".
 * \param s the setting
 * \return its name
 */
const char* PolicySettingToString(PolicySetting s);

/**
 * \brief Parse "accept" / "reject" / "inherit".
 * \param name the text
 * \param[out] s the setting
 * \return true when valid
 */
bool PolicySettingFromString(const std::string& name, PolicySetting& s);

/**
 * \ingroup vswitch
 * \brief The three security settings of a vSwitch or port group (spec section 5).
 *
 * On a vSwitch every key has a value (the switch defaults); on a port group any key may be
 * Inherit. OverriddenBy() merges key by key.
 */
struct SecurityPolicy
{
    PolicySetting promiscuous{PolicySetting::Inherit};     //!< Promiscuous mode (inbound)
    PolicySetting macChanges{PolicySetting::Inherit};      //!< MAC address changes (inbound)
    PolicySetting forgedTransmits{PolicySetting::Inherit}; //!< Forged transmits (outbound)

    /**
     * \param o an override
     * \return this policy with every key o does not inherit replaced by o's
     */
    SecurityPolicy OverriddenBy(const SecurityPolicy& o) const;

    /// \return whether no key is Inherit
    bool IsComplete() const;

    /// \return e.g. "promiscuous=reject macChanges=accept forgedTransmits=accept"
    std::string ToString() const;

    /**
     * \param o another policy
     * \return whether every key is equal
     */
    bool operator==(const SecurityPolicy& o) const;
};

} // namespace ns3

#endif /* VSWITCH_SECURITY_POLICY_H */

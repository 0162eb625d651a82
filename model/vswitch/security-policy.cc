/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "security-policy.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SecurityPolicy");

const char*
PolicySettingToString(PolicySetting s)
{
    switch (s)
    {
    case PolicySetting::Accept:
        return "accept";
    case PolicySetting::Reject:
        return "reject";
    default:
        return "inherit";
    }
}

bool
PolicySettingFromString(const std::string& name, PolicySetting& s)
{
    if (name == "accept")
    {
        s = PolicySetting::Accept;
    }
    else if (name == "reject")
    {
        s = PolicySetting::Reject;
    }
    else if (name == "inherit")
    {
        s = PolicySetting::Inherit;
    }
    else
    {
        return false;
    }
    return true;
}

namespace
{
PolicySetting
Merge(PolicySetting base, PolicySetting over)
{
    return over == PolicySetting::Inherit ? base : over;
}
} // namespace

SecurityPolicy
SecurityPolicy::OverriddenBy(const SecurityPolicy& o) const
{
    SecurityPolicy r;
    r.promiscuous = Merge(promiscuous, o.promiscuous);
    r.macChanges = Merge(macChanges, o.macChanges);
    r.forgedTransmits = Merge(forgedTransmits, o.forgedTransmits);
    return r;
}

bool
SecurityPolicy::IsComplete() const
{
    return promiscuous != PolicySetting::Inherit && macChanges != PolicySetting::Inherit &&
           forgedTransmits != PolicySetting::Inherit;
}

std::string
SecurityPolicy::ToString() const
{
    return std::string("promiscuous=") + PolicySettingToString(promiscuous) +
           " macChanges=" + PolicySettingToString(macChanges) +
           " forgedTransmits=" + PolicySettingToString(forgedTransmits);
}

bool
SecurityPolicy::operator==(const SecurityPolicy& o) const
{
    return promiscuous == o.promiscuous && macChanges == o.macChanges &&
           forgedTransmits == o.forgedTransmits;
}

} // namespace ns3

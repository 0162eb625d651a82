/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mac-learning-policy.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MacLearningPolicy");

MacLearningPolicy
MacLearningPolicy::OverriddenBy(const MacLearningPolicy& o) const
{
    MacLearningPolicy r = *this;
    if (o.enabled)
    {
        r.enabled = o.enabled;
    }
    if (o.allowUnicastFlooding)
    {
        r.allowUnicastFlooding = o.allowUnicastFlooding;
    }
    if (o.limit)
    {
        r.limit = o.limit;
    }
    if (o.limitPolicy)
    {
        r.limitPolicy = o.limitPolicy;
    }
    if (o.agingTime)
    {
        r.agingTime = o.agingTime;
    }
    return r;
}

MacLearningPolicy
MacLearningPolicy::Resolved() const
{
    MacLearningPolicy r;
    r.enabled = enabled.value_or(false);
    r.allowUnicastFlooding = allowUnicastFlooding.value_or(true);
    r.limit = limit.value_or(4096);
    r.limitPolicy = limitPolicy.value_or(MacLimitPolicy::Drop);
    r.agingTime = agingTime.value_or(Seconds(600));
    return r;
}

const char*
MacLimitPolicyToString(MacLimitPolicy p)
{
    return p == MacLimitPolicy::Drop ? "drop" : "allow";
}

bool
MacLimitPolicyFromString(const std::string& name, MacLimitPolicy& p)
{
    if (name == "drop")
    {
        p = MacLimitPolicy::Drop;
        return true;
    }
    if (name == "allow")
    {
        p = MacLimitPolicy::Allow;
        return true;
    }
    return false;
}

} // namespace ns3

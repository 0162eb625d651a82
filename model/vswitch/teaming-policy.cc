/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "teaming-policy.h"

#include "ns3/log.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TeamingPolicy");

namespace
{
const char* kLbNames[] = {"originating-port",
                          "source-mac",
                          "ip-hash",
                          "explicit-failover",
                          "physical-nic-load"};
const char* kFdNames[] = {"link-status", "beacon-probing"};

std::string
Join(const std::vector<std::string>& v)
{
    std::string s;
    for (const auto& e : v)
    {
        s += (s.empty() ? "" : ",") + e;
    }
    return s;
}
} // namespace

const char*
LoadBalancingToString(LoadBalancing lb)
{
    return kLbNames[static_cast<int>(lb)];
}

bool
LoadBalancingFromString(const std::string& name, LoadBalancing& lb)
{
    for (int i = 0; i < 5; ++i)
    {
        if (name == kLbNames[i])
        {
            lb = static_cast<LoadBalancing>(i);
            return true;
        }
    }
    return false;
}

const char*
FailureDetectionToString(FailureDetection fd)
{
    return kFdNames[static_cast<int>(fd)];
}

bool
FailureDetectionFromString(const std::string& name, FailureDetection& fd)
{
    for (int i = 0; i < 2; ++i)
    {
        if (name == kFdNames[i])
        {
            fd = static_cast<FailureDetection>(i);
            return true;
        }
    }
    return false;
}

TeamingPolicy
TeamingPolicy::OverriddenBy(const TeamingPolicy& o) const
{
    TeamingPolicy r = *this;
    if (o.loadBalancing)
    {
        r.loadBalancing = o.loadBalancing;
    }
    if (o.active || o.standby)
    {
        r.active = o.active ? *o.active : std::vector<std::string>();
        r.standby = o.standby ? *o.standby : std::vector<std::string>();
    }
    if (o.failureDetection)
    {
        r.failureDetection = o.failureDetection;
    }
    if (o.notifySwitches)
    {
        r.notifySwitches = o.notifySwitches;
    }
    if (o.failback)
    {
        r.failback = o.failback;
    }
    return r;
}

std::string
TeamingPolicy::ToString() const
{
    std::ostringstream os;
    os << "loadBalancing=" << (loadBalancing ? LoadBalancingToString(*loadBalancing) : "inherit")
       << " active=" << (active ? Join(*active) : "inherit")
       << " standby=" << (standby ? Join(*standby) : "inherit") << " failureDetection="
       << (failureDetection ? FailureDetectionToString(*failureDetection) : "inherit")
       << " notifySwitches=" << (notifySwitches ? (*notifySwitches ? "yes" : "no") : "inherit")
       << " failback=" << (failback ? (*failback ? "yes" : "no") : "inherit");
    return os.str();
}

} // namespace ns3

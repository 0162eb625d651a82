/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "drop-reason.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DropReason");

namespace
{
constexpr std::array<const char*, kDropReasonCount> kNames = {
    "link-down",
    "queue-full",
    "oversize",
    "mac-filter",
    "vlan",
    "blackhole",
    "same-port",
    "mirror-destination",
    "reverse-teaming",
    "loop",
    "forged-transmit",
    "mac-change",
    "promiscuous",
    "unknown-unicast",
    "no-uplink",
    "mac-limit",
    "corrupt",
    "storm-control",
    "mtu",
    "vni",
    "no-egress",
};
} // namespace

const char*
DropReasonToString(DropReason reason)
{
    auto i = static_cast<std::size_t>(reason);
    return i < kNames.size() ? kNames[i] : "unknown";
}

bool
DropReasonFromString(const std::string& name, DropReason& reason)
{
    for (std::size_t i = 0; i < kNames.size(); ++i)
    {
        if (name == kNames[i])
        {
            reason = static_cast<DropReason>(i);
            return true;
        }
    }
    return false;
}

std::ostream&
operator<<(std::ostream& os, DropReason reason)
{
    return os << DropReasonToString(reason);
}

uint64_t
DropCounters::Total() const
{
    uint64_t total = 0;
    for (auto n : frames)
    {
        total += n;
    }
    return total;
}

} // namespace ns3

/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "vswitch-checksums.h"

#include "ns3/boolean.h"
#include "ns3/global-value.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("VSwitchChecksums");

namespace
{

/// Whether the module's helpers turn ns-3's checksums on.
GlobalValue g_vswitchChecksums("VSwitchChecksums",
                               "The vswitch module's helpers turn on ns-3's IPv4/ICMP/UDP/TCP "
                               "checksums (ChecksumEnabled) so that pcaps carry valid ones; "
                               "false leaves ChecksumEnabled as it is.",
                               BooleanValue(true),
                               MakeBooleanChecker());

} // namespace

void
EnableChecksumsByDefault()
{
    BooleanValue on;
    g_vswitchChecksums.GetValue(on);
    if (on.Get())
    {
        NS_LOG_LOGIC("ChecksumEnabled = true");
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    }
}

} // namespace ns3

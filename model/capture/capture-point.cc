/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "capture-point.h"

#include "ns3/log.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CapturePoint");

namespace
{
constexpr std::array<const char*, kCapturePointCount> kPrinted = {
    "UplinkRcv",
    "UplinkSnd",
    "PortInput",
    "PortOutput",
    "EtherswitchDispath",
    "EtherswitchOutput",
    "VnicTx",
    "VnicRx",
    "Drop",
};

std::string
Lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}
} // namespace

const char*
CapturePointName(CapturePoint point)
{
    auto i = static_cast<std::size_t>(point);
    return i < kPrinted.size() ? kPrinted[i] : "unknown";
}

bool
CapturePointFromString(const std::string& name, CapturePoint& point)
{
    std::string n = Lower(name);
    for (std::size_t i = 0; i < kPrinted.size(); ++i)
    {
        if (n == Lower(kPrinted[i]))
        {
            point = static_cast<CapturePoint>(i);
            return true;
        }
    }
    if (n == "etherswitchdispatch")
    {
        point = CapturePoint::EtherswitchDispatch;
        return true;
    }
    if (n == "vmxnet3tx")
    {
        point = CapturePoint::VnicTx;
        return true;
    }
    if (n == "vmxnet3rx")
    {
        point = CapturePoint::VnicRx;
        return true;
    }
    return false;
}

} // namespace ns3

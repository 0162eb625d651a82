/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * libFuzzer target: pktcap-uw's option parser. Each input is one command line, as a
 * scenario's "pktcap" or an administrator types it. What must hold for every input:
 *
 * - Parse() either returns options or throws a ConfigError whose message starts with
 *   "pktcap-uw: "; any other exception, a crash or a sanitizer report is a finding;
 * - parsed options are usable: ResolvePoints() gives at least one point, and
 *   ResolvePoints(true) (the --switchport turned out to be an uplink) gives points or a
 *   ConfigError;
 * - the normalized form ToString() parses back to the same options (it is what summaries
 *   print, and a user may paste it back).
 *
 * Build: -DVSWITCH_FUZZ=ON with clang++; run: scripts/fuzz.sh.
 */
#include "ns3/config-error.h"
#include "ns3/pktcap-options.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

using ns3::ConfigError;
using ns3::PktcapOptions;

namespace
{

[[noreturn]] void
Fail(const std::string& what, const std::string& input)
{
    std::fprintf(stderr, "fuzz-pktcap-options: %s\n  input: '%s'\n", what.c_str(), input.c_str());
    std::abort();
}

void
ExpectRejected(const ConfigError& e, const std::string& input)
{
    if (std::string(e.what()).rfind("pktcap-uw: ", 0) != 0)
    {
        Fail(std::string("a ConfigError without the \"pktcap-uw: \" prefix: ") + e.what(), input);
    }
}

bool
SameFilter(const PktcapOptions::FilterSpec& a, const PktcapOptions::FilterSpec& b)
{
    return a.ipProto == b.ipProto && a.etherType == b.etherType && a.srcMac == b.srcMac &&
           a.dstMac == b.dstMac && a.mac == b.mac && a.srcIp == b.srcIp && a.dstIp == b.dstIp &&
           a.ip == b.ip && a.vlan == b.vlan && a.srcPort == b.srcPort && a.dstPort == b.dstPort &&
           a.tcpPort == b.tcpPort && a.vxlan == b.vxlan;
}

bool
SameOptions(const PktcapOptions& a, const PktcapOptions& b)
{
    return a.GetTarget() == b.GetTarget() && a.GetUplink() == b.GetUplink() &&
           a.GetSwitchPort() == b.GetSwitchPort() && a.GetVmk() == b.GetVmk() &&
           a.GetCapturePoints() == b.GetCapturePoints() && a.GetDir() == b.GetDir() &&
           a.IsDirGiven() == b.IsDirGiven() && SameFilter(a.GetFilter(), b.GetFilter()) &&
           a.GetCount() == b.GetCount() && a.GetSnaplen() == b.GetSnaplen() &&
           a.IsSnaplenGiven() == b.IsSnaplenGiven() && a.GetOutFile() == b.GetOutFile() &&
           a.IsPcapng() == b.IsPcapng() && a.ToString() == b.ToString();
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string input(reinterpret_cast<const char*>(data), size);
    PktcapOptions options;
    try
    {
        options = PktcapOptions::Parse(input);
    }
    catch (const ConfigError& e)
    {
        ExpectRejected(e, input);
        return 0;
    }

    if (options.ResolvePoints().empty())
    {
        Fail("ResolvePoints() is empty for parsed options", input);
    }
    try
    {
        if (options.ResolvePoints(true).empty())
        {
            Fail("ResolvePoints(true) is empty", input);
        }
    }
    catch (const ConfigError& e)
    {
        ExpectRejected(e, input);
    }

    const std::string normalized = options.ToString();
    try
    {
        if (!SameOptions(options, PktcapOptions::Parse(normalized)))
        {
            Fail("ToString() '" + normalized + "' parses to other options", input);
        }
    }
    catch (const ConfigError& e)
    {
        Fail("ToString() '" + normalized + "' does not parse: " + e.what(), input);
    }
    return 0;
}
